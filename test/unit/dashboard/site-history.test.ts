// The site page's history shaping: ranges and requests, rows compacted with gaps kept, the latency
// and traffic series, loss buckets and the loss colouring, live points after the history.

import { describe, expect, it } from 'vitest';
import { latencyWithLive, trafficWithLive } from '../../../dashboard/src/site/chart-data.js';
import { chooseBuckets } from '../../../src/metrics/history-plan.js';
import {
  compactColumns,
  countValues,
  gapThresholdMs,
  medianStepMs,
  type HistoryAnswer,
  type HistoryPoint,
  latencyData,
  stats,
  trafficData,
} from '../../../dashboard/src/site/history-data.js';
import {
  addLivePoint,
  appendColumns,
  type LivePoint,
  REPEAT_MS,
  repeatMsFor,
} from '../../../dashboard/src/site/live-points.js';
import {
  LOSS_BUCKETS,
  lossBucket,
  lossGradientStops,
  lossRuns,
} from '../../../dashboard/src/site/loss.js';
import {
  counterSpanMs,
  historyPath,
  incidentSpanMs,
  RANGES,
  rangeOf,
} from '../../../dashboard/src/site/ranges.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 11, 6, 0, 0, 0);

const point = (timeMs: number, values: Record<string, number | null>): HistoryPoint => ({
  timeMs,
  values,
});

const answer = (
  series: HistoryAnswer['series'],
  bucketMs = 10_000,
  source: 'raw' | 'rollup' = 'raw',
): HistoryAnswer => ({ source, fromMs: T0, toMs: T0 + HOUR, bucketMs, series });

describe('ranges', () => {
  it('reads ?range= with a 24-hour default, aliases for a year, and nothing unknown', () => {
    expect(rangeOf(null).key).toBe('24h');
    expect(rangeOf('1h').spanMs).toBe(HOUR);
    expect(rangeOf('7d').spanMs).toBe(7 * DAY);
    expect(rangeOf('12m').key).toBe('12mo');
    expect(rangeOf('1y').key).toBe('12mo');
    expect(rangeOf('5y').key).toBe('24h');
    expect(RANGES.filter((r) => r.live).map((r) => r.key)).toEqual(['1h', '24h']);
  });

  it('reads counters at most a day back and incidents at least a month back', () => {
    expect(counterSpanMs(rangeOf('1h'))).toBe(HOUR);
    expect(counterSpanMs(rangeOf('30d'))).toBe(DAY);
    expect(incidentSpanMs(rangeOf('24h'))).toBe(30 * DAY);
    expect(incidentSpanMs(rangeOf('12mo'))).toBe(365 * DAY);
  });

  it('gives round buckets for every range, by the history planner’s own rule', () => {
    const rollup = 5 * 60_000;
    const buckets = RANGES.map((r) => {
      const source = r.spanMs <= 2 * DAY ? 'raw' : 'rollup';
      // A request at any time: the rollup widens it to whole rollup intervals.
      const from = T0 + 123_456;
      return chooseBuckets(
        source,
        { fromMs: from, toMs: from + r.spanMs, maxPoints: r.maxPoints },
        rollup,
      ).bucketMs;
    });
    expect(buckets).toEqual([10_000, 120_000, 15 * 60_000, HOUR, 12 * HOUR]);
  });

  it('builds the history request with epoch-ms times and an escaped site id', () => {
    const path = historyPath('kec a/b', 'icmp', ['rtt_avg_ms', 'loss_pct'], 1000.4, 5000.2, 360);
    const url = new URL(path, 'http://x');
    expect(url.pathname).toBe('/api/sites/kec%20a%2Fb/history');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      measurement: 'icmp',
      fields: 'rtt_avg_ms,loss_pct',
      from: '1000',
      to: '5001',
      maxPoints: '360',
    });
  });
});

