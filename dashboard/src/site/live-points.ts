// Live measurements (the hub's `measurement` messages, about one a second while a result comes in)
// turned into chart points and laid after the stored history. Pure.
//
// A measurement carries the latest figure of every kind (ICMP, SNMP) and its `at` moves with any
// result: a figure that did not change most likely came from the same result as before, so it makes
// a new point only after about the probe's interval (`repeatMs`, the stored history's usual step):
// a steady RTT, or a site down answering loss 100 % every probe, still draws on.

export interface LiveInput {
  readonly at: number;
  readonly rttAvgMs: number | null;
  readonly lossPct: number | null;
  readonly inBps: number | null;
  readonly outBps: number | null;
}

export interface LivePoint {
  readonly atMs: number;
  readonly a: number | null;
  readonly b: number | null;
}

/** Repeated unchanged figures make a new point after this long, when the probe's interval is unknown. */
export const REPEAT_MS = 60_000;

/** How long unchanged figures wait for a new point: a little under the history's usual step. */
export function repeatMsFor(historyStepMs: number): number {
  return historyStepMs > 0 ? Math.round(historyStepMs * 0.9) : REPEAT_MS;
}

/**
 * `points` with the measurement's pair (RTT and loss, or in and out) added when it is news: newer
 * than the last point, not both null, and changed or unchanged for `repeatMs`; trimmed to the window.
 */
export function addLivePoint(
  points: readonly LivePoint[],
  atMs: number,
  a: number | null,
  b: number | null,
  windowFromMs: number,
  repeatMs = REPEAT_MS,
): readonly LivePoint[] {
  if (a === null && b === null) return points;
  const last = points.at(-1);
  if (last !== undefined) {
    if (atMs <= last.atMs) return points;
    if (last.a === a && last.b === b && atMs - last.atMs < repeatMs) return points;
  }
  const kept = points.filter((p) => p.atMs >= windowFromMs);
  return [...kept, { atMs, a, b }];
}

/** The live points after `afterMs` (the history's end), as columns to append. */
export function liveColumns(
  points: readonly LivePoint[],
  afterMs: number,
): { x: number[]; a: (number | null)[]; b: (number | null)[] } {
  const newer = points.filter((p) => p.atMs > afterMs);
  return { x: newer.map((p) => p.atMs), a: newer.map((p) => p.a), b: newer.map((p) => p.b) };
}

/**
 * Columns with the history first, trimmed to start at `fromMs`, then columns from the live points:
 * `pick` maps a live point onto the history's column order (null where live has no figure).
 */
export function appendColumns(
  x: readonly number[],
  columns: readonly (readonly (number | null)[])[],
  fromMs: number,
  live: readonly LivePoint[],
  pick: (point: LivePoint) => readonly (number | null)[],
): { x: number[]; columns: (number | null)[][] } {
  let start = 0;
  while (start < x.length && x[start]! < fromMs) start++;
  const lastMs = x.at(-1) ?? Number.NEGATIVE_INFINITY;
  const newer = live.filter((p) => p.atMs > lastMs && p.atMs >= fromMs);
  const outX = [...x.slice(start), ...newer.map((p) => p.atMs)];
  const out = columns.map((column, i) => [
    ...column.slice(start),
    ...newer.map((p) => pick(p)[i] ?? null),
  ]);
  return { x: outX, columns: out };
}
