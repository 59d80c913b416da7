// What a reload can take while running, and what waits for a restart. Pure.

import type { PantauConfig } from './types.js';

/** Sections a running monitor cannot take over: listeners, storage, the engine's own settings. */
const RESTART_SECTIONS = ['server', 'influx', 'status', 'lab'] as const;

export interface ReloadScope {
  /** The inventory or the probe settings changed: sites are re-planned. */
  readonly sites: boolean;
  /** Settings that changed but take effect only at the next start, as config paths. */
  readonly needRestart: readonly string[];
}

export function reloadScope(before: PantauConfig, after: PantauConfig): ReloadScope {
  const differs = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
  const needRestart: string[] = RESTART_SECTIONS.filter((s) => differs(before[s], after[s]));
  // Workers are threads sharded by site: their number is fixed for a run.
  if (before.probe.workers !== after.probe.workers) needRestart.push('probe.workers');
  const { workers: _w1, ...probeBefore } = before.probe;
  const { workers: _w2, ...probeAfter } = after.probe;
  return {
    sites: differs(before.inventory, after.inventory) || differs(probeBefore, probeAfter),
    needRestart,
  };
}
