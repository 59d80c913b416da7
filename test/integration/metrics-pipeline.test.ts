// The metrics pipeline against a real influxd and the lab: InfluxDB killed for over 30 s loses no
// point and the rollups of the outage are right; Pantau killed with points in its spool
// replays them, once, at its next start.

import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CollectorPool, collectorSites } from '../../src/collector/index.js';
import { type ProbeResultSink, FanOutSink } from '../../src/pipeline/index.js';
import { loadConfig, type PantauConfig } from '../../src/config/index.js';
import { InventoryIndex } from '../../src/inventory/index.js';
import { silentLogger } from '../../src/logger.js';
import type { ProbeResult } from '../../src/probe/index.js';
import {
  createInfluxClient,
  encodePoint,
  lineMeasurement,
  lineTimeMs,
  MetricsPipeline,
  openWritePath,
  pointsOf,
  type SiteTags,
  Spool,
  siteTagsOf,
} from '../../src/metrics/index.js';
import { withChecks, workerSettings } from '../helpers/collector-targets.js';
import { type Influxd, startInfluxd } from '../helpers/influxd.js';
import { compareRollups } from '../helpers/rollup-compare.js';
import { ROOT, type RunningLab, startLab } from '../helpers/lab-process.js';
import { freePort } from '../helpers/ports.js';
import { startServe } from '../helpers/serve-process.js';
import { until } from '../helpers/until.js';

const DEMO = `${ROOT}config/demo.yaml`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Recorder implements ProbeResultSink {
  readonly results: ProbeResult[] = [];
  accept(results: readonly ProbeResult[]): void {
    this.results.push(...results);
  }
}

/** Identity of a line as InfluxDB stores it: measurement, tag set and time (fields merge). */
function keyOfLine(line: string): string {
  const head = /^(?:[^\\ ]|\\.)+/.exec(line)?.[0] ?? ''; // measurement and tags, up to the first unescaped space
  return `${head} ${lineTimeMs(line)}`;
}

/** The same identity from a row InfluxDB returns (tags as columns). */
function keyOfRow(measurement: string, row: Record<string, unknown>, tagKeys: string[]): string {
  const tags = tagKeys
    .filter((k) => typeof row[k] === 'string' && row[k] !== '')
    .sort()
    .map((k) => `,${k}=${String(row[k]).replace(/[\\,= ]/g, (c) => `\\${c}`)}`)
    .join('');
  return `${measurement}${tags} ${(row.time as Date).getTime()}`;
}

const TAGS: Record<string, string[]> = {
  icmp: ['site', 'kind', 'kecamatan', 'isp'],
  device: ['site', 'kind', 'kecamatan', 'isp'],
  snmp_error: ['site', 'kind', 'kecamatan', 'isp'],
  ifstat: ['site', 'kind', 'kecamatan', 'isp', 'role', 'ifname'],
};

