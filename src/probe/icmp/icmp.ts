// The ICMP prober: fping in batch mode where it is installed, else the portable `ping` back end.

import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Logger } from '../../logger.js';
import { createFpingProber } from './icmp-fping.js';
import { createPingProber } from './icmp-ping.js';
import type { IcmpBackendChoice, IcmpProber } from './types.js';

export { FpingError } from './fping-command.js';
export type { FpingProberOptions } from './icmp-fping.js';
export { createFpingProber } from './icmp-fping.js';
export type { PingProberOptions } from './icmp-ping.js';
export { createPingProber, PingError } from './icmp-ping.js';
export type {
  IcmpBackendChoice,
  IcmpProbeResult,
  IcmpProber,
  IcmpSettings,
  IcmpTarget,
} from './types.js';

export interface IcmpProberOptions {
  readonly log: Logger;
  /** fping's path (default: found in PATH, /usr/sbin, /usr/bin). */
  readonly fpingPath?: string;
  /** fping: a floor for the time between two packets, ms (default 0). */
  readonly minIntervalMs?: number;
  /** ping: processes at once (default 32). */
  readonly pingConcurrency?: number;
}

/** Debian puts fping in /usr/bin, others in /usr/sbin, which a service's PATH may lack. */
const EXTRA_DIRS = ['/usr/sbin', '/usr/bin'];

/** The first executable `name` in `dirs`, or null. */
export function findProgram(
  name: string,
  dirs: readonly string[] = [...(process.env.PATH ?? '').split(delimiter), ...EXTRA_DIRS],
  canRun: (path: string) => boolean = isExecutable,
): string | null {
  for (const dir of dirs) {
    if (dir === '') continue;
    const path = join(dir, name);
    if (canRun(path)) return path;
  }
  return null;
}

/** Whether `path` may be executed by this process (access X_OK). */
export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Which back end runs, and fping's path when it is fping. Pure given `fpingPath`. */
export function resolveIcmpBackend(
  backend: IcmpBackendChoice,
  fpingPath: string | null,
): { name: 'fping'; path: string } | { name: 'ping' } {
  if (backend === 'ping') return { name: 'ping' };
  if (fpingPath !== null) return { name: 'fping', path: fpingPath };
  // Asked for fping by name but not found: let spawning it say so, clearly, at the first probe.
  if (backend === 'fping') return { name: 'fping', path: 'fping' };
  return { name: 'ping' };
}

export function createIcmpProber(
  backend: IcmpBackendChoice,
  options: IcmpProberOptions,
): IcmpProber {
  const chosen = resolveIcmpBackend(
    backend,
    options.fpingPath ?? (backend === 'ping' ? null : findProgram('fping')),
  );
  if (chosen.name === 'fping') {
    options.log.debug({ backend, fping: chosen.path }, 'ICMP prober: fping');
    return createFpingProber({
      log: options.log,
      fpingPath: chosen.path,
      minIntervalMs: options.minIntervalMs,
    });
  }
  if (backend === 'auto')
    options.log.info('fping is not installed: ICMP through `ping`, one process a target');
  return createPingProber({
    log: options.log,
    concurrency: options.pingConcurrency,
  });
}
