// The rollups Pantau computes as the points pass, against a real influxd: equal, value by value,
// to what InfluxDB computes itself over the raw points (mean/min/max/sum/count GROUP BY time(5m));
// the exact GB of a series whose octet deltas are known; and the old continuous queries dropped.

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryIndex } from '../../src/inventory/index.js';
import { syntheticInventory } from '../../src/lab/index.js';
import { silentLogger } from '../../src/logger.js';
import { createInfluxClient } from '../../src/metrics/influx-client.js';
import { execute, rowsOf } from '../../src/metrics/influx-exec.js';
import { ensureSchema } from '../../src/metrics/influx-schema.js';
import { storageSettingsOf } from '../../src/metrics/influx-settings.js';
import { MetricsPipeline } from '../../src/metrics/metrics-pipeline.js';
import { MetricsSink } from '../../src/metrics/metrics-sink.js';
import { RollupAggregator } from '../../src/metrics/rollup-aggregator.js';
import type { ProbeResult } from '../../src/probe/index.js';
import { DEFAULT_RETENTION, testInfluxConfig } from '../helpers/influx-config.js';
import { type Influxd, startInfluxd } from '../helpers/influxd.js';
import {
  everyKindOfResult,
  icmpDown,
  icmpResult,
  snmpResult,
  wan,
} from '../helpers/probe-results.js';
import { compareRollups } from '../helpers/rollup-compare.js';

const MIN = 60_000;
const FIVE = 5 * MIN;
const DB = 'pantau';

let influxd: Influxd;

beforeAll(async () => {
  influxd = await startInfluxd();
  const influx = createInfluxClient({
    url: influxd.url,
    database: DB,
    username: null,
    password: null,
  });
  await ensureSchema(influx, storageSettingsOf({ database: DB, retention: DEFAULT_RETENTION }));
});

afterAll(async () => {
  await influxd?.stop();
});

async function write(rp: string, lines: readonly string[]): Promise<void> {
  for (let i = 0; i < lines.length; i += 5000) {
    const response = await fetch(`${influxd.url}/write?db=${DB}&rp=${rp}&precision=ms`, {
      method: 'POST',
      body: `${lines.slice(i, i + 5000).join('\n')}\n`,
    });
    expect(response.status, await response.text()).toBe(204);
  }
}

/** A seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1_664_525 + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Results of `sites` over `spanMs` from `from`: ICMP every 30 s (some lost), SNMP every 60 s. */
function results(
  siteIds: readonly string[],
  from: number,
  spanMs: number,
  seed: number,
): ProbeResult[] {
  const rnd = random(seed);
  const out: ProbeResult[] = [];
  for (const siteId of siteIds) {
    const offset = Math.floor(rnd() * 30_000);
    for (let t = from + offset; t < from + spanMs; t += 30_000) {
      // Values with many decimals: a sum taken in another order would differ in the last bits.
      const rtt = 5 + rnd() * 80;
      out.push(
        rnd() < 0.1
          ? icmpDown({ siteId, at: t })
          : icmpResult({
              siteId,
              at: t,
              rttMinMs: rtt * 0.9,
              rttAvgMs: rtt,
              rttMaxMs: rtt * 1.3,
              jitterMs: rnd() * 7,
              received: rnd() < 0.2 ? 2 : 3,
              lossPct: rnd() < 0.2 ? 100 / 3 : 0,
            }),
      );
    }
    for (let t = from + offset + 7000; t < from + spanMs; t += 60_000) {
      const inOctets = Math.floor(rnd() * 3e8);
      const outOctets = Math.floor(rnd() * 9e7);
      const rate = (at: number) => ({
        at,
        intervalMs: 60_000 + Math.floor(rnd() * 200),
        inBps: (inOctets * 8) / 60.1,
        outBps: (outOctets * 8) / 60.1,
        inOctets,
        outOctets,
        inErrors: Math.floor(rnd() * 3),
        outErrors: 0,
        inDiscards: Math.floor(rnd() * 2),
        source: 'counter64' as const,
      });
      out.push({
        ...snmpResult(
          [
            wan({ rates: [rate(t)], inErrors: Math.floor(rnd() * 1000) }),
            wan({ role: 'lan', name: 'bridge', rates: [rate(t)], speedMbps: 1000 }),
          ],
          t,
        ),
        siteId,
        pollMs: 20 + rnd() * 400,
      });
    }
  }
  // As the pipeline gets them: each probe round's results together, rounds in time order.
  return out.sort((a, b) => a.at - b.at);
}

