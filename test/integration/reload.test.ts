// A reload of a running `pantau serve` against the lab, with a live client connected: `pantau
// reload` adds two sites (probed within an interval), removes one that is down (its incident
// closes as "removed", it leaves the board), changes one (its state and history stay); the client
// is told on the same connection and no collector worker restarts. Then a reload with a broken
// inventory is refused with file:line and changes nothing.

import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PantauConfig } from '../../src/config/index.js';
import { type Inventory, inventoryToYaml, type Site } from '../../src/inventory/index.js';
import type { LiveInventoryChange } from '../../src/live/index.js';
import { CLI, ROOT, type RunningLab } from '../helpers/lab-process.js';
import { type ServeLab, startServeLab } from '../helpers/serve-lab.js';
import type { RunningServe } from '../helpers/serve-process.js';
import { until } from '../helpers/until.js';

const execFileP = promisify(execFile);

interface SiteRow {
  id: string;
  name: string;
  state: string;
  since: number | null;
}
interface IncidentRow {
  id: number;
  siteId: string;
  closedAt: number | null;
  closedBy?: string;
}

describe('live reload against the lab', () => {
  let setup: ServeLab;
  let lab: RunningLab;
  let serve: RunningServe;
  let config: PantauConfig;
  let configFile: string;
  let inventoryFile: string;
  let socket: Socket;
  const inventories: LiveInventoryChange[] = [];
  const snapshots: { version: number; sites: { siteId: string; state: string }[] }[] = [];
  let disconnects = 0;

  const get = <T>(path: string): Promise<T> => setup.get<T>(path);
  const sites = async () => (await get<{ items: SiteRow[] }>('/api/sites?limit=1000')).items;
  const writeInventory = (inventory: Inventory) =>
    writeFile(inventoryFile, inventoryToYaml(inventory));
  const reload = () =>
    execFileP(process.execPath, [CLI, 'reload', '-c', configFile], { cwd: ROOT });

  // Two desa left out at first and added by the reload; one desa removed; one OPD renamed.
  let added: Site[];
  let removed: Site;
  let renamed: Site;
  let before: Site[];

  beforeAll(async () => {
    setup = await startServeLab('reload');
    ({ config, lab, configFile } = setup);
    const all = config.inventory.sites;
    const leaves = all.filter((s) => s.kind === 'desa' && !all.some((c) => c.parentId === s.id));
    added = leaves.slice(0, 2);
    removed = leaves[2] as Site;
    renamed = all.find((s) => s.kind === 'opd') as Site;
    before = all.filter((s) => !added.includes(s));
    inventoryFile = join(setup.dir, 'inventory.yaml');
    await writeInventory({ plans: config.inventory.plans, sites: before });
    await setup.writeConfig('pantau_reload', [inventoryFile], {
      status: { isolation: { enabled: false } },
    });
    serve = await setup.startServe(
      async () =>
        (await get<{ total: Record<string, number> }>('/api/summary').catch(() => null))?.total
          .up === before.length,
      90_000,
      'every site up',
    );
    socket = io(setup.api, { transports: ['websocket'], reconnection: false });
    socket.on('inventory', (m: LiveInventoryChange) => inventories.push(m));
    socket.on('snapshot', (m) => snapshots.push(m));
    socket.on('disconnect', () => disconnects++);
    await until(() => snapshots.length === 1, 10_000, 'the first snapshot');
  }, 180_000);

  afterAll(async () => {
    socket?.close();
    await setup?.stop();
  });

  it('adds, removes and changes sites with a live client connected', async () => {
    // The site to be removed is down, with an open incident.
    expect((await lab.post('/faults', { kind: 'down', site: removed.id })).status).toBe(201);
    await until(
      async () => (await sites()).find((s) => s.id === removed.id)?.state === 'down',
      20_000,
      `${removed.id} down`,
    );
    const renamedBefore = (await sites()).find((s) => s.id === renamed.id) as SiteRow;
    const reloadedAt = Date.now();
    await writeInventory({
      plans: config.inventory.plans,
      sites: [
        ...before
          .filter((s) => s.id !== removed.id)
          .map((s) => (s.id === renamed.id ? { ...s, name: `${s.name} (baru)` } : s)),
        ...added,
      ],
    });
    const { stdout } = await reload();
    expect(stdout).toMatch(/asked pantau serve \(pid \d+\) to reload/);

    // The client is told on its connection, then gets a fresh snapshot of the new inventory.
    await until(
      () => inventories.length === 1 && snapshots.length === 2,
      10_000,
      'the inventory change',
    );
    expect(inventories[0]).toMatchObject({
      added: added.map((s) => s.id),
      removed: [removed.id],
      changed: [renamed.id],
    });
    const snapshotIds = new Set(snapshots[1]?.sites.map((s) => s.siteId));
    expect(snapshotIds.has(removed.id)).toBe(false);
    for (const s of added) expect(snapshotIds.has(s.id)).toBe(true);
    expect(disconnects).toBe(0);

    // Added sites are probed within one interval (2 s) and come up; the removed one is gone.
    await until(
      async () => {
        const rows = await sites();
        return added.every((a) => rows.find((r) => r.id === a.id)?.state === 'up');
      },
      10_000,
      'the added sites up',
    );
    const rows = await sites();
    expect(rows.map((r) => r.id)).not.toContain(removed.id);
    expect(rows).toHaveLength(before.length - 1 + added.length);
    // The renamed site kept its state and since; its new name is served.
    const renamedAfter = rows.find((r) => r.id === renamed.id) as SiteRow;
    expect(renamedAfter).toMatchObject({
      name: `${renamed.name} (baru)`,
      state: renamedBefore.state,
      since: renamedBefore.since,
    });
    // The removed site's incident closed as removed, at the reload.
    const { incidents } = await get<{ incidents: IncidentRow[] }>(
      `/api/incidents?from=${reloadedAt - 600_000}&limit=1000`,
    );
    const closed = incidents.find((i) => i.siteId === removed.id);
    expect(closed).toMatchObject({ closedBy: 'removed' });
    expect(closed?.closedAt).toBeGreaterThanOrEqual(reloadedAt - 1000);
    // No collector worker restarted.
    const health = await get<{ workers: { restarts: number; alive: number; expected: number } }>(
      '/api/health',
    );
    expect(health.workers).toMatchObject({ restarts: 0, alive: 2, expected: 2 });
    expect(serve.output()).not.toMatch(/collector worker died/);
    await lab.post('/heal', {});
  });

  it('refuses a broken inventory with file:line, and keeps running as it was', async () => {
    const count = (await sites()).length;
    const broken = inventoryToYaml({
      plans: config.inventory.plans,
      sites: [{ ...(before[0] as Site), parentId: 'no-such-site' }, ...before.slice(1)],
    });
    await writeFile(inventoryFile, broken);
    const logBefore = serve.output().length;
    await reload();
    await until(
      () => /reload refused: the running configuration stays/.test(serve.output().slice(logBefore)),
      10_000,
      'the refusal in the log',
    );
    const log = serve.output().slice(logBefore);
    expect(log).toMatch(/inventory\.yaml:\d+:\d+: .*no-such-site/);
    expect((await sites()).length).toBe(count);
    expect(inventories).toHaveLength(1);
  });
});
