// Field schemas whose messages say what was expected; zod's own ("Invalid input") do not help a planner.

import { isIP } from 'node:net';
import { resolve } from 'node:path';
import * as z from 'zod';
import {
  closestName,
  ID_RULE,
  isHost,
  isInventoryId,
  isIsoDate,
  isTimeZone,
} from '../inventory/index.js';
import { parseDuration, parseSize } from './units.js';

type Checked<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly message: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const bad = (message: string): Checked<never> => ({ ok: false, message });

/** A value as a message shows it: text quoted, numbers bare, structures by their kind. */
export function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}

/** A field checked by `check`; absent: "required" (wrap in .optional() or .default() to allow that). */
export function field<T>(check: (value: unknown) => Checked<T>) {
  return z.unknown().transform((value, ctx): T => {
    const result: Checked<T> = value === undefined ? bad('required') : check(value);
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: result.message, input: value });
    return z.NEVER;
  });
}

function asText(value: unknown): Checked<string> {
  if (typeof value === 'string') return ok(value);
  // A community of 12345 or a Telegram chat id of -100123 is text that YAML read as a number.
  if (typeof value === 'number' && Number.isFinite(value)) return ok(String(value));
  return bad(`expected text, found ${show(value)}`);
}

export function checkText(value: unknown, options: { minLength?: number } = {}): Checked<string> {
  const text = asText(value);
  if (!text.ok) return text;
  if (text.value.trim() === '') return bad('must not be empty');
  const min = options.minLength ?? 1;
  if (text.value.length < min) return bad(`must be at least ${min} characters long`);
  return text;
}

/** Text, not empty. Numbers are taken as their text. */
export const text = (options: { minLength?: number } = {}) => field((v) => checkText(v, options));

/** Secret text: messages never repeat it. */
export const secret = (minLength = 1) =>
  field((v) => {
    const t = asText(v);
    if (!t.ok) return t;
    if (t.value === '') return bad('must not be empty');
    if (t.value.length < minLength) return bad(`must be at least ${minLength} characters long`);
    return t;
  });

/** Site and plan ids: they become InfluxDB tags and URL parts, so a tame alphabet. */
export function checkId(value: unknown): Checked<string> {
  const t = asText(value);
  if (!t.ok) return t;
  if (!isInventoryId(t.value)) return bad(`${show(t.value)} is not an id: ${ID_RULE}`);
  return t;
}
export const id = () => field(checkId);

export function checkChoice<T extends string>(value: unknown, values: readonly T[]): Checked<T> {
  const candidate = typeof value === 'number' ? String(value) : value;
  if (typeof candidate === 'string' && (values as readonly string[]).includes(candidate)) {
    return ok(candidate as T);
  }
  const hint = typeof candidate === 'string' ? closestName(candidate, values) : null;
  return bad(
    `${show(value)} is not one of ${values.join(', ')}${hint ? ` (did you mean ${hint}?)` : ''}`,
  );
}
/** One of `values`; a number is taken as its text, so `version: 3` matches "3". */
export const choice = <T extends string>(values: readonly T[]) =>
  field((v) => checkChoice(v, values));

export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  /** Greater than zero. */
  readonly positive?: boolean;
  readonly integer?: boolean;
}

const NUMERIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

export function checkNumber(value: unknown, range: NumberRange = {}): Checked<number> {
  // Text that is a number counts: ${VAR} substitution always yields text.
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && NUMERIC.test(value.trim())
        ? Number(value)
        : Number.NaN;
  if (!Number.isFinite(n)) return bad(`${show(value)} is not a number`);
  if (range.integer && !Number.isInteger(n)) return bad(`${show(value)} is not a whole number`);
  const { min, max } = range;
  if (min !== undefined && max !== undefined && (n < min || n > max)) {
    return bad(`${show(value)} is not between ${min} and ${max}`);
  }
  if (min !== undefined && n < min) return bad(`${show(value)} is less than ${min}`);
  if (max !== undefined && n > max) return bad(`${show(value)} is more than ${max}`);
  if (range.positive && n <= 0) return bad(`${show(value)} is not more than 0`);
  return ok(n);
}
export const number = (range: NumberRange = {}) => field((v) => checkNumber(v, range));
export const integer = (range: Omit<NumberRange, 'integer'> = {}) =>
  field((v) => checkNumber(v, { ...range, integer: true }));
export const port = () => integer({ min: 1, max: 65535 });

export const bool = () =>
  field((v) => {
    if (typeof v === 'boolean') return ok(v);
    if (v === 'true' || v === 'false') return ok(v === 'true');
    return bad(`${show(v)} is not true or false`);
  });

/** A duration such as "30s", "500ms", "5m", "1h30m", "35d", "3y"; the value is in milliseconds. */
export const duration = (options: { min?: number } = {}) =>
  field((v) => {
    if (typeof v === 'number') {
      return bad(`${v} has no unit: write a duration like "30s", "500ms", "5m" or "35d"`);
    }
    const ms = typeof v === 'string' ? parseDuration(v) : null;
    if (ms === null) return bad(`${show(v)} is not a duration like "30s", "500ms", "5m" or "35d"`);
    if (options.min !== undefined && ms < options.min) {
      return bad(`${show(v)} is too short: the least is ${options.min} ms`);
    }
    return ok(ms);
  });

