// The rollup as InfluxQL: one SELECT … INTO for the continuous queries and for backfills. Pure.
//
// What the rollup holds (retention policy `rollup`, same measurement names as `raw`):
//   - one point per series (same tags as the raw series) per rollup interval, timed at the
//     bucket's start;
//   - for every field <f> of the raw measurement, `mean_<f>` (the mean of the bucket's samples)
//     and `max_<f>` (their maximum), floats; a field without samples in a bucket is absent.
// So `mean_in_bps` of `ifstat` is the 5-minute average the 95th-percentile billing is built on,
// and `mean_up` of `icmp` is the share of probes a site answered.

import type { InfluxStorageSettings } from './influx-settings.js';
import { formatDuration, quoteIdent, timeLiteral } from './influxql.js';
import type { RolledUpMeasurement } from './points.js';
import type { TimeRange } from './time-windows.js';

export const RAW_RP = 'raw';
export const ROLLUP_RP = 'rollup';
/** Continuous queries with this prefix are Pantau's own: created, replaced and dropped by it. */
export const ROLLUP_CQ_PREFIX = 'rollup_';

export const rollupCqName = (measurement: RolledUpMeasurement): string =>
  `${ROLLUP_CQ_PREFIX}${measurement}`;

/** The rollup of one measurement; without a range it is a CQ body (the CQ sets the range). */
export function rollupSelect(
  database: string,
  measurement: RolledUpMeasurement,
  intervalMs: number,
  range?: TimeRange,
): string {
  const db = quoteIdent(database);
  const where = range
    ? ` WHERE time >= ${timeLiteral(range.fromMs)} AND time < ${timeLiteral(range.toMs)}`
    : '';
  return (
    `SELECT mean(*), max(*) INTO ${db}.${quoteIdent(ROLLUP_RP)}.:MEASUREMENT ` +
    `FROM ${db}.${quoteIdent(RAW_RP)}.${quoteIdent(measurement)}${where} ` +
    `GROUP BY time(${formatDuration(intervalMs)}), *`
  );
}

/** The continuous query that keeps one measurement's rollup up to date. */
export function rollupCqStatement(
  settings: InfluxStorageSettings,
  measurement: RolledUpMeasurement,
): string {
  return (
    `CREATE CONTINUOUS QUERY ${quoteIdent(rollupCqName(measurement))} ON ${quoteIdent(settings.database)} ` +
    `RESAMPLE EVERY ${formatDuration(settings.resampleEveryMs)} FOR ${formatDuration(settings.resampleForMs)} ` +
    `BEGIN ${rollupSelect(settings.database, measurement, settings.rollupIntervalMs)} END`
  );
}
