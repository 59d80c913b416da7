// The metrics reader against a real influxd: fleet-wide rollups streamed a group of sites at a time,
// every stored value once and in order, never more sites held than a chunk; a series longer than
// InfluxDB's 10,000-row chunks whole; typed errors for InfluxDB away, refusing, or cutting short.

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryRequest } from '../../src/metrics/history-plan.js';
import { createInfluxClient } from '../../src/metrics/influx-client.js';
import { createInfluxQuery, type InfluxQuery } from '../../src/metrics/influx-query.js';
import { ensureSchema } from '../../src/metrics/influx-schema.js';
import {
  MetricsBadRequestError,
  MetricsUnavailableError,
} from '../../src/metrics/metrics-errors.js';
import { MetricsReader } from '../../src/metrics/metrics-reader.js';
import { type RollupChunk, readRollups } from '../../src/metrics/rollup-read.js';
import type { RollupReadRequest } from '../../src/metrics/rollup-read-plan.js';
import { DAY, HOUR, MIN } from '../helpers/durations.js';
import { testInfluxConfig } from '../helpers/influx-config.js';
import { type Influxd, startInfluxd } from '../helpers/influxd.js';
import { freePort } from '../helpers/ports.js';

const FIVE = 5 * MIN;
const DB = 'pantau_reader';
const FIELDS = ['mean_in_bps', 'mean_out_bps'];
const SITES = Array.from({ length: 50 }, (_, i) => `site-${String(i).padStart(2, '0')}`);
// Every fifth site has a LAN interface too: two series for one site.
const hasLan = (site: number): boolean => site % 5 === 0;
// A day boundary ten days back: well inside the rollup's 3 years, whatever today is.
const BASE = Math.floor(Date.now() / DAY) * DAY - 10 * DAY;
const SPAN = 2 * DAY;
const BUCKETS = SPAN / FIVE;

/** The stored values: distinct per site, role and bucket; out_bps missing in every 7th bucket. */
const inBps = (site: number, role: number, bucket: number): number =>
  site * 1_000_003.25 + role * 500_000.5 + bucket * 17.125;
const outBps = (site: number, role: number, bucket: number): number | null =>
  bucket % 7 === 3 ? null : site * 2_000.5 + role * 0.25 + bucket;

let influxd: Influxd;
let reader: MetricsReader;
let query: InfluxQuery;

const influxConfig = (url: string, database = DB) => testInfluxConfig(url, database);

async function writeRollup(lines: readonly string[]): Promise<void> {
  for (let at = 0; at < lines.length; at += 5_000) {
    const response = await fetch(`${influxd.url}/write?db=${DB}&rp=rollup&precision=ms`, {
      method: 'POST',
      body: `${lines.slice(at, at + 5_000).join('\n')}\n`,
    });
    expect(response.status, await response.text()).toBe(204);
  }
}

function fleetLines(): string[] {
  const lines: string[] = [];
  SITES.forEach((site, s) => {
    const roles = hasLan(s) ? ['wan', 'lan'] : ['wan'];
    roles.forEach((role, r) => {
      const tags = `site=${site},kind=desa,kecamatan=Kec\\ ${s % 4},isp=Telkom,role=${role},ifname=ether${r + 1}`;
      for (let b = 0; b < BUCKETS; b++) {
        const out = outBps(s, r, b);
        // max_in_bps is stored but never asked for: it must not come back.
        const fields = [`mean_in_bps=${inBps(s, r, b)}`, `max_in_bps=${inBps(s, r, b) + 1}`];
        if (out !== null) fields.push(`mean_out_bps=${out}`);
        lines.push(`ifstat,${tags} ${fields.join(',')} ${BASE + b * FIVE}`);
      }
    });
  });
  return lines;
}

beforeAll(async () => {
  influxd = await startInfluxd();
  const config = influxConfig(influxd.url);
  reader = new MetricsReader({ influx: config });
  await ensureSchema(createInfluxClient(config), reader.settings);
  query = createInfluxQuery(config);
  await writeRollup(fleetLines());
}, 120_000);

afterAll(async () => {
  await influxd?.stop();
});

async function collect<T>(chunks: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}

