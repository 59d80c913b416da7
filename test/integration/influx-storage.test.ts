// Storage against a real influxd: the schema made idempotently, points read back as written, the
// recompute of the rollup from raw samples equal to means and maxima computed here, history reads.

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InfluxDB } from 'influx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/config/index.js';
import type { ProbeResult } from '../../src/probe/index.js';
import { queryHistory } from '../../src/metrics/history.js';
import { HistoryRequestError } from '../../src/metrics/history-plan.js';
import { createInfluxClient, influxAnswers } from '../../src/metrics/influx-client.js';
import { createInfluxQuery, type InfluxQuery } from '../../src/metrics/influx-query.js';
import { execute, rowsOf } from '../../src/metrics/influx-exec.js';
import { ensureSchema } from '../../src/metrics/influx-schema.js';
import { storageSettingsOf } from '../../src/metrics/influx-settings.js';
import { encodePoint } from '../../src/metrics/line-protocol.js';
import {
  type Point,
  pointsOf,
  ROLLED_UP_MEASUREMENTS,
  type SiteTags,
} from '../../src/metrics/points.js';
import { ROLLUP_FIELDS, rollupSelect } from '../../src/metrics/rollup-spec.js';
import type { TimeRange } from '../../src/metrics/time-windows.js';
import { DAY, HOUR, MIN, SEC } from '../helpers/durations.js';
import { DEFAULT_RETENTION } from '../helpers/influx-config.js';
import { type Influxd, startInfluxd } from '../helpers/influxd.js';
import { freePort } from '../helpers/ports.js';
import { icmpResult, snmpResult, wan } from '../helpers/probe-results.js';

const FIVE = 5 * MIN;
const DB = 'pantau';
const CONFIG = { database: DB, retention: DEFAULT_RETENTION };
const SETTINGS = storageSettingsOf(CONFIG);

/** Recomputes the rollup of `range` from raw samples, as Pantau does for buckets it did not see whole. */
async function recompute(range: TimeRange): Promise<void> {
  for (const measurement of ROLLED_UP_MEASUREMENTS)
    await execute(influx, DB, rollupSelect(DB, measurement, FIVE, range));
}

const SITE_A: SiteTags = { site: 'opd-dinkes', kind: 'opd', kecamatan: 'Kota', isp: 'Telkom' };
// Names with what line protocol and InfluxQL must escape.
const SITE_B: SiteTags = {
  site: "kel sukamaju,2=o'brien",
  kind: 'kelurahan',
  kecamatan: 'Kec "Utara"',
  isp: 'PT Lintas, Tbk',
};

let influxd: Influxd;
let influx: InfluxDB;
let query: InfluxQuery;

beforeAll(async () => {
  influxd = await startInfluxd();
  influx = createInfluxClient({ url: influxd.url, database: DB, username: null, password: null });
  query = createInfluxQuery({ url: influxd.url, database: DB, username: null, password: null });
});

afterAll(async () => {
  await influxd?.stop();
});

async function writeLines(lines: readonly string[]): Promise<void> {
  const response = await fetch(`${influxd.url}/write?db=${DB}&rp=raw&precision=ms`, {
    method: 'POST',
    body: `${lines.join('\n')}\n`,
  });
  expect(response.status, await response.text()).toBe(204);
}

const writePoints = (points: readonly Point[]): Promise<void> =>
  writeLines(points.map(encodePoint));

/** Results for both sites: icmp every 20 s, SNMP every 60 s, from fromMs for countMs. */
function resultsBetween(fromMs: number, countMs: number, seed: number): ProbeResult[] {
  const results: ProbeResult[] = [];
  for (let t = fromMs, i = 0; t < fromMs + countMs; t += 20 * SEC, i++) {
    const v = seed + i;
    results.push(
      icmpResult({
        siteId: 'a',
        at: t,
        rttMinMs: 5 + (v % 7),
        rttAvgMs: 10 + ((v * 3) % 11) / 2,
        rttMaxMs: 20 + (v % 13),
        jitterMs: (v % 5) / 4,
        lossPct: v % 4 === 0 ? 33.333333333333336 : 0,
        received: v % 4 === 0 ? 2 : 3,
        up: v % 9 !== 0,
      }),
    );
    if (i % 3 === 0) {
      results.push(
        snmpResult(
          [
            wan({
              speedMbps: 100,
              inErrors: v,
              rates: [
                {
                  at: t,
                  intervalMs: 60_000,
                  inBps: 1_000_000 + v * 12_345.5,
                  outBps: 250_000 + ((v * 777) % 5_000),
                  inOctets: 7_500_000 + v,
                  outOctets: 1_875_000 + v,
                  inErrors: v % 3,
                  outErrors: 0,
                  inDiscards: null,
                  source: 'counter64',
                },
              ],
            }),
          ],
          t,
        ),
      );
    }
  }
  return results;
}

