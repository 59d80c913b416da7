// The live hub across a reload, over real loopback: clients are told what the inventory change
// added, removed and changed, get a fresh snapshot on the same connection, and then follow the
// engine's changes of the new inventory; a client resuming from before the reload gets a snapshot.

import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_IN_PROBE_SETTINGS } from '../../src/config/index.js';
import { InventoryIndex, type Site } from '../../src/inventory/index.js';
import {
  type LiveBatch,
  LiveHub,
  type LiveInventoryChange,
  LiveMirror,
  type LiveSnapshot,
} from '../../src/live/index.js';
import { StatusEngine, thresholdsByKind } from '../../src/status/index.js';
import { testPlan, testSite } from '../helpers/inventory-fixtures.js';
import { icmpDown, icmpResult } from '../helpers/probe-results.js';
import { until } from '../helpers/until.js';

const T0 = Date.UTC(2026, 11, 5, 3, 0);
const thresholds = thresholdsByKind({ workers: 1, defaults: BUILT_IN_PROBE_SETTINGS, kinds: {} });
const BEFORE: Site[] = [
  testSite({ id: 'kec-uji', kind: 'kecamatan', kecamatan: 'Uji' }),
  testSite({ id: 'desa-uji-01', kecamatan: 'Uji', parentId: 'kec-uji' }),
  testSite({ id: 'desa-uji-02', kecamatan: 'Uji', parentId: 'kec-uji' }),
];
// desa-uji-02 removed, desa-uji-03 added, desa-uji-01 moved to another kecamatan; the added site
// comes first and spells its kecamatan "UJI", so that is the kecamatan's one name from now on.
const AFTER: Site[] = [
  testSite({ id: 'desa-uji-03', kecamatan: 'UJI', parentId: 'kec-uji' }),
  BEFORE[0] as Site,
  testSite({ id: 'desa-uji-01', kecamatan: 'Lain', parentId: null }),
];
const indexOf = (sites: Site[]) => new InventoryIndex({ plans: [testPlan()], sites });
const statusSites = (sites: readonly Site[]) =>
  sites.map(({ id, parentId, kind }) => ({ id, parentId, kind }));

let server: HttpServer | null = null;
let hub: LiveHub | null = null;
const sockets: Socket[] = [];

afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await hub?.close();
  await new Promise((r) => server?.close(r));
});

interface Client {
  socket: Socket;
  mirror: LiveMirror;
  inventories: LiveInventoryChange[];
  snapshots: LiveSnapshot[];
  gaps: number;
  disconnects: number;
}

function connect(url: string, auth: object = {}, mirror = new LiveMirror()): Client {
  const socket = io(url, { transports: ['websocket'], reconnection: false, auth });
  sockets.push(socket);
  const client: Client = {
    socket,
    mirror,
    inventories: [],
    snapshots: [],
    gaps: 0,
    disconnects: 0,
  };
  socket.on('snapshot', (m: LiveSnapshot) => {
    client.snapshots.push(m);
    mirror.snapshot(m);
  });
  socket.on('resumed', (m) => {
    if (mirror.resumed(m) === 'gap') client.gaps++;
  });
  socket.on('batch', (m: LiveBatch) => {
    if (mirror.batch(m) === 'gap') client.gaps++;
  });
  socket.on('inventory', (m: LiveInventoryChange) => client.inventories.push(m));
  socket.on('disconnect', () => client.disconnects++);
  return client;
}

describe('live hub: a reload', () => {
  it('tells every client on its connection, sends a fresh snapshot, and follows the new inventory', async () => {
    const engine = new StatusEngine({ sites: statusSites(BEFORE), thresholds, isolation: null });
    engine.apply(
      BEFORE.map((s) => icmpResult({ siteId: s.id, at: T0 })),
      T0,
    );
    server = createServer();
    await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    hub = new LiveHub(server, { index: indexOf(BEFORE), status: engine.shown(), batchMs: 20 });
    const all = connect(url);
    const uji = connect(url, { kecamatan: 'Uji' });
    // The same scope asked in capitals: one room, answered under the inventory's name.
    const upper = connect(url, { kecamatan: 'UJI' });
    await until(() => [all, uji, upper].every((c) => c.snapshots.length === 1), 2000, 'snapshots');
    expect(upper.snapshots[0]?.kecamatan).toBe('Uji');
    const oldEpoch = all.mirror.epoch as string;
    const oldVersion = all.mirror.version as number;

    hub.setInventory(indexOf(AFTER));
    hub.publish(engine.reinventory(statusSites(AFTER), thresholds, T0 + 10_000));

    await until(
      () => [all, uji, upper].every((c) => c.snapshots.length === 2),
      2000,
      'fresh snapshots',
    );
    for (const client of [all, uji, upper]) {
      expect(client.inventories).toEqual([
        {
          version: engine.currentVersion,
          added: ['desa-uji-03'],
          removed: ['desa-uji-02'],
          changed: ['desa-uji-01'],
        },
      ]);
      expect(client.disconnects).toBe(0);
    }
    expect([...all.mirror.sites.keys()].sort()).toEqual(['desa-uji-01', 'desa-uji-03', 'kec-uji']);
    expect(all.mirror.sites.get('desa-uji-03')?.state).toBe('unknown');
    expect(all.mirror.sites.get('kec-uji')?.state).toBe('up');
    // The kecamatan scope follows the move (desa-uji-01 now lies in Lain) and the new spelling.
    for (const client of [uji, upper]) {
      expect(client.snapshots[1]?.kecamatan).toBe('UJI');
      expect([...client.mirror.sites.keys()].sort()).toEqual(['desa-uji-03', 'kec-uji']);
    }

    // Changes after the reload arrive in order, also for the new site.
    const at = T0 + 30_000;
    const events = engine.apply(
      [icmpDown({ siteId: 'kec-uji', at }), icmpDown({ siteId: 'desa-uji-03', at })],
      at,
    );
    hub.publish(events);
    await until(
      () => [all, uji, upper].every((c) => c.mirror.version === engine.currentVersion),
      2000,
      'the next batch, also in the room under the new name',
    );
    expect(all.mirror.sites.get('kec-uji')?.state).toBe('down');
    expect(uji.mirror.sites.get('desa-uji-03')?.state).toBe('unreachable');
    expect(upper.mirror.sites.get('desa-uji-03')?.state).toBe('unreachable');
    expect(all.gaps + uji.gaps + upper.gaps).toBe(0);

    // A client that last saw the old inventory cannot be resumed from the replay log.
    const late = connect(url, { epoch: oldEpoch, version: oldVersion });
    await until(() => late.snapshots.length === 1, 2000, 'a snapshot for the late client');
    expect([...late.mirror.sites.keys()].sort()).toEqual(['desa-uji-01', 'desa-uji-03', 'kec-uji']);
  });
});
