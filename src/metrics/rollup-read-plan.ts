// How a fleet-wide rollup read is cut into bounded queries: the request checked, sites in groups
// of chunkSites, the range in time slices, and one InfluxQL SELECT per group and slice. Pure.

import { quoteIdent, stringLiteral, timeLiteral } from './influxql.js';
import { MetricsBadRequestError } from './metrics-errors.js';
import { ROLLUP_RP } from './rollup-spec.js';
import { chunkRange, type TimeRange } from './time-windows.js';

/** 500 sites × a month of 5-minute buckets × 2 fields is some 70 MB of Float64Array. */
export const DEFAULT_CHUNK_SITES = 500;
export const MAX_CHUNK_SITES = 10_000;
const MAX_NAME_LENGTH = 200;

export interface RollupReadRequest {
  /** Measurement in the retention policy, e.g. `ifstat`. */
  readonly measurement: string;
  /** Field names as stored, e.g. `mean_in_bps` (the rollup's names are the caller's to know). */
  readonly fields: readonly string[];
  /** [fromMs, toMs), epoch ms. */
  readonly fromMs: number;
  readonly toMs: number;
  /** Site ids, read in this order (duplicates once); left out: every site the measurement has. */
  readonly sites?: readonly string[] | undefined;
  /** At most this many sites a chunk (and a query); 500 unless set. */
  readonly chunkSites?: number | undefined;
  /** Each query spans at most this much time (for a server with max-select-point); the whole range unless set. */
  readonly sliceMs?: number | undefined;
  /** `rollup` unless set. */
  readonly retentionPolicy?: string | undefined;
}

export interface RollupReadPlan {
  readonly measurement: string;
  readonly fields: readonly string[];
  readonly retentionPolicy: string;
  readonly chunkSites: number;
  /** The range in consecutive, non-overlapping slices, oldest first. */
  readonly slices: readonly TimeRange[];
}

function fail(message: string): never {
  throw new MetricsBadRequestError(`rollup read: ${message}`);
}

function checkName(what: string, name: unknown): string {
  if (typeof name !== 'string' || name === '' || name.length > MAX_NAME_LENGTH)
    fail(`${what} ${JSON.stringify(name)} is not a name (1 to ${MAX_NAME_LENGTH} characters)`);
  return name;
}

function checkWhole(what: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max)
    fail(`${what} must be a whole number from ${min} to ${max}, not ${String(value)}`);
  return value;
}

/** Where a read looks, checked: the measurement and the retention policy (`rollup` unless set). */
export function rollupSource(
  request: Pick<RollupReadRequest, 'measurement' | 'retentionPolicy'>,
): Pick<RollupReadPlan, 'measurement' | 'retentionPolicy'> {
  return {
    measurement: checkName('measurement', request.measurement),
    retentionPolicy: checkName('retention policy', request.retentionPolicy ?? ROLLUP_RP),
  };
}

/** The request checked and cut into time slices; throws MetricsBadRequestError naming the part. */
export function planRollupRead(request: RollupReadRequest): RollupReadPlan {
  const { measurement, retentionPolicy } = rollupSource(request);
  if (!Array.isArray(request.fields) || request.fields.length === 0)
    fail('fields: name at least one field');
  const fields = request.fields.map((field) => checkName('field', field));
  if (new Set(fields).size !== fields.length) fail(`fields: a field is named twice (${fields})`);
  for (const key of ['fromMs', 'toMs'] as const)
    if (!Number.isSafeInteger(request[key]))
      fail(`${key} must be whole epoch milliseconds, not ${String(request[key])}`);
  if (request.fromMs >= request.toMs)
    fail(`fromMs (${request.fromMs}) must be before toMs (${request.toMs})`);
  if (request.sites !== undefined) {
    if (!Array.isArray(request.sites) || request.sites.length === 0)
      fail('sites: give at least one site id, or leave sites out for every site');
    for (const site of request.sites) checkName('site id', site);
  }
  const chunkSites = checkWhole(
    'chunkSites',
    request.chunkSites ?? DEFAULT_CHUNK_SITES,
    1,
    MAX_CHUNK_SITES,
  );
  const range = { fromMs: request.fromMs, toMs: request.toMs };
  const sliceMs = checkWhole(
    'sliceMs',
    request.sliceMs ?? range.toMs - range.fromMs,
    1,
    Number.MAX_SAFE_INTEGER,
  );
  return { measurement, fields, retentionPolicy, chunkSites, slices: chunkRange(range, sliceMs) };
}

/** The sites in groups of at most `size`, in the order given, each site once. */
export function siteGroups(sites: readonly string[], size: number): string[][] {
  const unique = [...new Set(sites)];
  const groups: string[][] = [];
  for (let at = 0; at < unique.length; at += size) groups.push(unique.slice(at, at + size));
  return groups;
}

/** One group's fields over one slice, a series per tag set (GROUP BY *), every stored point. */
export function rollupReadStatement(
  database: string,
  plan: RollupReadPlan,
  sites: readonly string[],
  slice: TimeRange,
): string {
  const from = `${quoteIdent(database)}.${quoteIdent(plan.retentionPolicy)}.${quoteIdent(plan.measurement)}`;
  const siteIs = sites.map((site) => `"site" = ${stringLiteral(site)}`).join(' OR ');
  return (
    `SELECT ${plan.fields.map(quoteIdent).join(', ')} FROM ${from} ` +
    `WHERE time >= ${timeLiteral(slice.fromMs)} AND time < ${timeLiteral(slice.toMs)} AND (${siteIs}) ` +
    'GROUP BY *'
  );
}

/** The site ids that have a series in the measurement (InfluxDB 1.x ignores time here). */
export function siteIdsStatement(
  plan: Pick<RollupReadPlan, 'measurement' | 'retentionPolicy'>,
): string {
  return `SHOW TAG VALUES FROM ${quoteIdent(plan.retentionPolicy)}.${quoteIdent(plan.measurement)} WITH KEY = "site"`;
}
