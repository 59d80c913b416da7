// What the rollup keeps of each raw field, and the same rule as InfluxQL (to recompute a bucket
// from raw samples). Pure.
//
// Per series (same tags as the raw series), per rollup bucket (timed at its start), for every
// raw field <f> with samples in the bucket:
//   - `mean_<f>`, `min_<f>`, `max_<f>` (floats): the bucket's mean, least and greatest sample;
//   - `count_<f>` (an integer, as InfluxDB's count() writes it): how many samples;
//   - `sum_<f>` (float) for the fields that are deltas (octets, errors, packets, seconds covered):
//     the exact total, which a quota bill counts in whole GB.
// A field without samples in a bucket has none of these. `mean_<f>` and `max_<f>` keep the names
// the continuous queries wrote before, so the history API and older rollups read alike.

import { formatDuration, quoteIdent, stringLiteral, timeLiteral } from './influxql.js';
import type { RolledUpMeasurement } from './points.js';
import type { TimeRange } from './time-windows.js';

export type RollupAggregate = 'mean' | 'min' | 'max' | 'sum' | 'count';

/** A gauge is averaged; a delta (an amount per interval) is also summed. */
export type FieldClass = 'gauge' | 'delta';

export const RAW_RP = 'raw';
export const ROLLUP_RP = 'rollup';

/** Every raw field of each rolled-up measurement, by class. A field not listed is not rolled up. */
export const ROLLUP_FIELDS: Readonly<
  Record<RolledUpMeasurement, Readonly<Record<string, FieldClass>>>
> = {
  icmp: {
    up: 'gauge',
    loss_pct: 'gauge',
    rtt_min_ms: 'gauge',
    rtt_avg_ms: 'gauge',
    rtt_max_ms: 'gauge',
    jitter_ms: 'gauge',
    sent: 'delta',
    received: 'delta',
  },
  device: { snmp_ok: 'gauge', poll_ms: 'gauge', uptime_s: 'gauge' },
  ifstat: {
    oper_up: 'gauge',
    speed_mbps: 'gauge',
    // The counters as read (cumulative): their maximum is the bucket's last reading.
    in_errors: 'gauge',
    out_errors: 'gauge',
    in_discards: 'gauge',
    in_bps: 'gauge',
    out_bps: 'gauge',
    in_octets: 'delta',
    out_octets: 'delta',
    in_errors_delta: 'delta',
    out_errors_delta: 'delta',
    in_discards_delta: 'delta',
    interval_s: 'delta',
  },
};

/** The aggregates kept of a field of this class, in the order they are written. */
export function aggregatesOf(fieldClass: FieldClass): readonly RollupAggregate[] {
  return fieldClass === 'delta'
    ? ['mean', 'min', 'max', 'sum', 'count']
    : ['mean', 'min', 'max', 'count'];
}

/** The rollup's name for an aggregate of a raw field. */
export const rollupField = (aggregate: RollupAggregate, field: string): string =>
  `${aggregate}_${field}`;

/** The fields of one measurement, each with its aggregates, in a fixed order. */
export interface MeasurementRollup {
  readonly measurement: RolledUpMeasurement;
  readonly fields: readonly {
    readonly name: string;
    readonly aggregates: readonly RollupAggregate[];
  }[];
  /** A raw field's position in `fields`, or undefined when it is not rolled up. */
  readonly indexOf: ReadonlyMap<string, number>;
}

export function measurementRollup(measurement: RolledUpMeasurement): MeasurementRollup {
  const fields = Object.entries(ROLLUP_FIELDS[measurement]).map(([name, fieldClass]) => ({
    name,
    aggregates: aggregatesOf(fieldClass),
  }));
  return { measurement, fields, indexOf: new Map(fields.map((f, i) => [f.name, i])) };
}

/**
 * The InfluxQL that rolls `range` of raw samples up into the rollup, as Pantau computes it itself:
 * for a bucket it did not see whole (points that came after the bucket closed, a restart). With
 * `sites`, only those sites' series. `fill(none)`: a bucket without samples writes nothing.
 */
export function rollupSelect(
  database: string,
  measurement: RolledUpMeasurement,
  intervalMs: number,
  range: TimeRange,
  sites?: readonly string[],
): string {
  return aggregateSelect(database, measurement, intervalMs, range, sites, true);
}

/** The same aggregates read back instead of written (to compare with what the rollup holds). */
export function rollupOfRaw(
  database: string,
  measurement: RolledUpMeasurement,
  intervalMs: number,
  range: TimeRange,
): string {
  return aggregateSelect(database, measurement, intervalMs, range, undefined, false);
}

function aggregateSelect(
  database: string,
  measurement: RolledUpMeasurement,
  intervalMs: number,
  range: TimeRange,
  sites: readonly string[] | undefined,
  into: boolean,
): string {
  const db = quoteIdent(database);
  const columns = measurementRollup(measurement).fields.flatMap((f) =>
    f.aggregates.map((a) => `${a}(${quoteIdent(f.name)}) AS ${quoteIdent(rollupField(a, f.name))}`),
  );
  const siteFilter =
    sites && sites.length > 0
      ? ` AND (${sites.map((s) => `"site" = ${stringLiteral(s)}`).join(' OR ')})`
      : '';
  const target = into ? ` INTO ${db}.${quoteIdent(ROLLUP_RP)}.:MEASUREMENT` : '';
  return (
    `SELECT ${columns.join(', ')}${target} ` +
    `FROM ${db}.${quoteIdent(RAW_RP)}.${quoteIdent(measurement)} ` +
    `WHERE time >= ${timeLiteral(range.fromMs)} AND time < ${timeLiteral(range.toMs)}${siteFilter} ` +
    `GROUP BY time(${formatDuration(intervalMs)}), * fill(none)`
  );
}
