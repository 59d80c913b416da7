// TCP connect as a site's liveness, against the lab: the collector's real TCP connects and
// pings feed the status engine. With ICMP dropped inside the lab namespace, the site judged by
// TCP (the kernel there answers the SYN with a RST: the host is up) stays up while a site judged
// by ping goes down; with all its traffic dropped, the TCP site goes down too.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectorPool, collectorSites } from '../../src/collector/index.js';
import { loadConfig, type PantauConfig, probeSettingsFor } from '../../src/config/index.js';
import { SITE_KINDS, type Site } from '../../src/inventory/index.js';
import type { LabSite } from '../../src/lab/index.js';
import { silentLogger } from '../../src/logger.js';
import type { ProbeResult } from '../../src/probe/index.js';
import { StatusEngine } from '../../src/status/index.js';
import { withChecks, workerSettings } from '../helpers/collector-targets.js';
import { ROOT, type RunningLab, startLab } from '../helpers/lab-process.js';

const DEMO = `${ROOT}config/demo.yaml`;
const run = promisify(execFile);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('TCP liveness against the lab', () => {
  let lab: RunningLab;
  let config: PantauConfig;
  let sites: LabSite[];

  beforeAll(async () => {
    if (process.getuid?.() !== 0)
      throw new Error('the TCP liveness test needs root (the lab namespace)');
    lab = await startLab(['--config', DEMO, '--no-scenario', '--network', 'namespace']);
    sites = (await lab.get('/sites')) as LabSite[];
    config = await loadConfig(DEMO, { ...process.env, SNMP_COMMUNITY: 'public' });
  });

  afterAll(async () => {
    await lab?.stop();
  });

  it('keeps a TCP-judged site up while its ICMP is dropped, and takes it down when all traffic is', async () => {
    const [byTcp, byPing] = sites.filter((s) => s.kind === 'desa').slice(0, 2) as [
      LabSite,
      LabSite,
    ];
    const ns = config.lab.namespace;
    const inventorySite = (id: string): Site => {
      const s = config.inventory.sites.find((x) => x.id === id);
      if (!s) throw new Error(`no site ${id}`);
      return s;
    };
    // byTcp is one of those routers behind an ISP that drops ping: judged by a connect to Winbox.
    const chosen: Site[] = [
      { ...inventorySite(byTcp.id), liveness: { tcp: 8291 }, parentId: null },
      { ...inventorySite(byPing.id), parentId: null },
    ];
    const targets = collectorSites(
      { sites: chosen, plans: config.inventory.plans },
      config.probe,
    ).map((t) =>
      withChecks(
        { ...t, checks: t.checks.filter((c) => c.kind !== 'snmp') },
        {
          icmp: {
            intervalMs: 1000,
            settings: { count: 2, timeoutMs: 300, confirm: { attempts: 1, intervalMs: 200 } },
          },
          tcp: { intervalMs: 1000, timeoutMs: 400, attempts: 2 },
        },
      ),
    );
    expect(targets.map((t) => t.checks.map((c) => c.kind))).toEqual([['icmp', 'tcp'], ['icmp']]);

    const thresholds = Object.fromEntries(
      SITE_KINDS.map((k) => [k, probeSettingsFor(config.probe, k).thresholds]),
    ) as ConstructorParameters<typeof StatusEngine>[0]['thresholds'];
    const engine = new StatusEngine({ sites: chosen, thresholds, isolation: null });
    const heard: ProbeResult[] = [];
    const pool = new CollectorPool({
      sites: targets,
      workers: 1,
      probe: workerSettings(10),
      sink: {
        accept(results) {
          heard.push(...results);
          engine.apply(results, Date.now());
        },
      },
      log: silentLogger,
    });
    const state = (id: string) => engine.stateOf(id)?.status.state;
    const until = async (check: () => boolean, what: string, ms = 15_000) => {
      const end = Date.now() + ms;
      while (!check()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await sleep(100);
      }
    };
    const rules: string[][] = [];
    const iptables = async (...rule: string[]) => {
      await run('ip', ['netns', 'exec', ns, 'iptables', '-I', ...rule]);
      rules.push(rule);
    };
    await pool.start();
    try {
      await until(() => state(byTcp.id) === 'up' && state(byPing.id) === 'up', 'both sites up');
      const tcpUp = heard.filter((r) => r.kind === 'tcp' && r.siteId === byTcp.id && r.up);
      // Nothing listens on 8291 in the lab: the kernel's RST is the answer, and it means alive.
      expect(tcpUp.length).toBeGreaterThan(0);
      expect(tcpUp.every((r) => r.kind === 'tcp' && r.refused)).toBe(true);

      // The ISPs drop ICMP to both sites.
      for (const s of [byTcp, byPing])
        await iptables('INPUT', '-d', s.servedAt.address, '-p', 'icmp', '-j', 'DROP');
      const droppedAt = Date.now();
      await until(() => state(byPing.id) === 'down', 'the ping-judged site down');
      await until(
        () =>
          heard.some(
            (r) => r.kind === 'icmp' && r.siteId === byTcp.id && r.at > droppedAt && !r.up,
          ),
        'a failed ping of the TCP-judged site',
      );
      await sleep(2500);
      expect(state(byTcp.id)).toBe('up');

      // A real outage: every packet to the TCP-judged site is dropped.
      await iptables('INPUT', '-d', byTcp.servedAt.address, '-j', 'DROP');
      await until(() => state(byTcp.id) === 'down', 'the TCP-judged site down');
      const failed = heard.filter((r) => r.kind === 'tcp' && r.siteId === byTcp.id && !r.up);
      expect(failed.at(-1)).toMatchObject({ failure: 'timeout', attempts: 2 });
    } finally {
      await pool.stop();
      for (const rule of rules.reverse())
        await run('ip', ['netns', 'exec', ns, 'iptables', '-D', ...rule]).catch(() => {});
    }
  });
});
