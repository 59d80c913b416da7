// SIGHUP for a running monitor: re-read the config and inventory, keep the running ones when a
// file has errors (each logged with file:line), and log what the reload changed.

import { ConfigError, formatProblem, type PantauConfig } from '../config/index.js';
import type { Inventory } from '../inventory/index.js';
import type { Logger } from '../logger.js';
import { loadCheckedConfigApart } from './checked-config.js';
import type { Monitor } from './monitor.js';

export interface ConfigReloadOptions {
  readonly configFile: string;
  readonly monitor: Monitor;
  /** The inventory as the collectors reach it (the lab may serve sites elsewhere). */
  readonly probed: (config: PantauConfig) => Inventory;
  readonly log: Logger;
}

/** Reloads on every SIGHUP, one at a time; returns how to stop listening. */
export function reloadOnSighup(options: ConfigReloadOptions): () => void {
  let running: Promise<void> = Promise.resolve();
  const onSignal = () => {
    running = running.then(async () => {
      await reloadOnce(options);
    });
  };
  process.on('SIGHUP', onSignal);
  return () => process.off('SIGHUP', onSignal);
}

export async function reloadOnce(options: ConfigReloadOptions): Promise<boolean> {
  const { configFile, monitor, log } = options;
  log.info({ config: configFile }, 'reloading the configuration');
  let config: PantauConfig;
  try {
    config = await loadCheckedConfigApart(configFile);
  } catch (error) {
    if (!(error instanceof ConfigError)) {
      log.error(
        { err: error },
        'reload refused: the configuration could not be read; the running one stays',
      );
      return false;
    }
    for (const problem of error.problems.filter((p) => p.severity === 'error'))
      log.error({ problem: formatProblem(problem) }, `reload refused: ${formatProblem(problem)}`);
    log.error(
      { errors: error.problems.filter((p) => p.severity === 'error').length },
      'reload refused: the running configuration stays',
    );
    return false;
  }
  try {
    const { diff, needRestart } = monitor.reload(config, options.probed(config));
    log.info(
      {
        added: diff.added.map((s) => s.id),
        removed: diff.removed.map((s) => s.id),
        changed: diff.changed.map((s) => s.id),
        unchanged: diff.unchanged,
      },
      'reloaded: inventory and probe settings in effect',
    );
    if (needRestart.length > 0)
      log.warn(
        { settings: needRestart },
        'these settings changed and take effect at the next start',
      );
    return true;
  } catch (error) {
    log.error({ err: error }, 'reload failed part-way; see the error');
    return false;
  }
}
