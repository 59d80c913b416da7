// `pantau demo`: the sample regency, simulated, with outages from the demo scenario, watched by the
// collectors, every result written to InfluxDB (one started here when none answers), every site's
// state kept by the status engine and shown on the dashboard and by the API.

import { DEFAULT_LAB_CONTROL, type PantauConfig } from '../config/index.js';
import { LINK_LAB_ADDRESS } from '../lab/index.js';
import { createLogger } from '../logger.js';
import { loadCheckedConfig } from './checked-config.js';
import { type Command, parseCommandArgs } from './command.js';
import { startDemoInflux } from './demo-influx.js';
import { labBanner, servedInventory, startLabSession, untilSignal } from './lab-session.js';
import { startMonitor } from './monitor.js';

const usage = `Usage: pantau demo [--config FILE]

Runs the demo: the lab serves the sample inventory of one regency (config/demo.yaml: 342 sites,
one data centre, 38 OPD, 29 kecamatan offices, 274 kelurahan/desa) with the outages of
config/demo-scenario.yaml, and the collectors ping and poll every site, logging a summary of
each cycle, and write every result to InfluxDB at the config's influx.url: the InfluxDB answering
there, or an influxd started here with its data in <server.dataDir>/influxdb. An influxd started
here that dies is logged (exit code or signal) and started again after 1 s, doubling to 30 s
while it keeps dying; meanwhile results wait in the spool. The dashboard and the API listen on
the config's server.listen (http://127.0.0.1:3000/, /api/sites, /docs). Stop it with Ctrl-C; it removes
everything it made (the InfluxDB data stays).
The SNMP community defaults to "public" (set SNMP_COMMUNITY to change it).

Drive it from another terminal: pantau lab status, pantau lab fault SITE KIND, pantau lab heal
(they reach the lab's control API at the config's lab.control, default ${DEFAULT_LAB_CONTROL}).

Logs go to stderr: readable lines on a terminal, JSON lines otherwise; PANTAU_LOG_FORMAT=json or
pretty forces either. The level is the config's server.logLevel.

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
    let influx: Awaited<ReturnType<typeof startDemoInflux>> | null = null;
    let monitor: Awaited<ReturnType<typeof startMonitor>>;
    try {
      influx = await startDemoInflux(config, log);
      const watched = session.lab.mode === 'namespace' ? withLabGateway(config) : config;
      monitor = await startMonitor(watched, servedInventory(config.inventory, session.lab), log);
    } catch (error) {
      await influx?.stop();
      await session.stop('the monitor did not start');
      throw error;
    }
    process.stdout.write(
      `${labBanner(session, config.lab.loopbackPort)}\ncollectors: ${monitor.workers} workers\n` +
        `InfluxDB: ${config.influx.url} (${influx.description}), database ${config.influx.database}\n` +
        `Dashboard: ${monitor.url}/ (wall screen: ${monitor.url}/wall)\n` +
        `API: ${monitor.url}/api/sites, ${monitor.url}/api/summary, OpenAPI at ${monitor.url}/docs\n`,
    );
    const signal = await signalled;
    await monitor.stop();
    await influx.stop();
    await session.stop(signal);
    return 0;
  },
};

/**
 * The lab's end of its link plays the data centre's gateway: a reference target, so cutting the
 * link shows "monitor isolated" rather than 342 outages. Loopback has no such hop to ping.
 */
function withLabGateway(config: PantauConfig): PantauConfig {
  const isolation = config.status.isolation;
  if (isolation === null || isolation.referenceTargets.length > 0) return config;
  const gateway = { id: 'lab-gateway', host: LINK_LAB_ADDRESS };
  if (config.inventory.sites.some((s) => s.id === gateway.id)) return config;
  return {
    ...config,
    status: { ...config.status, isolation: { ...isolation, referenceTargets: [gateway] } },
  };
}
