// A real InfluxDB 1.x (Debian's influxd) for tests: its own temporary data directory, removed at
// stop, every listener on loopback at a free port, with the settings Pantau ships.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Influxd,
  startInfluxd as startInfluxdProcess,
} from '../../src/lab/influxd-process.js';
import { freePort } from './ports.js';

export type { Influxd } from '../../src/lab/influxd-process.js';

export async function startInfluxd(
  options: { startTimeoutMs?: number; maxRowLimit?: number; memoryLimitBytes?: number } = {},
): Promise<Influxd> {
  return startInfluxdProcess({
    dataDir: mkdtempSync(join(tmpdir(), 'pantau-influxd-')),
    httpPort: await freePort(),
    rpcPort: await freePort(),
    removeDataOnStop: true,
    ...options,
  });
}
