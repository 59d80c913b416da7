// The router's own record: error and discard counters summed over a range, uptime, and reboots (the
// uptime going down). Pure.

import type { HistoryAnswer, HistoryPoint } from './history-data.js';

/**
 * How much a cumulative counter grew over readings in time order: the sum of its rises, and after a
 * drop (the router restarted, or the counter was cleared) the new reading, counted from zero. Null
 * when there was no reading at all (the agent does not report it), which is not zero.
 */
export function counterIncrease(readings: readonly (number | null)[]): number | null {
  let total = 0;
  let previous: number | null = null;
  for (const value of readings) {
    if (value === null) continue;
    if (previous !== null) total += value >= previous ? value - previous : value;
    previous = value;
  }
  return previous === null ? null : total;
}

export interface InterfaceCounters {
  /** wan, lan, … as the site's SNMP settings name them. */
  readonly role: string;
  /** Growth over the span; null when the counter was never read. */
  readonly inErrors: number | null;
  readonly outErrors: number | null;
  readonly inDiscards: number | null;
}

const column = (points: readonly HistoryPoint[], name: string) =>
  points.map((p) => {
    const v = p.values[name];
    return typeof v === 'number' ? v : null;
  });

/** Per interface, WAN first: the counters' growth over the answer's span (bucket maxima). */
export function interfaceCounters(answer: HistoryAnswer): InterfaceCounters[] {
  return answer.series
    .map((s): InterfaceCounters => {
      return {
        role: s.tags.role ?? '',
        inErrors: counterIncrease(column(s.points, 'max_in_errors')),
        outErrors: counterIncrease(column(s.points, 'max_out_errors')),
        inDiscards: counterIncrease(column(s.points, 'max_in_discards')),
      };
    })
    .sort((a, b) => (a.role === 'wan' ? -1 : b.role === 'wan' ? 1 : a.role.localeCompare(b.role)));
}

export interface UptimeRecord {
  /** Estimated boot times of the restarts seen in the range, oldest first (epoch ms). */
  readonly reboots: readonly number[];
  /** The newest reading: when it was taken (about) and the boot time it implies; null without any. */
  readonly latest: {
    readonly atMs: number;
    readonly uptimeS: number;
    readonly bootedAtMs: number;
  } | null;
}

/**
 * Reboots from the uptime's bucket maxima: a bucket whose uptime is below the one before it holds a
 * restart. A reading is dated mid-bucket (its sample's exact time is not kept), so a boot time is
 * known to about half a bucket, and never placed before the bucket that preceded it.
 */
export function uptimeRecord(answer: HistoryAnswer): UptimeRecord {
  const points = answer.series[0]?.points ?? [];
  const half = answer.bucketMs / 2;
  const reboots: number[] = [];
  let previous: { timeMs: number; uptimeS: number } | null = null;
  for (const point of points) {
    const uptimeS = point.values.max_uptime_s;
    if (typeof uptimeS !== 'number') continue;
    if (previous !== null && uptimeS < previous.uptimeS) {
      const booted = point.timeMs + half - uptimeS * 1000;
      reboots.push(Math.min(point.timeMs + answer.bucketMs, Math.max(previous.timeMs, booted)));
    }
    previous = { timeMs: point.timeMs, uptimeS };
  }
  if (previous === null) return { reboots, latest: null };
  const atMs = Math.min(previous.timeMs + half, answer.toMs);
  return {
    reboots,
    latest: { atMs, uptimeS: previous.uptimeS, bootedAtMs: atMs - previous.uptimeS * 1000 },
  };
}