describe('rollups computed in the pipeline', () => {
  it('equal what InfluxDB computes over the raw points, value by value, for every series and bucket', async () => {
    const inventory = syntheticInventory(40);
    const index = new InventoryIndex(inventory);
    const siteIds = inventory.sites.map((s) => s.id);
    const from = Math.floor((Date.now() - 6 * 3_600_000) / FIVE) * FIVE;
    const span = 4 * FIVE;
    const raw: string[] = [];
    const aggregator = new RollupAggregator({
      intervalMs: FIVE,
      graceMs: 2 * MIN,
      startMs: from - 1,
    });
    const sink = new MetricsSink(
      index,
      { add: (lines) => raw.push(...lines) },
      silentLogger,
      aggregator,
    );
    const all = results(siteIds, from, span, 7);
    // In batches of a probe round, as the collectors hand them over.
    for (let i = 0; i < all.length; i += 25) sink.accept(all.slice(i, i + 25));
    const closed = aggregator.closeDue(from + span + 2 * MIN);
    expect(closed.recompute.filter((r) => r.site !== null)).toEqual([]);
    await write('raw', raw);
    await write('rollup', closed.lines);

    const comparison = await compareRollups(influxd.url, DB, FIVE, {
      fromMs: from,
      toMs: from + span,
    });
    expect(comparison.differences.slice(0, 10)).toEqual([]);
    // 40 sites × 4 buckets: one icmp and one device series each, two interfaces.
    expect(comparison.points).toEqual({ icmp: 160, ifstat: 320, device: 160 });
  });

  it('keeps the exact octets of a series, so a quota bill counts whole GB', async () => {
    const inventory = syntheticInventory(1);
    const index = new InventoryIndex(inventory);
    const siteId = inventory.sites[0]?.id as string;
    const from = Math.floor((Date.now() - 3 * 3_600_000) / FIVE) * FIVE;
    const aggregator = new RollupAggregator({ intervalMs: FIVE, graceMs: 0, startMs: from - 1 });
    const raw: string[] = [];
    const sink = new MetricsSink(
      index,
      { add: (lines) => raw.push(...lines) },
      silentLogger,
      aggregator,
    );
    // An hour of polls, each delta known: 1,000,000,007 × k bytes in, in polls a minute apart.
    let expectedIn = 0;
    for (let k = 1; k <= 60; k += 1) {
      const inOctets = 1_000_000_007 * k;
      expectedIn += inOctets;
      const at = from + k * MIN - 30_000;
      sink.accept([
        {
          ...snmpResult(
            [
              wan({
                rates: [
                  {
                    at,
                    intervalMs: 60_000,
                    inBps: (inOctets * 8) / 60,
                    outBps: 0,
                    inOctets,
                    outOctets: 0,
                    inErrors: 0,
                    outErrors: 0,
                    inDiscards: 0,
                    source: 'counter64',
                  },
                ],
              }),
            ],
            at,
          ),
          siteId,
        },
      ]);
    }
    const { lines } = aggregator.closeDue(from + 13 * FIVE);
    await write('raw', raw);
    await write('rollup', lines);
    const influx = createInfluxClient({
      url: influxd.url,
      database: DB,
      username: null,
      password: null,
    });
    const [row] = (
      await execute(
        influx,
        DB,
        `SELECT sum("sum_in_octets") AS total, sum("count_in_bps") AS samples FROM "${DB}"."rollup"."ifstat" ` +
          `WHERE "site" = '${siteId}' AND "role" = 'wan' AND time >= ${from}ms AND time < ${from + 12 * FIVE}ms`,
      )
    ).flatMap(rowsOf);
    expect(expectedIn).toBe(1_830_000_012_810); // 1,000,000,007 × 1830
    expect(row?.total).toBe(expectedIn);
    expect(row?.samples).toBe(60);
    // 1,830.000012810 GB: a quota bill counts 1,831 GB (a part counted whole).
    expect(Math.ceil((row?.total as number) / 1e9)).toBe(1831);
  });

  it('drops the rollup continuous queries earlier versions made, says so, and leaves other ones', async () => {
    const influx = createInfluxClient({
      url: influxd.url,
      database: DB,
      username: null,
      password: null,
    });
    for (const m of ['icmp', 'ifstat', 'device'])
      await execute(
        influx,
        DB,
        `CREATE CONTINUOUS QUERY rollup_${m} ON ${DB} RESAMPLE EVERY 1m FOR 15m BEGIN ` +
          `SELECT mean(*), max(*) INTO ${DB}.rollup.:MEASUREMENT FROM ${DB}.raw.${m} GROUP BY time(5m), * END`,
      );
    await execute(
      influx,
      DB,
      `CREATE CONTINUOUS QUERY operator_own ON ${DB} BEGIN SELECT count(up) INTO ${DB}.rollup.ups FROM ${DB}.raw.icmp GROUP BY time(1h) END`,
    );
    const settings = storageSettingsOf({ database: DB, retention: DEFAULT_RETENTION });
    expect(await ensureSchema(influx, settings)).toEqual([
      'dropped continuous query rollup_icmp (Pantau rolls up in its pipeline)',
      'dropped continuous query rollup_ifstat (Pantau rolls up in its pipeline)',
      'dropped continuous query rollup_device (Pantau rolls up in its pipeline)',
    ]);
    const left = (await execute(influx, DB, 'SHOW CONTINUOUS QUERIES'))
      .filter((s) => s.name === DB)
      .flatMap(rowsOf)
      .map((r) => r.name);
    expect(left).toEqual(['operator_own']);
    expect(await ensureSchema(influx, settings)).toEqual([]);
  });
});

