// Half-open time intervals [from, to) in epoch ms: merging, clipping, subtracting, measuring.

export interface Interval {
  readonly from: number;
  readonly to: number;
}

/** Sorted, overlapping and touching intervals merged, empty ones dropped. */
export function merged(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.to > i.from).sort((a, b) => a.from - b.from);
  const out: Interval[] = [];
  for (const next of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && next.from <= last.to)
      out[out.length - 1] = { from: last.from, to: Math.max(last.to, next.to) };
    else out.push(next);
  }
  return out;
}

/** The part of `interval` inside `within`, or null when they do not overlap. */
export function clipped(interval: Interval, within: Interval): Interval | null {
  const from = Math.max(interval.from, within.from);
  const to = Math.min(interval.to, within.to);
  return to > from ? { from, to } : null;
}

/** Length of `interval` not covered by `holes` (merged: sorted and disjoint). */
export function lengthOutside(interval: Interval, holes: readonly Interval[]): number {
  let length = interval.to - interval.from;
  for (const hole of holes) {
    if (hole.from >= interval.to) break;
    const overlap = clipped(hole, interval);
    if (overlap !== null) length -= overlap.to - overlap.from;
  }
  return length;
}

/** The parts of `interval` not covered by `holes` (merged: sorted and disjoint), in order. */
export function partsOutside(interval: Interval, holes: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let from = interval.from;
  for (const hole of holes) {
    if (hole.from >= interval.to) break;
    if (hole.to <= from) continue;
    if (hole.from > from) out.push({ from, to: hole.from });
    from = hole.to;
  }
  if (interval.to > from) out.push({ from, to: interval.to });
  return out;
}
