// The HTTP API over real HTTP, with a real status engine and history from a real influxd: what it
// answers, and that bad input gets a 4xx with a message, never a 500.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthReport } from '../../src/api/index.js';
import { type SiteColumns, sitesFromColumns } from '../../src/api/inventory-columns.js';
import { loadConfig, type PantauConfig } from '../../src/config/index.js';
import {
  createInfluxClient,
  createLineWriter,
  encodePoint,
  ensureSchema,
  MetricsReader,
  pointsOf,
  siteTagsOf,
  storageSettingsOf,
} from '../../src/metrics/index.js';
import type { IsolationState } from '../../src/status/index.js';
import { type DemoApi, fetchAnswer, startDemoApi } from '../helpers/demo-api.js';
import { type Influxd, startInfluxd } from '../helpers/influxd.js';
import { ROOT } from '../helpers/lab-process.js';
import { icmpResult } from '../helpers/probe-results.js';

let influxd: Influxd;
let api: DemoApi;
let base: string;
let config: PantauConfig;
let health: HealthReport;
/** A site added to the inventory after Pantau last started: never watched, so never counted. */
const LATE_SITE = 'opd-inspektorat';
/** A built dashboard of two files, so the fallback is tested whether or not dashboard/dist exists. */
const dashboardDir = mkdtempSync(join(tmpdir(), 'pantau-dashboard-'));
const DASHBOARD_PAGE =
  '<!doctype html><title>Pantau</title><script src="/assets/app-1234.js"></script>';
const DASHBOARD_SCRIPT = 'console.log("pantau")';
/** What the engine would say of the monitor's own isolation; the tests set it. */
let isolated: IsolationState | null = null;

const get = async (path: string) => {
  const { status, body } = await fetchAnswer(`${base}${path}`);
  return { status, body: body as Record<string, unknown> & unknown[] };
};

beforeAll(async () => {
  config = await loadConfig(`${ROOT}config/demo.yaml`, {
    ...process.env,
    SNMP_COMMUNITY: 'public',
  });
  writeFileSync(join(dashboardDir, 'index.html'), DASHBOARD_PAGE);
  mkdirSync(join(dashboardDir, 'assets'));
  writeFileSync(join(dashboardDir, 'assets', 'app-1234.js'), DASHBOARD_SCRIPT);
  influxd = await startInfluxd();
  const influxConfig = { ...config.influx, url: influxd.url, database: 'pantau_api' };
  await ensureSchema(createInfluxClient(influxConfig), storageSettingsOf(influxConfig));
  const reader = new MetricsReader({ influx: influxConfig });
  health = {
    ok: true,
    influx: { reachable: true, url: influxd.url },
    spool: { bytes: 0, pendingPoints: 0 },
    workers: {
      alive: 2,
      expected: 2,
      restarts: 0,
      perWorker: [
        { worker: 0, alive: true, sites: 171 },
        { worker: 1, alive: true, sites: 171 },
      ],
    },
    lastCycleAt: Date.now(),
    lagMs: 1200,
  };
  // Pantau has watched every site but one since before anything recorded here; everyone answers,
  // then kec-cisoka goes down: its dependants become unreachable.
  api = await startDemoApi({
    config,
    unwatched: [LATE_SITE],
    // Three days ago Pantau was cut off for ten minutes: one isolation period.
    earlier: (t0) => {
      const cutAt = t0 - 3 * 86_400_000;
      return [
        {
          type: 'monitor-isolated',
          version: 0,
          at: cutAt,
          trigger: 'reference-targets',
          downPct: 100,
          probed: 40,
          unknown: [],
        },
        { type: 'monitor-recovered', version: 0, at: cutAt + 600_000, isolatedSince: cutAt },
      ];
    },
    isolation: () => isolated,
    history: (request) => reader.history(request),
    health: async () => health,
    metricsText: () => '# TYPE pantau_points_written counter\npantau_points_written 42\n',
    dashboardDir,
  });
  base = api.base;
  expect(api.db.openIncidents().length).toBe(api.down.length);

  // A few ICMP points of one site in InfluxDB for the history route.
  const site = config.inventory.sites.find((s) => s.id === 'opd-bappeda');
  if (!site) throw new Error('opd-bappeda is not in the demo inventory');
  const lines = Array.from({ length: 20 }, (_, i) =>
    pointsOf(
      icmpResult({ siteId: site.id, at: api.t0 + i * 30_000, rttAvgMs: 10 + i }),
      siteTagsOf(site),
    ).map(encodePoint),
  ).flat();
  const written = await createLineWriter({
    url: influxd.url,
    database: 'pantau_api',
    retentionPolicy: 'raw',
    username: null,
    password: null,
    timeoutMs: 5000,
  })(lines);
  expect(written.kind).toBe('written');
});

