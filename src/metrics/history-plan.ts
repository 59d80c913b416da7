// How a history request is read: checked against allow-lists, raw or rollup, the bucket that keeps
// each series within maxPoints, and the InfluxQL text. Pure: the time comes in as nowMs.

import type { InfluxStorageSettings } from './influx-settings.js';
import { formatDuration, quoteIdent, stringLiteral, timeLiteral } from './influxql.js';
import { MetricsBadRequestError } from './metrics-errors.js';
import type { RolledUpMeasurement } from './points.js';
import { RAW_RP, ROLLUP_FIELDS, ROLLUP_RP } from './rollup-spec.js';

/** The numeric fields points.ts writes, per measurement: the only names a request may use. */
export const HISTORY_FIELDS = {
  icmp: [
    'up',
    'loss_pct',
    'rtt_min_ms',
    'rtt_avg_ms',
    'rtt_max_ms',
    'jitter_ms',
    'sent',
    'received',
  ],
  ifstat: [
    'in_bps',
    'out_bps',
    'in_octets',
    'out_octets',
    'in_errors_delta',
    'out_errors_delta',
    'in_discards_delta',
    'interval_s',
    'oper_up',
    'speed_mbps',
    'in_errors',
    'out_errors',
    'in_discards',
  ],
  device: ['snmp_ok', 'poll_ms', 'uptime_s'],
} as const satisfies Record<RolledUpMeasurement, readonly string[]>;

/** Whether the rollup keeps a field's mean and max, so its history reaches past raw samples. */
function chartedOverLongSpans(measurement: RolledUpMeasurement, field: string): boolean {
  const kept = ROLLUP_FIELDS[measurement][field] ?? [];
  return kept.includes('mean') && kept.includes('max');
}

/** The fields a request without any gets: those with a history over any span. */
export function defaultHistoryFields(measurement: RolledUpMeasurement): string[] {
  return HISTORY_FIELDS[measurement].filter((f) => chartedOverLongSpans(measurement, f));
}

/** The tags each series is grouped by. */
export const HISTORY_GROUP_TAGS: Readonly<Record<RolledUpMeasurement, readonly string[]>> = {
  icmp: ['site'],
  ifstat: ['site', 'role'],
  device: ['site'],
};

export const MAX_HISTORY_POINTS = 10_000;
export const MAX_HISTORY_SITES = 1_000;
const MAX_SITE_ID_LENGTH = 200;
const SECOND = 1_000;

/** What a caller (the HTTP API) asks for; every part is checked, nothing is trusted. */
export interface HistoryRequest {
  readonly measurement: string;
  readonly fields: readonly string[];
  /** Site ids; left out: every site. */
  readonly sites?: readonly string[] | undefined;
  readonly fromMs: number;
  readonly toMs: number;
  /** At most this many points in each series (1 to 10 000). */
  readonly maxPoints: number;
}

/** A request that cannot be answered as asked; the message says which part and why. */
export class HistoryRequestError extends MetricsBadRequestError {
  override readonly name = 'HistoryRequestError';
}

export type HistorySource = 'raw' | 'rollup';

export interface HistoryPlan {
  readonly measurement: RolledUpMeasurement;
  readonly source: HistorySource;
  /** The span read: the request's, widened to whole rollup buckets when reading the rollup. */
  readonly fromMs: number;
  readonly toMs: number;
  readonly bucketMs: number;
  /** Buckets start at fromMs: GROUP BY time(bucket, offset) with offset = fromMs mod bucket. */
  readonly offsetMs: number;
  readonly groupTags: readonly string[];
  /** mean_<field> and max_<field> for each requested field, in request order. */
  readonly valueColumns: readonly string[];
  readonly statement: string;
}

function fail(message: string): never {
  throw new HistoryRequestError(message);
}

const isMeasurement = (m: string): m is RolledUpMeasurement => Object.hasOwn(HISTORY_FIELDS, m);

function checkTimes(request: HistoryRequest): void {
  for (const key of ['fromMs', 'toMs'] as const) {
    if (!Number.isSafeInteger(request[key]))
      fail(`${key} must be whole epoch milliseconds, not ${String(request[key])}`);
  }
  if (request.fromMs >= request.toMs)
    fail(`fromMs (${request.fromMs}) must be before toMs (${request.toMs})`);
  const max = request.maxPoints;
  if (!Number.isSafeInteger(max) || max < 1 || max > MAX_HISTORY_POINTS)
    fail(`maxPoints must be a whole number from 1 to ${MAX_HISTORY_POINTS}, not ${String(max)}`);
}

function checkFields(measurement: RolledUpMeasurement, fields: readonly string[]): void {
  const known: readonly string[] = HISTORY_FIELDS[measurement];
  if (!Array.isArray(fields) || fields.length === 0) fail('fields: name at least one field');
  const seen = new Set<string>();
  for (const field of fields) {
    if (typeof field !== 'string' || !known.includes(field))
      fail(
        `field ${JSON.stringify(field)} is not one of ${measurement}'s fields (${known.join(', ')})`,
      );
    if (seen.has(field)) fail(`field ${JSON.stringify(field)} is asked for twice`);
    seen.add(field);
  }
}