const tagsFor = (result: ProbeResult): SiteTags => (result.siteId === 'a' ? SITE_A : SITE_B);

/** The points of results for site A and the same results again for site B (other values). */
function pointsFor(fromMs: number, countMs: number, seed: number): Point[] {
  const a = resultsBetween(fromMs, countMs, seed).map((r) => ({ ...r, siteId: 'a' }));
  const b = resultsBetween(fromMs, countMs, seed + 17).map((r) => ({ ...r, siteId: 'b' }));
  return [...a, ...b].flatMap((r) => pointsOf(r, tagsFor(r)));
}

const seriesKey = (measurement: string, tags: object): string =>
  `${measurement}|${JSON.stringify(Object.entries(tags).sort(([x], [y]) => x.localeCompare(y)))}`;

interface Row {
  readonly key: string;
  readonly timeMs: number;
  readonly fields: Readonly<Record<string, number | string>>;
}

/** What InfluxDB should hold: points of one series at one time merge their fields. */
function mergedRows(points: readonly Point[]): Map<string, Row> {
  const rows = new Map<string, Row>();
  for (const p of points) {
    const key = seriesKey(p.measurement, p.tags);
    const id = `${key}@${p.timeMs}`;
    const fields = { ...rows.get(id)?.fields, ...p.fields };
    rows.set(id, { key, timeMs: p.timeMs, fields });
  }
  return rows;
}

/** The rollup computed here: per series and bucket, the aggregates the rollup keeps of each field. */
function expectedRollup(points: readonly Point[], intervalMs: number): Map<string, Row> {
  const values = new Map<string, { key: string; timeMs: number; byField: Map<string, number[]> }>();
  for (const row of mergedRows(points).values()) {
    const timeMs = Math.floor(row.timeMs / intervalMs) * intervalMs;
    const id = `${row.key}@${timeMs}`;
    const entry = values.get(id) ?? { key: row.key, timeMs, byField: new Map() };
    values.set(id, entry);
    for (const [field, value] of Object.entries(row.fields)) {
      if (typeof value !== 'number') continue;
      entry.byField.set(field, [...(entry.byField.get(field) ?? []), value]);
    }
  }
  const rollup = new Map<string, Row>();
  for (const [id, entry] of values) {
    const fields: Record<string, number> = {};
    const measurement = entry.key.split('|')[0] as keyof typeof ROLLUP_FIELDS;
    for (const [field, list] of entry.byField) {
      const sum = list.reduce((s, v) => s + v, 0);
      const computed = {
        mean: sum / list.length,
        min: Math.min(...list),
        max: Math.max(...list),
        count: list.length,
        sum,
      };
      for (const aggregate of ROLLUP_FIELDS[measurement]?.[field] ?? [])
        fields[`${aggregate}_${field}`] = computed[aggregate];
    }
    rollup.set(id, { key: entry.key, timeMs: entry.timeMs, fields });
  }
  return rollup;
}

/** Rows of `rp` between fromMs and toMs, for every rolled-up measurement, keyed like the above. */
async function stored(rp: string, fromMs: number, toMs: number): Promise<Map<string, Row>> {
  const rows = new Map<string, Row>();
  for (const measurement of ['icmp', 'ifstat', 'device', 'snmp_error']) {
    const series = await execute(
      influx,
      DB,
      `SELECT * FROM "${DB}"."${rp}"."${measurement}" WHERE time >= ${fromMs}ms AND time < ${toMs}ms GROUP BY *`,
      { epochMs: true },
    );
    for (const s of series) {
      const key = seriesKey(measurement, s.tags);
      for (const row of rowsOf(s)) {
        const fields: Record<string, number | string> = {};
        for (const [column, value] of Object.entries(row)) {
          if (column !== 'time' && value !== null) fields[column] = value as number | string;
        }
        const timeMs = row.time as number;
        rows.set(`${key}@${timeMs}`, { key, timeMs, fields });
      }
    }
  }
  return rows;
}

