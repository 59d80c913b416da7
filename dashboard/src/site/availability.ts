// A site's availability rows from /api/availability (period=month, groupBy=site): this month's and
// last month's, own downtime vs including upstream. Pure.

import type { AvailabilityFigures, DowntimeFigures } from '../../../src/status/availability.js';

export type { DowntimeFigures } from '../../../src/status/availability.js';

export interface AvailabilityRow extends AvailabilityFigures {
  readonly siteId: string;
  /** YYYY-MM in the site's zone. */
  readonly period: string;
  readonly fromMs: number;
  readonly toMs: number;
}

export interface AvailabilityAnswer {
  readonly period: 'day' | 'month';
  readonly from: string;
  readonly to: string;
  readonly rows: readonly AvailabilityRow[];
}

/** /api/availability for one site's months from `from` to `to` (YYYY-MM). */
export function availabilityPath(siteId: string, from: string, to: string): string {
  const query = new URLSearchParams({ period: 'month', groupBy: 'site', site: siteId, from, to });
  return `/api/availability?${query.toString()}`;
}

/** The rows of the months asked for, newest first; a month the answer lacks is left out. */
export function monthRows(
  answer: AvailabilityAnswer,
  months: readonly string[],
): AvailabilityRow[] {
  return months
    .map((month) => answer.rows.find((r) => r.period === month))
    .filter((r): r is AvailabilityRow => r !== undefined);
}

/** Below the plan's SLA (only when something was counted). */
export function belowSla(pct: number | null, slaPct: number | null | undefined): boolean {
  return pct !== null && slaPct !== null && slaPct !== undefined && pct < slaPct;
}
