// InfluxQL text pieces: quoted names, string literals, durations and times. Pure.
//
// Every name and value that reaches a query goes through here: InfluxQL has no bound parameters
// in every 1.x release we meet, so escaping is the only thing between a site id and the parser.

// InfluxQL's scanner knows the escapes \\ \" \' and \n inside quotes; a raw line break ends a string.
const escapeQuoted = (s: string, quote: string): string =>
  s.replace(/[\\"'\n]/g, (c) => (c === '\n' ? '\\n' : c === '\\' || c === quote ? `\\${c}` : c));

/** A database, retention policy, measurement, field or tag name, always double-quoted. */
export function quoteIdent(name: string): string {
  return `"${escapeQuoted(name, '"')}"`;
}

/** A string literal in single quotes (tag values in WHERE). */
export function stringLiteral(value: string): string {
  return `'${escapeQuoted(value, "'")}'`;
}

const UNITS: readonly (readonly [string, number])[] = [
  ['w', 7 * 86_400_000],
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
];

/** A duration literal in the largest whole unit, as InfluxDB itself prints it ("5m", "35d", "90s"). */
export function formatDuration(ms: number): string {
  if (!Number.isSafeInteger(ms) || ms < 0)
    throw new Error(`a duration must be a whole, non-negative number of ms, not ${ms}`);
  if (ms === 0) return '0s';
  for (const [unit, size] of UNITS) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

/** An absolute time for WHERE: epoch milliseconds with their unit. */
export function timeLiteral(ms: number): string {
  if (!Number.isSafeInteger(ms)) throw new Error(`a time must be whole epoch ms, not ${ms}`);
  return `${ms}ms`;
}

/**
 * A statement reduced for comparison with what InfluxDB stored: InfluxDB re-prints statements
 * (quotes only where needed, its own spacing), so quotes and runs of blanks are dropped.
 */
export function canonicalStatement(text: string): string {
  return text.replace(/"/g, '').replace(/\s+/g, ' ').trim();
}