describe('rollups across a restart of Pantau', () => {
  it('a bucket open at a stop loses no sample and counts none twice after the restart', async () => {
    const SEC = 1000;
    const BUCKET = 10 * SEC;
    const database = 'pantau_restart';
    const dir = await mkdtemp(join(tmpdir(), 'pantau-rollup-restart-'));
    const inventory = syntheticInventory(5);
    const index = new InventoryIndex(inventory);
    const open = () =>
      MetricsPipeline.open({
        influx: {
          ...testInfluxConfig(influxd.url, database),
          batch: { maxPoints: 1000, maxDelayMs: 100 },
          spool: { dir: join(dir, 'spool'), maxBytes: 64 * 2 ** 20 },
        },
        index,
        instance: 'test',
        log: silentLogger,
        storage: { rollupIntervalMs: BUCKET, rollupGraceMs: SEC },
        rollupTickMs: 200,
      });
    const icmpAt = (at: number) =>
      inventory.sites.map((site) => icmpResult({ siteId: site.id, at, rttAvgMs: (at % 997) / 7 }));
    try {
      // Start just after a boundary, so both runs fall in one bucket.
      const boundary = Math.ceil(Date.now() / BUCKET) * BUCKET;
      await new Promise((r) => setTimeout(r, boundary - Date.now() + 200));
      const bucket = boundary;
      const first = await open();
      // Results as the collectors give them: probed just now.
      const feed = async (pipeline: MetricsPipeline, rounds: number) => {
        for (let i = 0; i < rounds; i += 1) {
          await new Promise((r) => setTimeout(r, 60));
          pipeline.sink.accept(icmpAt(Date.now()));
        }
      };
      await feed(first, 4);
      await first.stop();
      const state = JSON.parse(await readFile(join(dir, 'spool', 'rollup.json'), 'utf8'));
      // Its open bucket was written at stop: final as far as this run goes.
      expect(state.finalBeforeMs).toBe(bucket + BUCKET);
      const second = await open();
      await feed(second, 3);
      // The next bucket, seen whole by the second run.
      const next = bucket + BUCKET;
      await new Promise((r) => setTimeout(r, next - Date.now() + 100));
      await feed(second, 2);
      await new Promise((r) => setTimeout(r, next + BUCKET + 2 * SEC - Date.now()));
      expect(second.stats().rollups.recomputeQueries).toBe(3); // the bucket it started in
      await second.stop();

      const comparison = await compareRollups(influxd.url, database, BUCKET, {
        fromMs: bucket - BUCKET,
        toMs: next + 2 * BUCKET,
      });
      expect(comparison.differences).toEqual([]);
      expect(comparison.points.icmp).toBe(10); // 5 sites × 2 buckets
      const influx = createInfluxClient({
        url: influxd.url,
        database,
        username: null,
        password: null,
      });
      const counts = (
        await execute(
          influx,
          database,
          `SELECT "count_up" FROM "${database}"."rollup"."icmp" GROUP BY "site"`,
          { epochMs: true },
        )
      ).flatMap((series) => rowsOf(series).map((row) => [row.time, row.count_up]));
      expect(counts).toEqual(
        inventory.sites.flatMap(() => [
          [bucket, 7],
          [next, 2],
        ]),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('series cardinality', () => {
  it('is six series a site at most, raw and rollup alike (docs/metrics.md): a change that multiplies them fails here', async () => {
    const database = 'pantau_cardinality';
    const influx = createInfluxClient({
      url: influxd.url,
      database,
      username: null,
      password: null,
    });
    await ensureSchema(influx, storageSettingsOf({ database, retention: DEFAULT_RETENTION }));
    const inventory = syntheticInventory(20);
    const index = new InventoryIndex(inventory);
    const raw: string[] = [];
    const from = Math.floor((Date.now() - 3_600_000) / FIVE) * FIVE;
    const aggregator = new RollupAggregator({ intervalMs: FIVE, graceMs: 0, startMs: from - 1 });
    const sink = new MetricsSink(
      index,
      { add: (lines) => raw.push(...lines) },
      silentLogger,
      aggregator,
    );
    // Every kind of result (ICMP up and down, SNMP with a WAN, a LAN and a silent interface, a
    // failed poll, a TCP check) for every site, an hour long.
    for (let t = from; t < from + 3_600_000; t += 60_000)
      sink.accept(
        inventory.sites.flatMap((site) =>
          // The fixture's time, in the result and its rates, moved to t.
          everyKindOfResult(site.id).map(
            (r) => JSON.parse(JSON.stringify(r).replaceAll(String(r.at), String(t))) as ProbeResult,
          ),
        ),
      );
    const { lines } = aggregator.closeDue(from + 2 * 3_600_000);
    for (let i = 0; i < raw.length; i += 5000) {
      const response = await fetch(`${influxd.url}/write?db=${database}&rp=raw&precision=ms`, {
        method: 'POST',
        body: raw.slice(i, i + 5000).join('\n'),
      });
      expect(response.status, await response.text()).toBe(204);
    }
    const response = await fetch(`${influxd.url}/write?db=${database}&rp=rollup&precision=ms`, {
      method: 'POST',
      body: lines.join('\n'),
    });
    expect(response.status, await response.text()).toBe(204);
    const series = (await execute(influx, database, `SHOW SERIES ON "${database}"`))
      .flatMap(rowsOf)
      .map((row) => String(row.key));
    const byMeasurement: Record<string, number> = {};
    for (const key of series) {
      const m = key.split(',')[0] as string;
      byMeasurement[m] = (byMeasurement[m] ?? 0) + 1;
    }
    expect(byMeasurement).toEqual({ icmp: 20, device: 20, ifstat: 40, snmp_error: 20, tcp: 20 });
    expect(series.length / inventory.sites.length).toBeLessThanOrEqual(6);
  });
});
