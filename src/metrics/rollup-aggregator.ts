// The rollup computed as points stream by, as Telegraf's aggregators do: per series and bucket,
// each field's running sum, min, max and count. Pure: the time comes in as an argument.
//
// A bucket closes `graceMs` after its end and becomes one rollup line per series. It must equal
// what InfluxDB computes over the raw points (rollup-spec.ts), to the last bit: InfluxDB sums a
// field's samples in time order, so a running sum is exact only while each field's samples come
// in time order, each time once. A series whose bucket broke that (a point older than the last
// one of its field, or at the same time, which InfluxDB keeps once) is recomputed from raw instead;
// so is a point for a bucket already closed (a straggler), and every bucket this aggregator did
// not see from its start (the one it started in).

import { ROLLED_UP_MEASUREMENTS, type RolledUpMeasurement } from './points.js';
import { type MeasurementRollup, measurementRollup, rollupField } from './rollup-spec.js';

/** Per field: running sum, min, max, count, and the time of the last sample. */
export const STATS_PER_FIELD = 5;
export const SUM = 0;
export const MIN = 1;
export const MAX = 2;
export const COUNT = 3;
export const LAST_TIME = 4;

type Fields = Readonly<Record<string, unknown>>;

/** Where the points of rolled-up measurements go besides their lines: `series` is the line's head. */
export interface RollupTarget {
  add(site: string, m: RolledUpMeasurement, series: string, fields: Fields, at: number): void;
}

/** A bucket of one site's measurement (every series of it) to recompute from raw samples. */
export interface RecomputeRequest {
  readonly measurement: RolledUpMeasurement;
  readonly bucketStartMs: number;
  /** The site whose series need it; null: every series of the measurement. */
  readonly site: string | null;
}

/**
 * The series of one measurement, each with a slot for good: a bucket keeps its stats in one array
 * by slot. At 100,000 sites an object and a typed array per series and bucket held 0.8 GB over
 * two open buckets; one array per measurement and bucket holds a third of that.
 */
interface SeriesSlots {
  readonly rollup: MeasurementRollup;
  /** Numbers of stats per series: STATS_PER_FIELD for each field. */
  readonly stride: number;
  readonly slotOf: Map<string, number>;
  /** By slot: the series (the line's head) and its site. */
  readonly series: string[];
  readonly sites: string[];
}

/** One measurement's series in one bucket. */
interface BucketPart {
  readonly slots: SeriesSlots;
  stats: Float64Array;
  /** By slot: 0 no sample, SEEN, or SEEN | UNORDERED (a field's samples came out of time order). */
  flags: Uint8Array;
  /** Slots with samples, in the order first seen. */
  readonly seen: number[];
}

const SEEN = 1;
const UNORDERED = 2;

export interface RollupAggregatorOptions {
  readonly intervalMs: number;
  /** How long after its end a bucket waits for stragglers before it is written. */
  readonly graceMs: number;
  /** When the aggregator started. */
  readonly startMs: number;
  /**
   * Whether the bucket holding startMs may have samples from before (an earlier run's): then it is
   * recomputed from raw, never written from here. True unless said otherwise.
   */
  readonly samplesBeforeStart?: boolean;
}

export interface ClosedBuckets {
  /** Rollup lines (line protocol, ms), one per series and bucket seen whole and in order. */
  readonly lines: string[];
  readonly recompute: RecomputeRequest[];
}

const ROLLED_UP = new Set<string>(ROLLED_UP_MEASUREMENTS);

export class RollupAggregator implements RollupTarget {
  private readonly slots = new Map<RolledUpMeasurement, SeriesSlots>();
  /** Open buckets by start time, each with its parts by measurement. */
  private readonly buckets = new Map<number, Map<RolledUpMeasurement, BucketPart>>();
  /** Every bucket that starts before this is closed. */
  private closedBefore: number;
  /** The bucket the aggregator started in, when it is recomputed from raw; NaN when it is not. */
  private readonly partialBucket: number;
  private late: RecomputeRequest[] = [];
  private readonly lateKeys = new Set<string>();
  private lastBucket = Number.NaN;
  private lastBucketMap: Map<RolledUpMeasurement, BucketPart> | null = null;
  private lateCount = 0;
  /** Closed buckets whose lines are still to be given, oldest first. */
  private readonly closing: {
    readonly start: number;
    readonly parts: BucketPart[];
    /** The part and the position in its `seen` to give next. */
    part: number;
    next: number;
    left: number;
    readonly skip: ReadonlySet<string>;
  }[] = [];

