// History for charts and reports: one measurement's fields per site over a span, from raw samples
// or the rollup (history-plan.ts decides), as plain typed series.

import { type HistoryRequest, type HistorySource, planHistory } from './history-plan.js';
import { type InfluxQuery, querySeries } from './influx-query.js';
import type { InfluxStorageSettings } from './influx-settings.js';

export interface HistoryPoint {
  /** Start of the bucket, epoch ms. */
  readonly timeMs: number;
  /** mean_<field> and max_<field> of each requested field; null for a bucket without samples. */
  readonly values: Readonly<Record<string, number | null>>;
}

export interface HistorySeries {
  /** site, and role for ifstat. */
  readonly tags: Readonly<Record<string, string>>;
  /** At most the request's maxPoints, oldest first. */
  readonly points: readonly HistoryPoint[];
}

export interface HistoryResult {
  readonly source: HistorySource;
  /** The span read (the rollup widens the request to whole rollup buckets). */
  readonly fromMs: number;
  readonly toMs: number;
  readonly bucketMs: number;
  readonly series: readonly HistorySeries[];
}

/**
 * Reads history; bad requests throw HistoryRequestError before InfluxDB is asked, an InfluxDB away
 * MetricsUnavailableError. Means over a rollup bucket are means of the rollup's means (each rollup
 * bucket weighs the same).
 */
export async function queryHistory(
  query: InfluxQuery,
  settings: InfluxStorageSettings,
  request: HistoryRequest,
  nowMs: number = Date.now(),
): Promise<HistoryResult> {
  const plan = planHistory(request, settings, nowMs);
  // Chunked: up to 1,000 sites × 10,000 points is more than InfluxDB's max-row-limit may allow.
  const answer = await querySeries(query, plan.statement);
  const series = answer.map((s): HistorySeries => {
    const timeAt = s.columns.indexOf('time');
    const columnAt = plan.valueColumns.map((name) => [name, s.columns.indexOf(name)] as const);
    const points = s.values.map((row): HistoryPoint => {
      const values: Record<string, number | null> = {};
      for (const [name, at] of columnAt) {
        const value = at < 0 ? null : row[at];
        values[name] = typeof value === 'number' ? value : null;
      }
      return { timeMs: Number(row[timeAt]), values };
    });
    return { tags: { ...s.tags }, points };
  });
  return {
    source: plan.source,
    fromMs: plan.fromMs,
    toMs: plan.toMs,
    bucketMs: plan.bucketMs,
    series,
  };
}