afterAll(async () => {
  rmSync(dashboardDir, { recursive: true, force: true });
  await api?.close();
  await influxd?.stop();
});

describe('the sites routes', () => {
  it('lists every site with its state, and filters by kind, kecamatan, state and search', async () => {
    const all = await get('/api/sites');
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(config.inventory.sites.length);
    const dependants = config.inventory.sites.filter((s) => s.parentId === 'kec-cisoka');
    const unreachable = await get('/api/sites?state=unreachable');
    expect(
      (unreachable.body.items as { id: string; causeId: string }[]).map((s) => s.id).sort(),
    ).toEqual(dependants.map((s) => s.id).sort());
    for (const s of unreachable.body.items as { causeId: string }[])
      expect(s.causeId).toBe('kec-cisoka');
    const down = await get('/api/sites?state=down');
    expect((down.body.items as { id: string }[]).map((s) => s.id)).toEqual(['kec-cisoka']);
    const opd = await get('/api/sites?kind=opd&limit=5');
    expect((opd.body.items as unknown[]).length).toBe(5);
    expect((opd.body.items as { kind: string }[]).every((s) => s.kind === 'opd')).toBe(true);
    const search = await get('/api/sites?q=bappeda');
    expect((search.body.items as { id: string }[]).map((s) => s.id)).toContain('opd-bappeda');
  });

  it('shows one site with its parent chain and children, and 404s an unknown one with a message', async () => {
    const kec = await get('/api/sites/kec-cisoka');
    expect(kec.status).toBe(200);
    expect((kec.body.site as { state: string }).state).toBe('down');
    expect((kec.body.children as unknown[]).length).toBe(
      config.inventory.sites.filter((s) => s.parentId === 'kec-cisoka').length,
    );
    const child = config.inventory.sites.find((s) => s.parentId === 'kec-cisoka');
    const detail = await get(`/api/sites/${child?.id}`);
    expect((detail.body.parents as { id: string }[])[0]?.id).toBe('kec-cisoka');
    const unknown = await get('/api/sites/no-such-site');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/no site "no-such-site"/);
  });

  it('lists the periods the monitor was isolated, and says whether it is now', async () => {
    const week = await get('/api/isolations');
    expect(week.status).toBe(200);
    expect(week.body.isolated).toBeNull();
    const periods = week.body.periods as { startedAt: number; endedAt: number; trigger: string }[];
    expect(periods).toHaveLength(1);
    expect(periods[0]?.trigger).toBe('reference-targets');
    expect((periods[0]?.endedAt ?? 0) - (periods[0]?.startedAt ?? 0)).toBe(600_000);
    const lastDay = await get(`/api/isolations?from=${Date.now() - 86_400_000}`);
    expect(lastDay.body.periods).toEqual([]);
    isolated = { since: Date.now() - 5000, trigger: 'share' };
    try {
      expect((await get('/api/isolations')).body.isolated).toEqual(isolated);
      expect((await get('/api/summary')).body.isolation).toEqual(isolated);
    } finally {
      isolated = null;
    }
    const reversed = await get('/api/isolations?from=2026-02-01&to=2026-01-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body.message).toMatch(/must be before/);
  });

  it('counts sites by state', async () => {
    const summary = await get('/api/summary');
    expect(summary.status).toBe(200);
    const total = summary.body.total as Record<string, number>;
    expect(total.down).toBe(1);
    expect(Object.values(total).reduce((a, b) => a + b, 0)).toBe(config.inventory.sites.length);
  });
});

