// `pantau serve` against the lab, watched as engineers watch it: over the API and socket.io. A
// kecamatan office taken down gives one down incident for it and unreachable incidents for exactly
// the sites behind it; its neighbours with their own ISP link stay up; a socket.io client sees
// the change as soon as the API shows it, a client scoped to another kecamatan does not; healing
// closes every incident. A restart in the middle of an outage keeps its incident open and emits
// nothing; the lab cut off from Pantau along with its reference target is one isolation, no
// incident and no downtime charged.

import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PantauConfig } from '../../src/config/index.js';
import { LINK_LAB_ADDRESS, labNetworkNames } from '../../src/lab/index.js';
import { type RunningLab, runTool } from '../helpers/lab-process.js';
import { DEMO_INVENTORY, type ServeLab, startServeLab } from '../helpers/serve-lab.js';
import type { RunningServe } from '../helpers/serve-process.js';
import { until } from '../helpers/until.js';

const netns = 'pantau-lab';
// Everything from Pantau's side of the lab link, dropped inside the lab: sites and gateway alike.
const CUT_RULE = ['INPUT', '-i', labNetworkNames(netns).labLink, '-j', 'DROP'];

interface SiteRow {
  id: string;
  state: string;
  causeId: string | null;
}
interface IncidentRow {
  id: number;
  siteId: string;
  openedAt: number;
  closedAt: number | null;
}
interface LiveChange {
  siteId: string;
  state: string;
  since: number | null;
}
interface Batch {
  at: number;
  changes: LiveChange[];
  isolation?: unknown;
}
interface AvailabilityRow {
  siteId: string;
  own: { downMs: number };
  withUpstream: { downMs: number };
  excludedMs: number;
}

