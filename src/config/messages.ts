// zod issues as ConfigProblems: our wording, the file position of the path, and no leaked secrets.

import * as z from 'zod';
import { closestName } from '../inventory/index.js';
import { show } from './fields.js';
import type { ConfigProblem } from './problems.js';
import { type DataPath, formatPath, type SourceMap } from './source-map.js';

const EXPECTED: Readonly<Record<string, string>> = {
  object: 'a mapping (key: value lines)',
  record: 'a mapping (key: value lines)',
  array: 'a list',
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

/** Validates `data` with `schema`, turning every issue into a problem positioned by `map`. */
export function validate<T>(
  schema: z.ZodType<T>,
  data: unknown,
  map: SourceMap,
  prefix: DataPath = [],
):
  | { readonly value: T; readonly problems: readonly [] }
  | { readonly value: null; readonly problems: readonly ConfigProblem[] } {
  // Unknown-key issues only carry the keys; the known ones are caught here for "did you mean".
  const knownKeys = new Map<string, readonly string[]>();
  const result = schema.safeParse(data, {
    reportInput: true,
    error: (issue) => {
      if (issue.code === 'unrecognized_keys' && issue.inst instanceof z.ZodObject) {
        knownKeys.set(JSON.stringify(issue.path ?? []), Object.keys(issue.inst.shape));
        return 'unknown key';
      }
      return defaultMessage(issue);
    },
  });
  if (result.success) return { value: result.data, problems: [] };
  return { value: null, problems: toProblems(result.error.issues, map, prefix, knownKeys) };
}

function defaultMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'required';
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      return `expected ${expected}, found ${show(issue.input)}`;
    }
    case 'invalid_value':
      return `${show(issue.input)} is not one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `must list at least ${issue.minimum}`
        : `must be at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `must list at most ${issue.maximum}`
        : `must be at most ${issue.maximum}`;
    default:
      return undefined;
  }
}

function toProblems(
  issues: readonly z.core.$ZodIssue[],
  map: SourceMap,
  prefix: DataPath,
  knownKeys: ReadonlyMap<string, readonly string[]>,
): ConfigProblem[] {
  const out: ConfigProblem[] = [];
  const seen = new Set<string>();
  const push = (path: DataPath, message: string, at: 'key' | 'value'): void => {
    const key = `${JSON.stringify(path)} ${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    const { line, column } = map.locate(path, at);
    out.push({ file: map.file, line, column, path: formatPath(path), message, severity: 'error' });
  };
  for (const issue of issues) {
    const relative = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    const path = [...prefix, ...relative];
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys.get(JSON.stringify(relative)) ?? [];
      for (const key of issue.keys) {
        push([...path, key], unknownKeyMessage(key, known), 'key');
      }
      continue;
    }
    // The substitution already reported a missing variable here; its emptiness is no news.
    if (map.hasFailed(path)) continue;
    const at = issue.code === 'custom' && issue.params?.at === 'key' ? 'key' : 'value';
    push(path, redact(issue.message, issue.input, map.envOf(path)), at);
  }
  return out;
}

function unknownKeyMessage(key: string, known: readonly string[]): string {
  const hint = closestName(key, known);
  if (hint) return `unknown key (did you mean ${hint}?)`;
  if (known.length > 0 && known.length <= 12)
    return `unknown key (expected one of ${known.join(', ')})`;
  return 'unknown key';
}

/** A value that came from the environment may be a secret: name the variable instead. */
function redact(message: string, input: unknown, env: readonly string[]): string {
  if (env.length === 0 || typeof input !== 'string') return message;
  const names = env.map((name) => `\${${name}}`).join(', ');
  return message.split(JSON.stringify(input)).join(`the value of ${names}`);
}