function expectRowsClose(actual: Map<string, Row>, expected: Map<string, Row>): void {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [id, want] of expected) {
    const got = actual.get(id);
    expect(Object.keys(got?.fields ?? {}).sort(), id).toEqual(Object.keys(want.fields).sort());
    for (const [field, value] of Object.entries(want.fields)) {
      const gotValue = got?.fields[field];
      if (typeof value === 'number') {
        expect(gotValue, `${id} ${field}`).toBeTypeOf('number');
        expect(gotValue as number, `${id} ${field}`).toBeCloseTo(value, 6);
      } else expect(gotValue, `${id} ${field}`).toBe(value);
    }
  }
}

const retentionPolicies = async () =>
  (await execute(influx, DB, `SHOW RETENTION POLICIES ON "${DB}"`)).flatMap(rowsOf).map((row) => ({
    name: row.name,
    durationMs: parseDuration(String(row.duration)),
    default: row.default,
  }));

const continuousQueries = async () =>
  (await execute(influx, DB, 'SHOW CONTINUOUS QUERIES'))
    .filter((s) => s.name === DB)
    .flatMap(rowsOf)
    .map((row) => ({ name: row.name, query: row.query }));

describe('ensureSchema', () => {
  it('makes the database and retention policies, and changes nothing the second time', async () => {
    expect(await ensureSchema(influx, SETTINGS)).toEqual([
      'created database pantau',
      'created retention policy raw (5w, default)',
      'created retention policy rollup (1095d)',
    ]);
    const policies = await retentionPolicies();
    expect(await ensureSchema(influx, SETTINGS)).toEqual([]);
    expect(await retentionPolicies()).toEqual(policies);
    expect(await continuousQueries()).toEqual([]);

    expect(policies).toContainEqual({ name: 'raw', durationMs: 35 * DAY, default: true });
    expect(policies).toContainEqual({ name: 'rollup', durationMs: 3 * 365 * DAY, default: false });
  });

  it('alters changed retention, and puts it back', async () => {
    const changed = storageSettingsOf(CONFIG, { rawRetentionMs: HOUR });
    expect(await ensureSchema(influx, changed)).toEqual(['retention policy raw: duration 5w → 1h']);
    expect(await retentionPolicies()).toContainEqual({
      name: 'raw',
      durationMs: HOUR,
      default: true,
    });
    expect(await ensureSchema(influx, SETTINGS)).toEqual([
      'retention policy raw: duration 1h → 5w',
    ]);
    expect(await ensureSchema(influx, SETTINGS)).toEqual([]);
  });
});

describe('raw points', () => {
  it('read back exactly as written: tags, fields and timestamps', async () => {
    // Six hours back: away from the spans the other tests write and roll up.
    const at = Math.floor(Date.now() / SEC) * SEC - 6 * HOUR + 123;
    const failed: ProbeResult = {
      kind: 'snmp',
      siteId: 'b',
      at: at + 5 * SEC,
      ok: false,
      pollMs: 2_000,
      failure: 'bad-reply',
      message: 'agent said "no" at C:\\snmp, twice',
    };
    const held = {
      at: at - MIN,
      intervalMs: 60_000,
      inBps: 1.5,
      outBps: 2.25,
      inOctets: 11.25,
      outOctets: 16.875,
      inErrors: 2,
      outErrors: null,
      inDiscards: 0,
      source: 'counter32' as const,
    };
    const results: ProbeResult[] = [
      icmpResult({ siteId: 'a', at }),
      icmpResult({
        siteId: 'b',
        at,
        rttAvgMs: null,
        rttMinMs: null,
        rttMaxMs: null,
        jitterMs: null,
      }),
      { ...snmpResult([wan({ rates: [held, { ...held, at, inBps: 3.5 }] })], at), siteId: 'a' },
      failed,
    ];
    const points = results.flatMap((r) => pointsOf(r, tagsFor(r)));
    // Two rates: two ifstat rate points, one of them merging with the status point at `at`.
    expect(points.filter((p) => p.measurement === 'ifstat')).toHaveLength(3);
    await writePoints(points);
    expectRowsClose(await stored('raw', at - 2 * MIN, at + MIN), mergedRows(points));
  });

  // InfluxDB 1.x unescapes only "\ ", "\," and "\=" in tag values: a backslash elsewhere is
  // written as itself, and one that cannot be (before a separator, or at the end) becomes "/".
  it('reads back tag values with backslashes as written, a trailing one as a slash', async () => {
    const at = Date.now() - 5 * HOUR;
    const points: Point[] = [
      {
        measurement: 'icmp',
        tags: { site: 'a\\b', kind: 'desa', kecamatan: 'k', isp: 'i' },
        fields: { up: 1 },
        timeMs: at,
      },
      {
        measurement: 'icmp',
        tags: { site: 'c', kind: 'desa', kecamatan: 'k', isp: 'x\\' },
        fields: { up: 1 },
        timeMs: at,
      },
    ];
    await writePoints(points);
    const asStored = points.map((p) => ({
      ...p,
      tags: { ...p.tags, ...(p.tags.isp === 'x\\' ? { isp: 'x/' } : {}) },
    }));
    expectRowsClose(await stored('raw', at, at + 1), mergedRows(asStored));
  });
});

