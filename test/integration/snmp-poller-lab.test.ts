// The SNMP poller against the lab in its network namespace: values equal to what the lab says it
// serves, the WAN found again after a renumbering reboot, faults reported as the right failure,
// and 342 sites polled through one poller and one socket with a concurrency bound of 50.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { Site } from '../../src/inventory/index.js';
import type { LabSite } from '../../src/lab/index.js';
import { silentLogger } from '../../src/logger.js';
import { createSnmpPoller, type NetSnmpPoller } from '../../src/probe/snmp/snmp.js';
import type {
  InterfaceSample,
  SnmpPollOutcome,
  SnmpSample,
  SnmpSettings,
  SnmpTarget,
} from '../../src/probe/types.js';
import { ROOT, type RunningLab, startLab } from '../helpers/lab-process.js';

const DEMO = `${ROOT}config/demo.yaml`;
const SETTINGS: SnmpSettings = { timeoutMs: 500, retries: 1 };

interface Snapshot {
  uptimeS: number;
  engineBoots: number;
  counter64: boolean;
  interfaces: Record<
    'wan' | 'lan',
    {
      ifIndex: number;
      ifName: string;
      operUp: boolean;
      reportedMbps: number;
      hcInOctets: string;
      hcOutOctets: string;
      inOctets32: number;
      outOctets32: number;
    }
  >;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function sampleOf(outcome: SnmpPollOutcome): SnmpSample {
  if (!outcome.ok) throw new Error(`poll failed: ${outcome.failure}: ${outcome.message}`);
  return outcome.sample;
}

function iface(sample: SnmpSample, role: 'wan' | 'lan'): InterfaceSample {
  const found = sample.interfaces.find((i) => i.role === role);
  if (!found) throw new Error(`no ${role} in the sample`);
  return found;
}

describe('the SNMP poller against the lab', () => {
  let lab: RunningLab;
  let poller: NetSnmpPoller;
  let labSites: LabSite[];
  const inventory = new Map<string, Site>();
  let v3: { user: string; authKey: string; privKey: string };

  beforeAll(async () => {
    if (process.getuid?.() !== 0) {
      throw new Error('the lab SNMP tests need root (the lab creates a network namespace)');
    }
    const config = await loadConfig(DEMO, { ...process.env, SNMP_COMMUNITY: 'public' });
    for (const site of config.inventory.sites) inventory.set(site.id, site);
    v3 = config.lab.v3User;
    lab = await startLab(['--config', DEMO, '--no-scenario', '--network', 'namespace']);
    labSites = (await lab.get('/sites')) as LabSite[];
    poller = createSnmpPoller({ log: silentLogger, concurrency: 50 });
  });

  afterAll(async () => {
    await poller?.close();
    await lab?.stop();
  });

  const snapshot = async (id: string): Promise<Snapshot> =>
    ((await lab.get(`/sites/${id}`)) as { now: Snapshot }).now;

  const targetOf = (id: string, changes: Partial<SnmpTarget> = {}): SnmpTarget => {
    const site = inventory.get(id);
    if (!site) throw new Error(`no site ${id} in the demo inventory`);
    return {
      siteId: id,
      host: site.router.host,
      port: site.router.snmpPort,
      credentials: site.router.snmp,
      wan: site.router.wan,
      lan: site.router.lan,
      ...changes,
    };
  };

  const fault = async (body: Record<string, unknown>): Promise<void> => {
    const { status, body: result } = await lab.post('/faults', body);
    expect(status, JSON.stringify(result)).toBe(201);
  };

  /** The sample's row against the lab's snapshots taken just before and just after the poll. */
  function expectRow(row: InterfaceSample, before: Snapshot, after: Snapshot, role: 'wan' | 'lan') {
    const b = before.interfaces[role];
    const a = after.interfaces[role];
    expect(row.ifIndex).toBe(b.ifIndex);
    expect(row.name).toBe(b.ifName);
    expect(row.operUp).toBe(true);
    expect(row.speedMbps).toBe(b.reportedMbps);
    expect(row.inOctets32).not.toBeNull();
    expect(row.inOctets32 as number).toBeGreaterThanOrEqual(b.inOctets32);
    expect(row.inOctets32 as number).toBeLessThanOrEqual(a.inOctets32);
    expect(row.outOctets32 as number).toBeGreaterThanOrEqual(b.outOctets32);
    expect(row.outOctets32 as number).toBeLessThanOrEqual(a.outOctets32);
    if (before.counter64) {
      const hcIn = row.hcInOctets as bigint;
      const hcOut = row.hcOutOctets as bigint;
      expect(typeof hcIn).toBe('bigint');
      expect(hcIn >= BigInt(b.hcInOctets) && hcIn <= BigInt(a.hcInOctets)).toBe(true);
      expect(hcOut >= BigInt(b.hcOutOctets) && hcOut <= BigInt(a.hcOutOctets)).toBe(true);
      // The low 32 bits of the 64-bit counter are the 32-bit counter (no wrap fault is active).
      expect(Number(hcIn % 2n ** 32n)).toBe(row.inOctets32);
    } else {
      expect(row.hcInOctets).toBeNull();
      expect(row.hcOutOctets).toBeNull();
    }
  }

  /** Polls `target` between two snapshots of the lab site `labId` (the target's own id unless set). */
  async function pollBetweenSnapshots(target: SnmpTarget, labId = target.siteId) {
    const before = await snapshot(labId);
    const outcome = await poller.poll(target, SETTINGS, new AbortController().signal);
    const after = await snapshot(labId);
    return { before, after, sample: sampleOf(outcome) };
  }

  it('reads the WAN of 64-bit and Counter32-only routers exactly as the lab serves it', async () => {
    const vsat = labSites.find((s) => s.planId === 'bakti-vsat-4');
    if (!vsat) throw new Error('no bakti-vsat-4 site in the demo');
    const ids = ['opd-bappeda', 'dc-puspem', 'kec-cisoka', vsat.id];
    for (const id of ids) {
      const { before, after, sample } = await pollBetweenSnapshots(targetOf(id));
      expect(sample.interfaces).toHaveLength(1);
      expectRow(iface(sample, 'wan'), before, after, 'wan');
      expect(sample.uptimeTicks).toBeGreaterThanOrEqual(before.uptimeS * 100);
      expect(sample.uptimeTicks).toBeLessThanOrEqual((after.uptimeS + 1) * 100);
      expect(sample.pollMs).toBeGreaterThan(0);
      expect(sample.pollMs).toBeLessThan(500);
    }
    const vsatStats = poller.siteStats(vsat.id);
    expect(vsatStats?.noIfXTable).toBe(true);
    expect(vsatStats?.interfaces.wan).toEqual({ ifIndex: 2, identity: 'ifDescr' });
    // A second poll of a known site is one GET: nothing rediscovered.
    const { before, after, sample } = await pollBetweenSnapshots(targetOf(vsat.id));
    expectRow(iface(sample, 'wan'), before, after, 'wan');
    expect(poller.siteStats(vsat.id)?.rediscoveries).toBe(0);
  });

  it('reads the LAN too when it is configured, by ifName, ifDescr or ifIndex', async () => {
    const vsat = labSites.find((s) => s.planId === 'bakti-vsat-4') as LabSite;
    const cases: [string, SnmpTarget][] = [
      [
        'opd-bappeda',
        targetOf('opd-bappeda', {
          siteId: 'lan-by-name',
          lan: { by: 'ifName', value: 'bridge-lan' },
        }),
      ],
      [
        'opd-bappeda',
        targetOf('opd-bappeda', { siteId: 'lan-by-index', lan: { by: 'ifIndex', value: 7 } }),
      ],
      [
        vsat.id,
        targetOf(vsat.id, { siteId: 'vsat-lan', lan: { by: 'ifDescr', value: 'LAN port 1' } }),
      ],
    ];
    for (const [labId, target] of cases) {
      const before = await snapshot(labId);
      const sample = sampleOf(await poller.poll(target, SETTINGS, new AbortController().signal));
      const after = await snapshot(labId);
      expectRow(iface(sample, 'wan'), before, after, 'wan');
      const lan = iface(sample, 'lan');
      expect(lan.ifIndex).toBe(before.interfaces.lan.ifIndex);
      expect(lan.inOctets32 as number).toBeGreaterThanOrEqual(before.interfaces.lan.inOctets32);
      expect(lan.inOctets32 as number).toBeLessThanOrEqual(after.interfaces.lan.inOctets32);
    }
  });

  it('speaks v1 (no Counter64 asked) and v3 authPriv SHA/AES to the same routers', async () => {
    const v1 = targetOf('opd-bappeda', {
      siteId: 'bappeda-v1',
      credentials: { version: '1', community: 'public' },
    });
    const { before, after, sample } = await pollBetweenSnapshots(v1, 'opd-bappeda');
    const row = iface(sample, 'wan');
    expect(row.hcInOctets).toBeNull();
    expect(row.inOctets32 as number).toBeGreaterThanOrEqual(before.interfaces.wan.inOctets32);
    expect(row.inOctets32 as number).toBeLessThanOrEqual(after.interfaces.wan.inOctets32);
    expect(row.name).toBe('ether1');

    const authPriv = targetOf('kec-cisoka', {
      siteId: 'cisoka-v3',
      credentials: {
        version: '3',
        level: 'authPriv',
        user: v3.user,
        authProtocol: 'sha',
        authKey: v3.authKey,
        privProtocol: 'aes',
        privKey: v3.privKey,
      },
    });
    const third = await pollBetweenSnapshots(authPriv, 'kec-cisoka');
    expectRow(iface(third.sample, 'wan'), third.before, third.after, 'wan');
    const wrongKey = await poller.poll(
      {
        ...authPriv,
        siteId: 'cisoka-v3-wrong',
        credentials: {
          ...(authPriv.credentials as object),
          authKey: 'not-the-key',
        } as SnmpTarget['credentials'],
      },
      SETTINGS,
      new AbortController().signal,
    );
    expect(wrongKey).toMatchObject({ ok: false, failure: 'auth' });
  });

  it('finds the WAN again after a reboot that renumbers the interfaces', async () => {
    const id = 'opd-inspektorat';
    const target = targetOf(id);
    const first = sampleOf(await poller.poll(target, SETTINGS, new AbortController().signal));
    const oldIndex = iface(first, 'wan').ifIndex;
    await fault({ kind: 'reboot', site: id, downFor: '1s', renumber: true });
    await sleep(1300);
    let outcome: SnmpPollOutcome | null = null;
    for (let i = 0; i < 10 && !outcome?.ok; i++) {
      outcome = await poller.poll(target, SETTINGS, new AbortController().signal);
    }
    const after = await snapshot(id);
    const sample = sampleOf(outcome as SnmpPollOutcome);
    const wan = iface(sample, 'wan');
    expect(after.interfaces.wan.ifIndex).toBe(oldIndex + 10);
    expect(wan.ifIndex).toBe(after.interfaces.wan.ifIndex);
    expect(wan.name).toBe(after.interfaces.wan.ifName);
    expect(sample.uptimeTicks).toBeLessThan(first.uptimeTicks);
    expect(wan.hcInOctets as bigint).toBeLessThanOrEqual(BigInt(after.interfaces.wan.hcInOctets));
    expect(poller.siteStats(id)?.rediscoveries).toBeGreaterThanOrEqual(1);
    expect(poller.siteStats(id)?.interfaces.wan?.ifIndex).toBe(oldIndex + 10);
    await lab.post('/heal', {});
  });

  it('keeps a v3 session working across a reboot (new engineBoots, engineTime from zero)', async () => {
    const id = 'opd-bpkad';
    const target = targetOf(id, {
      siteId: 'bpkad-v3',
      credentials: {
        version: '3',
        level: 'authPriv',
        user: v3.user,
        authProtocol: 'sha',
        authKey: v3.authKey,
        privProtocol: 'aes',
        privKey: v3.privKey,
      },
    });
    const before = sampleOf(await poller.poll(target, SETTINGS, new AbortController().signal));
    const boots = (await snapshot(id)).engineBoots;
    await fault({ kind: 'reboot', site: id, downFor: '1s' });
    await sleep(1300);
    let outcome: SnmpPollOutcome | null = null;
    for (let i = 0; i < 10 && !outcome?.ok; i++) {
      outcome = await poller.poll(target, SETTINGS, new AbortController().signal);
    }
    const after = sampleOf(outcome as SnmpPollOutcome);
    expect((await snapshot(id)).engineBoots).toBe(boots + 1);
    // net-snmp resynchronises on the agent's notInTimeWindow report within the same poll.
    expect(poller.siteStats('bpkad-v3')).toMatchObject({ ok: 2, failures: {} });
    expect(after.uptimeTicks).toBeLessThan(before.uptimeTicks);
    expect(iface(after, 'wan').ifIndex).toBe(iface(before, 'wan').ifIndex);
  });

  it('reports a silent agent as a timeout and each malformed reply as a bad reply, counted', async () => {
    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      ['opd-bapenda', { kind: 'snmp-silent' }, 'timeout', /no reply within 1000 ms/],
      ['opd-bkpsdm', { kind: 'snmp-malformed', form: 'garbage' }, 'bad-reply', /undecodable/],
      [
        'opd-dinas-pendidikan',
        { kind: 'snmp-malformed', form: 'truncated' },
        'bad-reply',
        /undecodable|invalid reply|matched no outstanding/,
      ],
      [
        'opd-dinas-sosial',
        { kind: 'snmp-malformed', form: 'wrong-request-id' },
        'bad-reply',
        /matched no outstanding request/,
      ],
      [
        'opd-dinas-kesehatan',
        { kind: 'snmp-malformed', form: 'wrong-type' },
        'bad-reply',
        /is OctetString, expected/,
      ],
    ];
    for (const [id, spec, failure, message] of cases) {
      expect(inventory.has(id), id).toBe(true);
      const target = targetOf(id);
      // Known first, so the fault hits the poll's GET rather than the discovery walk.
      sampleOf(await poller.poll(target, SETTINGS, new AbortController().signal));
      await fault({ ...spec, site: id });
      const polls = await Promise.all([
        poller.poll(target, SETTINGS, new AbortController().signal),
        poller.poll(target, SETTINGS, new AbortController().signal),
      ]);
      // Two at once: the second is refused while the first is in flight.
      expect(polls[1]).toMatchObject({
        ok: false,
        failure: 'send-failed',
        message: expect.stringMatching(/still in flight/),
      });
      const outcome = polls[0] as SnmpPollOutcome;
      expect(outcome, id).toMatchObject({ ok: false, failure });
      if (!outcome.ok) {
        expect(outcome.message).toMatch(message);
        expect(outcome.pollMs).toBeLessThan(1500);
      }
      const again = await poller.poll(target, SETTINGS, new AbortController().signal);
      expect(again).toMatchObject({ ok: false, failure });
      expect(poller.siteStats(id)?.failures).toEqual({ [failure]: 2, 'send-failed': 1 });
      await lab.post('/heal', { site: id });
      sampleOf(await poller.poll(target, SETTINGS, new AbortController().signal));
    }
  });

  it('polls every site of the regency at once through one socket, 50 at a time', async () => {
    const many = createSnmpPoller({ log: silentLogger, concurrency: 50 });
    try {
      const targets = labSites.map((s) => targetOf(s.id));
      expect(targets.length).toBeGreaterThanOrEqual(300);
      const t0 = performance.now();
      const running = targets.map((t) => many.poll(t, SETTINGS, new AbortController().signal));
      const midway = many.stats();
      expect(midway.inFlight).toBe(50);
      expect(midway.queued).toBe(targets.length - 50);
      const outcomes = await Promise.all(running);
      const elapsed = performance.now() - t0;
      const failed = outcomes.flatMap((o, i) =>
        o.ok ? [] : [`${targets[i]?.siteId}: ${o.failure} ${o.message}`],
      );
      expect(failed).toEqual([]);
      const stats = many.stats();
      expect(stats.ok).toBe(targets.length);
      expect(stats.transport.channels).toBe(targets.length);
      expect(stats.transport.droppedUnknownSource).toBe(0);
      expect(stats.inFlight).toBe(0);
      expect(elapsed).toBeLessThan(20_000);
    } finally {
      await many.close();
    }
  });
});
