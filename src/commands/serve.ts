// `pantau serve`: the monitor itself. Collectors probe every site of the inventory and the metrics
// pipeline writes every result to InfluxDB (through the spool while InfluxDB is away). The API,
// the status engine and the dashboard join it as they land.

import { hostname } from 'node:os';
import {
  CollectorPool,
  type CycleSummary,
  collectorSites,
  logCycleSummary,
} from '../collector/index.js';
import { createLogger } from '../logger.js';
import { MetricsPipeline } from '../storage/index.js';
import { loadCheckedConfig } from './checked-config.js';
import { type Command, parseCommandArgs } from './command.js';
import { defaultConfigPath } from './config-path.js';
import { untilSignal } from './lab-session.js';

const usage = `Usage: pantau serve [--config FILE]

Runs Pantau: pings and polls every site of the inventory on schedule and writes every result to
InfluxDB (database, retention policies and rollups are made at start). While InfluxDB cannot be
reached, results wait in the spool on disk (influx.spool) and are written, once, when it answers
again, also after a restart. Stop it with Ctrl-C or SIGTERM: what is waiting is written or
spooled first.

Options:
  -c, --config FILE   main config (default: $PANTAU_CONFIG or config/pantau.yaml)`;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the monitor: collectors and the metrics pipeline into InfluxDB',
  usage,
  async run(args) {
    const { values } = parseCommandArgs({
      args: [...args],
      options: { config: { type: 'string', short: 'c' } },
    });
    const config = await loadCheckedConfig(values.config ?? defaultConfigPath());
    const log = createLogger('pantau', config.server.logLevel);
    const signalled = untilSignal();

    let overruns = 0;
    let pool: CollectorPool | null = null;
    const pipeline = await MetricsPipeline.open({
      influx: config.influx,
      inventory: config.inventory,
      instance: hostname(),
      collector: () => ({ overruns, workerRestarts: pool?.restarts ?? 0 }),
      log,
    });
    pool = new CollectorPool({
      sites: collectorSites(config.inventory, config.probe),
      workers: config.probe.workers,
      icmpBackend: config.probe.defaults.icmp.backend,
      snmpConcurrency: config.probe.defaults.snmp.concurrency,
      sink: pipeline.sink,
      onSummary: (summary: CycleSummary) => {
        if (summary.kind === 'snmp') overruns += summary.missed;
        else if (summary.missed || summary.error !== null) overruns += 1;
        logCycleSummary(log, summary);
      },
      log,
    });
    try {
      await pool.start();
    } catch (error) {
      await pipeline.stop();
      throw error;
    }
    log.info(
      {
        sites: config.inventory.sites.length,
        workers: pool.workerCount,
        influx: config.influx.url,
      },
      'pantau is running',
    );
    const signal = await signalled;
    log.info({ signal }, 'stopping');
    await pool.stop();
    await pipeline.stop();
    return 0;
  },
};
