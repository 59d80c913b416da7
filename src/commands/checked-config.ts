// Loading the config for a command that acts on it: the inventory checks must pass too, so a lab
// or a server never starts on duplicate ids, unknown parents or a loop in the parent graph.

import {
  ConfigError,
  type ConfigProblem,
  displayPath,
  loadConfig,
  type PantauConfig,
} from '../config/index.js';
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
