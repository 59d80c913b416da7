// `pantau lab`: run the lab of simulated sites, and drive a running one (faults, heal, status).

import { DEFAULT_LAB_CONTROL } from '../config/index.js';
import type { Inventory } from '../inventory/index.js';
import { FAULT_KINDS, syntheticInventory } from '../lab/index.js';
import { createLogger } from '../logger.js';
import { loadCheckedConfig } from './checked-config.js';
import { type Command, parseCommandArgs, UsageError } from './command.js';
import { defaultConfigPath } from './config-path.js';
import { controlClient } from './lab-client.js';
import { labBanner, startLabSession, untilSignal } from './lab-session.js';

const usage = `Usage:
  pantau lab [run] [options]           run the lab until Ctrl-C
  pantau lab fault SITE KIND [options] inject a fault into a running lab
  pantau lab heal [SITE | --fault ID]  heal a site's faults, one fault, or (no argument) all
  pantau lab status [--control HOST:PORT]
                                       sites, active faults, agent counters of a running lab
  pantau lab octets SITE --from T --to T
                                       octets a site's interfaces carried in [from, to)

The lab simulates a router at every site of the inventory. As root on Linux it makes a network
namespace holding every site's address (198.18.0.0/15), linked to the host by a veth pair and a
route, so ping and SNMP reach each site as they would a real one; it removes all of that when it
stops (Ctrl-C, SIGTERM), and a stale copy at the next start. Without root it serves the sites on
127.x loopback addresses on the config's lab.loopbackPort; ping then always answers there, so
outages are SNMP-only.

Each site answers SNMP v1/v2c with its inventory community and v3 (authPriv) with the lab user
from the config's lab.v3User, on UDP 161.

Options for run:
  -c, --config FILE     main config (default: $PANTAU_CONFIG or config/pantau.yaml)
      --sites N         serve N synthetic sites instead of the inventory (benchmarks)
      --scenario FILE   play a fault timeline (default: the config's lab.scenario)
      --no-scenario     do not play the config's scenario
      --network MODE    auto (default), namespace or loopback
      --control HOST:PORT
                        control API listen address (default: the config's lab.control,
                        ${DEFAULT_LAB_CONTROL} unless it says otherwise)

Options for fault (KIND is one of ${FAULT_KINDS.join(', ')}):
      --for DURATION    heal by itself after this long (e.g. 90s, 5m)
      --loss PCT        loss: share of packets dropped
      --delay DURATION  snmp-slow: added delay
      --form FORM       snmp-malformed: garbage, truncated, wrong-request-id or wrong-type
      --iface wan|lan   if-down and counter32-wrap
      --down-for DUR    reboot: how long the router is unreachable (default 30s)
      --renumber        reboot: interfaces get new ifIndexes
      --in DURATION     counter32-wrap: wrap after about this long (default 60s)

Options for fault, heal, status, octets (they talk to a running lab, from \`pantau lab\` or
\`pantau demo\`, and need only its control API's address, no inventory and no secrets):
      --control HOST:PORT
                        the running lab's control API. Default: lab.control of --config, or of
                        $PANTAU_CONFIG or config/pantau.yaml when that file exists, else
                        ${DEFAULT_LAB_CONTROL} (where \`pantau lab\` and \`pantau demo\` listen by default)
  -c, --config FILE     a config to read lab.control from (only that setting is read)

Faults: down (the site and every site behind it stop answering), loss (random packet loss),
snmp-silent (ping answers, SNMP does not), snmp-slow, snmp-malformed, reboot (uptime and
counters restart), counter32-wrap (the 32-bit octet counters wrap soon), if-down (ifOperStatus
down, traffic stops).

Logs go to stderr: readable lines on a terminal, JSON lines otherwise; PANTAU_LOG_FORMAT=json or
pretty forces either, PANTAU_LOG_LEVEL sets the level (default info).`;

async function runLab(args: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs({
    args: [...args],
    options: {
      config: { type: 'string', short: 'c' },
      sites: { type: 'string' },
      scenario: { type: 'string' },
      'no-scenario': { type: 'boolean' },
      network: { type: 'string', default: 'auto' },
      control: { type: 'string' },
    },
    allowPositionals: false,
  });
  const network = values.network;
  if (network !== 'auto' && network !== 'namespace' && network !== 'loopback') {
    throw new UsageError(`--network: "${network}" is not one of auto, namespace, loopback`);
  }
  const config = await loadCheckedConfig(values.config ?? defaultConfigPath());
  let inventory: Inventory = config.inventory;
  if (values.sites !== undefined) {
    const n = Number(values.sites);
    if (!Number.isInteger(n) || n < 1)
      throw new UsageError(`--sites: "${values.sites}" is not a positive whole number`);
    inventory = syntheticInventory(n);
  }
  const log = createLogger('pantau-lab');
  const signalled = untilSignal();
  const session = await startLabSession({
    config,
    inventory,
    network,
    control: values.control,
    scenarioFile: values['no-scenario'] ? null : (values.scenario ?? config.lab.scenario),
    log,
  });
  process.stdout.write(`${labBanner(session, config.lab.loopbackPort)}\n`);
  const signal = await signalled;
  try {
    await session.stop(signal);
    return 0;
  } catch (error) {
    log.error({ err: error }, 'the lab did not stop cleanly');
    return 1;
  }
}

