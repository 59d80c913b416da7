// The collectors against the lab: rates that match what the lab served, no spikes across reboots
// and wraps, outages seen within confirmation + one interval, no false outages under loss, and a
// killed worker's sites probed again within one interval.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CollectorTarget, CollectorPool, collectorSites } from '../../src/collector/index.js';
import { LatestResults, type ProbeResultSink } from '../../src/pipeline/index.js';
import { loadConfig } from '../../src/config/index.js';
import type { LabSite } from '../../src/lab/index.js';
import { silentLogger } from '../../src/logger.js';
import type { IcmpProbeResult, ProbeResult, SnmpProbeResult } from '../../src/probe/index.js';
import { withChecks, workerSettings } from '../helpers/collector-targets.js';
import { ROOT, type RunningLab, startLab } from '../helpers/lab-process.js';

const DEMO = `${ROOT}config/demo.yaml`;

/** Every result, in arrival order, with the time it arrived. */
class Recorder implements ProbeResultSink {
  readonly results: { arrived: number; result: ProbeResult }[] = [];
  accept(results: readonly ProbeResult[]): void {
    const arrived = Date.now();
    for (const result of results) this.results.push({ arrived, result });
  }
  snmp(siteId: string): SnmpProbeResult[] {
    return this.results
      .map((r) => r.result)
      .filter((r): r is SnmpProbeResult => r.kind === 'snmp' && r.siteId === siteId);
  }
  icmp(siteId: string): { arrived: number; result: IcmpProbeResult }[] {
    return this.results.filter(
      (r): r is { arrived: number; result: IcmpProbeResult } =>
        r.result.kind === 'icmp' && r.result.siteId === siteId,
    );
  }
}

/** The collector's view of lab sites, with the test's intervals and quick timeouts. */
function site(lab: LabSite, intervals: { icmpMs: number; snmpMs: number }): CollectorTarget {
  const base = planned.get(lab.id);
  if (!base) throw new Error(`no site ${lab.id} in the demo inventory`);
  return withChecks(base, {
    icmp: {
      intervalMs: intervals.icmpMs,
      settings: { count: 3, timeoutMs: 300, confirm: { attempts: 3, intervalMs: 200 } },
      backend: 'fping',
    },
    snmp: { intervalMs: intervals.snmpMs, settings: { timeoutMs: 500, retries: 1 } },
  });
}