/** Checks every series of `chunks` against the stored values over [fromMs, toMs). */
function expectFleet(
  chunks: readonly RollupChunk[],
  sites: readonly string[],
  fromMs: number,
  toMs: number,
): void {
  const firstBucket = Math.ceil((fromMs - BASE) / FIVE);
  const lastBucket = Math.min(BUCKETS, Math.ceil((toMs - BASE) / FIVE));
  const seen = new Set<string>();
  for (const chunk of chunks) {
    for (const series of chunk.series) {
      expect(chunk.sites).toContain(series.site);
      const s = SITES.indexOf(series.site);
      const r = series.tags.role === 'lan' ? 1 : 0;
      const key = `${series.site}/${series.tags.role}`;
      expect(seen.has(key), `${key} comes once`).toBe(false);
      seen.add(key);
      expect(series.tags).toEqual({
        site: series.site,
        kind: 'desa',
        kecamatan: `Kec ${s % 4}`,
        isp: 'Telkom',
        role: series.tags.role,
        ifname: `ether${r + 1}`,
      });
      expect(Object.keys(series.values)).toEqual(FIELDS);
      const n = lastBucket - firstBucket;
      expect(series.timesMs.length, key).toBe(n);
      for (let i = 0; i < n; i++) {
        const b = firstBucket + i;
        // Exact: floats go through line protocol and JSON unchanged.
        if (series.timesMs[i] !== BASE + b * FIVE)
          expect(series.timesMs[i], `${key} time ${i}`).toBe(BASE + b * FIVE);
        if (series.values.mean_in_bps?.[i] !== inBps(s, r, b))
          expect(series.values.mean_in_bps?.[i], `${key} in ${i}`).toBe(inBps(s, r, b));
        const out = outBps(s, r, b);
        if (!Object.is(series.values.mean_out_bps?.[i], out ?? Number.NaN))
          expect(series.values.mean_out_bps?.[i], `${key} out ${i}`).toBe(out ?? Number.NaN);
      }
    }
  }
  const wanted = sites.flatMap((site) => {
    const s = SITES.indexOf(site);
    return s < 0 ? [] : hasLan(s) ? [`${site}/wan`, `${site}/lan`] : [`${site}/wan`];
  });
  expect([...seen].sort()).toEqual(wanted.sort());
}

