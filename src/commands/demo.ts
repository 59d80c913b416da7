// `pantau demo`: the sample regency, simulated, with outages from the demo scenario, watched by the
// collectors, every result written to InfluxDB (one started here when none answers). Grows with
// Pantau: the status engine and the dashboard join it.

import { hostname } from 'node:os';
import {
  CollectorPool,
  collectorSites,
  FanOutSink,
  LatestResults,
  logCycleSummary,
} from '../collector/index.js';
import { createLogger } from '../logger.js';
import { MetricsPipeline } from '../storage/index.js';
import { loadCheckedConfig } from './checked-config.js';
import { type Command, parseCommandArgs } from './command.js';
import { startDemoInflux } from './demo-influx.js';
import { labBanner, servedInventory, startLabSession, untilSignal } from './lab-session.js';

const usage = `Usage: pantau demo [--config FILE]

Runs the demo: the lab serves the sample inventory of one regency (config/demo.yaml: 342 sites,
one data centre, 38 OPD, 29 kecamatan offices, 274 kelurahan/desa) with the outages of
config/demo-scenario.yaml, and the collectors ping and poll every site, logging a summary of
each cycle, and write every result to InfluxDB at the config's influx.url: the InfluxDB answering
there, or an influxd started here with its data in <server.dataDir>/influxdb. Stop it with
Ctrl-C; it removes everything it made (the InfluxDB data stays).
The SNMP community defaults to "public" (set SNMP_COMMUNITY to change it).

Options:
  -c, --config FILE   demo config (default: config/demo.yaml)`;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'run the demo: the sample regency in the lab, with outages, watched by the collectors',
  usage,
  async run(args) {
    const { values } = parseCommandArgs({
      args: [...args],
      options: { config: { type: 'string', short: 'c', default: 'config/demo.yaml' } },
    });
    process.env.SNMP_COMMUNITY ??= 'public';
    const config = await loadCheckedConfig(values.config);
    const log = createLogger('pantau-demo', config.server.logLevel);
    const signalled = untilSignal();
    const session = await startLabSession({
      config,
      inventory: config.inventory,
      network: 'auto',
      scenarioFile: config.lab.scenario,
      log,
    });
    let influx: Awaited<ReturnType<typeof startDemoInflux>>;
    let pipeline: MetricsPipeline;
    try {
      influx = await startDemoInflux(config, log);
      pipeline = await MetricsPipeline.open({
        influx: config.influx,
        inventory: config.inventory,
        instance: hostname(),
        log,
      });
    } catch (error) {
      await session.stop('InfluxDB did not start');
      throw error;
    }
    const latest = new LatestResults();
    const pool = new CollectorPool({
      sites: collectorSites(servedInventory(config.inventory, session.lab), config.probe),
      workers: config.probe.workers,
      icmpBackend: config.probe.defaults.icmp.backend,
      snmpConcurrency: config.probe.defaults.snmp.concurrency,
      sink: new FanOutSink([latest, pipeline.sink]),
      onSummary: (summary) => logCycleSummary(log, summary),
      log,
    });
    try {
      await pool.start();
    } catch (error) {
      await pipeline.stop();
      await influx.stop();
      await session.stop('the collectors did not start');
      throw error;
    }
    process.stdout.write(
      `${labBanner(session, config.lab.loopbackPort)}\ncollectors: ${pool.workerCount} workers\n` +
        `InfluxDB: ${config.influx.url} (${influx.description}), database ${config.influx.database}\n`,
    );
    const signal = await signalled;
    await pool.stop();
    await pipeline.stop();
    await influx.stop();
    await session.stop(signal);
    return 0;
  },
};