describe('the history route', () => {
  it('returns a site’s points from InfluxDB, at most maxPoints', async () => {
    const from = Date.now() - 11 * 60_000;
    const r = await get(
      `/api/sites/opd-bappeda/history?measurement=icmp&fields=rtt_avg_ms&from=${from}&maxPoints=5`,
    );
    expect(r.status).toBe(200);
    expect(r.body.source).toBe('raw');
    const series = r.body.series as { points: unknown[] }[];
    expect(series).toHaveLength(1);
    expect(series[0]?.points.length).toBeGreaterThan(0);
    expect(series[0]?.points.length).toBeLessThanOrEqual(5);
  });

  it.each([
    [
      '/api/sites/opd-bappeda/history?measurement=icmp&from=yesterday',
      400,
      /from: "yesterday" is not a time/,
    ],
    [
      '/api/sites/opd-bappeda/history?measurement=icmp&from=2026-02-01&to=2026-01-01',
      400,
      /must be before/,
    ],
    ['/api/sites/opd-bappeda/history?measurement=icmp&maxPoints=100000000', 400, /maxPoints/],
    ['/api/sites/opd-bappeda/history?measurement=icmp&maxPoints=-1', 400, /maxPoints/],
    ['/api/sites/opd-bappeda/history?measurement=bogus', 400, /measurement/],
    ['/api/sites/opd-bappeda/history?measurement=icmp&fields=password', 400, /password/],
    ['/api/sites/opd-bappeda/history', 400, /measurement/],
    ['/api/sites/nowhere/history?measurement=icmp', 404, /no site "nowhere"/],
    ['/api/sites?limit=1000000', 400, /limit/],
    ['/api/sites?state=sleepy', 400, /state/],
    ['/api/sites?colour=red', 400, /colour|additional/],
    ['/api/sites?limit=5000', 400, /limit must be <= 1000/],
    ['/api/sites?limit=Infinity', 400, /limit must be a finite number/],
    ['/api/sites?limit=1e309', 400, /limit must be a finite number/],
    ['/api/sites?offset=-Infinity', 400, /offset must be a finite number/],
    ['/api/sites/opd-bappeda?colour=red', 400, /additional/],
    ['/api/summary?colour=red', 400, /additional/],
    ['/api/health?colour=red', 400, /additional/],
    [
      '/api/sites/opd-bappeda/history?measurement=icmp&from=1000-01-01&to=9999-12-31',
      400,
      /to: "9999-12-31" is outside the times InfluxDB can store \(1677-09-21T00:12:43.146Z to 2262-04-11T23:47:16.854Z\)/,
    ],
    [
      '/api/sites/opd-bappeda/history?measurement=icmp&from=1000-01-01',
      400,
      /from: "1000-01-01" is outside the times InfluxDB can store/,
    ],
    ['/api/sites/opd-bappeda/history?measurement=icmp&from=-1', 400, /from: "-1" is not a time/],
    // The whole span InfluxDB can store in one point: a bucket longer than InfluxDB's durations.
    [
      '/api/sites/opd-bappeda/history?measurement=icmp&from=1677-09-22&to=2262-04-10&maxPoints=1',
      400,
      /InfluxDB refused .*overflowed duration/,
    ],
    ['/api/nothing-here', 404, /no route GET \/api\/nothing-here/],
    ['/api', 404, /no route GET \/api/],
  ])('%s → %i with a message', async (path, status, message) => {
    const r = await get(path);
    expect(r.status).toBe(status);
    expect(String(r.body.message)).toMatch(message);
  });

  it('never answers 500 to odd input', async () => {
    const odd = [
      '/api/sites/%27%3B%20DROP%20MEASUREMENT%20icmp%3B--/history?measurement=icmp',
      '/api/sites/opd-bappeda/history?measurement=icmp&fields=rtt_avg_ms%22%29',
      '/api/sites/opd-bappeda/history?measurement=icmp&from=9999999999999999999',
      '/api/sites/opd-bappeda/history?measurement=icmp&from=0&to=1',
      `/api/sites/${'x'.repeat(5000)}`,
      '/api/sites?q=%00%ff',
      '/api/sites?offset=-5',
    ];
    for (const path of odd) {
      const r = await get(path);
      expect(r.status, path).toBeLessThan(500);
    }
  });
});

