// `pantau demo`: the sample regency, simulated, with outages from the demo scenario. Grows with
// Pantau: today the lab and its control API; the collectors, InfluxDB and the dashboard join it.

import { type Command, UsageError } from './command.js';
import { labCommand } from './lab.js';

const usage = `Usage: pantau demo [--config FILE]

Runs the demo: the lab serves the sample inventory of one regency (config/demo.yaml: 342 sites,
one data centre, 38 OPD, 29 kecamatan offices, 274 kelurahan/desa) with the outages of
config/demo-scenario.yaml. Stop it with Ctrl-C; it removes everything it made.
The SNMP community defaults to "public" (set SNMP_COMMUNITY to change it).

Options:
  -c, --config FILE   demo config (default: config/demo.yaml)`;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'run the demo: the sample regency in the lab, with outages',
  usage,
  async run(args) {
    let config = 'config/demo.yaml';
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (arg === '-c' || arg === '--config') config = args[++i] ?? '';
      else throw new UsageError(`unknown option "${arg}"`);
    }
    if (config === '') throw new UsageError('--config needs a file');
    process.env.SNMP_COMMUNITY ??= 'public';
    return labCommand.run(['run', '--config', config]);
  },
};
