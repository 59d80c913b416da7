// What the rollup keeps of each raw field, and the same rule as InfluxQL (to recompute a bucket
// from raw samples). Pure.
//
// Per series (same tags as the raw series), per rollup bucket (timed at its start), for every
// raw field <f> with samples in the bucket, the aggregates ROLLUP_FIELDS names:
//   - `mean_<f>`, `min_<f>`, `max_<f>` (floats): the bucket's mean, least and greatest sample;
//   - `count_<f>` (an integer, as InfluxDB's count() writes it): how many samples;
//   - `sum_<f>` (float) of amounts (octets, errors, packets, seconds covered): the exact total,
//     which a quota bill counts in whole GB.
// A field without samples in a bucket has none of these. `mean_<f>` and `max_<f>` keep the names
// the continuous queries wrote before, so the history API and older rollups read alike.

import { formatDuration, quoteIdent, stringLiteral, timeLiteral } from './influxql.js';
import type { RolledUpMeasurement } from './points.js';
import type { TimeRange } from './time-windows.js';

export type RollupAggregate = 'mean' | 'min' | 'max' | 'sum' | 'count';

export const RAW_RP = 'raw';
export const ROLLUP_RP = 'rollup';

// What each kind of field keeps. Every value costs influxd the same to write, so only what a
// reader needs: at 10,000 sites a rollup of every aggregate of every field wrote 1.6 M values each
// 5 minutes, more than the raw samples, and took influxd a fifth of a core.
/** A level: averaged, with its extremes. */
const GAUGE = ['mean', 'min', 'max'] as const;
/** A level whose samples are counted: the count a bill or an availability rests on. */
const COUNTED = ['mean', 'min', 'max', 'count'] as const;
/** An amount per interval (bytes, packets, errors, seconds covered): its exact total. */
const TOTAL = ['sum'] as const;
/** Bytes: the total, and the mean and peak per sample that charts read. */
const OCTETS = ['mean', 'max', 'sum'] as const;
/** A counter as read (cumulative): its largest, the bucket's last reading. */
const READING = ['max'] as const;

/**
 * Every raw field of each rolled-up measurement with the aggregates the rollup keeps of it, in the
 * order they are written. A field not listed is not rolled up.
 */
export const ROLLUP_FIELDS: Readonly<
  Record<RolledUpMeasurement, Readonly<Record<string, readonly RollupAggregate[]>>>
> = {
  icmp: {
    up: COUNTED, // count_up: the probes; mean_up: the share answered
    loss_pct: GAUGE,
    rtt_min_ms: GAUGE,
    rtt_avg_ms: COUNTED, // count_rtt_avg_ms: the probes answered
    rtt_max_ms: GAUGE,
    jitter_ms: GAUGE,
    sent: TOTAL,
    received: TOTAL,
  },
  device: { snmp_ok: COUNTED, poll_ms: GAUGE, uptime_s: COUNTED },
  ifstat: {
    oper_up: COUNTED,
    speed_mbps: GAUGE,
    in_errors: READING,
    out_errors: READING,
    in_discards: READING,
    in_bps: COUNTED, // count_in_bps: the rate samples a bill rests on
    out_bps: GAUGE,
    in_octets: OCTETS,
    out_octets: OCTETS,
    in_errors_delta: TOTAL,
    out_errors_delta: TOTAL,
    in_discards_delta: TOTAL,
    interval_s: TOTAL,
  },
};

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
  const fields = Object.entries(ROLLUP_FIELDS[measurement]).map(([name, aggregates]) => ({
    name,
    aggregates,
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
