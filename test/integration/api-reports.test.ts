// What the dashboard's report pages ask of the API beyond the basics: the incidents' site search
// (`q`, alone and within a kecamatan) and /api/health's per-worker lines, over real HTTP with a real
// status engine and incident store (kec-cisoka down, its dependants unreachable behind it).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthReport } from '../../src/api/index.js';
import { loadConfig, type PantauConfig } from '../../src/config/index.js';
import { type DemoApi, fetchAnswer, startDemoApi } from '../helpers/demo-api.js';
import { ROOT } from '../helpers/lab-process.js';

let api: DemoApi;
let config: PantauConfig;

const report: HealthReport = {
  ok: true,
  influx: { reachable: true, url: 'http://127.0.0.1:8086' },
  spool: { bytes: 0, pendingPoints: 0 },
  workers: {
    alive: 1,
    expected: 2,
    restarts: 1,
    perWorker: [
      { worker: 0, alive: true, sites: 181 },
      { worker: 1, alive: false, sites: 162 },
    ],
  },
  lastCycleAt: null,
  lagMs: null,
};

interface Page {
  total: number;
  incidents: { siteId: string }[];
}

const get = async <T>(path: string) => {
  const { status, body } = await fetchAnswer(`${api.base}${path}`);
  return { status, body: body as T };
};

beforeAll(async () => {
  config = await loadConfig(`${ROOT}config/demo.yaml`, {
    ...process.env,
    SNMP_COMMUNITY: 'public',
  });
  api = await startDemoApi({
    config,
    history: async () => {
      throw new Error('no history in this test');
    },
    health: async () => report,
  });
});

afterAll(async () => {
  await api?.close();
});

describe('incidents: site search', () => {
  it('finds the incidents of sites whose name or id contains q, in any case', async () => {
    const byName = await get<Page>('/api/incidents?q=DESA%20CISOKA&limit=1000');
    expect(byName.status).toBe(200);
    const desa = api.down.filter((id) =>
      config.inventory.sites
        .find((s) => s.id === id)
        ?.name.toLowerCase()
        .includes('desa cisoka'),
    );
    expect(desa.length).toBeGreaterThan(0);
    expect(byName.body.incidents.map((i) => i.siteId).sort()).toEqual([...desa].sort());
    expect(byName.body.total).toBe(desa.length);
    const byId = await get<Page>('/api/incidents?q=kec-cis');
    expect(byId.body.incidents.map((i) => i.siteId)).toEqual(['kec-cisoka']);
  });

  it('narrows a kecamatan, and answers an empty page (not an error) when nothing matches', async () => {
    const within = await get<Page>('/api/incidents?kecamatan=Cisoka&q=kantor&limit=1000');
    expect(within.body.incidents.map((i) => i.siteId)).toEqual(['kec-cisoka']);
    const elsewhere = await get<Page>('/api/incidents?kecamatan=Balaraja&q=cisoka');
    expect(elsewhere).toEqual({ status: 200, body: { total: 0, incidents: [] } });
    const none = await get<Page>('/api/incidents?q=no-such-site');
    expect(none).toEqual({ status: 200, body: { total: 0, incidents: [] } });
    // A blank search filters nothing.
    const blank = await get<Page>('/api/incidents?q=%20&limit=1000');
    expect(blank.body.total).toBe(api.down.length);
  });

  it('refuses an overlong search with a message', async () => {
    const r = await get<{ message: string }>(`/api/incidents?q=${'x'.repeat(201)}`);
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/q must NOT have more than 200 characters/);
  });
});

describe('health: per worker', () => {
  it('serves each worker’s line as the monitor reports it', async () => {
    const r = await get<HealthReport>('/api/health');
    expect(r.status).toBe(200);
    expect(r.body.workers.perWorker).toEqual(report.workers.perWorker);
  });
});
