// Durations ("30s", "1h30m", "35d") and sizes ("512MiB") as people write them, in ms and bytes.

const DURATION_UNITS: Readonly<Record<string, number>> = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
  // A year of 365 days: retention periods only need to be about right.
  y: 365 * 86_400_000,
};

const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w|y))+$/;
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w|y)/g;

/** Milliseconds, rounded to whole ms; null when the text is not a duration. Units: ms s m h d w y. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (!DURATION.test(trimmed)) return null;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(DURATION_PART)) {
    total += Number(amount) * (DURATION_UNITS[unit as string] as number);
  }
  return Math.round(total);
}

const SIZE_UNITS: Readonly<Record<string, number>> = {
  b: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

const SIZE = /^(\d+(?:\.\d+)?)\s*([a-z]+)?$/i;

/** Bytes, rounded down; null when the text is not a size. KB/MB/GB are powers of 10, KiB/MiB/GiB of 2. */
export function parseSize(text: string): number | null {
  const m = SIZE.exec(text.trim());
  if (!m) return null;
  const factor = SIZE_UNITS[(m[2] ?? 'b').toLowerCase()];
  if (factor === undefined) return null;
  return Math.floor(Number(m[1]) * factor);
}