const planned = new Map<string, CollectorTarget>();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('collectors against the lab', () => {
  let lab: RunningLab;
  let sites: LabSite[];
  const byId = new Map<string, LabSite>();

  beforeAll(async () => {
    if (process.getuid?.() !== 0)
      throw new Error('the collector tests need root (the lab namespace)');
    lab = await startLab(['--config', DEMO, '--no-scenario', '--network', 'namespace']);
    sites = (await lab.get('/sites')) as LabSite[];
    for (const s of sites) byId.set(s.id, s);
    const config = await loadConfig(DEMO, { ...process.env, SNMP_COMMUNITY: 'public' });
    for (const s of collectorSites(config.inventory, config.probe)) planned.set(s.siteId, s);
  });

  afterAll(async () => {
    await lab?.stop();
  });

  const served = async (id: string, from: number, to: number) =>
    (
      (await lab.get(`/sites/${id}/octets?from=${Math.round(from)}&to=${Math.round(to)}`)) as {
        octets: { wan: { in: number; out: number } };
      }
    ).octets.wan;

  it('computes rates that match the octets the lab served, within 1 %, for 64- and 32-bit counters', async () => {
    const vsat = sites.filter((s) => s.planId === 'bakti-vsat-4').slice(0, 2);
    const chosen = [
      byId.get('opd-bappeda'),
      byId.get('kec-cisoka'),
      byId.get('dc-puspem'),
      ...vsat,
    ].filter((s): s is LabSite => s !== undefined);
    const recorder = new Recorder();
    const pool = new CollectorPool({
      sites: chosen.map((s) => site(s, { icmpMs: 60_000, snmpMs: 3000 })),
      workers: 2,
      probe: workerSettings(50),
      sink: recorder,
      log: silentLogger,
    });
    await pool.start();
    try {
      await until(
        () => chosen.every((s) => recorder.snmp(s.id).filter((r) => r.ok).length >= 4),
        30_000,
        'four polls of each site',
      );
      // The SNMP pollers' own figures reach the pool (for /metrics), summed over both workers.
      const figure = (field: string) =>
        pool.proberFigures().find((f) => f.field === field)?.value ?? Number.NaN;
      const okPolls = () => recorder.results.filter((r) => r.result.kind === 'snmp' && r.result.ok);
      await until(
        () => figure('snmp_polls_ok') >= chosen.length * 4,
        10_000,
        'the workers’ poller figures',
      );
      const recorded = okPolls().length;
      expect(figure('snmp_polls_ok')).toBeGreaterThanOrEqual(recorded - chosen.length * 2);
      expect(figure('snmp_polls_ok')).toBeLessThanOrEqual(recorded + chosen.length);
      expect(figure('snmp_polls')).toBeGreaterThanOrEqual(figure('snmp_polls_ok'));
      expect(figure('snmp_datagrams_sent')).toBeGreaterThanOrEqual(figure('snmp_polls'));
      expect(figure('snmp_sessions')).toBe(chosen.length);
      expect(pool.proberFigures().find((f) => f.field === 'snmp_polls')?.metric?.name).toBe(
        'pantau_snmp_polls_total',
      );
    } finally {
      await pool.stop();
    }
    for (const s of chosen) {
      const rates = recorder
        .snmp(s.id)
        .flatMap((r) => (r.ok ? r.interfaces.flatMap((i) => i.rates) : []));
      expect(rates.length, s.id).toBeGreaterThanOrEqual(3);
      const expectedSource = s.planId === 'bakti-vsat-4' ? 'counter32' : 'counter64';
      for (const rate of rates) {
        expect(rate.source).toBe(expectedSource);
        const truth = await served(s.id, rate.at - rate.intervalMs, rate.at);
        expect(
          Math.abs(rate.inOctets - truth.in) / Math.max(truth.in, 1),
          `${s.id} in`,
        ).toBeLessThan(0.01);
        expect(
          Math.abs(rate.outOctets - truth.out) / Math.max(truth.out, 1),
          `${s.id} out`,
        ).toBeLessThan(0.01);
      }
    }
  });

  it('gives no spike and no negative rate across a reboot and a Counter32 wrap', async () => {
    const rebooted = byId.get('opd-dinas-pupr') as LabSite;
    const wrapped = sites.find(
      (s) => s.planId === 'bakti-vsat-4' && s.id !== 'desa-gunung-kaler-03',
    ) as LabSite;
    const wan32 = async (id: string): Promise<number> =>
      ((await lab.get(`/sites/${id}`)) as { now: { interfaces: { wan: { inOctets32: number } } } })
        .now.interfaces.wan.inOctets32;
    let nearWrap = 0;
    let afterWrap = 0;
    const recorder = new Recorder();
    const pool = new CollectorPool({
      sites: [rebooted, wrapped].map((s) => site(s, { icmpMs: 60_000, snmpMs: 2000 })),
      workers: 1,
      probe: workerSettings(10),
      sink: recorder,
      log: silentLogger,
    });
    await pool.start();
    try {
      await until(() => recorder.snmp(wrapped.id).length >= 2, 10_000, 'first polls');
      expect(
        (await lab.post('/faults', { kind: 'counter32-wrap', site: wrapped.id, in: '3s' })).status,
      ).toBe(201);
      nearWrap = await wan32(wrapped.id);
      expect(
        (await lab.post('/faults', { kind: 'reboot', site: rebooted.id, downFor: '1s' })).status,
      ).toBe(201);
      await sleep(12_000);
      afterWrap = await wan32(wrapped.id);
    } finally {
      await pool.stop();
    }
    const reasons = recorder
      .snmp(rebooted.id)
      .flatMap((r) => (r.ok ? r.interfaces.map((i) => i.noRate) : []));
    expect(reasons).toContain('reboot');
    for (const s of [rebooted, wrapped]) {
      for (const r of recorder.snmp(s.id)) {
        if (!r.ok) continue;
        for (const iface of r.interfaces) {
          for (const rate of iface.rates) {
            expect(rate.inBps).toBeGreaterThanOrEqual(0);
            expect(rate.outBps).toBeGreaterThanOrEqual(0);
            const truth = await served(s.id, rate.at - rate.intervalMs, rate.at);
            expect(
              Math.abs(rate.inOctets - truth.in) / Math.max(truth.in, 1),
              `${s.id} at ${rate.at}`,
            ).toBeLessThan(0.01);
          }
        }
      }
    }
    // The wrap really happened while the collector polled: the 32-bit counter went past 2^32.
    expect(nearWrap).toBeGreaterThan(2 ** 32 - 2 ** 26);
    expect(afterWrap).toBeLessThan(nearWrap);
    const wrappedRates = recorder
      .snmp(wrapped.id)
      .flatMap((r) => (r.ok ? r.interfaces.flatMap((i) => i.rates) : []));
    expect(wrappedRates.length).toBeGreaterThanOrEqual(4);
  });

  it('reports a site that went down within confirmation + one interval, and nobody else', async () => {
    const intervalMs = 2000;
    const recorder = new Recorder();
    const pool = new CollectorPool({
      sites: sites.map((s) => site(s, { icmpMs: intervalMs, snmpMs: 60_000 })),
      workers: 2,
      probe: workerSettings(100),
      sink: recorder,
      log: silentLogger,
    });
    const target = byId.get('desa-jambe-02') as LabSite;
    await pool.start();
    try {
      await until(() => recorder.icmp(target.id).length >= 1, 10_000, 'a first ICMP result');
      const downAt = Date.now();
      expect((await lab.post('/faults', { kind: 'down', site: target.id })).status).toBe(201);
      await until(
        () => recorder.icmp(target.id).some((r) => r.arrived > downAt && !r.result.up),
        15_000,
        'the outage',
      );
      const detected = recorder.icmp(target.id).find((r) => r.arrived > downAt && !r.result.up);
      // confirmation: 3 attempts 200 ms apart + a 300 ms timeout; one interval; and the probe itself
      const bound = 3 * 200 + 300 + intervalMs + 1500;
      expect((detected?.arrived ?? Number.POSITIVE_INFINITY) - downAt).toBeLessThan(bound);
      expect(detected?.result.confirmation).toEqual({ attempts: 3, received: 0 });
      const others = recorder.results
        .filter(
          (r) => r.arrived > downAt && r.result.kind === 'icmp' && r.result.siteId !== target.id,
        )
        .map((r) => r.result as IcmpProbeResult);
      expect(others.filter((r) => !r.up).map((r) => r.siteId)).toEqual([]);
    } finally {
      await lab.post('/heal', {});
      await pool.stop();
    }
  });

  it('reports no site down under 5 % random loss over 20 cycles (10 minutes at 30 s)', async () => {
    const roots = sites.filter((s) => s.parentId === null);
    for (const root of roots) {
      expect((await lab.post('/faults', { kind: 'loss', site: root.id, lossPct: 5 })).status).toBe(
        201,
      );
    }
    const recorder = new Recorder();
    const pool = new CollectorPool({
      sites: sites.map((s) => site(s, { icmpMs: 1500, snmpMs: 600_000 })),
      workers: 2,
      probe: workerSettings(100),
      sink: recorder,
      log: silentLogger,
    });
    await pool.start();
    try {
      await until(
        () => sites.every((s) => recorder.icmp(s.id).length >= 20),
        90_000,
        '20 cycles of every site',
      );
    } finally {
      await pool.stop();
      await lab.post('/heal', {});
    }
    const icmp = recorder.results
      .map((r) => r.result)
      .filter((r): r is IcmpProbeResult => r.kind === 'icmp');
    expect(icmp.filter((r) => !r.up).map((r) => r.siteId)).toEqual([]);
    // The loss was real: some probes lost packets.
    expect(icmp.filter((r) => r.lossPct > 0).length).toBeGreaterThan(20);
  });

  it('probes a killed worker’s sites again within one interval', async () => {
    const intervalMs = 3000;
    const recorder = new LatestResults();
    const log: ProbeResult[] = [];
    const pool = new CollectorPool({
      sites: sites.slice(0, 120).map((s) => site(s, { icmpMs: intervalMs, snmpMs: intervalMs })),
      workers: 2,
      probe: workerSettings(100),
      sink: {
        accept(results) {
          recorder.accept(results);
          log.push(...results);
        },
      },
      log: silentLogger,
      restartDelayMs: 100,
    });
    await pool.start();
    try {
      await sleep(intervalMs + 500);
      const shard = sites.slice(0, 120).filter((s) => pool.workerOf(s.id) === 0);
      expect(shard.length).toBeGreaterThan(10);
      const polls = () =>
        pool.proberFigures().find((f) => f.field === 'snmp_polls')?.value ?? Number.NaN;
      const pollsBefore = polls();
      expect(pollsBefore).toBeGreaterThan(0);
      const killedAt = Date.now();
      await pool.killWorker(0);
      // The restarted worker counts from 0; the pool carries what its earlier life counted, so the
      // sum never goes back (without the carry it would fall to the other worker's share).
      expect(polls()).toBeGreaterThanOrEqual(pollsBefore);
      await sleep(intervalMs + 1500);
      expect(pool.restarts).toBe(1);
      expect(polls()).toBeGreaterThan(pollsBefore);
      for (const s of shard) {
        const after = log.filter((r) => r.siteId === s.id && r.at >= killedAt);
        expect(
          after.some((r) => r.kind === 'icmp'),
          `${s.id} icmp`,
        ).toBe(true);
        expect(
          after.some((r) => r.kind === 'snmp'),
          `${s.id} snmp`,
        ).toBe(true);
      }
    } finally {
      await pool.stop();
    }
  });
});