function checkSites(sites: readonly string[] | undefined): void {
  if (sites === undefined) return;
  if (!Array.isArray(sites) || sites.length === 0)
    fail('sites: give at least one site id, or leave sites out for every site');
  if (sites.length > MAX_HISTORY_SITES)
    fail(`sites: at most ${MAX_HISTORY_SITES} site ids in one request, not ${sites.length}`);
  for (const site of sites) {
    if (typeof site !== 'string' || site === '' || site.length > MAX_SITE_ID_LENGTH)
      fail(
        `site id ${JSON.stringify(site)} is not a site id (1 to ${MAX_SITE_ID_LENGTH} characters)`,
      );
  }
}

/** Raw when the whole span is still in raw retention and short enough; else the rollup. */
export function chooseSource(
  fromMs: number,
  toMs: number,
  settings: Pick<InfluxStorageSettings, 'rawRetentionMs' | 'rawHistoryMaxRangeMs'>,
  nowMs: number,
): HistorySource {
  const inRaw = fromMs >= nowMs - settings.rawRetentionMs;
  return inRaw && toMs - fromMs <= settings.rawHistoryMaxRangeMs ? 'raw' : 'rollup';
}

/** The span read and the bucket: at most maxPoints buckets from fromMs, whole seconds, whole rollup buckets. */
export function chooseBuckets(
  source: HistorySource,
  request: Pick<HistoryRequest, 'fromMs' | 'toMs' | 'maxPoints'>,
  rollupIntervalMs: number,
): { fromMs: number; toMs: number; bucketMs: number; offsetMs: number } {
  // Raw buckets are whole seconds; rollup buckets are whole rollup intervals over whole intervals.
  const unit = source === 'raw' ? SECOND : rollupIntervalMs;
  const fromMs = source === 'raw' ? request.fromMs : Math.floor(request.fromMs / unit) * unit;
  const toMs = source === 'raw' ? request.toMs : Math.ceil(request.toMs / unit) * unit;
  const bucketMs = Math.max(unit, Math.ceil((toMs - fromMs) / request.maxPoints / unit) * unit);
  const offsetMs = ((fromMs % bucketMs) + bucketMs) % bucketMs;
  return { fromMs, toMs, bucketMs, offsetMs };
}

/** The request checked and turned into one InfluxQL SELECT; throws HistoryRequestError. */
export function planHistory(
  request: HistoryRequest,
  settings: InfluxStorageSettings,
  nowMs: number,
): HistoryPlan {
  if (!isMeasurement(request.measurement))
    fail(
      `measurement ${JSON.stringify(request.measurement)} has no history; use one of ${Object.keys(HISTORY_FIELDS).join(', ')}`,
    );
  const measurement = request.measurement;
  checkFields(measurement, request.fields);
  checkSites(request.sites);
  checkTimes(request);

  const source = chooseSource(request.fromMs, request.toMs, settings, nowMs);
  if (source === 'rollup')
    for (const field of request.fields) {
      const kept = ROLLUP_FIELDS[measurement][field] ?? [];
      if (!chartedOverLongSpans(measurement, field))
        fail(
          `field ${JSON.stringify(field)} is kept over long spans as ${kept.map((a) => `${a}_${field}`).join(', ')} only: ` +
            `its history covers at most ${formatDuration(settings.rawHistoryMaxRangeMs)} within the last ${formatDuration(settings.rawRetentionMs)}`,
        );
    }
  const span = chooseBuckets(source, request, settings.rollupIntervalMs);
  const groupTags = HISTORY_GROUP_TAGS[measurement];
  const valueColumns: string[] = [];
  const selected: string[] = [];
  for (const field of request.fields) {
    // The rollup already holds the means and maxima: averaged and maxed again over the bucket.
    const meanOf = source === 'raw' ? field : `mean_${field}`;
    const maxOf = source === 'raw' ? field : `max_${field}`;
    valueColumns.push(`mean_${field}`, `max_${field}`);
    selected.push(
      `mean(${quoteIdent(meanOf)}) AS ${quoteIdent(`mean_${field}`)}`,
      `max(${quoteIdent(maxOf)}) AS ${quoteIdent(`max_${field}`)}`,
    );
  }
  const db = quoteIdent(settings.database);
  const rp = quoteIdent(source === 'raw' ? RAW_RP : ROLLUP_RP);
  let where = `time >= ${timeLiteral(span.fromMs)} AND time < ${timeLiteral(span.toMs)}`;
  if (request.sites !== undefined)
    where += ` AND (${request.sites.map((site) => `"site" = ${stringLiteral(site)}`).join(' OR ')})`;
  const time =
    span.offsetMs === 0
      ? `time(${formatDuration(span.bucketMs)})`
      : `time(${formatDuration(span.bucketMs)}, ${formatDuration(span.offsetMs)})`;
  const statement =
    `SELECT ${selected.join(', ')} FROM ${db}.${rp}.${quoteIdent(measurement)} ` +
    `WHERE ${where} GROUP BY ${[time, ...groupTags.map(quoteIdent)].join(', ')}`;
  return { measurement, source, ...span, groupTags, valueColumns, statement };
}
