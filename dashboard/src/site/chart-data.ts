// The charts' data: the stored history with the live points after it, within the window. Pure.

import {
  EMPTY_LATENCY,
  EMPTY_TRAFFIC,
  type LatencyData,
  type TrafficData,
} from './history-data.js';
import { appendColumns, type LivePoint } from './live-points.js';

type Column = (number | null)[];

/** Latency history, then live RTT (a) and loss (b): a live point has no smoke, only its average. */
export function latencyWithLive(
  history: LatencyData | null,
  live: readonly LivePoint[],
  fromMs: number,
): LatencyData {
  if (history === null) return EMPTY_LATENCY;
  const { x, columns } = appendColumns(
    history.x,
    [history.low, history.high, history.peak, history.avg, history.loss],
    fromMs,
    live,
    (p) => [null, null, null, p.a, p.b],
  );
  const [low, high, peak, avg, loss] = columns as [Column, Column, Column, Column, Column];
  return { x, low, high, peak, avg, loss };
}

/** Traffic history, then live in (a) and out (b) bit/s, each its own peak. */
export function trafficWithLive(
  history: TrafficData | null,
  live: readonly LivePoint[],
  fromMs: number,
): TrafficData {
  if (history === null) return EMPTY_TRAFFIC;
  const { x, columns } = appendColumns(
    history.x,
    [history.inBps, history.outBps, history.inPeak, history.outPeak],
    fromMs,
    live,
    (p) => [p.a, p.b, p.a, p.b],
  );
  const [inBps, outBps, inPeak, outPeak] = columns as [Column, Column, Column, Column];
  return { x, inBps, outBps, inPeak, outPeak };
}
