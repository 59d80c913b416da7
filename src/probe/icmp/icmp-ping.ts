// The portable ICMP prober: the `ping` package, one system ping process a target, a bounded number
// at once. For machines without fping; it costs a process a target, so it does not scale like it.

import ping, { type PingResponse } from 'ping';
import type { Logger } from '../../logger.js';
import { type EchoRound, type HostEchoes, probeWithConfirmation } from './icmp-confirmation.js';
import { type EchoStats, statsFromRtts } from './icmp-stats.js';
import type { IcmpProber } from './types.js';

export interface PingProberOptions {
  readonly log: Logger;
  /** ping processes at once (default 32). */
  readonly concurrency?: number;
  /** Epoch ms (tests pin it). */
  readonly now?: () => number;
}

export const DEFAULT_PING_CONCURRENCY = 32;
/** Between two requests to one target: 200 ms is the least a non-root user may ask of older iputils and BSD ping. */
export const PING_MIN_PERIOD_MS = 200;

/** `12.3` from the package's strings; null for its 'unknown'. */
function msOrNull(value: string | number | undefined): number | null {
  const n = typeof value === 'number' ? value : Number.parseFloat(value ?? '');
  return Number.isFinite(n) ? n : null;
}

/** Sent and received from ping's summary line (iputils, BSD, Windows), when it printed one. */
function summaryCounts(output: string): { sent: number; received: number } | null {
  const unix = /(\d+) packets transmitted, (\d+) (?:packets )?received/.exec(output);
  const windows = /Sent = (\d+), Received = (\d+)/.exec(output);
  const m = unix ?? windows;
  return m ? { sent: Number(m[1]), received: Number(m[2]) } : null;
}

/** The stats of one `ping.promise.probe` answer for `count` requests. Pure. */
export function pingResponseStats(
  response: Pick<PingResponse, 'alive' | 'output' | 'times' | 'min' | 'avg' | 'max' | 'packetLoss'>,
  count: number,
): EchoStats {
  const loss = msOrNull(response.packetLoss);
  const counts =
    summaryCounts(response.output) ??
    (loss !== null
      ? { sent: count, received: Math.round(count * (1 - loss / 100)) }
      : response.times.length > 0
        ? { sent: count, received: Math.min(count, response.times.length) }
        : // No summary and no reply: ping never got to send (a name that did not resolve).
          { sent: 0, received: 0 });
  const received = response.alive ? counts.received : 0;
  // Duplicate replies are in `times` too; ping counts each request once.
  const rtts = response.times.slice(0, received);
  const stats = statsFromRtts(counts.sent, rtts, received);
  if (stats.received === 0) return stats;
  return {
    ...stats,
    rttMinMs: msOrNull(response.min) ?? stats.rttMinMs,
    rttAvgMs: msOrNull(response.avg) ?? stats.rttAvgMs,
    rttMaxMs: msOrNull(response.max) ?? stats.rttMaxMs,
  };
}

/** Runs `work` on every item, at most `limit` at once, starting no more once `signal` aborts. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  signal: AbortSignal,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !signal.aborted) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Rejects with the abort reason as soon as `signal` aborts. */
function aborted(signal: AbortSignal): { promise: Promise<never>; dispose: () => void } {
  let onAbort = (): void => {};
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => {});
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

/** Whether `ping` can be given this host: one word that it cannot take for an option. */
export function pingableHost(host: string): boolean {
  return /^[^\s-]\S*$/.test(host);
}

export class PingError extends Error {
  override readonly name = 'PingError';
}

export function createPingProber(options: PingProberOptions): IcmpProber {
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_PING_CONCURRENCY);
  const now = options.now ?? Date.now;
  const log = options.log;

  const round: EchoRound = async (hosts, request, signal) => {
    signal.throwIfAborted();
    const periodMs = Math.max(PING_MIN_PERIOD_MS, request.periodMs ?? PING_MIN_PERIOD_MS);
    const results = new Map<string, HostEchoes>();
    const failures: string[] = [];
    const refused = hosts.filter((h) => !pingableHost(h));
    if (refused.length > 0) {
      log.warn(
        { hosts: refused.slice(0, 5) },
        'hosts ping cannot be given (blank, spaces, a leading -): not probed',
      );
    }
    const work = eachLimited(hosts.filter(pingableHost), concurrency, signal, async (host) => {
      const at = now();
      try {
        const response = await ping.promise.probe(host, {
          timeout: request.timeoutMs / 1000,
          min_reply: request.count,
          // Windows' ping has no -i; it spaces requests a second apart.
          extra: process.platform === 'win32' ? [] : ['-i', String(periodMs / 1000)],
        });
        results.set(host, { at, stats: pingResponseStats(response, request.count) });
      } catch (error) {
        failures.push(`${host}: ${(error as Error).message}`);
      }
    });
    // The package keeps its ping processes to itself: on abort we stop waiting and start no more;
    // those running end by themselves within (count - 1) × period + timeout.
    const abort = aborted(signal);
    try {
      await Promise.race([work, abort.promise]);
    } finally {
      abort.dispose();
    }
    if (failures.length > 0 && results.size === 0) {
      throw new PingError(`ping could not be run: ${failures.slice(0, 3).join('; ')}`);
    }
    if (failures.length > 0) {
      log.warn(
        { failed: failures.length, sample: failures.slice(0, 5) },
        'ping failed for some hosts',
      );
    }
    return results;
  };

  return {
    name: 'ping',
    probe: (targets, settings, signal) =>
      probeWithConfirmation(targets, settings, signal, round, now),
  };
}
