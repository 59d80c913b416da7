// `${VAR}` and `${VAR:-default}` in string values, so secrets live in the environment, not in files.

export type Environment = Readonly<Record<string, string | undefined>>;

export interface Substitution {
  readonly value: string;
  /** Every variable the text refers to, in order of first use. */
  readonly variables: readonly string[];
  /** Variables that are unset (or empty) and have no default. */
  readonly missing: readonly string[];
  /** References that cannot be read, e.g. `${1X}` or a `${` that is never closed. */
  readonly malformed: readonly string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Replaces `${NAME}` and `${NAME:-default}` (the default applies when NAME is unset or empty, as
 * in the shell); `$${` stands for a literal `${`. A `$` not followed by `{` is kept as it is.
 */
export function substituteEnv(text: string, env: Environment): Substitution {
  const variables: string[] = [];
  const missing: string[] = [];
  const malformed: string[] = [];
  let out = '';
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('$', i);
    if (start < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, start);
    if (text.startsWith('$${', start)) {
      out += '${';
      i = start + 3;
      continue;
    }
    if (text[start + 1] !== '{') {
      out += '$';
      i = start + 1;
      continue;
    }
    const end = text.indexOf('}', start + 2);
    if (end < 0) {
      malformed.push(text.slice(start));
      out += text.slice(start);
      break;
    }
    const body = text.slice(start + 2, end);
    const sep = body.indexOf(':-');
    const name = sep < 0 ? body : body.slice(0, sep);
    const fallback = sep < 0 ? undefined : body.slice(sep + 2);
    i = end + 1;
    if (!NAME.test(name)) {
      malformed.push(text.slice(start, end + 1));
      continue;
    }
    if (!variables.includes(name)) variables.push(name);
    const value = env[name];
    if (value !== undefined && value !== '') out += value;
    else if (fallback !== undefined) out += fallback;
    else if (value === undefined) {
      if (!missing.includes(name)) missing.push(name);
    }
  }
  return { value: out, variables, missing, malformed };
}
