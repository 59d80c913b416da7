// The live hub over real loopback: a real StatusEngine fed with probe results publishes to the hub,
// socket.io clients receive snapshots, batches, resumes and measurements, and keep a LiveMirror
// that must always equal the engine's shown states.

import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_IN_PROBE_SETTINGS } from '../../src/config/index.js';
import { InventoryIndex, type Site } from '../../src/inventory/index.js';
import {
  type ClientToServerEvents,
  type LiveAck,
  LiveHub,
  type LiveHubOptions,
  LiveMirror,
  type LiveSite,
  type Measurement,
  type MirrorVerdict,
  type ServerToClientEvents,
} from '../../src/live/index.js';
import type { IcmpProbeResult, ProbeResult } from '../../src/probe/index.js';
import {
  StatusEngine,
  type StatusEngineOptions,
  type StatusEvent,
  thresholdsByKind,
} from '../../src/status/index.js';
import { CISOKA_IDS, cisokaAndCisauk, testPlan, testSite } from '../helpers/inventory-fixtures.js';
import { icmpDown, icmpResult, snmpResult, wan } from '../helpers/probe-results.js';
import { until } from '../helpers/until.js';

const T0 = Date.UTC(2026, 10, 29, 3, 0);
const WAIT_MS = 2000;
/** How often a wait looks again: events arrive within milliseconds over loopback. */
const POLL_MS = 5;

// Two kecamatan: each office with its desa behind it.
const SITES: Site[] = [
  testSite({ id: 'kec-uji', kind: 'kecamatan', kecamatan: 'Uji' }),
  testSite({ id: 'desa-uji-01', kecamatan: 'Uji', parentId: 'kec-uji' }),
  testSite({ id: 'desa-uji-02', kecamatan: 'Uji', parentId: 'kec-uji' }),
  testSite({ id: 'kec-lain', kind: 'kecamatan', kecamatan: 'Lain' }),
  testSite({ id: 'desa-lain-01', kecamatan: 'Lain', parentId: 'kec-lain' }),
];
const IDS = SITES.map((site) => site.id);
const UJI = ['kec-uji', 'desa-uji-01', 'desa-uji-02'];
const LAIN = ['kec-lain', 'desa-lain-01'];

type Outcome = 'up' | 'down';

/** The built-in thresholds for every kind (rttMs 150, lossPct 5, windowMs 300000). */
const thresholds = () =>
  thresholdsByKind({ workers: 1, defaults: BUILT_IN_PROBE_SETTINGS, kinds: {} });