/** Every stored point of the probe measurements in [fromMs, toMs], as identities with counts. */
async function storedKeys(
  url: string,
  database: string,
  fromMs: number,
  toMs: number,
): Promise<Map<string, number>> {
  const influx = createInfluxClient({ url, database, username: null, password: null });
  const counts = new Map<string, number>();
  for (const [measurement, tagKeys] of Object.entries(TAGS)) {
    const rows = await influx.query<Record<string, unknown>>(
      `SELECT * FROM "${database}"."raw"."${measurement}" WHERE time >= ${fromMs}ms AND time <= ${toMs}ms`,
    );
    for (const row of rows) {
      const key = keyOfRow(measurement, row, tagKeys);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

describe('the metrics pipeline with InfluxDB and Pantau failing', () => {
  let lab: RunningLab;
  let influxd: Influxd;
  let config: PantauConfig;
  const scratch: string[] = [];

  beforeAll(async () => {
    if (process.getuid?.() !== 0)
      throw new Error('the pipeline tests need root (the lab namespace)');
    influxd = await startInfluxd();
    lab = await startLab(['--config', DEMO, '--no-scenario', '--network', 'namespace']);
    config = await loadConfig(DEMO, { ...process.env, SNMP_COMMUNITY: 'public' });
  });

  afterAll(async () => {
    await lab?.stop();
    await influxd?.stop();
    for (const dir of scratch) await rm(dir, { recursive: true, force: true });
  });

  it('loses no point while InfluxDB is killed for 52 s; the rollups of the outage, spooled too, need no recompute', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pantau-pipeline-'));
    scratch.push(dir);
    const database = 'pantau_fault';
    const chosen = collectorSites(config.inventory, config.probe)
      .slice(0, 40)
      .map((s) =>
        withChecks(s, {
          icmp: {
            intervalMs: 2000,
            settings: { count: 2, timeoutMs: 300, confirm: { attempts: 1, intervalMs: 200 } },
            backend: 'fping',
          },
          snmp: { intervalMs: 3000, settings: { timeoutMs: 500, retries: 0 } },
        }),
      );
    const ids = new Set(chosen.map((s) => s.siteId));
    const pipeline = await MetricsPipeline.open({
      influx: {
        ...config.influx,
        url: influxd.url,
        database,
        batch: { maxPoints: 500, maxDelayMs: 200 },
        spool: { dir: join(dir, 'spool'), maxBytes: 64 * 1024 * 1024 },
      },
      index: new InventoryIndex({
        ...config.inventory,
        sites: config.inventory.sites.filter((s) => ids.has(s.id)),
      }),
      instance: 'test',
      log: silentLogger,
      // 10-s rollups, each written 5 s after its end (stragglers: a held rate comes a poll late).
      storage: { rollupIntervalMs: 10_000, rollupGraceMs: 5000 },
      rollupTickMs: 500,
      retryMinMs: 250,
      retryMaxMs: 1000,
      writeTimeoutMs: 2000,
    });
    const recorder = new Recorder();
    const pool = new CollectorPool({
      sites: chosen,
      workers: 2,
      probe: workerSettings(50),
      sink: new FanOutSink([pipeline.sink, recorder]),
      log: silentLogger,
    });
    const started = Date.now();
    await pool.start();
    let killedAt = 0;
    let restartedAt = 0;
    try {
      await sleep(6000);
      killedAt = Date.now();
      await influxd.kill('SIGKILL');
      // Long enough for several whole 10-s buckets to close while InfluxDB is away.
      await sleep(52_000);
      expect(pipeline.stats().writer.influxAway).toBe(true);
      expect(pipeline.stats().spool.pendingLines).toBeGreaterThan(0);
      expect(pipeline.stats().rollupSpool.pendingLines).toBeGreaterThan(0);
      restartedAt = Date.now();
      await influxd.start();
      await until(
        () => {
          const s = pipeline.stats();
          return (
            !s.writer.influxAway &&
            s.spool.pendingLines === 0 &&
            s.rollupSpool.pendingLines === 0 &&
            s.rollups.recomputePending === 0
          );
        },
        60_000,
        'both spools to be replayed',
      );
      await sleep(3000);
    } finally {
      await pool.stop();
      await pipeline.stop();
    }
    const ended = Date.now();

    // Every point the collectors produced is stored, once.
    const tags = new Map<string, SiteTags>(
      config.inventory.sites.map((s) => [s.id, siteTagsOf(s)]),
    );
    const expected = new Set<string>();
    for (const result of recorder.results) {
      for (const point of pointsOf(result, tags.get(result.siteId) as SiteTags))
        expected.add(keyOfLine(encodePoint(point)));
    }
    const stored = await storedKeys(influxd.url, database, started - 60_000, ended + 60_000);
    const missing = [...expected].filter((k) => !stored.has(k));
    const unexpected = [...stored.keys()].filter((k) => !expected.has(k));
    expect(missing.slice(0, 5)).toEqual([]);
    expect(unexpected.slice(0, 5)).toEqual([]);
    expect([...stored.values()].every((n) => n === 1)).toBe(true);
    const duringOutage = recorder.results.filter((r) => r.at > killedAt && r.at < restartedAt);
    expect(duringOutage.length).toBeGreaterThan(500);

    // Every bucket's rollup equals InfluxDB's own aggregates of the raw points, the outage's
    // included: computed as the points passed and spooled beside them.
    const comparison = await compareRollups(influxd.url, database, 10_000, {
      fromMs: started - 10_000,
      toMs: ended + 10_000,
    });
    expect(comparison.differences.slice(0, 10)).toEqual([]);
    const icmpBuckets = new Set(
      recorder.results
        .filter((r) => r.kind === 'icmp')
        .map((r) => `${r.siteId} ${Math.floor(r.at / 10_000)}`),
    );
    expect(comparison.points.icmp).toBe(icmpBuckets.size);
    // A fresh database: the bucket it started in held nothing before, so nothing was recomputed
    // but what a late point reached (one query a site and bucket at most).
    const { rollups } = pipeline.stats();
    expect(rollups.recomputeQueries).toBeLessThanOrEqual(rollups.latePoints);
  }, 180_000);

  it('replays, once, the points a killed Pantau left in its spool, and recomputes the rollups it left open', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pantau-crash-'));
    scratch.push(dir);
    const database = 'pantau_crash';
    await influxd.kill('SIGKILL'); // Pantau starts with InfluxDB away: everything goes to the spool
    const configFile = join(dir, 'pantau.yaml');
    await writeFile(
      configFile,
      [
        'server:',
        `  listen: 127.0.0.1:${await freePort()}`,
        `  dataDir: ${join(dir, 'data')}`,
        'influx:',
        `  url: ${influxd.url}`,
        `  database: ${database}`,
        '  retention: { rollupInterval: 10s, rollupGrace: 2s }',
        '  batch: { maxPoints: 200, maxDelay: 200ms }',
        `  spool: { dir: ${join(dir, 'spool')}, maxBytes: 64MiB }`,
        'probe:',
        '  workers: 2',
        '  icmp: { interval: 5s, count: 2, confirm: { attempts: 1, interval: 300ms } }',
        '  snmp: { interval: 5s, timeout: 1s, retries: 0 }',
        'inventory:',
        `  files: [${ROOT}config/demo-inventory.yaml]`,
        '',
      ].join('\n'),
    );
    const serve = () => startServe(configFile);
    const spoolBytes = async () => {
      let total = 0;
      for (const name of await readdir(join(dir, 'spool')).catch(() => [] as string[]))
        if (name.endsWith('.spool')) total += (await stat(join(dir, 'spool', name))).size;
      return total;
    };

    const first = serve();
    await until(
      async () => (await spoolBytes()) > 60_000,
      60_000,
      `points in the spool\n${first.output()}`,
    );
    // Across a 10-s bucket boundary: the killed run leaves closed buckets spooled and open ones.
    await sleep(12_000);
    first.child.kill('SIGKILL');
    await first.exited;

    // What the spool holds now is what must arrive: read from a copy, so the original stays.
    await cp(join(dir, 'spool'), join(dir, 'spool-copy'), { recursive: true });
    const copy = await Spool.open({
      dir: join(dir, 'spool-copy'),
      maxBytes: 1e9,
      log: silentLogger,
    });
    const spooled: string[] = [];
    for (let batch = await copy.peek(); batch; batch = await copy.peek()) {
      spooled.push(...batch.lines);
      await copy.ack(batch.id);
    }
    await copy.close();
    expect(spooled.length).toBeGreaterThan(500);

    await influxd.start();
    const second = serve();
    const lastSpooled = Math.max(...spooled.map(lineTimeMs));
    const firstSpooled = Math.min(...spooled.map(lineTimeMs));
    const expected = new Map<string, number>();
    for (const line of spooled) {
      if (lineMeasurement(line) === 'pantau') continue;
      expected.set(keyOfLine(line), 1);
    }
    await until(
      async () =>
        (await storedKeys(influxd.url, database, firstSpooled, lastSpooled).catch(() => new Map()))
          .size >= expected.size,
      60_000,
      `the replay\n${second.output()}`,
    );
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.output()).toContain(
      'rollups the last run left open are recomputed from raw samples',
    );
    // Every 10-s bucket before the watermark the second run left is final and equals InfluxDB's
    // own aggregates of the raw points: those the killed run closed while InfluxDB was away
    // (spooled), those it left open (recomputed from its watermark on: missing otherwise). A
    // bucket the second run could not recompute before its stop waits for the next start.
    const { finalBeforeMs } = JSON.parse(
      await readFile(join(dir, 'spool', 'rollup.json'), 'utf8'),
    ) as { finalBeforeMs: number };
    expect(finalBeforeMs).toBeGreaterThanOrEqual(Math.floor(lastSpooled / 10_000) * 10_000);
    const comparison = await compareRollups(influxd.url, database, 10_000, {
      fromMs: firstSpooled - 10_000,
      toMs: finalBeforeMs,
    });
    expect(comparison.differences.slice(0, 10)).toEqual([]);
    expect(comparison.points.icmp).toBeGreaterThan(0);

    const stored = await storedKeys(influxd.url, database, firstSpooled, lastSpooled);
    expect([...expected.keys()].filter((k) => !stored.has(k))).toEqual([]);
    expect([...stored.values()].every((n) => n === 1)).toBe(true);
    // Once: the second run replayed exactly what was spooled, no batch twice.
    const influx = createInfluxClient({
      url: influxd.url,
      database,
      username: null,
      password: null,
    });
    const [self] = await influx.query<{ points_replayed: number }>(
      `SELECT last("points_replayed") AS "points_replayed" FROM "${database}"."raw"."pantau"`,
    );
    expect(self?.points_replayed).toBe(spooled.length);
  }, 240_000);

  /** A writer into `database` with its own spool and dead-letter file, as the pipeline makes it. */
  async function writerFor(
    database: string,
    spoolOptions: { maxBytes: number; segmentBytes?: number },
  ) {
    const dir = await mkdtemp(join(tmpdir(), 'pantau-writer-'));
    scratch.push(dir);
    const client = createInfluxClient({
      url: influxd.url,
      database,
      username: null,
      password: null,
    });
    await client.createDatabase(database);
    const { writer, spool, deadLetters } = await openWritePath({
      dir: join(dir, 'spool'),
      ...spoolOptions,
      target: {
        url: influxd.url,
        database,
        retentionPolicy: 'autogen',
        username: null,
        password: null,
        timeoutMs: 2000,
      },
      log: silentLogger,
      maxPoints: 100,
      maxDelayMs: 50,
      retryMinMs: 200,
      retryMaxMs: 500,
    });
    writer.start();
    return { dir, client, spool, deadLetters, writer };
  }

  it('puts a point with a type conflict in the dead-letter file with the reason, and writes its batch-mates', async () => {
    const { dir, client, writer, spool, deadLetters } = await writerFor('pantau_conflict', {
      maxBytes: 1e8,
    });
    const t = Date.now() - 60_000;
    writer.add([`icmp,site=a up=1 ${t}`]);
    await until(() => writer.stats().written === 1, 10_000, 'the first point');
    const batch = Array.from({ length: 9 }, (_, i) => `icmp,site=b${i} up=1,loss_pct=0 ${t + i}`);
    const bad = `icmp,site=c up="yes" ${t + 100}`; // a string into a float field
    batch.splice(4, 0, bad);
    writer.add(batch);
    await until(() => writer.stats().deadLettered === 1, 10_000, 'the dead letter');
    await until(() => writer.stats().written === 10, 10_000, 'the batch-mates');
    await writer.stop();
    await spool.close();
    await deadLetters.close();
    const records = (await readFile(join(dir, 'spool', 'dead-letter.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: string; reason: string });
    expect(records).toHaveLength(1);
    expect(records[0]?.line).toBe(bad);
    expect(records[0]?.reason).toMatch(/field type conflict/);
    const rows = await client.query<{ site: string }>(
      `SELECT "up", "site" FROM "pantau_conflict"."autogen"."icmp"`,
    );
    expect(rows.map((r) => r.site).sort()).toEqual(
      [
        'a',
        ...batch
          .slice(0, 4)
          .concat(batch.slice(5))
          .map((l) => /site=(\w+)/.exec(l)?.[1]),
      ].sort(),
    );
  });

  it('drops the oldest spool segment when the spool is full, counts it, keeps going, and replays the rest', async () => {
    const { client, spool, writer } = await writerFor('pantau_full', {
      maxBytes: 200_000,
      segmentBytes: 50_000,
    });
    await influxd.kill('SIGKILL');
    const t = Date.now() - 3_600_000;
    const line = (i: number) => `icmp,site=s${i % 50} up=1,rtt_avg_ms=${i % 97} ${t + i}`;
    for (let i = 0; i < 20_000; i += 100)
      writer.add(Array.from({ length: 100 }, (_, j) => line(i + j)));
    await until(() => writer.stats().spooled === 20_000, 30_000, 'every point spooled or dropped');
    const full = spool.stats();
    expect(full.droppedSegments).toBeGreaterThan(0);
    expect(full.droppedLines).toBeGreaterThan(0);
    expect(full.bytes).toBeLessThanOrEqual(200_000);
    // Still running: more points are taken while InfluxDB is away.
    writer.add([line(20_000)]);
    await until(() => writer.stats().spooled === 20_001, 10_000, 'a point after the drop');

    await influxd.start();
    await until(() => spool.stats().pendingLines === 0, 60_000, 'the replay');
    await writer.stop();
    const kept = 20_001 - spool.stats().droppedLines;
    const [count] = await client.query<{ count: number }>(
      `SELECT count("up") AS "count" FROM "pantau_full"."autogen"."icmp"`,
    );
    expect(count?.count).toBe(kept);
    await spool.close();
  });
});
