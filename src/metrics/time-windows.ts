// Time windows to roll up again: aligned to whole rollup buckets, merged, cut into bounded chunks. Pure.

/** A span of epoch ms, [fromMs, toMs). */
export interface TimeRange {
  readonly fromMs: number;
  readonly toMs: number;
}

/** The buckets of `intervalMs` that hold any instant of [fromMs, toMs] (toMs included). */
export function alignOutward(window: TimeRange, intervalMs: number): TimeRange {
  const fromMs = Math.floor(window.fromMs / intervalMs) * intervalMs;
  // toMs counts as inside: a window "from the first to the last point" must cover the last point.
  const toMs = Math.floor(window.toMs / intervalMs) * intervalMs + intervalMs;
  return { fromMs, toMs };
}

/** Sorted, with overlapping and touching ranges joined. */
export function mergeRanges(ranges: readonly TimeRange[]): TimeRange[] {
  const sorted = [...ranges].sort((a, b) => a.fromMs - b.fromMs || a.toMs - b.toMs);
  const merged: TimeRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range.fromMs <= last.toMs) {
      merged[merged.length - 1] = { fromMs: last.fromMs, toMs: Math.max(last.toMs, range.toMs) };
    } else merged.push(range);
  }
  return merged;
}

/** `range` in consecutive pieces of at most `maxChunkMs`. */
export function chunkRange(range: TimeRange, maxChunkMs: number): TimeRange[] {
  const chunks: TimeRange[] = [];
  for (let fromMs = range.fromMs; fromMs < range.toMs; fromMs += maxChunkMs)
    chunks.push({ fromMs, toMs: Math.min(fromMs + maxChunkMs, range.toMs) });
  return chunks;
}

/**
 * The ranges a backfill queries: each window widened to whole buckets, overlaps merged, then cut
 * into chunks of whole buckets no longer than `maxChunkMs` (at least one bucket).
 */
export function backfillRanges(
  windows: readonly TimeRange[],
  intervalMs: number,
  maxChunkMs: number,
): TimeRange[] {
  if (!Number.isSafeInteger(intervalMs) || intervalMs <= 0)
    throw new Error(`the rollup interval must be a whole number of ms above 0, not ${intervalMs}`);
  windows.forEach((window, i) => {
    if (!Number.isFinite(window.fromMs) || !Number.isFinite(window.toMs))
      throw new Error(`backfill window ${i}: fromMs and toMs must be finite epoch ms`);
    if (window.fromMs > window.toMs)
      throw new Error(
        `backfill window ${i}: fromMs (${window.fromMs}) is after toMs (${window.toMs})`,
      );
  });
  // Chunks of whole buckets, so no bucket is split between two queries.
  const chunkMs = Math.max(1, Math.floor(maxChunkMs / intervalMs)) * intervalMs;
  const aligned = windows.map((window) => alignOutward(window, intervalMs));
  return mergeRanges(aligned).flatMap((range) => chunkRange(range, chunkMs));
}
