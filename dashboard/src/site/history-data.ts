// The history API's answer (/api/sites/:id/history) shaped for the charts: rows without any value
// dropped, a null row where samples stop for a while (so a line breaks there instead of bridging an
// outage of the monitor), and the series the charts draw. Pure.

import type {
  HistoryPoint,
  HistoryResult as HistoryAnswer,
  HistorySeries,
} from '../../../src/metrics/history.js';

export type {
  HistoryPoint,
  HistoryResult as HistoryAnswer,
  HistorySeries,
} from '../../../src/metrics/history.js';

/** Columns of equal length: x in epoch ms, then one array per column asked for. */
export interface Columns {
  readonly x: number[];
  readonly values: (number | null)[][];
}

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[mid]!
    : sorted.length === 0
      ? 0
      : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The usual time between samples (the median step); 0 for fewer than two. */
export function medianStepMs(times: readonly number[]): number {
  const steps: number[] = [];
  for (let i = 1; i < times.length; i++) steps.push(times[i]! - times[i - 1]!);
  steps.sort((a, b) => a - b);
  return median(steps);
}

/**
 * The longest step between samples that still reads as continuous: well above the usual step (a
 * missed probe or two is not a gap), and never below one and a half buckets.
 */
export function gapThresholdMs(times: readonly number[], bucketMs: number): number {
  return Math.max(bucketMs * 1.5, medianStepMs(times) * 2.5);
}

/**
 * The points' `columns` (e.g. "mean_rtt_avg_ms"), keeping only the rows with at least one value and
 * putting a row of nulls into every gap longer than the threshold.
 */
export function compactColumns(
  points: readonly HistoryPoint[],
  columns: readonly string[],
  bucketMs: number,
): Columns {
  const kept = points.filter((p) => columns.some((c) => typeof p.values[c] === 'number'));
  const threshold = gapThresholdMs(
    kept.map((p) => p.timeMs),
    bucketMs,
  );
  const x: number[] = [];
  const values: (number | null)[][] = columns.map(() => []);
  let previous: number | null = null;
  for (const point of kept) {
    if (previous !== null && point.timeMs - previous > threshold) {
      x.push(previous + Math.round((point.timeMs - previous) / 2));
      for (const column of values) column.push(null);
    }
    x.push(point.timeMs);
    columns.forEach((name, i) => {
      const value = point.values[name];
      values[i]!.push(typeof value === 'number' && Number.isFinite(value) ? value : null);
    });
    previous = point.timeMs;
  }
  return { x, values };
}

/** The latency chart's series, oldest first; x in epoch ms. */
export interface LatencyData {
  readonly x: number[];
  /** The smoke: the usual least RTT up to the usual greatest, then up to the greatest seen. */
  readonly low: (number | null)[];
  readonly high: (number | null)[];
  readonly peak: (number | null)[];
  readonly avg: (number | null)[];
  /** Packet loss, percent. */
  readonly loss: (number | null)[];
}

const LATENCY_COLUMNS = [
  'mean_rtt_min_ms',
  'mean_rtt_max_ms',
  'max_rtt_max_ms',
  'mean_rtt_avg_ms',
  'mean_loss_pct',
] as const;

export const EMPTY_LATENCY: LatencyData = { x: [], low: [], high: [], peak: [], avg: [], loss: [] };

export function latencyData(answer: HistoryAnswer): LatencyData {
  const series = answer.series[0];
  if (series === undefined) return EMPTY_LATENCY;
  const { x, values } = compactColumns(series.points, LATENCY_COLUMNS, answer.bucketMs);
  const [low, high, peak, avg, loss] = values as [
    (number | null)[],
    (number | null)[],
    (number | null)[],
    (number | null)[],
    (number | null)[],
  ];
  return { x, low, high, peak, avg, loss };
}

/** The traffic chart's series: WAN in and out bit/s, the bucket's mean and peak. */
export interface TrafficData {
  readonly x: number[];
  readonly inBps: (number | null)[];
  readonly outBps: (number | null)[];
  readonly inPeak: (number | null)[];
  readonly outPeak: (number | null)[];
}

export const EMPTY_TRAFFIC: TrafficData = { x: [], inBps: [], outBps: [], inPeak: [], outPeak: [] };

const TRAFFIC_COLUMNS = ['mean_in_bps', 'mean_out_bps', 'max_in_bps', 'max_out_bps'] as const;

/** The WAN interface's series (the link the plan pays for); another one only if it has no WAN. */
export function wanSeries(answer: HistoryAnswer): HistorySeries | undefined {
  return answer.series.find((s) => s.tags.role === 'wan') ?? answer.series[0];
}

export function trafficData(answer: HistoryAnswer): TrafficData {
  const series = wanSeries(answer);
  if (series === undefined) return EMPTY_TRAFFIC;
  const { x, values } = compactColumns(series.points, TRAFFIC_COLUMNS, answer.bucketMs);
  const [inBps, outBps, inPeak, outPeak] = values as [
    (number | null)[],
    (number | null)[],
    (number | null)[],
    (number | null)[],
  ];
  return { x, inBps, outBps, inPeak, outPeak };
}

/** How many points a series has a value in: what "the chart has data" means. */
export function countValues(values: readonly (number | null)[]): number {
  let n = 0;
  for (const v of values) if (v !== null) n++;
  return n;
}

export interface Stats {
  readonly mean: number | null;
  readonly min: number | null;
  readonly max: number | null;
  readonly last: number | null;
}

/** Mean (each point weighs the same), least, greatest and newest value; nulls skipped. */
export function stats(values: readonly (number | null)[]): Stats {
  let sum = 0;
  let n = 0;
  let min: number | null = null;
  let max: number | null = null;
  let last: number | null = null;
  for (const v of values) {
    if (v === null) continue;
    sum += v;
    n++;
    min = min === null || v < min ? v : min;
    max = max === null || v > max ? v : max;
    last = v;
  }
  return { mean: n === 0 ? null : sum / n, min, max, last };
}
