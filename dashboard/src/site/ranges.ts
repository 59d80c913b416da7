// The site page's time ranges (kept in the URL as ?range=24h) and the history requests they make.
// Pure: no DOM, so the unit tests import it.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type RangeKey = '1h' | '24h' | '7d' | '30d' | '12mo';

export interface RangeSpec {
  readonly key: RangeKey;
  readonly spanMs: number;
  /** Points a series at most: about one per two pixels of a wide chart. */
  readonly maxPoints: number;
  /** Live measurements are appended (short ranges only: a live point is a pixel's worth there). */
  readonly live: boolean;
  /** How often the history is read again while the page is open, so live points give way to stored ones. */
  readonly refreshMs: number;
}

// maxPoints chosen so the bucket comes out round (the rollup widens a span to whole 5 minutes and
// rounds the bucket up to them): 10 s, 2 min, 15 min, 1 h, 12 h.
export const RANGES: readonly RangeSpec[] = [
  { key: '1h', spanMs: HOUR, maxPoints: 360, live: true, refreshMs: 60_000 },
  { key: '24h', spanMs: DAY, maxPoints: 720, live: true, refreshMs: 5 * 60_000 },
  { key: '7d', spanMs: 7 * DAY, maxPoints: 700, live: false, refreshMs: 15 * 60_000 },
  { key: '30d', spanMs: 30 * DAY, maxPoints: 740, live: false, refreshMs: 30 * 60_000 },
  { key: '12mo', spanMs: 365 * DAY, maxPoints: 732, live: false, refreshMs: 60 * 60_000 },
];

export const DEFAULT_RANGE: RangeKey = '24h';

const ALIASES: Readonly<Record<string, RangeKey>> = { '12m': '12mo', '1y': '12mo', '365d': '12mo' };

/** The range a ?range= value names; the default for a missing or unknown one. */
export function rangeOf(param: string | null | undefined): RangeSpec {
  const key = param === null || param === undefined ? DEFAULT_RANGE : (ALIASES[param] ?? param);
  return RANGES.find((r) => r.key === key) ?? rangeOf(DEFAULT_RANGE);
}

/**
 * Error and discard counters are cumulative readings the rollup keeps only as a maximum, which the
 * history API does not serve over long spans: they are read from raw samples, at most a day back.
 */
export const COUNTER_SPAN_MS = DAY;

export function counterSpanMs(range: RangeSpec): number {
  return Math.min(range.spanMs, COUNTER_SPAN_MS);
}

/** Incidents are listed over the range, but at least the last 30 days: an hour is rarely enough. */
export function incidentSpanMs(range: RangeSpec): number {
  return Math.max(range.spanMs, 30 * DAY);
}

export const LATENCY_FIELDS = ['rtt_min_ms', 'rtt_avg_ms', 'rtt_max_ms', 'loss_pct'] as const;
export const TRAFFIC_FIELDS = ['in_bps', 'out_bps'] as const;
export const COUNTER_FIELDS = ['in_errors', 'out_errors', 'in_discards'] as const;
export const DEVICE_FIELDS = ['uptime_s'] as const;

/** /api/sites/:id/history with its query: epoch-ms times, comma-separated fields. */
export function historyPath(
  siteId: string,
  measurement: 'icmp' | 'ifstat' | 'device',
  fields: readonly string[],
  fromMs: number,
  toMs: number,
  maxPoints: number,
): string {
  const query = new URLSearchParams({
    measurement,
    fields: fields.join(','),
    from: String(Math.floor(fromMs)),
    to: String(Math.ceil(toMs)),
    maxPoints: String(maxPoints),
  });
  return `/api/sites/${encodeURIComponent(siteId)}/history?${query.toString()}`;
}
