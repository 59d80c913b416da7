// Benchmark of the metrics reader: a billing month of 5-minute ifstat rollups for N sites written
// straight into a local influxd's rollup policy, then streamed back with MetricsReader.rollups a
// group of sites at a time; the figures are the time taken and the peak RSS and heap while streaming.
//
//   npm run bench:read
//   npm run bench:read -- --sites 200 --days 30 --chunk 50

import {
  createInfluxClient,
  createLineWriter,
  ensureSchema,
  MetricsReader,
  ROLLUP_RP,
  storageSettingsOf,
} from '../../src/metrics/index.js';
import { DAY } from '../helpers/durations.js';
import { DEFAULT_RETENTION, testInfluxConfig } from '../helpers/influx-config.js';
import { startInfluxd } from '../helpers/influxd.js';
import { benchArgs } from './bench-args.js';

const values = benchArgs(
  'Usage: npm run bench:read -- [--sites 200] [--days 30] [--chunk 50]\n' +
    'Writes --days of 5-minute rollups for --sites sites, then reads them back --chunk sites at a time.\n',
  { sites: '200', days: '30', chunk: '50' },
);
const sites = Number(values.sites);
const days = Number(values.days);
const chunkSites = Number(values.chunk);
const FIVE = DEFAULT_RETENTION.rollupIntervalMs;
const buckets = (days * DAY) / FIVE;
const fromMs = Math.floor(Date.now() / DAY) * DAY - (days + 1) * DAY;
const mb = (bytes: number): string => (bytes / 1_048_576).toFixed(0);

const influxd = await startInfluxd();
try {
  const config = testInfluxConfig(influxd.url, 'bench');
  await ensureSchema(createInfluxClient(config), storageSettingsOf(config));
  const write = createLineWriter({ ...config, retentionPolicy: ROLLUP_RP, timeoutMs: 60_000 });
  const writeStart = performance.now();
  let lines: string[] = [];
  for (let s = 0; s < sites; s++) {
    const tags = `site=site-${s},kind=desa,kecamatan=K${s % 20},isp=Telkom,role=wan,ifname=ether1`;
    for (let b = 0; b < buckets; b++) {
      lines.push(
        `ifstat,${tags} mean_in_bps=${(s * 7 + b) % 100_000}.5,mean_out_bps=${b}.25 ${fromMs + b * FIVE}`,
      );
      if (lines.length === 10_000) {
        const outcome = await write(lines);
        if (outcome.kind !== 'written') throw new Error(JSON.stringify(outcome));
        lines = [];
      }
    }
  }
  if (lines.length > 0) await write(lines);
  const writeSeconds = (performance.now() - writeStart) / 1000;

  const reader = new MetricsReader({ influx: config });
  global.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed + before.arrayBuffers;
  const sample = setInterval(() => {
    const now = process.memoryUsage();
    peakRss = Math.max(peakRss, now.rss);
    peakHeap = Math.max(peakHeap, now.heapUsed + now.arrayBuffers);
  }, 20);
  const start = performance.now();
  let points = 0;
  let chunks = 0;
  let checksum = 0;
  for await (const chunk of reader.rollups({
    measurement: 'ifstat',
    fields: ['mean_in_bps', 'mean_out_bps'],
    fromMs,
    toMs: fromMs + days * DAY,
    chunkSites,
  })) {
    chunks += 1;
    points += chunk.points;
    for (const series of chunk.series) checksum += series.values.mean_in_bps?.[0] ?? 0;
  }
  clearInterval(sample);
  const seconds = (performance.now() - start) / 1000;
  if (points !== sites * buckets)
    throw new Error(`read ${points} points, wrote ${sites * buckets}`);
  process.stdout.write(
    `${sites} sites × ${buckets} buckets × 2 fields (${points} points) written in ${writeSeconds.toFixed(1)} s\n` +
      `streamed in ${chunks} chunks of ≤ ${chunkSites} sites: ${seconds.toFixed(1)} s, ` +
      `${Math.round(points / seconds)} points/s; RSS ${mb(before.rss)} → peak ${mb(peakRss)} MB, ` +
      `heap+buffers ${mb(before.heapUsed + before.arrayBuffers)} → peak ${mb(peakHeap)} MB (checksum ${checksum})\n`,
  );
} finally {
  await influxd.stop();
}