describe('rollups recomputed from raw samples', () => {
  it('equal the mean and max computed here, for the buckets asked only', async () => {
    const start = Math.floor((Date.now() - 3 * HOUR) / FIVE) * FIVE + 40 * SEC;
    const points = pointsFor(start, 12 * MIN, 5);
    await writePoints(points);
    const from = start - (start % FIVE);
    await recompute({ fromMs: from, toMs: from + 2 * FIVE });
    expectRowsClose(
      await stored('rollup', from, from + 3 * FIVE),
      expectedRollup(
        points.filter((p) => p.timeMs < from + 2 * FIVE),
        FIVE,
      ),
    );
  });
});

describe('queryHistory', () => {
  let recent: Point[];
  let base: number;

  beforeAll(async () => {
    base = Math.floor(Date.now() / FIVE) * FIVE - 20 * MIN;
    recent = pointsFor(base - 30 * MIN, 30 * MIN, 9);
    await writePoints(recent);
    await recompute({ fromMs: base - 30 * MIN, toMs: base });
  });

  it('reads raw samples for a short span, at most maxPoints per series, grouped by site', async () => {
    const result = await queryHistory(query, SETTINGS, {
      measurement: 'icmp',
      fields: ['rtt_avg_ms', 'up'],
      fromMs: base - 30 * MIN,
      toMs: base,
      maxPoints: 6,
    });
    expect(result.source).toBe('raw');
    expect(result.bucketMs).toBe(FIVE);
    expect(result.series.map((s) => s.tags)).toEqual([
      { site: SITE_B.site },
      { site: 'opd-dinkes' },
    ]);
    // Five-minute buckets of raw samples are the rollup's buckets: the same means and maxima.
    const rollup = expectedRollup(recent, FIVE);
    for (const series of result.series) {
      expect(series.points).toHaveLength(6);
      const tags = series.tags.site === SITE_A.site ? SITE_A : SITE_B;
      for (const point of series.points) {
        const want = rollup.get(`${seriesKey('icmp', tags)}@${point.timeMs}`)?.fields ?? {};
        expect(Object.keys(point.values)).toEqual([
          'mean_rtt_avg_ms',
          'max_rtt_avg_ms',
          'mean_up',
          'max_up',
        ]);
        for (const [name, value] of Object.entries(point.values))
          expect(value, name).toBeCloseTo(want[name] as number, 6);
      }
    }
  });

  it('keeps within maxPoints whatever the span', async () => {
    for (const maxPoints of [1, 2, 7]) {
      const result = await queryHistory(query, SETTINGS, {
        measurement: 'ifstat',
        fields: ['in_bps'],
        fromMs: base - 30 * MIN + 1_234,
        toMs: base + 1,
        maxPoints,
      });
      expect(result.series.length).toBe(2);
      for (const series of result.series) {
        expect(series.tags).toEqual({ site: series.tags.site, role: 'wan' });
        expect(series.points.length).toBeLessThanOrEqual(maxPoints);
      }
    }
  });

  it('reads the rollup for long spans, per site', async () => {
    const result = await queryHistory(query, SETTINGS, {
      measurement: 'ifstat',
      fields: ['in_bps', 'out_bps'],
      sites: [SITE_B.site],
      fromMs: base - 10 * DAY,
      toMs: base,
      maxPoints: 10_000,
    });
    expect(result.source).toBe('rollup');
    expect(result.bucketMs).toBe(FIVE);
    expect(result.series.map((s) => s.tags)).toEqual([{ site: SITE_B.site, role: 'wan' }]);
    const rollup = expectedRollup(recent, FIVE);
    // The backfill test's rollups, three hours back, are in the span too: look at this test's.
    const withData =
      result.series[0]?.points.filter(
        (p) => p.values.mean_in_bps !== null && p.timeMs >= base - 30 * MIN,
      ) ?? [];
    expect(withData.map((p) => (p.timeMs - base) / MIN)).toEqual([-30, -25, -20, -15, -10, -5]);
    for (const point of withData) {
      const tags = { ...SITE_B, role: 'wan', ifname: 'ether1' };
      const want = rollup.get(`${seriesKey('ifstat', tags)}@${point.timeMs}`)?.fields ?? {};
      for (const [name, value] of Object.entries(point.values))
        expect(value, name).toBeCloseTo(want[name] as number, 6);
    }
    const coarse = await queryHistory(query, SETTINGS, {
      measurement: 'ifstat',
      fields: ['in_bps'],
      fromMs: base - 10 * DAY,
      toMs: base,
      maxPoints: 24,
    });
    expect(coarse.source).toBe('rollup');
    expect(coarse.bucketMs).toBe(10 * HOUR);
    for (const series of coarse.series) expect(series.points.length).toBeLessThanOrEqual(24);
  });

  it('finds nothing, and fails nothing, for a site id that tries to break out of its literal', async () => {
    const result = await queryHistory(query, SETTINGS, {
      measurement: 'icmp',
      fields: ['up'],
      sites: ["x' OR site =~ /.*/ OR site = 'y", 'a\\', 'line\nbreak'],
      fromMs: base - 30 * MIN,
      toMs: base,
      maxPoints: 10,
    });
    expect(result.series).toEqual([]);
  });

  it('rejects bad requests before asking InfluxDB', async () => {
    await expect(
      queryHistory(query, SETTINGS, {
        measurement: 'icmp',
        fields: ['rtt_avg_ms) FROM x; DROP DATABASE pantau; SELECT (1'],
        fromMs: base - HOUR,
        toMs: base,
        maxPoints: 10,
      }),
    ).rejects.toThrow(HistoryRequestError);
    await expect(
      queryHistory(query, SETTINGS, {
        measurement: 'icmp',
        fields: ['up'],
        fromMs: base,
        toMs: base - HOUR,
        maxPoints: 10,
      }),
    ).rejects.toThrow(`fromMs (${base}) must be before toMs (${base - HOUR})`);
    expect((await execute(influx, DB, 'SHOW DATABASES')).flatMap((s) => s.values)).toContainEqual([
      DB,
    ]);
  });
});

