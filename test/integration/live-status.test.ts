// `pantau serve` against the lab, watched as engineers watch it: over the API and socket.io. A
// kecamatan office taken down gives one down incident for it and unreachable incidents for exactly
// the sites behind it; its neighbours with their own ISP link stay up; a socket.io client sees
// the change as soon as the API shows it; healing closes every incident.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type PantauConfig } from '../../src/config/index.js';
import { type Influxd, startInfluxd } from '../helpers/influxd.js';
import { ROOT, type RunningLab, startLab } from '../helpers/lab-process.js';
import { freePort } from '../helpers/ports.js';
import { type RunningServe, startServe } from '../helpers/serve-process.js';
import { until } from '../helpers/until.js';

const DEMO = `${ROOT}config/demo.yaml`;

interface SiteRow {
  id: string;
  state: string;
  causeId: string | null;
}
interface IncidentRow {
  siteId: string;
  openedAt: number;
  closedAt: number | null;
}

describe('live status against the lab', () => {
  let lab: RunningLab;
  let influxd: Influxd;
  let serve: RunningServe;
  let api: string;
  let dir: string;
  let config: PantauConfig;
  let socket: Socket;
  const batches: { at: number; changes: { siteId: string; state: string }[] }[] = [];

  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${api}${path}`);
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return (await response.json()) as T;
  };

  beforeAll(async () => {
    if (process.getuid?.() !== 0)
      throw new Error('the live status tests need root (the lab namespace)');
    config = await loadConfig(DEMO, { ...process.env, SNMP_COMMUNITY: 'public' });
    influxd = await startInfluxd();
    lab = await startLab(['--config', DEMO, '--no-scenario', '--network', 'namespace']);
    dir = await mkdtemp(join(tmpdir(), 'pantau-live-'));
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    const configFile = join(dir, 'pantau.yaml');
    await writeFile(
      configFile,
      [
        'server:',
        `  listen: 127.0.0.1:${port}`,
        `  dataDir: ${join(dir, 'data')}`,
        'influx:',
        `  url: ${influxd.url}`,
        '  database: pantau_live',
        'probe:',
        '  workers: 2',
        '  icmp: { interval: 2s, count: 2, timeout: 300ms, confirm: { attempts: 1, interval: 300ms } }',
        '  snmp: { interval: 10s, timeout: 1s, retries: 0 }',
        '  kinds: { desa: { icmp: { interval: 2s } }, core: { icmp: { interval: 2s } } }',
        'inventory:',
        `  files: [${ROOT}config/demo-inventory.yaml]`,
        '',
      ].join('\n'),
    );
    serve = startServe(configFile);
    await until(
      async () =>
        (await get<{ total: Record<string, number> }>('/api/summary')).total.up ===
        config.inventory.sites.length,
      60_000,
      'every site up',
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n${serve.output().slice(-3000)}`);
    });
    socket = io(api, { transports: ['websocket'] });
    socket.on('batch', (m: { changes: { siteId: string; state: string }[] }) =>
      batches.push({ at: Date.now(), changes: m.changes }),
    );
    await new Promise<void>((resolve) => socket.once('snapshot', () => resolve()));
  }, 180_000);

  afterAll(async () => {
    socket?.close();
    if (serve && serve.child.exitCode === null) {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
    await lab?.stop();
    await influxd?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
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
    await until(
      async () =>
        (await get<{ total: Record<string, number> }>('/api/summary')).total.up ===
        config.inventory.sites.length,
      30_000,
      'every site up again',
    );
  }, 240_000);
});