describe('compacted columns', () => {
  it('drops empty buckets, and breaks the line where samples stop for a while', () => {
    // A probe every 30 s in 10-second buckets, then nothing for 5 minutes, then probes again.
    const points: HistoryPoint[] = [];
    for (let t = 0; t < 300_000; t += 10_000)
      points.push(point(T0 + t, { v: t % 30_000 === 0 ? t : null }));
    for (let t = 600_000; t < 700_000; t += 10_000)
      points.push(point(T0 + t, { v: t % 30_000 === 0 ? t : null }));
    const { x, values } = compactColumns(points, ['v'], 10_000);
    const column = values[0]!;
    expect(countValues(column)).toBe(10 + 4);
    // One null row in the gap, none between probes 30 s apart.
    expect(column.filter((v) => v === null)).toHaveLength(1);
    const gapAt = column.indexOf(null);
    expect(x[gapAt]! > T0 + 270_000 && x[gapAt]! < T0 + 600_000).toBe(true);
    expect(x).toEqual([...x].sort((a, b) => a - b));
  });

  it('counts a gap from the usual step, and never below one and a half buckets', () => {
    expect(gapThresholdMs([0, 30_000, 60_000, 90_000], 10_000)).toBe(75_000);
    expect(gapThresholdMs([0, 300_000, 600_000], 300_000)).toBe(750_000);
    expect(gapThresholdMs([0], 300_000)).toBe(450_000);
  });

  it('shapes the latency series: smoke from the mean minimum to the mean and greatest maximum', () => {
    const data = latencyData(
      answer([
        {
          tags: { site: 's' },
          points: [
            point(T0, {
              mean_rtt_min_ms: 10,
              mean_rtt_avg_ms: 12,
              mean_rtt_max_ms: 15,
              max_rtt_max_ms: 40,
              mean_loss_pct: 0,
            }),
            point(T0 + 10_000, {
              mean_rtt_min_ms: null,
              mean_rtt_avg_ms: null,
              mean_rtt_max_ms: null,
              max_rtt_max_ms: null,
              mean_loss_pct: 100,
            }),
            point(T0 + 20_000, { mean_rtt_avg_ms: null, mean_loss_pct: null }),
          ],
        },
      ]),
    );
    expect(data.x).toEqual([T0, T0 + 10_000]);
    expect(data.low).toEqual([10, null]);
    expect(data.high).toEqual([15, null]);
    expect(data.peak).toEqual([40, null]);
    expect(data.avg).toEqual([12, null]);
    // A site down answers no RTT but its loss still shows.
    expect(data.loss).toEqual([0, 100]);
  });

  it('takes the WAN interface for traffic, whatever order the series come in', () => {
    const data = trafficData(
      answer([
        {
          tags: { site: 's', role: 'lan' },
          points: [point(T0, { mean_in_bps: 1, mean_out_bps: 2 })],
        },
        {
          tags: { site: 's', role: 'wan' },
          points: [point(T0, { mean_in_bps: 5e6, mean_out_bps: 1e6, max_in_bps: 8e6 })],
        },
      ]),
    );
    expect(data.inBps).toEqual([5e6]);
    expect(data.outBps).toEqual([1e6]);
    expect(data.inPeak).toEqual([8e6]);
    expect(trafficData(answer([])).x).toEqual([]);
  });

  it('sums up a column: mean, least, greatest and newest, nulls skipped', () => {
    expect(stats([null, 2, 6, null, 4, null])).toEqual({ mean: 4, min: 2, max: 6, last: 4 });
    expect(stats([null])).toEqual({ mean: null, min: null, max: null, last: null });
  });
});

describe('packet loss by colour', () => {
  it('puts loss in the buckets 0, under 5, under 10, under 20, 20 and over', () => {
    expect([0, 0.1, 4.99, 5, 9.9, 10, 19.99, 20, 100].map(lossBucket)).toEqual([
      0, 1, 1, 2, 2, 3, 3, 4, 4,
    ]);
    expect(LOSS_BUCKETS).toHaveLength(5);
  });

  it('joins points of one bucket into runs, broken by points without a figure', () => {
    expect(lossRuns([0, 0, 3, null, 3, 50, 50])).toEqual([
      { from: 0, to: 1, bucket: 0 },
      { from: 2, to: 2, bucket: 1 },
      { from: 4, to: 4, bucket: 1 },
      { from: 5, to: 6, bucket: 4 },
    ]);
    expect(lossRuns([])).toEqual([]);
  });

  it('colours the average line with hard stops halfway between points of different buckets', () => {
    const green = LOSS_BUCKETS[0]!.colour;
    const red = LOSS_BUCKETS[4]!.colour;
    const stops = lossGradientStops([0, 0.5, 1], [0, 50, 50], '#000');
    expect(stops).toEqual([
      [0, green],
      [0.25, green],
      [0.25, red],
      [1, red],
    ]);
    // A point without a loss figure keeps the colour before it; none at all gives the fallback.
    expect(lossGradientStops([0, 1], [null, null], '#000')).toEqual([
      [0, '#000'],
      [1, '#000'],
    ]);
    // Offsets stay within the gradient even for points outside the plot.
    const outside = lossGradientStops([-0.5, 1.5], [0, 50], '#000');
    expect(outside.every(([offset]) => offset >= 0 && offset <= 1)).toBe(true);
  });
});

