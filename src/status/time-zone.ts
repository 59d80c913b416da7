// Calendar days and months in an IANA time zone, with Intl only: where a local day or month begins
// and ends as epoch ms. A day begins at its first instant, even where a clock change skips midnight.

export class TimeZoneError extends Error {
  override readonly name = 'TimeZoneError';
}

const DAY_MS = 86_400_000;
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (format === undefined) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch (error) {
      throw new TimeZoneError(`"${timeZone}" is not an IANA time zone like "Asia/Jakarta"`, {
        cause: error,
      });
    }
    formats.set(timeZone, format);
  }
  return format;
}

/** The wall-clock time in `timeZone` at `ms`, read as if it were UTC (epoch ms, whole seconds). */
function wallClock(ms: number, timeZone: string): number {
  const n: Record<string, number> = {};
  for (const part of formatFor(timeZone).formatToParts(ms))
    if (part.type !== 'literal') n[part.type] = Number(part.value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = n;
  // Date.UTC takes 0–99 as 1900–1999; setUTCFullYear does not.
  const wall = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  wall.setUTCFullYear(year);
  return wall.getTime();
}

/** The zone's offset from UTC at `ms`, in ms (WIB: +7 h). */
export function offsetMs(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallClock(whole, timeZone) - whole;
}

/** The local calendar date at `ms`, as YYYY-MM-DD. */
export function localDate(ms: number, timeZone: string): string {
  return new Date(ms + offsetMs(ms, timeZone)).toISOString().slice(0, 10);
}

/** A calendar date as days since 1970-01-01 (a plain count, no zone). */
export type DayNumber = number;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;

/** Reads YYYY-MM-DD; throws a RangeError naming the text when it is no real date. */
export function dayNumber(date: string): DayNumber {
  const m = DATE.exec(date);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (!m || new Date(ms).toISOString().slice(0, 10) !== date)
    throw new RangeError(`"${date}" is not a date like 2026-11-25`);
  return ms / DAY_MS;
}

/** Reads YYYY-MM as the day number of its first day. */
export function monthStartDay(month: string): DayNumber {
  const m = MONTH.exec(month);
  const number = Number(m?.[2]);
  if (!m || !(number >= 1 && number <= 12))
    throw new RangeError(`"${month}" is not a month like 2026-11`);
  return dayNumber(`${month}-01`);
}

export function dateOf(day: DayNumber): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The first day of the month after the one `day` is in. */
export function nextMonthStartDay(day: DayNumber): DayNumber {
  const d = new Date(day * DAY_MS);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY_MS;
}

/** The first instant of local day `day` in `timeZone`. */
export function startOfDay(day: DayNumber, timeZone: string): number {
  const wall = day * DAY_MS;
  // The zone's offsets either side of that midnight; where they differ, one candidate is right.
  const offsets = new Set([
    offsetMs(wall - DAY_MS, timeZone),
    offsetMs(wall, timeZone),
    offsetMs(wall + DAY_MS, timeZone),
  ]);
  const date = dateOf(day);
  let first = Number.POSITIVE_INFINITY;
  for (const offset of offsets) {
    const candidate = wall - offset;
    // Skipped midnight: the candidate maps to the day before; a repeated one: take the earlier.
    if (localDate(candidate, timeZone) === date && candidate < first) first = candidate;
  }
  if (Number.isFinite(first)) return first;
  // Midnight falls in a gap: the day begins where the clock jumped, just after the last candidate.
  let low = wall - Math.max(...offsets);
  let high = low + DAY_MS;
  while (high - low > 1000) {
    const mid = Math.floor((low + high) / 2 / 1000) * 1000;
    if (localDate(mid, timeZone) >= date) high = mid;
    else low = mid;
  }
  return high;
}