/** A size such as "512MiB" or "1GiB" (or a whole number of bytes); the value is in bytes. */
export const size = () =>
  field((v) => {
    const bytes =
      typeof v === 'number' && Number.isInteger(v) && v >= 0
        ? v
        : typeof v === 'string'
          ? parseSize(v)
          : null;
    if (bytes === null) return bad(`${show(v)} is not a size like "512MiB", "1GiB" or "500MB"`);
    return ok(bytes);
  });

export function checkHost(v: unknown): Checked<string> {
  const t = asText(v);
  if (!t.ok) return t;
  return isHost(t.value) ? t : bad(`${show(t.value)} is not an IP address or host name`);
}
export const host = () => field(checkHost);

/** "host:port", "[v6]:port" or ":port" (all addresses): kept as text, the form servers take. */
export function parseListenAddress(text: string): { host: string; port: number } | null {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text.trim());
  if (!m) return null;
  const hostPart = m[1] ?? m[2] ?? '';
  const portNumber = Number(m[3]);
  if (portNumber < 1 || portNumber > 65535) return null;
  if (m[1] !== undefined && isIP(hostPart) !== 6) return null;
  if (hostPart !== '' && m[1] === undefined && !isHost(hostPart)) return null;
  return { host: hostPart === '' ? '0.0.0.0' : hostPart, port: portNumber };
}

export const listen = () =>
  field((v) => {
    const t = asText(v);
    if (!t.ok) return t;
    const parsed = parseListenAddress(t.value);
    return parsed
      ? ok(parsed)
      : bad(`${show(t.value)} is not a host:port address like "0.0.0.0:3000"`);
  });

/** The same check, keeping the text: for settings that a command-line flag may also give as text. */
export const listenText = () =>
  field((v) => {
    const t = asText(v);
    if (!t.ok) return t;
    return parseListenAddress(t.value)
      ? ok(t.value.trim())
      : bad(`${show(t.value)} is not a host:port address like "127.0.0.1:9161"`);
  });

export function checkHttpUrl(v: unknown): Checked<string> {
  const t = asText(v);
  if (!t.ok) return t;
  let url: URL | null = null;
  try {
    url = new URL(t.value);
  } catch {
    url = null;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    return bad(`${show(t.value)} is not an http:// or https:// URL`);
  }
  return t;
}
export const httpUrl = () => field(checkHttpUrl);

export const timeZone = () =>
  field((v) => {
    const t = asText(v);
    if (!t.ok) return t;
    if (isTimeZone(t.value)) return t;
    const hint = closestName(t.value, Intl.supportedValuesOf('timeZone'));
    return bad(
      `${show(t.value)} is not an IANA time zone like "Asia/Jakarta"${hint ? ` (did you mean ${hint}?)` : ''}`,
    );
  });

export const isoDate = () =>
  field((v) => {
    // YAML 1.1 readers turn dates into timestamps; ours keeps them as text, but be kind either way.
    const t = v instanceof Date ? ok(v.toISOString().slice(0, 10)) : asText(v);
    if (!t.ok) return t;
    return isIsoDate(t.value) ? t : bad(`${show(t.value)} is not a date like "2025-01-31"`);
  });

/** A file or directory path; relative ones are taken from `baseDir` (the config file's directory). */
export const filePath = (baseDir: string) =>
  field((v) => {
    const t = checkText(v);
    return t.ok ? ok(resolve(baseDir, t.value)) : t;
  });

/** Like `field`, but absent or empty text ("" from an unset `${VAR:-}`) gives undefined. */
export function maybe<T>(check: (value: unknown) => Checked<T>) {
  return z
    .unknown()
    .transform((value, ctx): T | undefined => {
      if (value === '') return undefined;
      const result = check(value);
      if (result.ok) return result.value;
      ctx.addIssue({ code: 'custom', message: result.message, input: value });
      return z.NEVER;
    })
    .optional();
}

/** Optional text, where "" (an unset `${VAR:-}`) is the same as absent. */
export const maybeText = () => maybe(asText);

export { bad, type Checked, ok };

/**
 * Checks across the fields of a mapping, run even when some field failed (so every problem of a
 * file shows at once); skipped when the value is not a mapping at all.
 */
export function crossCheck<S extends z.ZodType>(
  schema: S,
  check: (value: Readonly<Record<string, unknown>>, ctx: z.RefinementCtx<z.output<S>>) => void,
) {
  return schema.superRefine(
    (value, ctx) => {
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
        check(value as Record<string, unknown>, ctx);
      }
    },
    { when: () => true },
  );
}

/** An issue at a key of the mapping being checked; `at: 'key'` points at the key, not the value. */
export function issueAt(
  ctx: { addIssue(issue: z.core.$ZodSuperRefineIssue): void },
  key: string | readonly (string | number)[],
  message: string,
  at: 'key' | 'value' = 'value',
): void {
  ctx.addIssue({
    code: 'custom',
    path: typeof key === 'string' ? [key] : [...key],
    message,
    input: undefined,
    params: { at },
  });
}