function ping(siteId: string, at: number, outcome: Outcome, rttAvgMs = 12.5): IcmpProbeResult {
  if (outcome === 'up') return icmpResult({ siteId, at, rttAvgMs });
  return icmpDown({ siteId, at, confirmation: { attempts: 3, received: 0 } });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ── the rig: an engine, an http server on loopback, the hub on it ────────────────────────────────

interface Rig {
  readonly engine: StatusEngine;
  readonly hub: LiveHub;
  readonly server: HttpServer;
  readonly url: string;
  clock: number;
}

const rigs: Rig[] = [];
const clients: TestClient[] = [];

async function startRig(
  hubOptions: Partial<LiveHubOptions> = {},
  engineOptions: Partial<StatusEngineOptions> = {},
  sites: Site[] = SITES,
): Promise<Rig> {
  const engine = new StatusEngine({
    sites: sites.map(({ id, parentId, kind }) => ({ id, parentId, kind })),
    thresholds: thresholds(),
    isolation: null,
    recoveryResults: 1,
    ...engineOptions,
  });
  engine.apply(
    sites.map(({ id }) => ping(id, T0, 'up')),
    T0,
  );
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const index = new InventoryIndex({ plans: [testPlan()], sites });
  const hub = new LiveHub(server, { index, status: engine.snapshot(), ...hubOptions });
  const rig: Rig = { engine, hub, server, url: `http://127.0.0.1:${port}`, clock: T0 };
  rigs.push(rig);
  return rig;
}

/** One probe cycle 30 s after the last: the engine decides, the hub gets its events and results. */
function feed(rig: Rig, results: (at: number) => ProbeResult[]): StatusEvent[] {
  rig.clock += 30_000;
  const batch = results(rig.clock);
  const events = rig.engine.apply(batch, rig.clock);
  rig.hub.publish(events);
  rig.hub.publishResults(batch);
  return events;
}

function pings(rig: Rig, outcomes: Readonly<Record<string, Outcome>>): StatusEvent[] {
  return feed(rig, (at) => Object.entries(outcomes).map(([id, outcome]) => ping(id, at, outcome)));
}

/** What the engine shows for a site, in the hub's shape. */
function shown(engine: StatusEngine, siteId: string): LiveSite {
  const state = engine.stateOf(siteId);
  if (state === undefined) throw new Error(`no site ${siteId}`);
  return { siteId, ...state.status, since: state.since, flapping: state.flapping };
}

function expectMirrorOf(client: TestClient, engine: StatusEngine, ids: readonly string[]): void {
  expect([...client.mirror.sites.keys()].sort()).toEqual([...ids].sort());
  for (const id of ids) expect(client.mirror.sites.get(id)).toEqual(shown(engine, id));
  expect(client.mirror.version).toBe(engine.currentVersion);
  expect(client.verdicts.every((verdict) => verdict === 'applied')).toBe(true);
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.socket.disconnect();
  for (const rig of rigs.splice(0)) {
    await rig.hub.close();
    rig.server.closeAllConnections();
    await new Promise((resolve) => rig.server.close(resolve));
  }
});

// ── a client that records every message and mirrors the state ───────────────────────────────────

type Received =
  | { readonly event: 'snapshot' | 'resumed' | 'batch'; readonly message: unknown }
  | { readonly event: 'measurement'; readonly message: Measurement };

class TestClient {
  readonly received: Received[] = [];
  readonly verdicts: MirrorVerdict[] = [];
  readonly measurements: Measurement[] = [];
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;

  constructor(
    url: string,
    readonly mirror: LiveMirror,
  ) {
    this.socket = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      // A function: each (re)connect sends where the mirror stands then.
      auth: (send) => send({ ...mirror.auth() }),
    });
    this.socket.on('snapshot', (message) => {
      this.received.push({ event: 'snapshot', message });
      mirror.snapshot(message);
    });
    this.socket.on('resumed', (message) => {
      this.received.push({ event: 'resumed', message });
      this.verdicts.push(mirror.resumed(message));
    });
    this.socket.on('batch', (message) => {
      this.received.push({ event: 'batch', message });
      this.verdicts.push(mirror.batch(message));
    });
    this.socket.on('measurement', (message) => {
      this.received.push({ event: 'measurement', message });
      this.measurements.push(message);
    });
  }

  count(event: Received['event']): number {
    return this.received.filter((entry) => entry.event === event).length;
  }

  /** The messages of one kind, in order. */
  messages<T>(event: 'snapshot' | 'resumed' | 'batch'): T[] {
    return this.received
      .filter((entry) => entry.event === event)
      .map((entry) => entry.message as T);
  }

  subscribe(request: { kecamatan: string } | { siteId: string }): Promise<LiveAck> {
    return this.socket.timeout(WAIT_MS).emitWithAck('subscribe', request);
  }

  unsubscribe(request: { kecamatan: string } | { siteId: string }): Promise<LiveAck> {
    return this.socket.timeout(WAIT_MS).emitWithAck('unsubscribe', request);
  }
}

/** Connects and waits for the first state (a snapshot, or a resume). */
async function connect(rig: Rig, mirror = new LiveMirror()): Promise<TestClient> {
  const client = new TestClient(rig.url, mirror);
  clients.push(client);
  await until(
    () => client.count('snapshot') + client.count('resumed') > 0,
    WAIT_MS,
    'the first state',
    POLL_MS,
  );
  return client;
}

