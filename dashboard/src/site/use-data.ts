// The site page's reads: JSON from the API, read again on a timer or when asked, keeping what it
// shows while a refresh is under way; and the live measurements of the site's room.

import { type Signal, useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { getJson } from '../api.js';
import { type Measurement, watchMeasurements } from '../live.js';
import { addLivePoint, type LivePoint } from './live-points.js';

export interface Loaded<T> {
  readonly data: T | null;
  readonly error: string | null;
  /** The first read for this key is under way (a refresh keeps the data shown). */
  readonly loading: boolean;
  /** When the data shown was asked for (epoch ms). */
  readonly at: number;
}

/**
 * GETs `path(now)` when `key` changes (clearing what it held), every `refreshMs`, and when
 * `refreshOn` changes; a null key reads nothing.
 */
export function usePolled<T>(
  key: string | null,
  path: (nowMs: number) => string,
  refreshMs: number | null,
  refreshOn: unknown = null,
): Loaded<T> {
  const state = useSignal<Loaded<T>>({ data: null, error: null, loading: key !== null, at: 0 });
  const pathRef = useRef(path);
  pathRef.current = path;
  const reload = useRef<() => void>(() => {});

  useEffect(() => {
    state.value = { data: null, error: null, loading: key !== null, at: 0 };
    if (key === null) return;
    let controller: AbortController | null = null;
    const read = () => {
      controller?.abort();
      const mine = new AbortController();
      controller = mine;
      const at = Date.now();
      getJson<T>(pathRef.current(at), mine.signal).then(
        (data) => {
          if (!mine.signal.aborted) state.value = { data, error: null, loading: false, at };
        },
        (error: Error) => {
          if (mine.signal.aborted) return;
          state.value = { ...state.peek(), error: error.message, loading: false };
        },
      );
    };
    reload.current = read;
    read();
    const timer = refreshMs === null ? null : setInterval(read, refreshMs);
    return () => {
      controller?.abort();
      if (timer !== null) clearInterval(timer);
      reload.current = () => {};
    };
  }, [key, refreshMs]);

  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    reload.current();
  }, [refreshOn]);

  return state.value;
}

export interface LiveFeed {
  /** The newest measurement of the site, whatever the range. */
  readonly latest: Signal<Measurement | null>;
  /** RTT (a) and loss (b) points, when the range takes live points. */
  readonly latency: Signal<readonly LivePoint[]>;
  /** In (a) and out (b) bit/s points. */
  readonly traffic: Signal<readonly LivePoint[]>;
}

/**
 * The site's room while the page is open; points are kept for `spanMs` back when `append`, a new
 * one for unchanged figures after `repeatMs()` (latency, traffic).
 */
export function useLiveFeed(
  siteId: string,
  append: boolean,
  spanMs: number,
  repeatMs: () => { latency: number; traffic: number },
): LiveFeed {
  const latest = useSignal<Measurement | null>(null);
  const latency = useSignal<readonly LivePoint[]>([]);
  const traffic = useSignal<readonly LivePoint[]>([]);
  const repeat = useRef(repeatMs);
  repeat.current = repeatMs;
  useEffect(() => {
    latest.value = null;
    latency.value = [];
    traffic.value = [];
    return watchMeasurements(siteId, (m) => {
      latest.value = m;
      if (!append) return;
      const from = m.at - spanMs;
      const every = repeat.current();
      latency.value = addLivePoint(
        latency.peek(),
        m.at,
        m.rttAvgMs,
        m.lossPct,
        from,
        every.latency,
      );
      traffic.value = addLivePoint(traffic.peek(), m.at, m.inBps, m.outBps, from, every.traffic);
    });
  }, [siteId, append, spanMs]);
  return { latest, latency, traffic };
}
