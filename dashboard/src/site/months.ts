// Calendar months in a site's own time zone, as /api/availability names them (YYYY-MM). Pure.

const formats = new Map<string, Intl.DateTimeFormat>();

/** "2026-12": the month `ms` falls in, in `zone`. */
export function monthOf(ms: number, zone: string): string {
  let format = formats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
    });
    formats.set(zone, format);
  }
  const parts = format.formatToParts(ms);
  const year = parts.find((p) => p.type === 'year')?.value ?? '1970';
  const month = parts.find((p) => p.type === 'month')?.value ?? '01';
  return `${year}-${month}`;
}

/** The month before "YYYY-MM". */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** This month and the one before, in the site's zone. */
export function thisAndLastMonth(nowMs: number, zone: string): { current: string; last: string } {
  const current = monthOf(nowMs, zone);
  return { current, last: previousMonth(current) };
}