async function reconnect(client: TestClient): Promise<void> {
  const before = client.count('snapshot') + client.count('resumed');
  client.socket.connect();
  await until(
    () => client.count('snapshot') + client.count('resumed') > before,
    WAIT_MS,
    'the state after reconnecting',
    POLL_MS,
  );
}

interface Batch {
  fromVersion: number;
  toVersion: number;
  changes: LiveSite[];
  isolation?: unknown;
}

// ── the tests ────────────────────────────────────────────────────────────────────────────────────

describe('live hub', () => {
  it('sends a snapshot of every site with the engine version on connect', async () => {
    const rig = await startRig();
    pings(rig, { 'kec-lain': 'down', 'desa-lain-01': 'down' });
    const client = await connect(rig);
    const [snapshot] = client.messages<{ version: number; kecamatan: string | null }>('snapshot');
    expect(snapshot?.version).toBe(rig.engine.currentVersion);
    expect(snapshot?.kecamatan).toBeNull();
    expect(client.mirror.sites.get('desa-lain-01')).toMatchObject({
      state: 'unreachable',
      causeId: 'kec-lain',
      flapping: false,
    });
    expect(client.mirror.sites.get('kec-uji')).toMatchObject({ state: 'up', since: T0 });
    expectMirrorOf(client, rig.engine, IDS);
    expect(client.mirror.epoch).toBe(rig.hub.epoch);
  });

  it('delivers a change within a batch interval, right after the snapshot version', async () => {
    const rig = await startRig();
    const client = await connect(rig);
    const version = rig.engine.currentVersion;
    const started = performance.now();
    pings(rig, { 'desa-uji-02': 'down' });
    await until(() => client.count('batch') === 1, WAIT_MS, 'the batch', POLL_MS);
    expect(performance.now() - started).toBeLessThan(WAIT_MS);
    const [batch] = client.messages<Batch>('batch');
    expect(batch).toEqual({
      fromVersion: version + 1,
      toVersion: rig.engine.currentVersion,
      changes: [shown(rig.engine, 'desa-uji-02')],
    });
    expect(batch?.changes[0]).toMatchObject({ state: 'down' });
    expectMirrorOf(client, rig.engine, IDS);
    expect(rig.hub.stats()).toMatchObject({
      clients: 1,
      batches: 1,
      snapshots: 1,
      messagesSent: 2,
      version: rig.engine.currentVersion,
    });
  });

  it('coalesces several changes of a site within a batch into its latest state', async () => {
    const rig = await startRig();
    const client = await connect(rig);
    const version = rig.engine.currentVersion;
    // One tick: the batch cannot go out between these cycles.
    pings(rig, { 'desa-uji-02': 'down' });
    pings(rig, { 'kec-lain': 'down' });
    pings(rig, { 'desa-uji-02': 'up' });
    expect(rig.engine.currentVersion).toBe(version + 3);
    await until(() => client.count('batch') === 1, WAIT_MS, 'the batch', POLL_MS);
    const [batch] = client.messages<Batch>('batch');
    expect(batch?.fromVersion).toBe(version + 1);
    expect(batch?.toVersion).toBe(version + 3);
    const byId = new Map(batch?.changes.map((change) => [change.siteId, change]));
    expect([...byId.keys()].sort()).toEqual(['desa-uji-02', 'kec-lain']);
    expect(batch?.changes).toHaveLength(2);
    expect(byId.get('desa-uji-02')).toEqual(shown(rig.engine, 'desa-uji-02'));
    expect(byId.get('desa-uji-02')?.state).toBe('up');
    expect(byId.get('kec-lain')?.state).toBe('down');
    expectMirrorOf(client, rig.engine, IDS);
  });

  it("keeps a kecamatan room to that kecamatan's sites, with versions still contiguous", async () => {
    const rig = await startRig();
    const lain = await connect(rig, new LiveMirror('Lain'));
    const uji = await connect(rig);
    const everyone = await connect(rig);
    expect(await uji.subscribe({ kecamatan: 'Uji' })).toEqual({ ok: true });
    await until(() => uji.count('snapshot') === 2, WAIT_MS, 'the snapshot of Uji', POLL_MS);
    expect(uji.mirror.kecamatan).toBe('Uji');
    expectMirrorOf(uji, rig.engine, UJI);
    expectMirrorOf(lain, rig.engine, LAIN);

    pings(rig, { 'desa-uji-02': 'down' });
    await until(
      () => lain.count('batch') === 1 && uji.count('batch') === 1,
      WAIT_MS,
      'batches',
      POLL_MS,
    );
    expect(uji.messages<Batch>('batch')[0]?.changes.map((c) => c.siteId)).toEqual(['desa-uji-02']);
    expect(lain.messages<Batch>('batch')[0]?.changes).toEqual([]);

    pings(rig, { 'kec-lain': 'down', 'desa-lain-01': 'down' });
    await until(
      () => lain.count('batch') === 2 && uji.count('batch') === 2,
      WAIT_MS,
      'second batches',
      POLL_MS,
    );
    expect(
      lain
        .messages<Batch>('batch')[1]
        ?.changes.map((c) => c.siteId)
        .sort(),
    ).toEqual(['desa-lain-01', 'kec-lain'].sort());
    expect(uji.messages<Batch>('batch')[1]?.changes).toEqual([]);
    await until(() => everyone.count('batch') === 2, WAIT_MS, 'the batches of every site', POLL_MS);
    expectMirrorOf(uji, rig.engine, UJI);
    expectMirrorOf(lain, rig.engine, LAIN);
    expectMirrorOf(everyone, rig.engine, IDS);

    // Back to every site: a snapshot of all of them, then every change.
    expect(await uji.unsubscribe({ kecamatan: 'Uji' })).toEqual({ ok: true });
    await until(() => uji.count('snapshot') === 3, WAIT_MS, 'the snapshot of every site', POLL_MS);
    expectMirrorOf(uji, rig.engine, IDS);
  });

  it('keeps every client contiguous while changes stream and clients join and switch', async () => {
    const rig = await startRig({ batchMs: 40 });
    const first = await connect(rig);
    const late: TestClient[] = [];
    for (let step = 0; step < 30; step++) {
      pings(rig, { 'desa-uji-01': step % 2 === 0 ? 'down' : 'up', 'kec-lain': 'up' });
      if (step === 5) late.push(new TestClient(rig.url, new LiveMirror()));
      if (step === 10) late.push(new TestClient(rig.url, new LiveMirror('Uji')));
      if (step === 15) void first.subscribe({ kecamatan: 'Lain' });
      await sleep(step % 3 === 0 ? 0 : 15);
    }
    clients.push(...late);
    const [all, uji] = late;
    if (all === undefined || uji === undefined) throw new Error('late clients missing');
    const version = rig.engine.currentVersion;
    await until(
      () => [first, all, uji].every((client) => client.mirror.version === version),
      WAIT_MS,
      'every client at the last version',
      POLL_MS,
    );
    expectMirrorOf(first, rig.engine, LAIN);
    expectMirrorOf(all, rig.engine, IDS);
    expectMirrorOf(uji, rig.engine, UJI);
  });

  it('sends measurements only to the room of the site whose page is open, throttled', async () => {
    const rig = await startRig({ measurementMs: 300 });
    const watcher = await connect(rig);
    const bystander = await connect(rig);
    expect(await watcher.subscribe({ siteId: 'desa-uji-01' })).toEqual({ ok: true });

    feed(rig, (at) => [
      ping('desa-uji-01', at, 'up', 12.5),
      { ...snmpResult([wan()], at), siteId: 'desa-uji-01' },
      ping('desa-uji-02', at, 'up', 40),
    ]);
    await until(() => watcher.measurements.length === 1, WAIT_MS, 'the first measurement', POLL_MS);
    expect(watcher.measurements[0]).toEqual({
      siteId: 'desa-uji-01',
      at: rig.clock,
      rttAvgMs: 12.5,
      lossPct: 0,
      inBps: 8_000_000,
      outBps: 2_000_000,
    });

    // Ten cycles in one tick: one more message, with the latest values.
    for (let rtt = 13; rtt <= 22; rtt++)
      feed(rig, (at) => [ping('desa-uji-01', at, 'up', rtt), ping('desa-uji-02', at, 'up', rtt)]);
    await until(
      () => watcher.measurements.at(-1)?.rttAvgMs === 22,
      WAIT_MS,
      'the latest measurement',
      POLL_MS,
    );
    expect(watcher.measurements).toHaveLength(2);
    expect(watcher.measurements.every((m) => m.siteId === 'desa-uji-01')).toBe(true);
    expect(watcher.measurements[1]).toMatchObject({ at: rig.clock, inBps: 8_000_000 });

    // A page opened now shows the latest values at once.
    const opener = await connect(rig);
    expect(await opener.subscribe({ siteId: 'desa-uji-01' })).toEqual({ ok: true });
    await until(
      () => opener.measurements.length === 1,
      WAIT_MS,
      'the latest on subscribing',
      POLL_MS,
    );
    expect(opener.measurements[0]?.rttAvgMs).toBe(22);

    // Closed page: nothing more.
    expect(await watcher.unsubscribe({ siteId: 'desa-uji-01' })).toEqual({ ok: true });
    feed(rig, (at) => [ping('desa-uji-01', at, 'down')]);
    await until(
      () => opener.measurements.length === 2,
      WAIT_MS,
      "the opener's next measurement",
      POLL_MS,
    );
    expect(opener.measurements[1]).toMatchObject({ rttAvgMs: null, lossPct: 100 });
    await sleep(400);
    expect(watcher.measurements).toHaveLength(2);
    expect(bystander.measurements).toHaveLength(0);
    expect(rig.hub.stats().measurements).toBe(4);
  });

  it('gives a client back after a small gap the changes it missed', async () => {
    const rig = await startRig();
    const client = await connect(rig, new LiveMirror('Uji'));
    const version = rig.engine.currentVersion;
    client.socket.disconnect();
    await until(() => rig.hub.stats().clients === 0, WAIT_MS, 'the hub to notice', POLL_MS);
    pings(rig, { 'desa-uji-02': 'down' });
    pings(rig, { 'kec-lain': 'down' });
    pings(rig, { 'kec-uji': 'down', 'desa-uji-01': 'down' });
    await reconnect(client);
    expect(client.count('snapshot')).toBe(1);
    const [resumed] = client.messages<Batch & { epoch: string }>('resumed');
    expect(resumed?.fromVersion).toBe(version + 1);
    expect(resumed?.toVersion).toBe(rig.engine.currentVersion);
    // Only its kecamatan's sites; desa-uji-02 once, in its latest state (unreachable).
    expect(resumed?.changes.map((c) => c.siteId).sort()).toEqual([...UJI].sort());
    expect(client.mirror.sites.get('desa-uji-02')).toMatchObject({
      state: 'unreachable',
      causeId: 'kec-uji',
    });
    expectMirrorOf(client, rig.engine, UJI);

    // And batches follow on from there.
    pings(rig, { 'kec-uji': 'up' });
    await until(() => client.count('batch') === 1, WAIT_MS, 'the next batch', POLL_MS);
    expectMirrorOf(client, rig.engine, UJI);
    expect(rig.hub.stats().resumes).toBe(1);
  });

  it('gives a client back after a gap the hub no longer holds a fresh snapshot', async () => {
    const rig = await startRig({ replayVersions: 3 });
    const client = await connect(rig);
    client.socket.disconnect();
    await until(() => rig.hub.stats().clients === 0, WAIT_MS, 'the hub to notice', POLL_MS);
    for (let i = 0; i < 4; i++) pings(rig, { 'desa-lain-01': i % 2 === 0 ? 'down' : 'up' });
    await reconnect(client);
    expect(client.count('resumed')).toBe(0);
    expect(client.count('snapshot')).toBe(2);
    expectMirrorOf(client, rig.engine, IDS);

    // A version from another hub (another epoch) gets a snapshot too, never a resume.
    const stranger = new LiveMirror();
    stranger.epoch = 'another-hub';
    stranger.version = rig.engine.currentVersion;
    const other = await connect(rig, stranger);
    expect(other.count('snapshot')).toBe(1);
    expect(other.mirror.epoch).toBe(rig.hub.epoch);
  });

  it('shows the monitor cut off: every site unknown except maintenance, in one batch', async () => {
    const rig = await startRig(
      {},
      { isolation: { referenceIds: ['gateway'], sharePct: null, holdMs: 0 } },
    );
    const client = await connect(rig);
    const events = rig.engine.setMaintenance('desa-lain-01', rig.clock + 3_600_000, rig.clock);
    rig.hub.publish(events);
    feed(rig, (at) => [ping('gateway', at, 'down')]);
    await until(() => client.mirror.isolation !== null, WAIT_MS, 'the isolation', POLL_MS);
    expect(client.mirror.isolation).toEqual({ since: rig.clock, trigger: 'reference-targets' });
    expect(client.mirror.sites.get('desa-lain-01')?.state).toBe('maintenance');
    expect(client.mirror.sites.get('kec-uji')).toMatchObject({
      state: 'unknown',
      since: rig.clock,
    });
    expectMirrorOf(client, rig.engine, IDS);

    feed(rig, (at) => [ping('gateway', at, 'up')]);
    await until(() => client.mirror.isolation === null, WAIT_MS, 'the recovery', POLL_MS);
    expectMirrorOf(client, rig.engine, IDS);
  });

  it("scopes a kecamatan asked in any case to exactly its sites, under the inventory's name", async () => {
    // Cisoka spelled three ways in the inventory; the index's one name is the first: "Cisoka".
    const sites = cisokaAndCisauk();
    const rig = await startRig({}, {}, sites);
    const lower = await connect(rig, new LiveMirror('cisoka'));
    const switched = await connect(rig);
    type Scoped = { kecamatan: string | null; sites: LiveSite[] };
    const [snapshot] = lower.messages<Scoped>('snapshot');
    expect(snapshot?.kecamatan).toBe('Cisoka');
    expect(snapshot?.sites.map((site) => site.siteId)).toEqual(CISOKA_IDS);
    expectMirrorOf(lower, rig.engine, CISOKA_IDS);

    expect(await switched.subscribe({ kecamatan: 'CISOKA' })).toEqual({ ok: true });
    await until(() => switched.count('snapshot') === 2, WAIT_MS, 'the snapshot of Cisoka', POLL_MS);
    expect(switched.messages<Scoped>('snapshot')[1]?.kecamatan).toBe('Cisoka');
    expectMirrorOf(switched, rig.engine, CISOKA_IDS);

    // Changes of sites spelled "CISOKA" and "cisoka" reach the room; Cisauk's do not.
    pings(rig, { 'desa-cisoka-01': 'down', 'desa-cisauk-01': 'down', 'desa-cisoka-02': 'down' });
    await until(
      () => lower.count('batch') === 1 && switched.count('batch') === 1,
      WAIT_MS,
      'the batches of Cisoka',
      POLL_MS,
    );
    for (const client of [lower, switched]) {
      const ids = client.messages<Batch>('batch')[0]?.changes.map((c) => c.siteId);
      expect(ids?.sort()).toEqual(['desa-cisoka-01', 'desa-cisoka-02']);
      expectMirrorOf(client, rig.engine, CISOKA_IDS);
    }

    // Leaving names the scope in yet another case: back to every site.
    expect(await lower.unsubscribe({ kecamatan: 'cIsOkA' })).toEqual({ ok: true });
    await until(() => lower.count('snapshot') === 2, WAIT_MS, 'the snapshot of all', POLL_MS);
    expect(lower.messages<Scoped>('snapshot')[1]?.kecamatan).toBeNull();
    expectMirrorOf(
      lower,
      rig.engine,
      sites.map((site) => site.id),
    );
  });

  it('answers bad requests with an error naming the problem, and stays up', async () => {
    const rig = await startRig({ maxSitesPerClient: 2 });
    const client = await connect(rig);
    // Untyped on purpose: what a buggy or hostile client may send.
    const loose = client.socket as unknown as Socket<
      ServerToClientEvents,
      { subscribe: (request: unknown, ack: (reply: LiveAck) => void) => void }
    >;
    const ask = (request: unknown) => loose.timeout(WAIT_MS).emitWithAck('subscribe', request);

    expect(await client.subscribe({ kecamatan: 'Nowhere' })).toEqual({
      ok: false,
      code: 'unknown-kecamatan',
      error: 'unknown kecamatan "Nowhere"',
    });
    expect(await client.subscribe({ siteId: 'desa-hilang' })).toEqual({
      ok: false,
      code: 'unknown-site',
      error: 'unknown site "desa-hilang"',
    });
    const bad = [
      'garbage',
      null,
      [],
      {},
      { kecamatan: 'Uji', siteId: 'kec-uji' },
      { kecamatan: 42 },
      { siteId: '' },
      { kecamatan: 'x'.repeat(10_000) },
      { siteId: 'desa-uji-01', extra: 1 },
    ];
    for (const request of bad) {
      const reply = await ask(request);
      expect(reply, JSON.stringify(request).slice(0, 80)).toMatchObject({
        ok: false,
        code: 'bad-request',
      });
      if (!reply.ok) expect(reply.error.length).toBeLessThan(200);
    }
    expect(await ask({ siteId: 'desa-uji-01', extra: 1 })).toMatchObject({
      error: 'unknown field "extra"',
    });

    // Without an ack callback: nothing to answer, nothing breaks.
    loose.emit('subscribe', { kecamatan: 'Nowhere' }, undefined as unknown as () => void);
    expect(await client.subscribe({ siteId: 'kec-uji' })).toEqual({ ok: true });
    expect(await client.subscribe({ siteId: 'kec-lain' })).toEqual({ ok: true });
    expect(await client.subscribe({ siteId: 'desa-uji-01' })).toMatchObject({
      ok: false,
      code: 'too-many-sites',
    });
    expect(client.socket.connected).toBe(true);
    expect(rig.hub.stats().refused).toBe(bad.length + 5);

    // A bad handshake is refused with a connect_error that names the problem.
    for (const [auth, code, message] of [
      [{ epoch: 'x', version: -1 }, 'bad-request', 'version must be a whole number of at least 0'],
      [{ kecamatan: 'Nowhere' }, 'unknown-kecamatan', 'unknown kecamatan "Nowhere"'],
      [{ version: 3 }, 'bad-request', 'a resume needs both epoch and version'],
      [{ kecamatan: 'Uji', colour: 'red' }, 'bad-request', 'unknown handshake field "colour"'],
      // Not an object at all: socket.io's stock parser would drop these without a connect_error.
      ...(['Uji', ['Uji'], true, 42] as const).map(
        (auth) =>
          [
            auth,
            'bad-request',
            'handshake auth must be an object with kecamatan, epoch, version',
          ] as const,
      ),
    ] as const) {
      // Untyped on purpose: what a buggy or hostile client may send.
      const socket = io(rig.url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        auth: auth as unknown as Record<string, unknown>,
      });
      const error = await new Promise<Error & { data?: unknown }>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`no connect_error for auth ${JSON.stringify(auth)}`)),
          WAIT_MS,
        );
        socket.on('connect_error', (refusal) => {
          clearTimeout(timer);
          resolve(refusal);
        });
      }).finally(() => socket.disconnect());
      expect(error.message).toBe(message);
      expect(error.data).toEqual({ code });
    }
    pings(rig, { 'kec-uji': 'down' });
    await until(() => client.count('batch') === 1, WAIT_MS, 'a batch after all that', POLL_MS);
    expectMirrorOf(client, rig.engine, IDS);
  });
});
