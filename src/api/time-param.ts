// Times in query strings: epoch milliseconds or ISO 8601, as people paste them.

import { badRequest } from './api-error.js';

/** A time in a route's query-string schema; `parseTime` reads it. */
export function timeParam(description: string) {
  return {
    type: 'string',
    maxLength: 40,
    description: `epoch ms or ISO 8601; ${description}`,
  } as const;
}

export function parseTime(value: string, name: string): number {
  const ms = /^\d{1,15}$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms))
    throw badRequest(`${name}: "${value}" is not a time (epoch milliseconds or ISO 8601)`);
  return ms;
}

/** A [from, to) range with defaults, checked: from before to. */
export function parseRange(
  query: { from?: string | undefined; to?: string | undefined },
  defaultSpanMs: number,
  nowMs: number,
): { fromMs: number; toMs: number } {
  const toMs = query.to === undefined ? nowMs : parseTime(query.to, 'to');
  const fromMs = query.from === undefined ? toMs - defaultSpanMs : parseTime(query.from, 'from');
  if (fromMs >= toMs)
    throw badRequest(
      `from (${new Date(fromMs).toISOString()}) must be before to (${new Date(toMs).toISOString()})`,
    );
  return { fromMs, toMs };
}
