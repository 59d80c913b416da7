// What the rollup holds against what InfluxDB computes itself over the raw samples (mean, min,
// max, sum, count … GROUP BY time(bucket), *), point by point and value by value, exactly.

import { createInfluxClient } from '../../src/metrics/influx-client.js';
import { execute, type InfluxSeries } from '../../src/metrics/influx-exec.js';
import { quoteIdent, timeLiteral } from '../../src/metrics/influxql.js';
import { ROLLED_UP_MEASUREMENTS } from '../../src/metrics/points.js';
import { ROLLUP_RP, rollupOfRaw } from '../../src/metrics/rollup-spec.js';
import type { TimeRange } from '../../src/metrics/time-windows.js';

export interface RollupComparison {
  /** Rollup points compared (series × bucket), by measurement. */
  readonly points: Record<string, number>;
  /** Every difference, as "measurement tags @time field: stored ≠ computed". */
  readonly differences: string[];
}

/** Rows of a GROUP BY * answer, keyed by measurement, tags and time; null values left out. */
function rowsByKey(
  measurement: string,
  series: readonly InfluxSeries[],
): Map<string, Map<string, unknown>> {
  const rows = new Map<string, Map<string, unknown>>();
  for (const s of series) {
    const tags = Object.entries(s.tags)
      .filter(([, v]) => v !== '')
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const timeAt = s.columns.indexOf('time');
    for (const values of s.values) {
      const fields = new Map<string, unknown>();
      s.columns.forEach((column, i) => {
        if (i !== timeAt && values[i] !== null) fields.set(column, values[i]);
      });
      rows.set(`${measurement} ${tags} @${values[timeAt]}`, fields);
    }
  }
  return rows;
}

export async function compareRollups(
  url: string,
  database: string,
  intervalMs: number,
  range: TimeRange,
): Promise<RollupComparison> {
  const influx = createInfluxClient({ url, database, username: null, password: null });
  const differences: string[] = [];
  const points: Record<string, number> = {};
  for (const measurement of ROLLED_UP_MEASUREMENTS) {
    const computed = rowsByKey(
      measurement,
      await execute(influx, database, rollupOfRaw(database, measurement, intervalMs, range), {
        epochMs: true,
      }),
    );
    const stored = rowsByKey(
      measurement,
      await execute(
        influx,
        database,
        `SELECT * FROM ${quoteIdent(database)}.${quoteIdent(ROLLUP_RP)}.${quoteIdent(measurement)} ` +
          `WHERE time >= ${timeLiteral(range.fromMs)} AND time < ${timeLiteral(range.toMs)} GROUP BY *`,
        { epochMs: true },
      ),
    );
    points[measurement] = stored.size;
    for (const [key, want] of computed) {
      const got = stored.get(key);
      if (!got) {
        differences.push(`${key}: missing from the rollup`);
        continue;
      }
      for (const [field, value] of want)
        if (got.get(field) !== value)
          differences.push(`${key} ${field}: stored ${got.get(field)} ≠ computed ${value}`);
      for (const field of got.keys())
        if (!want.has(field)) differences.push(`${key} ${field}: stored, but no sample for it`);
    }
    for (const key of stored.keys())
      if (!computed.has(key)) differences.push(`${key}: in the rollup without raw samples`);
  }
  return { points, differences };
}
