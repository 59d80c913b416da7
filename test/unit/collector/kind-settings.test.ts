// Per-kind probe settings: what a site kind may change is in effect in the collector (a kind's
// ICMP back end really pings with that back end), and what holds for a whole worker (SNMP
// concurrency) is refused under a site kind with where it belongs.

import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { checkOf, CollectorLoop, collectorSites } from '../../../src/collector/index.js';
import { loadConfig } from '../../../src/config/index.js';
import type { ProbeResult } from '../../../src/probe/index.js';
import { configProblems } from '../../helpers/config-problems.js';
import { lines, tempFiles } from '../../helpers/temp-files.js';

const site = (id: string, kind: string, extra: string[] = []) => [
  `  - id: ${id}`,
  `    name: ${id}`,
  `    kind: ${kind}`,
  '    kecamatan: Cisoka',
  '    router: { host: 127.0.0.1, snmp: { version: 2c, community: public }, wan: { ifName: ether1 } }',
  '    isp: telkom',
  '    plan: p',
  '    contract: { start: 2025-01-01 }',
  ...extra,
];
const PLAN = [
  'plans:',
  '  - { id: p, isp: telkom, product: x, mbps: 10, billing: { model: flat, monthlyIdr: 1 } }',
];

describe('probe settings per site kind', () => {
  it('refuses snmp.concurrency under a site kind, naming file:line and where it belongs', async () => {
    expect(
      await configProblems({
        'main.yaml': lines(
          'probe:',
          '  snmp: { concurrency: 200 }',
          '  kinds:',
          '    desa:',
          '      snmp: { retries: 2, concurrency: 50 }',
        ),
      }),
    ).toEqual([
      'main.yaml:5:27: probe.kinds.desa.snmp.concurrency: not a per-kind setting (it limits the SNMP requests in flight of a whole collector worker, whatever the site kind): set it under probe.snmp.concurrency',
    ]);
  });

  it("uses a kind's ICMP back end: desa sites are pinged by `ping`, the others by fping", async () => {
    const dir = tempFiles({
      'main.yaml': lines(
        'probe:',
        '  icmp: { interval: 1s, count: 1, timeout: 300ms, backend: fping, confirm: { attempts: 0 } }',
        '  tcp: { interval: 1s, timeout: 300ms }',
        '  kinds:',
        '    desa: { icmp: { backend: ping } }',
        'inventory: { files: [inv.yaml] }',
      ),
      'inv.yaml': lines(
        ...PLAN,
        'sites:',
        ...site('desa-a', 'desa'),
        ...site('opd-a', 'opd', ['    liveness: { tcp: 9 }']),
      ),
    });
    const config = await loadConfig(join(dir, 'main.yaml'), {});
    const targets = collectorSites(config.inventory, config.probe);
    const byId = new Map(targets.map((t) => [t.siteId, t]));
    expect(checkOf(byId.get('desa-a')!, 'icmp')?.backend).toBe('ping');
    expect(checkOf(byId.get('opd-a')!, 'icmp')?.backend).toBe('fping');
    // Only the site with `liveness: { tcp }` gets a TCP check, with the probe.tcp settings.
    expect(checkOf(byId.get('opd-a')!, 'tcp')).toMatchObject({
      port: 9,
      intervalMs: 1000,
      timeoutMs: 300,
    });
    expect(checkOf(byId.get('desa-a')!, 'tcp')).toBeUndefined();

    const logged: { backend?: string; prober?: string; msg?: string }[] = [];
    const log = pino(
      { level: 'debug' },
      { write: (line: string) => logged.push(JSON.parse(line)) },
    );
    const results: ProbeResult[] = [];
    const loop = new CollectorLoop({
      sites: targets.map((t) => ({ ...t, checks: t.checks.filter((c) => c.kind === 'icmp') })),
      probe: config.probe.defaults,
      emit: (r) => results.push(...r),
      summary: () => {},
      log,
      worker: 0,
      workers: 1,
    });
    loop.start();
    try {
      const end = Date.now() + 5000;
      while (
        !(results.some((r) => r.siteId === 'desa-a') && results.some((r) => r.siteId === 'opd-a'))
      ) {
        if (Date.now() > end) throw new Error('no ping of both sites within 5 s');
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      await loop.stop();
    }
    const ready = logged.filter((l) => l.msg === 'ICMP prober ready');
    expect(ready.map((l) => [l.backend, l.prober]).sort()).toEqual([
      ['fping', 'fping'],
      ['ping', 'ping'],
    ]);
    expect(results.filter((r) => r.kind === 'icmp').every((r) => r.kind === 'icmp' && r.up)).toBe(
      true,
    );
  });
});