describe('MetricsReader.rollups', () => {
  it('streams every site, a chunk of at most chunkSites sites at a time, each value once and in order', async () => {
    const chunks = await collect(
      reader.rollups({
        measurement: 'ifstat',
        fields: FIELDS,
        fromMs: BASE,
        toMs: BASE + SPAN,
        chunkSites: 7,
      }),
    );
    // 50 sites found by SHOW TAG VALUES, sorted, in groups of 7: 7 × 7 + 1.
    expect(chunks.map((c) => c.sites.length)).toEqual([7, 7, 7, 7, 7, 7, 7, 1]);
    expect(chunks.flatMap((c) => c.sites)).toEqual(SITES);
    for (const chunk of chunks) {
      expect(new Set(chunk.series.map((s) => s.site)).size).toBeLessThanOrEqual(7);
      expect(chunk.points).toBe(chunk.series.reduce((sum, s) => sum + s.timesMs.length, 0));
      // Sorted by site, then by tag set (its keys in order: ifname first).
      const order = chunk.series.map((s) => `${s.site}/${s.tags.ifname}`);
      expect(order).toEqual([...order].sort());
    }
    expect(chunks.reduce((sum, c) => sum + c.points, 0)).toBe(60 * BUCKETS);
    expectFleet(chunks, SITES, BASE, BASE + SPAN);
  });

  it('reads named sites in the order given, once each, over a part of the range in time slices', async () => {
    const sites = ['site-42', 'site-05', 'nowhere', 'site-05', 'site-10', 'site-00', 'site-49'];
    const fromMs = BASE + 7 * HOUR + 2 * MIN;
    const toMs = BASE + 31 * HOUR;
    const chunks = await collect(
      reader.rollups({
        measurement: 'ifstat',
        fields: FIELDS,
        fromMs,
        toMs,
        sites,
        chunkSites: 2,
        // 5 h 1 min slices: not whole buckets, not dividing the range; no bucket twice or lost.
        sliceMs: 5 * HOUR + MIN,
      }),
    );
    expect(chunks.map((c) => c.sites)).toEqual([
      ['site-42', 'site-05'],
      ['nowhere', 'site-10'],
      ['site-00', 'site-49'],
    ]);
    expectFleet(chunks, ['site-42', 'site-05', 'site-10', 'site-00', 'site-49'], fromMs, toMs);
  });

  it('asks for the next group only when the caller takes the next chunk', async () => {
    const statements: string[] = [];
    const counting: InfluxQuery = (statement, options) => {
      statements.push(statement);
      return query(statement, options);
    };
    const chunks = readRollups(counting, DB, {
      measurement: 'ifstat',
      fields: FIELDS,
      fromMs: BASE,
      toMs: BASE + SPAN,
      chunkSites: 10,
    });
    const first = await chunks.next();
    expect(first.done).toBe(false);
    // SHOW TAG VALUES, then the first group's one query.
    expect(statements).toHaveLength(2);
    expect(statements[0]).toMatch(/^SHOW TAG VALUES/);
    await chunks.next();
    expect(statements).toHaveLength(3);
    // Stopping early is fine, and asks for nothing more.
    await chunks.return(undefined);
    expect(statements).toHaveLength(3);
    const again = await collect(
      reader.rollups({ measurement: 'ifstat', fields: FIELDS, fromMs: BASE, toMs: BASE + SPAN }),
    );
    expect(again.map((c) => c.sites.length)).toEqual([50]);
  });

  it('reads a series longer than InfluxDB’s 10,000-row chunks whole', async () => {
    const n = 25_000;
    const from = BASE - 100 * DAY;
    const lines = Array.from(
      { length: n },
      (_, i) => `ifstat,site=long,role=wan,ifname=ether1 mean_in_bps=${i + 0.5} ${from + i * MIN}`,
    );
    await writeRollup(lines);
    const chunks = await collect(
      reader.rollups({
        measurement: 'ifstat',
        fields: ['mean_in_bps'],
        fromMs: from,
        toMs: from + n * MIN,
        sites: ['long'],
      }),
    );
    expect(chunks).toHaveLength(1);
    const series = chunks[0]?.series ?? [];
    expect(series).toHaveLength(1);
    const times = series[0]?.timesMs ?? new Float64Array();
    const values = series[0]?.values.mean_in_bps ?? new Float64Array();
    expect(times.length).toBe(n);
    const wrong = Array.from(times).findIndex(
      (t, i) => t !== from + i * MIN || values[i] !== i + 0.5,
    );
    expect(wrong).toBe(-1);
    // The same series through history (rollup source, one point a bucket here).
    const history = await reader.history({
      measurement: 'ifstat',
      fields: ['in_bps'],
      sites: ['long'],
      fromMs: from,
      toMs: from + n * MIN,
      maxPoints: 10_000,
    });
    expect(history.source).toBe('rollup');
    const points = history.series[0]?.points ?? [];
    expect(points).toHaveLength(n / 5);
    points.forEach((p, k) => {
      if (p.timeMs !== from + k * FIVE || p.values.mean_in_bps !== 5 * k + 2.5)
        expect([p.timeMs, p.values.mean_in_bps]).toEqual([from + k * FIVE, 5 * k + 2.5]);
    });
  });

  it('refuses bad requests before asking InfluxDB', async () => {
    const dead = new MetricsReader({
      influx: influxConfig(`http://127.0.0.1:${await freePort()}`),
    });
    const ask = (over: Record<string, unknown>) =>
      collect(
        dead.rollups({
          measurement: 'ifstat',
          fields: FIELDS,
          fromMs: BASE,
          toMs: BASE + DAY,
          sites: ['a'],
          ...over,
        }),
      );
    await expect(ask({ chunkSites: 0 })).rejects.toThrow(/chunkSites must be a whole number/);
    await expect(ask({ fields: [] })).rejects.toThrow(/name at least one field/);
    await expect(ask({ fields: ['a', 'a'] })).rejects.toThrow(/named twice/);
    await expect(ask({ toMs: BASE })).rejects.toThrow(MetricsBadRequestError);
    await expect(ask({ sites: [] })).rejects.toThrow(/at least one site id/);
    await expect(ask({ sliceMs: 0.5 })).rejects.toThrow(/sliceMs/);
  });

  it('finds nothing, and breaks nothing, for names that try to break out of their quotes', async () => {
    const chunks = await collect(
      reader.rollups({
        measurement: 'ifstat" ; DROP DATABASE pantau_reader',
        fields: ['x" FROM y; DROP DATABASE "pantau_reader'],
        fromMs: BASE,
        toMs: BASE + DAY,
        sites: ["x' OR site =~ /.*/ OR site = 'y", 'a\\'],
      }),
    );
    expect(chunks.map((c) => c.series.length)).toEqual([0]);
    const still = await collect(
      reader.rollups({ measurement: 'ifstat', fields: FIELDS, fromMs: BASE, toMs: BASE + FIVE }),
    );
    expect(still[0]?.points).toBe(60);
  });
});

