// When each site is probed: pure arithmetic on epoch milliseconds, so every worker (and a restarted
// one) keeps the same rhythm without talking to the others.

import { hash32 } from '../stable-hash.js';

/** The worker (0 … workers-1) a site belongs to: stable while the worker count stays the same. */
export function shardOf(siteId: string, workers: number): number {
  return hash32(siteId) % workers;
}

/**
 * Offsets within an interval, spread evenly: sites are ordered by hash (stable as the inventory
 * changes) and placed interval/n apart, so polls never bunch up.
 */
export function spreadOffsets(siteIds: readonly string[], intervalMs: number): Map<string, number> {
  const ordered = [...siteIds].sort((a, b) => hash32(a) - hash32(b) || (a < b ? -1 : 1));
  const step = ordered.length === 0 ? 0 : intervalMs / ordered.length;
  return new Map(ordered.map((id, i) => [id, Math.floor(i * step)]));
}

/** The first instant ≥ `nowMs` that sits at `offsetMs` within an epoch-aligned interval. */
export function nextSlot(nowMs: number, intervalMs: number, offsetMs: number): number {
  return nowMs + ((((offsetMs - nowMs) % intervalMs) + intervalMs) % intervalMs);
}

/** Index of the first offset greater than `value`. */
function upperBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Indexes of the offsets (sorted ascending) whose slot falls in (fromMs, toMs]: each at most once,
 * all of them when a whole interval or more has passed.
 */
export function dueBetween(
  sortedOffsets: readonly number[],
  intervalMs: number,
  fromMs: number,
  toMs: number,
): number[] {
  const n = sortedOffsets.length;
  if (toMs <= fromMs || n === 0) return [];
  const range = (a: number, b: number): number[] => Array.from({ length: b - a }, (_, i) => a + i);
  if (toMs - fromMs >= intervalMs) return range(0, n);
  const from = ((fromMs % intervalMs) + intervalMs) % intervalMs;
  const to = ((toMs % intervalMs) + intervalMs) % intervalMs;
  const lo = upperBound(sortedOffsets, from);
  const hi = upperBound(sortedOffsets, to);
  return from < to ? range(lo, hi) : [...range(lo, n), ...range(0, hi)];
}
