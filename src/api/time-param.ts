// Times in query strings: epoch milliseconds or ISO 8601, as people paste them, within the span
// InfluxDB can store (nanoseconds in a signed 64-bit integer), so every store can be asked.

import { badRequest } from './api-error.js';

/** InfluxDB's earliest and latest time (±(2^63 − 2) ns), rounded inwards to whole ms. */
export const MIN_TIME_MS = -9_223_372_036_854; // 1677-09-21T00:12:43.146Z
export const MAX_TIME_MS = 9_223_372_036_854; // 2262-04-11T23:47:16.854Z

const EPOCH_MS = /^\d{1,15}$/;
// V8's Date.parse also takes "-1", "0" or "x 01-01" as some date in 2001: only ISO 8601 shapes pass.
const ISO_8601 = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A time in a route's query-string schema; `parseTime` reads it. */
export function timeParam(description: string) {
  return {
    type: 'string',
    maxLength: 40,
    description: `epoch ms or ISO 8601, from 1677-09-21 to 2262-04-11; ${description}`,
  } as const;
}

export function parseTime(value: string, name: string): number {
  const ms = EPOCH_MS.test(value) ? Number(value) : ISO_8601.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms))
    throw badRequest(
      `${name}: ${quoted(value)} is not a time (epoch milliseconds or ISO 8601, e.g. 2026-01-31T07:30:00+07:00)`,
    );
  if (ms < MIN_TIME_MS || ms > MAX_TIME_MS)
    throw badRequest(
      `${name}: ${quoted(value)} is outside the times InfluxDB can store ` +
        `(${new Date(MIN_TIME_MS).toISOString()} to ${new Date(MAX_TIME_MS).toISOString()})`,
    );
  return ms;
}

/** A [from, to) range with defaults, checked: from before to, both storable. */
export function parseRange(
  query: { from?: string | undefined; to?: string | undefined },
  defaultSpanMs: number,
  nowMs: number,
): { fromMs: number; toMs: number } {
  const toMs = query.to === undefined ? nowMs : parseTime(query.to, 'to');
  const fromMs =
    query.from === undefined
      ? Math.max(MIN_TIME_MS, toMs - defaultSpanMs)
      : parseTime(query.from, 'from');
  if (fromMs >= toMs)
    throw badRequest(
      `from (${new Date(fromMs).toISOString()}) must be before to (${new Date(toMs).toISOString()})`,
    );
  return { fromMs, toMs };
}

/** A client's string in a message, cut short: the message must stay readable. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
}