describe('metrics read errors', () => {
  // What each test asks of a reader that cannot answer it.
  const AN_HOUR_OF_HISTORY: HistoryRequest = {
    measurement: 'icmp',
    fields: ['up'],
    fromMs: BASE,
    toMs: BASE + HOUR,
    maxPoints: 10,
  };
  const AN_HOUR_OF_ROLLUPS: RollupReadRequest = {
    measurement: 'ifstat',
    fields: FIELDS,
    fromMs: BASE,
    toMs: BASE + HOUR,
    sites: ['a'],
  };
  const servers: Server[] = [];
  afterAll(async () => {
    for (const server of servers) await new Promise((resolve) => server.close(resolve));
  });

  /** A fake InfluxDB on loopback whose /query does what `answer` says. */
  async function fakeInflux(answer: Parameters<typeof createServer>[1] & object): Promise<string> {
    const server = createServer(answer);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('is MetricsUnavailableError when nothing listens', async () => {
    const dead = new MetricsReader({
      influx: influxConfig(`http://127.0.0.1:${await freePort()}`),
    });
    await expect(dead.history(AN_HOUR_OF_HISTORY)).rejects.toThrow(MetricsUnavailableError);
    await expect(collect(dead.rollups(AN_HOUR_OF_ROLLUPS))).rejects.toThrow(/ECONNREFUSED/);
  });

  it('is MetricsUnavailableError when the database is not there yet', async () => {
    const empty = new MetricsReader({ influx: influxConfig(influxd.url, 'not_made_yet') });
    await expect(collect(empty.rollups(AN_HOUR_OF_ROLLUPS))).rejects.toThrow(
      /database not found: not_made_yet/,
    );
    await expect(empty.history(AN_HOUR_OF_HISTORY)).rejects.toThrow(MetricsUnavailableError);
  });

  it('is MetricsBadRequestError for a statement InfluxDB cannot parse (HTTP 400)', async () => {
    const error = await collect(query('SELEC nothing')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MetricsBadRequestError);
    expect((error as Error).message).toMatch(/HTTP 400.*error parsing query/);
  });

  it('is MetricsUnavailableError when the answer stops coming, or ends on a partial chunk', async () => {
    const silent = await fakeInflux(() => {
      // Never answers.
    });
    const slow = new MetricsReader({ influx: influxConfig(silent), idleTimeoutMs: 300 });
    const started = Date.now();
    await expect(collect(slow.rollups(AN_HOUR_OF_ROLLUPS))).rejects.toThrow(
      /sent nothing for 300 ms/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);

    const series = {
      name: 'ifstat',
      tags: { site: 'a' },
      columns: ['time', 'mean_in_bps'],
      values: [[BASE, 1]],
    };
    const cut = await fakeInflux((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        `${JSON.stringify({ results: [{ statement_id: 0, series: [{ ...series, partial: true }], partial: true }] })}\n`,
      );
    });
    const cutReader = new MetricsReader({ influx: influxConfig(cut) });
    await expect(
      collect(
        cutReader.rollups({
          measurement: 'ifstat',
          fields: ['mean_in_bps'],
          fromMs: BASE,
          toMs: BASE + HOUR,
          sites: ['a'],
        }),
      ),
    ).rejects.toThrow(/ended before its last chunk/);

    const failing = await fakeInflux((_request, response) => {
      response.writeHead(503).end('overloaded');
    });
    await expect(
      collect(new MetricsReader({ influx: influxConfig(failing) }).rollups(AN_HOUR_OF_ROLLUPS)),
    ).rejects.toThrow(MetricsUnavailableError);
  });
});
