// Percentiles of measured delays, as the benchmarks print them.

/** The p-th percentile (0–100) of an ascending list; NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** "p50 … ms, p99 … ms, max … ms" of `list` (sorted in place). */
export function delaySummary(list: number[]): string {
  list.sort((a, b) => a - b);
  return `p50 ${percentile(list, 50).toFixed(0)} ms, p99 ${percentile(list, 99).toFixed(0)} ms, max ${(list.at(-1) ?? Number.NaN).toFixed(0)} ms`;
}
