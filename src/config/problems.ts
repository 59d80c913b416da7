// Problems found in config files, each pinned to file:line:column and a path inside the file.

import { isAbsolute, relative } from 'node:path';

export type Severity = 'error' | 'warning';

export interface ConfigProblem {
  readonly file: string;
  /** 1-based; 0 when the problem concerns the whole file (it cannot be read, say). */
  readonly line: number;
  /** 1-based; 0 when unknown. */
  readonly column: number;
  /** Where in the file's data, e.g. `sites[12].router.host`; empty for syntax errors. */
  readonly path: string;
  readonly message: string;
  readonly severity: Severity;
}

/** Thrown by loadConfig when any file has an error; carries every problem found (in file order), not just the first. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const errors = problems.filter((p) => p.severity === 'error').length;
    super(
      `${errors === 1 ? '1 error' : `${errors} errors`} in the configuration:\n${formatProblems(problems)}`,
    );
    this.problems = sortProblems(problems);
  }
}

/** `file:line:column: path: message`, with the parts that are unknown left out; warnings say so. */
export function formatProblem(problem: ConfigProblem): string {
  let where = problem.file;
  if (problem.line > 0) where += `:${problem.line}`;
  if (problem.line > 0 && problem.column > 0) where += `:${problem.column}`;
  const path = problem.path === '' ? '' : `${problem.path}: `;
  const tag = problem.severity === 'warning' ? 'warning: ' : '';
  return `${where}: ${tag}${path}${problem.message}`;
}

/** One problem a line, in file order. */
export function formatProblems(problems: readonly ConfigProblem[]): string {
  return sortProblems(problems).map(formatProblem).join('\n');
}

/** By file (in first-seen order), then line, then column; stable otherwise. */
export function sortProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const fileOrder = new Map<string, number>();
  for (const p of problems) if (!fileOrder.has(p.file)) fileOrder.set(p.file, fileOrder.size);
  return [...problems].sort(
    (a, b) =>
      (fileOrder.get(a.file) ?? 0) - (fileOrder.get(b.file) ?? 0) ||
      a.line - b.line ||
      a.column - b.column,
  );
}

/** A path as people want to read it: relative to the working directory when inside it. */
export function displayPath(absolute: string, cwd = process.cwd()): string {
  const rel = relative(cwd, absolute);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? absolute : rel;
}
