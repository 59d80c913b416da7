// Time-axis labels in the site's zone and the page's language: hours as "07.30" (24-hour, as
// Indonesia writes them), a day as "6 Des", longer spans as "Des 2026". Pure (Intl only).

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const formats = new Map<string, Intl.DateTimeFormat>();

function format(
  locale: string,
  zone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${JSON.stringify(options)}`;
  let found = formats.get(key);
  if (found === undefined) {
    found = new Intl.DateTimeFormat(locale, { timeZone: zone, ...options });
    formats.set(key, found);
  }
  return found;
}

/** Hour and minute of `ms` in `zone`. */
function clock(
  ms: number,
  zone: string,
): { hour: number; minute: number; day: number; month: number } {
  const parts = format('en-GB', zone, {
    hour: '2-digit',
    minute: '2-digit',
    day: 'numeric',
    month: 'numeric',
    hourCycle: 'h23',
  }).formatToParts(ms);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { hour: get('hour'), minute: get('minute'), day: get('day'), month: get('month') };
}

/**
 * The label of a tick at `ms` on an axis whose ticks are `incrMs` apart: the time of day within a
 * day, and the date where a day begins; dates for spans of days; month and year beyond.
 */
export function formatTick(ms: number, incrMs: number, zone: string, locale: string): string {
  const c = clock(ms, zone);
  if (incrMs < DAY) {
    if (c.hour === 0 && c.minute === 0)
      return format(locale, zone, { day: 'numeric', month: 'short' }).format(ms);
    return format(locale, zone, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
      ms,
    );
  }
  if (incrMs < 28 * DAY) return format(locale, zone, { day: 'numeric', month: 'short' }).format(ms);
  if (c.month === 1) return format(locale, zone, { year: 'numeric' }).format(ms);
  return format(locale, zone, { month: 'short' }).format(ms);
}

/** The cursor's time: day, month, hour and minute ("6 Des 07.30"). */
export function formatCursorTime(ms: number, zone: string, locale: string): string {
  return format(locale, zone, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
}
