// Benchmark of the metrics pipeline into a local influxd: sustained points/s from probe results
// through points, line protocol and the batched writer, beside the floor, a bare HTTP /write loop of
// the same lines in the same batches, one in flight; and the CPU Pantau spends per 1,000 points.
//
//   npm run bench:write
//   npm run bench:write -- --sites 10000 --rounds 6 --repeat 3

import { InventoryIndex } from '../../src/inventory/index.js';
import { syntheticInventory } from '../../src/lab/index.js';
import { createLogger } from '../../src/logger.js';
import type { ProbeResult } from '../../src/probe/index.js';
import {
  createInfluxClient,
  createLineWriter,
  encodePoint,
  ensureSchema,
  MetricsSink,
  MetricsWriter,
  pointsOf,
  RAW_RP,
  type SiteTags,
  siteTagsOf,
  storageSettingsOf,
} from '../../src/metrics/index.js';
import { testInfluxConfig } from '../helpers/influx-config.js';
import { startInfluxd } from '../helpers/influxd.js';
import { icmpResult, snmpResult, wan } from '../helpers/probe-results.js';
import { benchArgs } from './bench-args.js';

const values = benchArgs(
  'Usage: npm run bench:write -- [--sites 10000] [--rounds 6] [--repeat 3] [--batch 5000]\n' +
    'Each round is one ICMP and one SNMP result (WAN and LAN) per site; runs alternate floor and pipeline.\n',
  { sites: '10000', rounds: '6', repeat: '3', batch: '5000' },
);
const siteCount = Number(values.sites);
const rounds = Number(values.rounds);
const repeat = Number(values.repeat);
const batchSize = Number(values.batch);
const log = createLogger('bench-write', process.env.PANTAU_LOG_LEVEL ?? 'warn');

const inventory = syntheticInventory(siteCount);
const tags = new Map<string, SiteTags>(inventory.sites.map((s) => [s.id, siteTagsOf(s)]));

/** Results of `rounds` rounds, a minute apart, starting at `t0` (each run its own time range). */
function results(t0: number): ProbeResult[][] {
  return Array.from({ length: rounds }, (_, round) => {
    const at = t0 + round * 60_000;
    return inventory.sites.flatMap((site, i): ProbeResult[] => [
      icmpResult({ siteId: site.id, at, rttAvgMs: 10 + (i % 50), jitterMs: i % 7 }),
      {
        ...snmpResult(
          [
            wan({ rates: [{ ...rateOf(at, i), at }] }),
            wan({
              role: 'lan',
              name: 'bridge-lan',
              ifIndex: 7,
              rates: [{ ...rateOf(at, i + 1), at }],
            }),
          ],
          at,
        ),
        siteId: site.id,
      },
    ]);
  });
}

function rateOf(at: number, i: number) {
  return {
    at,
    intervalMs: 60_000,
    inBps: 1_000_000 + i * 13,
    outBps: 200_000 + i * 7,
    inOctets: 7_500_000 + i * 97,
    outOctets: 1_500_000 + i * 53,
    inErrors: i % 3,
    outErrors: 0,
    inDiscards: i % 2,
    source: 'counter64' as const,
  };
}

const cpuMs = (): number => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

const influxd = await startInfluxd();
try {
  const config = testInfluxConfig(influxd.url, 'bench');
  await ensureSchema(createInfluxClient(config), storageSettingsOf(config));
  const write = createLineWriter({
    url: influxd.url,
    database: 'bench',
    retentionPolicy: RAW_RP,
    username: null,
    password: null,
    timeoutMs: 30_000,
  });

  // The floor: the same lines, encoded beforehand, posted in the same batches, one at a time.
  const floor = async (t0: number) => {
    const lines = results(t0)
      .flat()
      .flatMap((r) => pointsOf(r, tags.get(r.siteId) as SiteTags).map(encodePoint));
    const c0 = cpuMs();
    const start = performance.now();
    for (let i = 0; i < lines.length; i += batchSize) {
      const outcome = await write(lines.slice(i, i + batchSize));
      if (outcome.kind !== 'written')
        throw new Error(`floor write failed: ${JSON.stringify(outcome)}`);
    }
    const seconds = (performance.now() - start) / 1000;
    return { points: lines.length, seconds, cpuMs: cpuMs() - c0 };
  };

  // The pipeline: results in as the collectors hand them over, out through the writer.
  const pipeline = async (t0: number) => {
    const input = results(t0);
    const spoolLines: number[] = [];
    const writer = new MetricsWriter({
      write,
      spool: {
        append: async (lines) => {
          spoolLines.push(lines.length);
        },
        peek: async () => null,
        ack: async () => {},
      },
      deadLetters: { add: async () => {} },
      log,
      maxPoints: batchSize,
      maxDelayMs: 1000,
      maxQueuedBatches: 20,
    });
    const sink = new MetricsSink(new InventoryIndex(inventory), writer, log);
    writer.start();
    const c0 = cpuMs();
    const start = performance.now();
    // Worker batches of 2,000 results, no faster than the writer takes them (as a collector is).
    for (const round of input) {
      for (let i = 0; i < round.length; i += 2000) {
        while (writer.stats().pending > 3 * batchSize) await new Promise((r) => setTimeout(r, 20));
        sink.accept(round.slice(i, i + 2000));
      }
    }
    await writer.stop(60_000);
    const seconds = (performance.now() - start) / 1000;
    const stats = writer.stats();
    if (spoolLines.length > 0)
      throw new Error('the pipeline spooled points: InfluxDB could not keep up');
    return { points: stats.written, seconds, cpuMs: cpuMs() - c0 };
  };

  const rows: string[] = [];
  const sum = {
    floor: { points: 0, seconds: 0, cpuMs: 0 },
    pipeline: { points: 0, seconds: 0, cpuMs: 0 },
  };
  let t0 = Date.now() - 30 * 86_400_000;
  for (let r = 0; r < repeat; r++) {
    for (const kind of ['floor', 'pipeline'] as const) {
      t0 += rounds * 60_000 + 3_600_000; // fresh time range: no run overwrites another's points
      const run = await (kind === 'floor' ? floor(t0) : pipeline(t0));
      sum[kind].points += run.points;
      sum[kind].seconds += run.seconds;
      sum[kind].cpuMs += run.cpuMs;
      const line = `${kind.padEnd(9)} run ${r + 1}: ${run.points} points in ${run.seconds.toFixed(2)} s = ${Math.round(run.points / run.seconds)} points/s; Pantau CPU ${((run.cpuMs / run.points) * 1000).toFixed(1)} ms per 1,000 points`;
      rows.push(line);
      process.stderr.write(`${line}\n`);
    }
  }
  const rate = (k: 'floor' | 'pipeline') => sum[k].points / sum[k].seconds;
  const ratio = rate('pipeline') / rate('floor');
  process.stdout.write(
    `\nwrite benchmark: ${siteCount} sites × ${rounds} rounds (ICMP + SNMP with WAN and LAN), batches of ${batchSize}, influxd ${influxd.url}\n` +
      `${rows.join('\n')}\n` +
      `floor ${Math.round(rate('floor'))} points/s (Pantau CPU ${((sum.floor.cpuMs / sum.floor.points) * 1000).toFixed(1)} ms per 1,000); ` +
      `pipeline ${Math.round(rate('pipeline'))} points/s (${((sum.pipeline.cpuMs / sum.pipeline.points) * 1000).toFixed(1)} ms per 1,000): ` +
      `${(ratio * 100).toFixed(0)} % of the floor (target ≥ 80 %)\n`,
  );
} finally {
  await influxd.stop();
}