  constructor(private readonly options: RollupAggregatorOptions) {
    const { intervalMs, graceMs } = options;
    if (!Number.isSafeInteger(intervalMs) || intervalMs <= 0)
      throw new Error(`rollup interval must be a whole number of ms above 0, not ${intervalMs}`);
    if (!Number.isSafeInteger(graceMs) || graceMs < 0)
      throw new Error(`rollup grace must be a whole number of ms, 0 or more, not ${graceMs}`);
    this.closedBefore = this.bucketOf(options.startMs);
    this.partialBucket = options.samplesBeforeStart === false ? Number.NaN : this.closedBefore;
    for (const m of ['icmp', 'ifstat', 'device'] as const) {
      const rollup = measurementRollup(m);
      this.slots.set(m, {
        rollup,
        stride: rollup.fields.length * STATS_PER_FIELD,
        slotOf: new Map(),
        series: [],
        sites: [],
      });
    }
  }

  bucketOf(timeMs: number): number {
    return Math.floor(timeMs / this.options.intervalMs) * this.options.intervalMs;
  }

  /** Whether points of this measurement are rolled up. */
  static rollsUp(measurement: string): measurement is RolledUpMeasurement {
    return ROLLED_UP.has(measurement);
  }

  /**
   * One raw point: `series` is its line's series part (measurement and tags), which names the
   * rollup series too. Fields not rolled up, non-numbers and non-finite numbers are ignored, as
   * the raw line leaves them out.
   */
  add(
    site: string,
    measurement: RolledUpMeasurement,
    series: string,
    fields: Fields,
    timeMs: number,
  ): void {
    const bucket = this.bucketOf(timeMs);
    if (bucket < this.closedBefore) {
      this.addLate({ measurement, bucketStartMs: bucket, site });
      return;
    }
    let parts: Map<RolledUpMeasurement, BucketPart> | undefined;
    if (bucket === this.lastBucket && this.lastBucketMap) parts = this.lastBucketMap;
    else {
      parts = this.buckets.get(bucket);
      if (!parts) {
        parts = new Map();
        this.buckets.set(bucket, parts);
      }
      this.lastBucket = bucket;
      this.lastBucketMap = parts;
    }
    const slots = this.slots.get(measurement) as SeriesSlots;
    let slot = slots.slotOf.get(series);
    if (slot === undefined) {
      slot = slots.series.length;
      slots.slotOf.set(series, slot);
      slots.series.push(series);
      slots.sites.push(site);
    }
    let part = parts.get(measurement);
    if (!part) {
      part = { slots, stats: new Float64Array(0), flags: new Uint8Array(0), seen: [] };
      parts.set(measurement, part);
    }
    if (slot >= part.flags.length) grow(part, slot + 1);
    const { stats, flags } = part;
    if (flags[slot] === 0) {
      flags[slot] = SEEN;
      part.seen.push(slot);
    }
    const { rollup, stride } = slots;
    const base = slot * stride;
    for (const name in fields) {
      const value = fields[name];
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      const i = rollup.indexOf.get(name);
      if (i === undefined) continue;
      const o = base + i * STATS_PER_FIELD;
      if (stats[o + COUNT] === 0) {
        stats[o + SUM] = value;
        stats[o + MIN] = value;
        stats[o + MAX] = value;
        stats[o + LAST_TIME] = timeMs;
      } else {
        const last = stats[o + LAST_TIME] as number;
        if (timeMs <= last) flags[slot] = SEEN | UNORDERED;
        else stats[o + LAST_TIME] = timeMs;
        stats[o + SUM] = (stats[o + SUM] as number) + value;
        if (value < (stats[o + MIN] as number)) stats[o + MIN] = value;
        if (value > (stats[o + MAX] as number)) stats[o + MAX] = value;
      }
      stats[o + COUNT] = (stats[o + COUNT] as number) + 1;
    }
  }

  /**
   * Closes the buckets whose end plus the grace has passed at `nowMs`, and gives at most
   * `maxLines` of the closed buckets' lines; the rest wait for drain() (so a close of every
   * series is not one burst for influxd).
   */
  closeDue(nowMs: number, maxLines = Number.POSITIVE_INFINITY): ClosedBuckets {
    const due = this.bucketOf(nowMs - this.options.graceMs) - this.options.intervalMs;
    const recompute = this.closeThrough(due);
    return { lines: this.drain(maxLines), recompute };
  }

  /** Closes every open bucket (at stop) and gives every line: what was seen of them is written. */
  closeAll(): ClosedBuckets {
    let newest = this.closedBefore - this.options.intervalMs;
    for (const start of this.buckets.keys()) if (start > newest) newest = start;
    const recompute = this.closeThrough(newest);
    return { lines: this.drain(Number.POSITIVE_INFINITY), recompute };
  }