describe('live points', () => {
  it('adds a figure only when it is news: newer, not empty, changed or repeated after a while', () => {
    let points: readonly LivePoint[] = [];
    points = addLivePoint(points, 1000, 12, 0, 0);
    expect(points).toHaveLength(1);
    // The same result again (an SNMP result moved `at`): no new point.
    expect(addLivePoint(points, 2000, 12, 0, 0)).toBe(points);
    // Older than the last point, or no figure at all: nothing.
    expect(addLivePoint(points, 500, 13, 0, 0)).toBe(points);
    expect(addLivePoint(points, 3000, null, null, 0)).toBe(points);
    points = addLivePoint(points, 3000, 14, 0, 0);
    expect(points.map((p) => p.a)).toEqual([12, 14]);
    // A site down repeats loss 100 % with no RTT: a point once a minute keeps the strip going.
    points = addLivePoint(points, 4000, null, 100, 0);
    expect(addLivePoint(points, 30_000, null, 100, 0)).toBe(points);
    expect(addLivePoint(points, 64_000, null, 100, 0)).toHaveLength(4);
    // Points older than the window are dropped.
    expect(addLivePoint(points, 10_000, 15, 0, 3500).map((p) => p.atMs)).toEqual([4000, 10_000]);
  });

  it('waits about one probe interval, the history’s usual step, before repeating a figure', () => {
    expect(medianStepMs([0, 30_000, 60_000, 200_000, 230_000])).toBe(30_000);
    expect(repeatMsFor(30_000)).toBe(27_000);
    expect(repeatMsFor(0)).toBe(REPEAT_MS);
    // The same RTT 30 s later is the next probe's (the lab's RTTs repeat to the microsecond).
    const first = addLivePoint([], 0, 0.005, 0, 0, repeatMsFor(30_000));
    expect(addLivePoint(first, 25_000, 0.005, 0, 0, repeatMsFor(30_000))).toBe(first);
    expect(addLivePoint(first, 30_000, 0.005, 0, 0, repeatMsFor(30_000))).toHaveLength(2);
  });

  it('lays live points after the history, trimmed to the window, in the history columns', () => {
    const live: LivePoint[] = [
      { atMs: 150, a: 9, b: 0 },
      { atMs: 250, a: 11, b: 5 },
      { atMs: 300, a: 12, b: 0 },
    ];
    const out = appendColumns(
      [100, 200],
      [
        [1, 2],
        [0, 0],
      ],
      150,
      live,
      (p) => [p.a, p.b],
    );
    expect(out.x).toEqual([200, 250, 300]);
    expect(out.columns).toEqual([
      [2, 11, 12],
      [0, 5, 0],
    ]);
  });

  it('draws a live point as an average and a loss, without smoke, and traffic as its own peak', () => {
    const history = {
      x: [T0],
      low: [10],
      high: [15],
      peak: [40],
      avg: [12],
      loss: [0],
    };
    const live: LivePoint[] = [{ atMs: T0 + 30_000, a: 13, b: 5 }];
    expect(latencyWithLive(history, live, T0 - HOUR)).toEqual({
      x: [T0, T0 + 30_000],
      low: [10, null],
      high: [15, null],
      peak: [40, null],
      avg: [12, 13],
      loss: [0, 5],
    });
    // Until the history is in, nothing is drawn (the chart says it is loading).
    expect(latencyWithLive(null, live, 0).x).toEqual([]);
    const traffic = trafficWithLive(
      { x: [T0], inBps: [1e6], outBps: [2e5], inPeak: [2e6], outPeak: [3e5] },
      [{ atMs: T0 + 60_000, a: 1.5e6, b: 1e5 }],
      T0 - HOUR,
    );
    expect(traffic.inBps).toEqual([1e6, 1.5e6]);
    expect(traffic.inPeak).toEqual([2e6, 1.5e6]);
    expect(traffic.outPeak).toEqual([3e5, 1e5]);
  });
});