async function fault(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs({
    args: [...args],
    options: {
      config: { type: 'string', short: 'c' },
      control: { type: 'string' },
      for: { type: 'string' },
      loss: { type: 'string' },
      delay: { type: 'string' },
      form: { type: 'string' },
      iface: { type: 'string' },
      'down-for': { type: 'string' },
      renumber: { type: 'boolean' },
      in: { type: 'string' },
    },
    allowPositionals: true,
  });
  const [site, kind] = positionals;
  if (!site || !kind) throw new UsageError('fault needs a SITE and a KIND');
  const body: Record<string, unknown> = { kind, site };
  if (values.for !== undefined) body.for = values.for;
  if (values.loss !== undefined) body.lossPct = Number(values.loss);
  if (values.delay !== undefined) body.delay = values.delay;
  if (values.form !== undefined) body.form = values.form;
  if (values.iface !== undefined) body.iface = values.iface;
  if (values['down-for'] !== undefined) body.downFor = values['down-for'];
  if (values.renumber) body.renumber = true;
  if (values.in !== undefined) body.in = values.in;
  const client = await controlClient(values.control, values.config);
  const result = (await client.post('/faults', body)) as {
    id: string;
    description: string;
    affected: string[];
  };
  process.stdout.write(
    `${result.id}: ${result.description} (${result.affected.length} site(s) affected)\n`,
  );
  return 0;
}

async function heal(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs({
    args: [...args],
    options: {
      config: { type: 'string', short: 'c' },
      control: { type: 'string' },
      fault: { type: 'string' },
    },
    allowPositionals: true,
  });
  const client = await controlClient(values.control, values.config);
  const body = values.fault
    ? { fault: values.fault }
    : positionals[0]
      ? { site: positionals[0] }
      : {};
  const { healed } = (await client.post('/heal', body)) as {
    healed: { id: string; description: string }[];
  };
  for (const f of healed) process.stdout.write(`healed ${f.id}: ${f.description}\n`);
  if (healed.length === 0) process.stdout.write('nothing to heal\n');
  return 0;
}

async function status(args: readonly string[]): Promise<number> {
  const { values } = parseCommandArgs({
    args: [...args],
    options: { config: { type: 'string', short: 'c' }, control: { type: 'string' } },
  });
  const client = await controlClient(values.control, values.config);
  const health = (await client.get('/health')) as {
    mode: string;
    sites: number;
    startedAt: string;
  };
  const faults = (await client.get('/faults')) as {
    id: string;
    description: string;
    endsAt: string | null;
    affected: string[];
  }[];
  const stats = (await client.get('/stats')) as {
    agents: { pid: number; sites: number; requests?: number; rssBytes: number }[];
  };
  process.stdout.write(`lab: ${health.sites} sites, ${health.mode}, since ${health.startedAt}\n`);
  for (const a of stats.agents) {
    process.stdout.write(
      `  agent pid ${a.pid}: ${a.sites} sites, ${a.requests ?? 0} SNMP requests, RSS ${Math.round(a.rssBytes / 1e6)} MB\n`,
    );
  }
  process.stdout.write(faults.length === 0 ? 'no active faults\n' : 'active faults:\n');
  for (const f of faults) {
    process.stdout.write(
      `  ${f.id}: ${f.description}${f.endsAt ? ` until ${f.endsAt}` : ''}; affects ${f.affected.join(', ')}\n`,
    );
  }
  return 0;
}

async function octets(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs({
    args: [...args],
    options: {
      config: { type: 'string', short: 'c' },
      control: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
    },
    allowPositionals: true,
  });
  const site = positionals[0];
  if (!site || !values.from || !values.to)
    throw new UsageError('octets needs a SITE, --from and --to');
  const client = await controlClient(values.control, values.config);
  const query = `from=${encodeURIComponent(values.from)}&to=${encodeURIComponent(values.to)}`;
  const result = await client.get(`/sites/${encodeURIComponent(site)}/octets?${query}`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}

export const labCommand: Command = {
  name: 'lab',
  summary: 'run the lab of simulated site routers, or inject faults into a running one',
  usage,
  async run(args) {
    const [first, ...rest] = args;
    switch (first) {
      case 'fault':
        return fault(rest);
      case 'heal':
        return heal(rest);
      case 'status':
        return status(rest);
      case 'octets':
        return octets(rest);
      case 'run':
        return runLab(rest);
      default:
        return runLab(args);
    }
  },
};
