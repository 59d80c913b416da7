// `pantau serve`: the monitor itself. Collectors probe every site of the inventory, the metrics
// pipeline writes every result to InfluxDB (through the spool while InfluxDB is away), the status
// engine keeps every site's state, and the HTTP API shows it. The dashboard joins it as it lands.

import { mkdirSync } from 'node:fs';
import { createLogger } from '../logger.js';
import { loadCheckedConfigApart } from './checked-config.js';
import { type Command, parseCommandArgs } from './command.js';
import { defaultConfigPath } from './config-path.js';
import { untilSignal } from './lab-session.js';
import { startMonitor } from './monitor.js';
import { pidFilePath, writePidFile } from './pid-file.js';
import { reloadOnSighup } from './config-reload.js';

const usage = `Usage: pantau serve [--config FILE]

Runs Pantau: pings and polls every site of the inventory on schedule and writes every result to
InfluxDB (database, retention policies and rollups are made at start). While InfluxDB cannot be
reached, results wait in the spool on disk (influx.spool) and are written, once, when it answers
again, also after a restart. Every site's state (up, degraded, snmp-failed, down, unreachable
behind a down parent) is kept by the status engine; outages become incidents in
<server.dataDir>/pantau.db, kept across restarts. The HTTP API listens on server.listen:
/api/sites, /api/summary, /api/incidents, /api/availability, /api/isolations, /api/health,
/metrics, the OpenAPI document at /docs, and live changes over socket.io (docs/status.md). Stop it
with Ctrl-C or SIGTERM: what is waiting is written or spooled first.

Reload: SIGHUP (or \`pantau reload\`) re-reads the config and inventory without a restart. Added
sites are probed within one interval, removed ones leave the board and their open incidents close
as "removed", changed ones keep their state and history; live clients stay connected. A file with
errors is refused, each error logged with file:line, and the running configuration stays. The pid
is kept in <server.dataDir>/pantau.pid.

Logs go to stderr: readable lines on a terminal, JSON lines otherwise; PANTAU_LOG_FORMAT=json or
pretty forces either.

Options:
  -c, --config FILE   main config (default: $PANTAU_CONFIG or config/pantau.yaml)`;

export const serveCommand: Command = {
  name: 'serve',
  summary: 'run the monitor: collectors, metrics into InfluxDB, site states, incidents, the API',
  usage,
  async run(args) {
    const { values } = parseCommandArgs({
      args: [...args],
      options: { config: { type: 'string', short: 'c' } },
    });
    const configFile = values.config ?? defaultConfigPath();
    const config = await loadCheckedConfigApart(configFile);
    const log = createLogger('pantau', config.server.logLevel);
    // SIGHUP reloads; only these stop.
    const signalled = untilSignal(['SIGINT', 'SIGTERM']);
    const monitor = await startMonitor(config, config.inventory, log);
    mkdirSync(config.server.dataDir, { recursive: true });
    const removePidFile = writePidFile(pidFilePath(config.server.dataDir));
    const stopReloading = reloadOnSighup({
      configFile,
      monitor,
      probed: (next) => next.inventory,
      log,
    });
    log.info(
      {
        sites: config.inventory.sites.length,
        workers: monitor.workers,
        influx: config.influx.url,
        api: monitor.url,
      },
      'pantau is running',
    );
    const signal = await signalled;
    log.info({ signal }, 'stopping');
    stopReloading();
    await monitor.stop();
    removePidFile();
    return 0;
  },
};
