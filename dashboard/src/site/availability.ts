// A site's availability rows from /api/availability (period=month, groupBy=site): this month's and
// last month's, own downtime vs including upstream. Pure.

export interface DowntimeFigures {
  readonly downMs: number;
  /** Share of counted time up, 0–100; null when nothing was counted. */
  readonly pct: number | null;
  readonly failures: number;
  readonly mttrMs: number | null;
  readonly mtbfMs: number | null;
}

export interface AvailabilityRow {
  readonly siteId: string;
  /** YYYY-MM in the site's zone. */
  readonly period: string;
  readonly fromMs: number;
  readonly toMs: number;
  readonly spanMs: number;
  readonly excludedMs: number;
  readonly unmonitoredMs: number;
  readonly countedMs: number;
  readonly own: DowntimeFigures;
  readonly withUpstream: DowntimeFigures;
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