describe('incidents and availability', () => {
  it('lists the open incidents of a kecamatan office and its dependants, each pointing to its root cause', async () => {
    const r = await get('/api/incidents?open=true&limit=1000');
    expect(r.status).toBe(200);
    const dependants = config.inventory.sites.filter((s) => s.parentId === 'kec-cisoka');
    expect(r.body.total).toBe(dependants.length + 1);
    const bySite = await get('/api/incidents?site=kec-cisoka');
    expect(bySite.body.total).toBe(1);
    const kecamatan = config.inventory.sites.find((s) => s.id === 'kec-cisoka')?.kecamatan;
    const byKecamatan = await get(
      `/api/incidents?kecamatan=${encodeURIComponent(kecamatan ?? '')}&open=true`,
    );
    expect(byKecamatan.body.total).toBeGreaterThanOrEqual(dependants.length + 1);
  });

  it('gives today’s availability per site and per kecamatan, own and including upstream', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
    const child = config.inventory.sites.find((s) => s.parentId === 'kec-cisoka');
    const r = await get(`/api/availability?period=day&from=${today}&site=${child?.id}`);
    expect(r.status).toBe(200);
    const [row] = r.body.rows as {
      siteId: string;
      unmonitoredMs: number;
      own: { downMs: number };
      withUpstream: { downMs: number; pct: number };
    }[];
    expect(row?.siteId).toBe(child?.id);
    // Watched all day: nothing unmonitored.
    expect(row?.unmonitoredMs).toBe(0);
    // Unreachable behind its kecamatan office: not its own downtime, but downtime with upstream.
    expect(row?.own.downMs).toBe(0);
    expect(row?.withUpstream.downMs).toBeGreaterThan(0);
    expect(row?.withUpstream.pct).toBeLessThan(100);
    const grouped = await get(`/api/availability?period=day&from=${today}&groupBy=kecamatan`);
    expect(grouped.status).toBe(200);
    expect((grouped.body.rows as unknown[]).length).toBeGreaterThan(1);
  });

  it('leaves a site never watched out: all of its time unmonitored, none counted', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
    type Row = { spanMs: number; unmonitoredMs: number; countedMs: number; own: { pct: unknown } };
    const late = await get(`/api/availability?period=day&from=${today}&site=${LATE_SITE}`);
    expect(late.status).toBe(200);
    const [row] = late.body.rows as Row[];
    expect(row?.spanMs).toBeGreaterThan(0);
    expect(row?.unmonitoredMs).toBe(row?.spanMs);
    expect(row?.countedMs).toBe(0);
    expect(row?.own.pct).toBeNull();
    // The whole inventory in one row (every site in WIB): the late site's day is all unmonitored.
    const all = await get(`/api/availability?period=day&from=${today}&groupBy=all`);
    const [sum] = all.body.rows as (Row & { sites: number })[];
    expect(sum?.sites).toBe(config.inventory.sites.length);
    expect(sum?.unmonitoredMs).toBe((sum?.spanMs ?? 0) / (sum?.sites ?? 1));
  });

  it.each([
    ['/api/incidents?from=2026-03-01&to=2026-02-01', 400, /must be before/],
    ['/api/incidents?limit=5000', 400, /limit/],
    ['/api/incidents?offset=9223372036854775807', 400, /offset must be <= 1000000000/],
    ['/api/incidents?offset=1e19', 400, /offset must be <= 1000000000/],
    ['/api/incidents?offset=-Infinity', 400, /offset must be a finite number/],
    ['/api/incidents?site=nowhere', 404, /no site "nowhere"/],
    ['/api/incidents?kecamatan=Atlantis', 404, /no kecamatan "Atlantis"/],
    ['/api/availability?period=day&from=yesterday', 400, /from/],
    ['/api/availability?period=week&from=2026-01-01', 400, /period/],
    ['/api/availability?period=day&from=2020-01-01&to=2026-01-01', 400, /./],
    ['/api/availability?period=day&from=2026-02-01&to=2026-01-01', 400, /./],
    ['/api/availability?period=day', 400, /from/],
  ])('%s → %i with a message', async (path, status, message) => {
    const r = await get(path);
    expect(r.status).toBe(status);
    expect(String(r.body.message)).toMatch(message);
  });
});

