// Loading the config for a command that acts on it: the inventory checks must pass too, so a lab
// or a server never starts on duplicate ids, unknown parents or a loop in the parent graph.

import {
  ConfigError,
  type ConfigProblem,
  displayPath,
  loadConfig,
  type PantauConfig,
} from '../config/index.js';
import { Worker } from 'node:worker_threads';
import { compiledSibling } from '../compiled-path.js';
import { checkInventory, type InventoryProblem } from '../inventory/index.js';

/** An inventory problem in the config's own form (file:line:column: path: message). */
export function asConfigProblem(problem: InventoryProblem, configFile: string): ConfigProblem {
  return {
    file: problem.at?.file ?? displayPath(configFile),
    line: problem.at?.line ?? 0,
    column: problem.at?.column ?? 0,
    path: problem.path,
    message: problem.message,
    severity: problem.severity,
  };
}

/** loadConfig, then the inventory checks; throws ConfigError with every error found. */
export async function loadCheckedConfig(path: string): Promise<PantauConfig> {
  const config = await loadConfig(path);
  const errors = checkInventory(config.inventory, config.inventorySources)
    .filter((p) => p.severity === 'error')
    .map((p) => asConfigProblem(p, config.file));
  if (errors.length > 0) throw new ConfigError(errors);
  return config;
}

/** What the loading thread sends back: the config, or why there is none. */
export type LoadedApart =
  | { readonly ok: true; readonly config: PantauConfig }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] }
  | { readonly ok: false; readonly message: string };

/**
 * loadCheckedConfig in a thread of its own, for the server: 100,000 sites take about 40 s and 2.5 GB
 * of parse trees, which this way neither block the server nor stay in its RSS. The result comes back
 * without `inventorySources` (the checks that read them have run).
 */
export async function loadCheckedConfigApart(path: string): Promise<PantauConfig> {
  const worker = new Worker(compiledSibling(import.meta.url, './config-load-worker.js'), {
    workerData: { path },
  });
  const outcome = await new Promise<LoadedApart>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) =>
      reject(new Error(`the config loading thread stopped (exit code ${code}) before it answered`)),
    );
  });
  await worker.terminate();
  if (outcome.ok) return outcome.config;
  if ('problems' in outcome) throw new ConfigError(outcome.problems);
  throw new Error(outcome.message);
}
