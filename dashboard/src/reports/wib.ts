// Calendar days and months in WIB (UTC+7, no daylight saving), as the reports' pickers use them. Pure.

const OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** "2026-12-05": the WIB date of an instant. */
export function wibDate(ms: number): string {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 10);
}

/** "2026-12": the WIB month of an instant. */
export function wibMonth(ms: number): string {
  return wibDate(ms).slice(0, 7);
}

/** The instant a WIB date ("2026-12-05") begins; null when it is not a date. */
export function wibDayStart(date: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const ms = Date.parse(`${date}T00:00:00Z`);
  // Date.parse rolls "2026-02-31" over to March 3: such a date is not one.
  if (!Number.isFinite(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return null;
  return ms - OFFSET_MS;
}

/** The instant after a WIB date ends (the next day's start). */
export function wibDayEnd(date: string): number | null {
  const start = wibDayStart(date);
  return start === null ? null : start + DAY_MS;
}

/** "2026-11" → "2026-10": the month before (or after, with step 1). */
export function addMonths(month: string, step: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) + step;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function isMonth(text: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(text);
}