describe('health, metrics and the OpenAPI document', () => {
  it('answers 200 when healthy and 503 when not, with the report', async () => {
    expect((await get('/api/health')).status).toBe(200);
    health = { ...health, ok: false, influx: { ...health.influx, reachable: false } };
    const r = await get('/api/health');
    expect(r.status).toBe(503);
    expect((r.body.influx as { reachable: boolean }).reachable).toBe(false);
  });

  it('serves /metrics as Prometheus text and the OpenAPI document at /docs', async () => {
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/text\/plain/);
    expect(await metrics.text()).toMatch(/pantau_points_written 42/);
    const doc = await get('/docs/json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths as object)).toEqual(
      expect.arrayContaining([
        '/api/sites',
        '/api/sites/{id}',
        '/api/sites/{id}/history',
        '/api/summary',
      ]),
    );
    expect((await fetch(`${base}/docs`)).status).toBeLessThan(400);
  });
});

describe('where the API ends', () => {
  it('answers an unknown path under /api with its JSON 404, and leaves the rest to the dashboard', async () => {
    const api = await fetch(`${base}/api/nope?x=1`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/application\/json/);
    expect(await api.json()).toEqual({
      statusCode: 404,
      error: 'not-found',
      message: 'no route GET /api/nope',
    });
    // The dashboard's page for every client-side path (the history-API fallback), deep links too.
    for (const path of [
      '/',
      '/nope',
      '/wall',
      '/sites/opd-bappeda',
      '/sites/x?range=7d',
      '/apiary',
    ]) {
      const page = await fetch(`${base}${path}`);
      expect(page.status, path).toBe(200);
      expect(page.headers.get('content-type'), path).toMatch(/text\/html/);
      expect(page.headers.get('cache-control'), path).toBe('no-cache');
      expect(await page.text(), path).toBe(DASHBOARD_PAGE);
    }
    const asset = await fetch(`${base}/assets/app-1234.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toMatch(/immutable/);
    expect(await asset.text()).toBe(DASHBOARD_SCRIPT);
    // A missing file, and the server's own paths, are a plain 404, never the page.
    // A file added after the start (a rebuild while serve runs) is served too.
    writeFileSync(join(dashboardDir, 'assets', 'later-5678.js'), 'later');
    expect(await (await fetch(`${base}/assets/later-5678.js`)).text()).toBe('later');
    for (const path of [
      '/assets/gone-1.js',
      '/favicon.ico',
      '/metrics/x',
      '/assets/..%2f..%2fetc%2fpasswd.js',
      '/..%2f..%2f..%2f..%2fetc%2fpasswd.txt',
    ]) {
      const answer = await fetch(`${base}${path}`);
      expect(answer.status, path).toBe(404);
      expect(answer.headers.get('content-type'), path).toMatch(/text\/plain/);
    }
    // socket.io's own path is the live hub's, which refuses what it does not know: never the page.
    const socketPath = await fetch(`${base}/socket.io/nope`);
    expect(socketPath.status).toBe(400);
    expect(await socketPath.text()).not.toBe(DASHBOARD_PAGE);
    const post = await fetch(`${base}/wall`, { method: 'POST' });
    expect(post.status).toBe(404);
  });

  it('says the dashboard is not built, with the command to build it, when its folder is empty', async () => {
    const bare = await startDemoApi({
      config,
      history: async () => ({ measurement: 'icmp', source: 'raw', series: [] }) as never,
      health: async () => health,
      dashboardDir: mkdtempSync(join(tmpdir(), 'pantau-no-dashboard-')),
    });
    try {
      const page = await fetch(`${bare.base}/sites/opd-bappeda`);
      expect(page.status).toBe(503);
      expect(await page.text()).toMatch(/npm run build/);
      expect((await fetch(`${bare.base}/api/summary`)).status).toBe(200);
    } finally {
      await bare.close();
    }
  });
});

describe('/api/live/snapshot', () => {
  it("gives every site's live state, as the hub's snapshot message, never from a cache", async () => {
    const response = await fetch(`${base}/api/live/snapshot`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const snapshot = (await response.json()) as {
      epoch: string;
      version: number;
      kecamatan: string | null;
      sites: { siteId: string; state: string }[];
    };
    expect(snapshot.kecamatan).toBeNull();
    expect(typeof snapshot.epoch).toBe('string');
    const rows = (await fetchAnswer(`${base}/api/sites?limit=1000`)).body as {
      items: { id: string; state: string }[];
    };
    const live = new Map(snapshot.sites.map((s) => [s.siteId, s.state]));
    expect(live.size).toBe(config.inventory.sites.length);
    for (const row of rows.items) expect(live.get(row.id)).toBe(row.state);
  });

  it('answers 503, naming the hub, where no live hub runs', async () => {
    const bare = await startDemoApi({
      config,
      history: async () => {
        throw new Error('not asked');
      },
      health: async () => {
        throw new Error('not asked');
      },
      noLiveHub: true,
    });
    try {
      const { status, body } = await fetchAnswer(`${bare.base}/api/live/snapshot`);
      expect(status).toBe(503);
      expect((body as { message: string }).message).toMatch(/live hub/);
    } finally {
      await bare.close();
    }
  });
});

describe('/api/inventory', () => {
  it("gives every site's facts and every plan, and no credential", async () => {
    const { status, body } = await fetchAnswer(`${base}/api/inventory`);
    expect(status).toBe(200);
    const inventory = body as { sites: Record<string, unknown>[]; plans: { id: string }[] };
    expect(inventory.sites.map((s) => s.id)).toEqual(config.inventory.sites.map((s) => s.id));
    expect(inventory.plans.map((p) => p.id)).toEqual(config.inventory.plans.map((p) => p.id));
    const first = config.inventory.sites[0]!;
    expect(inventory.sites[0]).toEqual({
      id: first.id,
      name: first.name,
      kind: first.kind,
      kecamatan: first.kecamatan,
      parentId: first.parentId,
      location: first.location,
      timezone: first.timezone,
      host: first.router.host,
      isp: first.isp,
      planId: first.planId,
      contract: first.contract,
      liveness: 'icmp',
    });
    const text = JSON.stringify(body);
    expect(text).not.toContain('"community"');
    expect(text).not.toContain('public');
  });

  it('gives the same sites in the column form, and refuses an unknown form', async () => {
    const rows = (await fetchAnswer(`${base}/api/inventory`)).body as {
      sites: unknown[];
      plans: unknown[];
    };
    const { status, body } = await fetchAnswer(`${base}/api/inventory?form=columns`);
    expect(status).toBe(200);
    const columns = body as { sites: SiteColumns; plans: unknown[] };
    expect(sitesFromColumns(columns.sites)).toEqual(rows.sites);
    expect(columns.plans).toEqual(rows.plans);
    const bad = await fetchAnswer(`${base}/api/inventory?form=table`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/form/);
  });

  it('answers compressed as the client accepts, the same JSON in each encoding', async () => {
    const raw = async (acceptEncoding: string) => {
      const { request } = await import('node:http');
      return new Promise<{ encoding: string | undefined; vary: string | undefined; body: Buffer }>(
        (resolve, reject) => {
          const req = request(`${base}/api/inventory`, {
            headers: { 'accept-encoding': acceptEncoding },
          });
          req.on('response', (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              resolve({
                encoding: res.headers['content-encoding'],
                vary: res.headers.vary,
                body: Buffer.concat(chunks),
              }),
            );
          });
          req.on('error', reject);
          req.end();
        },
      );
    };
    const { brotliDecompressSync, gunzipSync } = await import('node:zlib');
    const plain = await raw('identity');
    expect(plain.encoding).toBeUndefined();
    expect(plain.vary).toBe('accept-encoding');
    const br = await raw('gzip, deflate, br');
    expect(br.encoding).toBe('br');
    const gz = await raw('gzip');
    expect(gz.encoding).toBe('gzip');
    expect(brotliDecompressSync(br.body).toString()).toBe(plain.body.toString());
    expect(gunzipSync(gz.body).toString()).toBe(plain.body.toString());
    expect(br.body.length).toBeLessThan(plain.body.length / 3);
  });
});
