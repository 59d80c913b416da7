// The demo's InfluxDB: the one answering at the config's influx.url, or else an influxd started
// here on that address with its data under the demo's data directory (kept between runs), and
// restarted when it dies (the metrics spool holds the results meanwhile).

import { join } from 'node:path';
import type { PantauConfig } from '../config/index.js';
import { freeLoopbackPort } from '../free-port.js';
import {
  findInfluxd,
  INFLUXD_MEMORY_LIMIT_BYTES,
  ProcessSupervisor,
  startInfluxd,
} from '../lab/index.js';
import type { Logger } from '../logger.js';
import { influxAnswers } from '../metrics/index.js';

export interface DemoInflux {
  readonly description: string;
  stop(): Promise<void>;
}

export async function startDemoInflux(config: PantauConfig, log: Logger): Promise<DemoInflux> {
  const url = config.influx.url;
  if (await influxAnswers(url)) return { description: 'already running', stop: async () => {} };
  const parsed = new URL(url);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname)) {
    log.warn({ url }, 'InfluxDB does not answer; results wait in the spool until it does');
    return { description: 'not answering: results wait in the spool', stop: async () => {} };
  }
  let binary: string;
  try {
    binary = findInfluxd();
  } catch (error) {
    log.warn({ err: error }, 'no InfluxDB for the demo; results wait in the spool');
    return { description: 'not installed: results wait in the spool', stop: async () => {} };
  }
  const dataDir = join(config.server.dataDir, 'influxdb');
  const influxd = await startInfluxd({
    dataDir,
    httpPort: Number(parsed.port || 8086),
    rpcPort: await freeLoopbackPort(),
    ownProcessGroup: true,
    memoryLimitBytes: INFLUXD_MEMORY_LIMIT_BYTES,
  });
  log.info({ url, dataDir, binary, childPid: influxd.pid() }, 'influxd started for the demo');
  const limit = influxd.memoryLimit;
  if (limit?.applied)
    log.info(
      { cgroup: limit.cgroup, limitMiB: limit.bytes / 2 ** 20 },
      'influxd runs in a memory cgroup',
    );
  else if (limit)
    log.info(
      { why: limit.why },
      'influxd runs without a memory limit (its RSS may grow with its data files)',
    );
  const supervisor = new ProcessSupervisor({ name: 'influxd', process: influxd, log });
  supervisor.watch();
  return { description: `started here, data in ${dataDir}`, stop: () => supervisor.stop() };
}
