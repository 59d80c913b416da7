import { join } from 'node:path';
import {
  ConfigError,
  type Environment,
  formatProblem,
  loadConfig,
  sortProblems,
} from '../../src/config/index.js';
import { tempFiles } from './temp-files.js';

/** The problems loadConfig throws for `files` (main.yaml first), formatted, temp dir taken off names. */
export async function configProblems(
  files: Record<string, string>,
  env: Environment = {},
): Promise<string[]> {
  const dir = tempFiles(files);
  try {
    await loadConfig(join(dir, 'main.yaml'), env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return sortProblems(error.problems).map((p) => formatProblem(p).replaceAll(`${dir}/`, ''));
  }
  throw new Error('expected a ConfigError');
}
