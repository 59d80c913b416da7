// `pantau probe SITE`: one-off diagnosis of a site, ICMP and SNMP together, as an engineer would
// run fping and snmpget by hand, but with the site's own settings and credentials.

import { checkOf, collectorSites } from '../collector/index.js';
import { parseDuration, probeSettingsFor } from '../config/index.js';
import { createLogger } from '../logger.js';
import {
  createIcmpProber,
  createSnmpPoller,
  RateBook,
  type SnmpProbeResult,
} from '../probe/index.js';
import { loadCheckedConfig } from './checked-config.js';
import { type Command, parseCommandArgs, UsageError } from './command.js';
import { defaultConfigPath } from './config-path.js';
import { icmpLine, siteLine, snmpLines } from './probe-report.js';

const usage = `Usage: pantau probe SITE [options]

Pings the site's router and polls it over SNMP once, with the site's own settings and
credentials from the inventory, and prints what came back: replies, loss, round-trip times and
jitter; uptime, the WAN (and LAN) interface, its status, reported speed, and the traffic rate
between two polls --wait apart.

Options:
  -c, --config FILE   main config (default: $PANTAU_CONFIG or config/pantau.yaml)
      --wait DURATION time between the two SNMP polls that give a rate (default 5s; 0: one poll)
      --json          print the raw results as JSON
Exit status: 0 when the site answered ping and SNMP, 1 when either failed.`;

async function runProbe(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs({
    args: [...args],
    options: {
      config: { type: 'string', short: 'c' },
      wait: { type: 'string', default: '5s' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  const siteId = positionals[0];
  if (!siteId || positionals.length > 1) throw new UsageError('probe needs exactly one SITE id');
  const waitMs = values.wait.trim() === '0' ? 0 : parseDuration(values.wait);
  if (waitMs === null) throw new UsageError(`--wait: "${values.wait}" is not a duration (like 5s)`);
  const config = await loadCheckedConfig(values.config ?? defaultConfigPath());
  const site = config.inventory.sites.find((s) => s.id === siteId);
  if (!site) throw new UsageError(`no site "${siteId}" in the inventory`);
  const plan = config.inventory.plans.find((p) => p.id === site.planId);
  const [target] = collectorSites({ sites: [site], plans: config.inventory.plans }, config.probe);
  const planned = {
    icmp: target && checkOf(target, 'icmp'),
    snmp: target && checkOf(target, 'snmp'),
  };
  if (!planned.icmp || !planned.snmp) throw new Error(`${siteId}: no ICMP and SNMP checks planned`);
  const log = createLogger('pantau-probe', process.env.PANTAU_LOG_LEVEL ?? 'warn');
  const icmp = createIcmpProber(probeSettingsFor(config.probe, site.kind).icmp.backend, { log });
  const poller = createSnmpPoller({ log, concurrency: 1 });
  const signal = new AbortController().signal;
  const rates = new RateBook();
  try {
    const [icmpResults, firstOutcome] = await Promise.all([
      icmp.probe([{ siteId, host: planned.icmp.host }], planned.icmp.settings, signal),
      poller.poll(planned.snmp.target, planned.snmp.settings, signal),
    ]);
    const first = rates.result(siteId, firstOutcome);
    let second: SnmpProbeResult | null = null;
    if (first.ok && waitMs > 0) {
      await new Promise((r) => setTimeout(r, waitMs));
      second = rates.result(
        siteId,
        await poller.poll(planned.snmp.target, planned.snmp.settings, signal),
      );
    }
    const ping = icmpResults[0];
    if (!ping) throw new Error('the ICMP prober returned no result');
    if (values.json) {
      const replacer = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);
      process.stdout.write(
        `${JSON.stringify({ icmp: ping, snmp: second ?? first }, replacer, 2)}\n`,
      );
    } else {
      const lines = [
        siteLine(site, plan),
        '',
        icmpLine(ping, icmp.name),
        ...snmpLines(site.router.snmp.version, first, second),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    return ping.up && (second ?? first).ok ? 0 : 1;
  } finally {
    await poller.close();
  }
}

export const probeCommand: Command = {
  name: 'probe',
  summary: 'ping and SNMP-poll one site now and print what came back',
  usage,
  run: runProbe,
};