  /** Up to `maxLines` lines of closed buckets, oldest bucket first. */
  drain(maxLines: number): string[] {
    const lines: string[] = [];
    while (lines.length < maxLines) {
      const head = this.closing[0];
      if (!head) break;
      const part = head.parts[head.part];
      if (!part) {
        this.closing.shift();
        continue;
      }
      if (head.next >= part.seen.length) {
        head.part += 1;
        head.next = 0;
        continue;
      }
      const slot = part.seen[head.next++] as number;
      head.left -= 1;
      const { slots } = part;
      if (head.skip.has(`${slots.rollup.measurement}\u0000${slots.sites[slot]}`)) continue;
      const fields = encodeStats(
        slots.rollup,
        part.stats.subarray(slot * slots.stride, (slot + 1) * slots.stride),
      );
      if (fields !== '') lines.push(`${slots.series[slot]} ${fields} ${head.start}`);
    }
    return lines;
  }

  /** Series of closed buckets whose lines drain() has not given yet. */
  get waitingLines(): number {
    let n = 0;
    for (const c of this.closing) n += c.left;
    return n;
  }

  /** Buckets starting before this are closed: their rollups are written or asked for. */
  get closedBeforeMs(): number {
    return this.closedBefore;
  }

  /** The start of the oldest bucket still open or with lines not yet given, or null. */
  oldestUnwrittenMs(): number | null {
    let oldest: number | null = this.closing[0]?.start ?? null;
    for (const start of this.buckets.keys()) if (oldest === null || start < oldest) oldest = start;
    return oldest;
  }

  /** Points that came after their bucket closed. */
  get latePoints(): number {
    return this.lateCount;
  }

  /** Series open now, over every open bucket (memory). */
  get openSeries(): number {
    let n = 0;
    for (const parts of this.buckets.values())
      for (const part of parts.values()) n += part.seen.length;
    return n;
  }

  /** Moves the buckets through `lastStart` to the closing queue; what must be recomputed instead. */
  private closeThrough(lastStart: number): RecomputeRequest[] {
    const recompute = this.late;
    this.late = [];
    this.lateKeys.clear();
    if (lastStart < this.closedBefore) return recompute;
    const starts = [...this.buckets.keys()].filter((s) => s <= lastStart).sort((a, b) => a - b);
    if (this.partialBucket >= this.closedBefore && this.partialBucket <= lastStart)
      for (const measurement of this.slots.keys())
        recompute.push({ measurement, bucketStartMs: this.partialBucket, site: null });
    for (const start of starts) {
      const parts = [...(this.buckets.get(start)?.values() ?? [])];
      this.buckets.delete(start);
      if (start === this.partialBucket) continue;
      // A site with one series out of order is recomputed whole, its other series with it.
      const skip = new Set<string>();
      let left = 0;
      for (const part of parts) {
        left += part.seen.length;
        for (const slot of part.seen)
          if (((part.flags[slot] as number) & UNORDERED) !== 0)
            skip.add(`${part.slots.rollup.measurement}\u0000${part.slots.sites[slot]}`);
      }
      for (const key of skip) {
        const [measurement, site] = key.split('\u0000') as [RolledUpMeasurement, string];
        recompute.push({ measurement, bucketStartMs: start, site });
      }
      this.closing.push({ start, parts, part: 0, next: 0, left, skip });
    }
    this.lastBucket = Number.NaN;
    this.lastBucketMap = null;
    this.closedBefore = lastStart + this.options.intervalMs;
    return recompute;
  }

  private addLate(request: RecomputeRequest): void {
    this.lateCount += 1;
    const key = `${request.measurement}\u0000${request.site}\u0000${request.bucketStartMs}`;
    if (this.lateKeys.has(key)) return;
    this.lateKeys.add(key);
    this.late.push(request);
  }
}

/**
 * Room for `slots` series at least: every series known so far at a bucket's first point (most come
 * back each bucket), then doubling as new ones are first seen.
 */
function grow(part: BucketPart, slots: number): void {
  const known = part.flags.length === 0 ? part.slots.series.length : 0;
  const capacity = Math.max(slots, known, part.flags.length * 2, 64);
  const stats = new Float64Array(capacity * part.slots.stride);
  stats.set(part.stats);
  const flags = new Uint8Array(capacity);
  flags.set(part.flags);
  part.stats = stats;
  part.flags = flags;
}

/**
 * A bucket's field set: per field with samples, its aggregates in the spec's order; counts as
 * integers (what InfluxDB's count() writes, so a recomputed bucket never conflicts in type).
 */
export function encodeStats(rollup: MeasurementRollup, stats: Float64Array): string {
  let out = '';
  rollup.fields.forEach((field, i) => {
    const o = i * STATS_PER_FIELD;
    const count = stats[o + COUNT] as number;
    if (count === 0) return;
    const sum = stats[o + SUM] as number;
    for (const aggregate of field.aggregates) {
      let value: string;
      if (aggregate === 'count') value = `${count}i`;
      else if (aggregate === 'sum') value = `${sum}`;
      else if (aggregate === 'mean') value = `${sum / count}`;
      else value = `${stats[o + (aggregate === 'min' ? MIN : MAX)]}`;
      out += `${out === '' ? '' : ','}${rollupField(aggregate, field.name)}=${value}`;
    }
  });
  return out;
}