describe('influxAnswers', () => {
  it('finds InfluxDB at its base URL written with or without a trailing slash', async () => {
    expect(await influxAnswers(influxd.url)).toBe(true);
    expect(await influxAnswers(`${influxd.url}/`)).toBe(true);
  });

  it('is false where no InfluxDB listens', async () => {
    expect(await influxAnswers(`http://127.0.0.1:${await freePort()}/`)).toBe(false);
  });
});

describe('the influxd harness', () => {
  it('comes back after SIGKILL on the same port with the same data', async () => {
    const at = Date.now() - MIN;
    await writePoints(pointsOf(icmpResult({ siteId: 'a', at }), SITE_A));
    await influxd.kill('SIGKILL');
    await expect(fetch(`${influxd.url}/ping`)).rejects.toThrow();
    await influxd.start();
    const rows = await stored('raw', at, at + 1);
    expect(rows.size).toBe(1);
  });

  it('runs with the settings Pantau ships: the tsi1 index in every shard, no _internal store, no CQ service', async () => {
    await writePoints(pointsOf(icmpResult({ siteId: 'a', at: Date.now() - MIN }), SITE_A));
    const databases = (await execute(influx, DB, 'SHOW DATABASES'))
      .flatMap(rowsOf)
      .map((r) => r.name);
    expect(databases).not.toContain('_internal');
    const shardsDir = join(influxd.dataDir, 'data', DB, 'raw');
    const shards = await readdir(shardsDir);
    expect(shards.length).toBeGreaterThan(0);
    for (const shard of shards) expect(await readdir(join(shardsDir, shard))).toContain('index');
    const config = await readFile(join(influxd.dataDir, 'influxdb.conf'), 'utf8');
    expect(config).toMatch(/\[continuous_queries\]\n {2}enabled = false/);
    expect(config).toContain('max-concurrent-compactions = 1');
  });
});