/** Collects a socket.io client's batches, in a given kecamatan scope or for every site. */
async function watch(
  url: string,
  kecamatan: string | null,
): Promise<{ socket: Socket; batches: Batch[]; snapshot: { sites: LiveChange[] } }> {
  const socket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    auth: kecamatan === null ? {} : { kecamatan },
  });
  const batches: Batch[] = [];
  socket.on('batch', (m: Omit<Batch, 'at'>) => batches.push({ at: Date.now(), ...m }));
  const snapshot = await new Promise<{ sites: LiveChange[] }>((resolve, reject) => {
    socket.once('snapshot', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, batches, snapshot };
}

describe('live status against the lab', () => {
  let setup: ServeLab;
  let lab: RunningLab;
  let serve: RunningServe;
  let api: string;
  let config: PantauConfig;
  let socket: Socket;
  let batches: Batch[];
  const sockets: Socket[] = [];

  const get = <T>(path: string): Promise<T> => setup.get<T>(path);
  const everyOneUp = async (): Promise<boolean> =>
    (await get<{ total: Record<string, number> }>('/api/summary')).total.up ===
    config.inventory.sites.length;

  beforeAll(async () => {
    setup = await startServeLab('live-status');
    ({ config, lab, api } = setup);
    await setup.writeConfig('pantau_live', [DEMO_INVENTORY], {
      // Only the reference target (the lab's end of its link) may say Pantau is cut off.
      status: {
        isolation: {
          referenceTargets: [{ id: 'lab-gateway', host: LINK_LAB_ADDRESS }],
          share: 'off',
        },
      },
    });
    serve = await setup.startServe(everyOneUp, 60_000, 'every site up');
    ({ socket, batches } = await watch(api, null));
    sockets.push(socket);
  }, 180_000);

  /** Waits until every site is up; on timeout says which are not, and how. */
  async function everySiteUp(what: string, ms: number): Promise<void> {
    await until(everyOneUp, ms, what).catch(async (error: unknown) => {
      const rows = (await get<{ items: SiteRow[] }>('/api/sites?limit=1000')).items;
      const notUp = rows.filter((r) => r.state !== 'up').map((r) => `${r.id}: ${r.state}`);
      throw new Error(`${String(error)}; not up: ${notUp.join(', ')}`);
    });
  }

  afterAll(async () => {
    for (const s of sockets) s.close();
    // The isolation test's rule, should that test have failed before removing it.
    if (lab) await runTool('ip', ['netns', 'exec', netns, 'iptables', '-D', ...CUT_RULE]);
    await setup?.stop();
  });

  it('gives the live snapshot by HTTP, and a socket that resumes from its version gets only what came after', async () => {
    const snapshot = await get<{
      epoch: string;
      version: number;
      kecamatan: string | null;
      sites: LiveChange[];
    }>('/api/live/snapshot');
    expect(snapshot.kecamatan).toBeNull();
    expect(snapshot.sites.map((s) => s.siteId).sort()).toEqual(
      config.inventory.sites.map((s) => s.id).sort(),
    );
    expect(snapshot.sites.every((s) => s.state === 'up')).toBe(true);
    const resuming = io(api, {
      transports: ['websocket'],
      reconnection: false,
      auth: { epoch: snapshot.epoch, version: snapshot.version },
    });
    sockets.push(resuming);
    const first = await new Promise<{ event: string; fromVersion?: number; toVersion?: number }>(
      (resolve, reject) => {
        resuming.once('resumed', (m: { fromVersion: number; toVersion: number }) =>
          resolve({ event: 'resumed', ...m }),
        );
        resuming.once('snapshot', () => resolve({ event: 'snapshot' }));
        resuming.once('connect_error', reject);
      },
    );
    expect(first.event).toBe('resumed');
    expect(first.fromVersion).toBe(snapshot.version + 1);
    expect(first.toVersion).toBeGreaterThanOrEqual(snapshot.version);
    resuming.close();
  });

  it('takes a kecamatan office down: one down incident, unreachable incidents for exactly its dependants, its own-link neighbours up, seen over socket.io', async () => {
    const office = 'kec-cisoka';
    const dependants = config.inventory.sites
      .filter((s) => s.parentId === office)
      .map((s) => s.id)
      .sort();
    const ownLink = config.inventory.sites
      .filter((s) => s.kecamatan === 'Cisoka' && s.parentId === null && s.id !== office)
      .map((s) => s.id);
    expect(dependants.length).toBeGreaterThan(0);
    expect(ownLink.length).toBeGreaterThan(0);
    // A page scoped to Cisoka gets only Cisoka's sites; one scoped to Tigaraksa none of them.
    const cisoka = await watch(api, 'Cisoka');
    const tigaraksa = await watch(api, 'Tigaraksa');
    sockets.push(cisoka.socket, tigaraksa.socket);
    const inCisoka = new Set(
      config.inventory.sites.filter((s) => s.kecamatan === 'Cisoka').map((s) => s.id),
    );
    expect(cisoka.snapshot.sites.map((s) => s.siteId).sort()).toEqual([...inCisoka].sort());
    expect(tigaraksa.snapshot.sites.some((s) => inCisoka.has(s.siteId))).toBe(false);

    const fault = await lab.post('/faults', { kind: 'down', site: office });
    expect(fault.status).toBe(201);
    const faultedAt = Date.now();
    // The API first shows the office down; the socket.io client must have it within a second.
    await until(
      async () => (await get<{ site: SiteRow }>(`/api/sites/${office}`)).site.state === 'down',
      60_000,
      'the office down',
    );
    const shownAt = Date.now();
    const pushed = await until(
      async () =>
        batches.find((b) => b.changes.some((c) => c.siteId === office && c.state === 'down')),
      5000,
      'the socket.io change',
    );
    expect(pushed.at - shownAt).toBeLessThan(1000);

    const unreachable = await until(
      async () => {
        const rows = (await get<{ items: SiteRow[] }>('/api/sites?state=unreachable')).items;
        return rows.length === dependants.length ? rows : null;
      },
      30_000,
      'the dependants unreachable',
    );
    expect(unreachable.map((s) => s.id).sort()).toEqual(dependants);
    for (const s of unreachable) expect(s.causeId).toBe(office);
    for (const id of ownLink)
      expect((await get<{ site: SiteRow }>(`/api/sites/${id}`)).site.state).toBe('up');
    const scoped = cisoka.batches.flatMap((b) => b.changes);
    expect(scoped.some((c) => c.siteId === office && c.state === 'down')).toBe(true);
    expect(scoped.every((c) => inCisoka.has(c.siteId))).toBe(true);
    expect(tigaraksa.batches.length).toBeGreaterThan(0); // empty batches keep its version current
    expect(tigaraksa.batches.flatMap((b) => b.changes)).toEqual([]);

    const open = await get<{ total: number; incidents: IncidentRow[] }>(
      '/api/incidents?open=true&limit=1000',
    );
    expect(open.incidents.map((i) => i.siteId).sort()).toEqual([office, ...dependants].sort());

    // Healing closes every incident, with a duration about as long as the fault lasted.
    const healedAt = Date.now();
    expect((await lab.post('/heal', {})).status).toBeLessThan(300);
    await until(
      async () => (await get<{ total: number }>('/api/incidents?open=true')).total === 0,
      60_000,
      'every incident closed',
    );
    const closed = await get<{ incidents: IncidentRow[] }>(
      `/api/incidents?from=${faultedAt - 60_000}&limit=1000`,
    );
    const ours = closed.incidents.filter(
      (i) => i.siteId === office || dependants.includes(i.siteId),
    );
    expect(ours).toHaveLength(dependants.length + 1);
    for (const incident of ours) {
      expect(incident.closedAt).not.toBeNull();
      const duration = (incident.closedAt as number) - incident.openedAt;
      expect(duration).toBeGreaterThan(0);
      expect(duration).toBeLessThan(Date.now() - faultedAt + 5000);
      expect(incident.closedAt as number).toBeGreaterThan(healedAt - 5000);
    }
    // Every site is up again once its SNMP answers too (a poll every 10 s here).
    await everySiteUp('every site up again', 30_000);
  }, 240_000);

  it.each([
    ['stopped (SIGTERM)', 'SIGTERM', 0],
    ['killed (SIGKILL)', 'SIGKILL', 1],
  ] as const)(
    '%s and started in the middle of an outage: the incident stays open, nothing is emitted, and healing closes it',
    async (_how, signal, nth) => {
      // An OPD office with nothing behind it: one down incident (another one each time).
      const site = config.inventory.sites.filter(
        (s) => s.kind === 'opd' && !config.inventory.sites.some((c) => c.parentId === s.id),
      )[nth];
      if (!site) throw new Error('no OPD office without dependants in the demo');
      const faultedAt = Date.now();
      expect((await lab.post('/faults', { kind: 'down', site: site.id })).status).toBe(201);
      const [incident] = await until(
        async () => {
          const open = await get<{ incidents: IncidentRow[] }>(`/api/incidents?open=true`);
          return open.incidents.length > 0 ? open.incidents : null;
        },
        60_000,
        'the incident open',
      );
      expect(incident?.siteId).toBe(site.id);
      const before = (await get<{ site: SiteRow & { since: number } }>(`/api/sites/${site.id}`))
        .site;

      serve.child.kill(signal);
      expect(await serve.exited).toBe(signal === 'SIGTERM' ? 0 : null);
      // Started again, waiting only until its API answers.
      serve = await setup.startServe(
        async () => (await fetch(`${api}/api/summary`).catch(() => null))?.ok === true,
        60_000,
        'the API answering',
      );
      const after = await watch(api, null);
      sockets.push(after.socket);
      const shown = after.snapshot.sites.find((s) => s.siteId === site.id);
      expect(shown).toMatchObject({ state: 'down', since: before.since });
      // Five ICMP cycles and an SNMP poll of every site: no state changes at all.
      await new Promise((r) => setTimeout(r, 11_000));
      expect(after.batches.flatMap((b) => b.changes)).toEqual([]);
      const open = await get<{ incidents: IncidentRow[] }>('/api/incidents?open=true');
      expect(open.incidents.map((i) => [i.id, i.siteId])).toEqual([[incident?.id, site.id]]);

      expect((await lab.post('/heal', {})).status).toBeLessThan(300);
      await until(
        async () => (await get<{ total: number }>('/api/incidents?open=true')).total === 0,
        60_000,
        'the incident closed',
      );
      const all = await get<{ incidents: IncidentRow[] }>(
        `/api/incidents?site=${site.id}&from=${faultedAt - 1000}`,
      );
      expect(all.incidents).toHaveLength(1);
      const closed = all.incidents[0] as IncidentRow;
      expect(closed.id).toBe(incident?.id);
      // It spans the restart: opened before it, closed after the heal.
      expect(closed.openedAt).toBeLessThan(before.since + 1);
      expect(closed.closedAt as number).toBeGreaterThan(faultedAt + 11_000);
      await everySiteUp('every site up again', 30_000);
    },
    240_000,
  );

  it('cut off from every site and its reference target: one isolation, no incidents, no downtime charged', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
    const availability = async () =>
      new Map(
        (
          await get<{ rows: AvailabilityRow[] }>(`/api/availability?period=day&from=${today}`)
        ).rows.map((r) => [r.siteId, r]),
      );
    const charged = await availability();
    const incidentsBefore = (await get<{ total: number }>(`/api/incidents?from=${Date.now()}`))
      .total;
    const watcher = await watch(api, null);
    sockets.push(watcher.socket);

    const cutAt = Date.now();
    const cut = await runTool('ip', ['netns', 'exec', netns, 'iptables', '-I', ...CUT_RULE]);
    expect(cut.code, cut.stderr).toBe(0);
    try {
      const isolated = await until(
        async () =>
          (await get<{ isolation: { since: number; trigger: string } | null }>('/api/summary'))
            .isolation,
        30_000,
        'the monitor isolated',
      );
      expect(isolated.trigger).toBe('reference-targets');
      // Every site unknown, none down; and it stays so for a few cycles.
      await new Promise((r) => setTimeout(r, 6000));
      const summary = await get<{ total: Record<string, number> }>('/api/summary');
      expect(summary.total.unknown).toBe(config.inventory.sites.length);
      expect((summary.total.down ?? 0) + (summary.total.unreachable ?? 0)).toBe(0);
    } finally {
      await runTool('ip', ['netns', 'exec', netns, 'iptables', '-D', ...CUT_RULE]);
    }
    await everySiteUp('every site up again', 60_000);

    const periods = await get<{ isolated: unknown; periods: { startedAt: number }[] }>(
      `/api/isolations?from=${cutAt - 1000}`,
    );
    expect(periods.isolated).toBeNull();
    expect(periods.periods).toHaveLength(1);
    // One isolation change reached the client, and no site went down or unreachable.
    const changes = watcher.batches.flatMap((b) => b.changes);
    expect(changes.filter((c) => c.state === 'down' || c.state === 'unreachable')).toEqual([]);
    expect(
      watcher.batches.filter((b) => (b.isolation as { since?: number } | null)?.since),
    ).toHaveLength(1);
    expect((await get<{ total: number }>(`/api/incidents?from=${cutAt}`)).total).toBe(
      incidentsBefore,
    );
    const after = await availability();
    for (const [siteId, row] of after) {
      const earlier = charged.get(siteId);
      expect(row.own.downMs, siteId).toBe(earlier?.own.downMs);
      expect(row.withUpstream.downMs, siteId).toBe(earlier?.withUpstream.downMs);
      expect(row.excludedMs, siteId).toBeGreaterThan(earlier?.excludedMs ?? 0);
    }
  }, 240_000);
});
