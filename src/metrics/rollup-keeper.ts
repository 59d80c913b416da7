// Keeps the rollup retention policy right, without continuous queries: the aggregator's closed
// buckets go to their own writer (and spool), and the buckets it could not see whole are
// recomputed from raw samples (one SELECT … INTO per measurement and range, or per few sites), but
// only once every raw point of them is in InfluxDB.
//
// `rollup.json` in the spool directory holds the watermark: every bucket before it is final (its
// line is in InfluxDB, or its recompute ran). A start after a crash recomputes from there on.

import { readFile, rename, writeFile } from 'node:fs/promises';
import type { InfluxDB } from 'influx';
import type { Logger } from '../logger.js';
import { counter, fieldOnly, gauge, type SelfFigure } from '../self-figures.js';
import { execute } from './influx-exec.js';
import { ROLLED_UP_MEASUREMENTS } from './points.js';
import { type RecomputeRequest, RollupAggregator, type RollupTarget } from './rollup-aggregator.js';
import { quoteIdent, timeLiteral } from './influxql.js';
import { lineTimeMs } from './line-protocol.js';
import { RAW_RP, rollupSelect } from './rollup-spec.js';
import { backfillRanges, type TimeRange } from './time-windows.js';

/** The writers the keeper waits on: raw samples first, then the rollup lines. */
export interface DrainableWriter {
  add(lines: readonly string[]): void;
  whenWritten(): Promise<boolean>;
}

export interface RollupKeeperOptions {
  readonly influx: InfluxDB;
  readonly database: string;
  readonly intervalMs: number;
  /** How long after its end a bucket waits for stragglers. */
  readonly graceMs: number;
  readonly raw: Pick<DrainableWriter, 'whenWritten'>;
  readonly rollup: DrainableWriter;
  /** The watermark file. */
  readonly statePath: string;
  readonly log: Logger;
  readonly now?: () => number;
  /** How often due buckets are closed; 5 s unless set. */
  readonly tickMs?: number;
  /** A recompute query spans at most this; 6 h unless set. */
  readonly maxChunkMs?: number;
  /** Raw points an earlier run left in the spool: they may fall in the bucket this run starts in. */
  readonly rawSpooled?: number;
}

/** Sites named in one recompute query at most (a WHERE of ORs). */
const SITES_PER_QUERY = 100;
/** Sites a query of a whole recompute covers. */
const SITES_PER_WHOLE_QUERY = 500;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export interface RollupKeeperStats {
  readonly linesWritten: number;
  readonly recomputeQueries: number;
  readonly recomputePending: number;
  readonly latePoints: number;
  readonly openSeries: number;
  readonly finalBeforeMs: number;
}

interface StateFile {
  readonly finalBeforeMs: number;
}

export class RollupKeeper {
  private readonly aggregator: RollupAggregator;
  private readonly now: () => number;
  private pending: RecomputeRequest[] = [];
  /** Whole-measurement ranges to recompute (after a crash), beside the per-bucket requests. */
  private pendingRanges: TimeRange[] = [];
  /** Closed buckets whose lines are not yet known to be in InfluxDB: the oldest start of each close. */
  private unconfirmed = new Map<number, number>();
  private closeSeq = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private retryAt = 0;
  private retryMs = 1000;
  private savedWatermark: number | null;
  private saving: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly counters = { linesWritten: 0, recomputeQueries: 0 };
  private sites: () => readonly string[] = () => [];
  /** The oldest bucket of the recompute running now, or null. */
  private inFlight: number | null = null;
  /** Lines of closed buckets handed to the writer each tick. */
  private linesPerTick = 0;

  private constructor(
    private readonly options: RollupKeeperOptions,
    previousWatermark: number | null,
    samplesBeforeStart: boolean,
  ) {
    this.now = options.now ?? Date.now;
    this.aggregator = new RollupAggregator({
      intervalMs: options.intervalMs,
      graceMs: options.graceMs,
      startMs: this.now(),
      samplesBeforeStart,
    });
    this.savedWatermark = previousWatermark;
    const startBucket = this.aggregator.bucketOf(this.now());
    // Buckets the last run left open (it crashed, or a recompute was still waiting).
    if (previousWatermark !== null && previousWatermark < startBucket)
      this.pendingRanges.push({ fromMs: previousWatermark, toMs: startBucket });
  }

  static async open(options: RollupKeeperOptions): Promise<RollupKeeper> {
    const now = (options.now ?? Date.now)();
    const previous = await readWatermark(options.statePath, options.log, now - DAY);
    const bucket = Math.floor(now / options.intervalMs) * options.intervalMs;
    const samplesBeforeStart =
      (options.rawSpooled ?? 0) > 0 || (await rawSamplesSince(options, bucket, now));
    const keeper = new RollupKeeper(options, previous, samplesBeforeStart);
    // At once: a crash before the first close must still find where this run began.
    await keeper.saveWatermark();
    if (keeper.pendingRanges.length > 0)
      options.log.info(
        { from: new Date(keeper.pendingRanges[0]?.fromMs ?? 0).toISOString() },
        'rollups the last run left open are recomputed from raw samples',
      );
    return keeper;
  }

  /**
   * The inventory's site ids: a recompute of every series is asked a group of sites at a time, so
   * that influxd's memory follows the group, not the fleet (one 5-minute bucket of 10,000 sites
   * in one query took it from 0.5 to 2.6 GB). Without them, every series in one query.
   */
  useSites(sites: () => readonly string[]): void {
    this.sites = sites;
  }

  /** Where the sink hands the points of rolled-up measurements. */
  get target(): RollupTarget {
    return this.aggregator;
  }

  private get tickMs(): number {
    return this.options.tickMs ?? 5000;
  }

  start(): void {
    this.timer = setInterval(() => this.tick(), this.tickMs);
    this.timer.unref();
    this.kick();
  }

  /** Closes what is due, writes it, and starts recomputing what needs it. */
  tick(): void {
    if (this.stopped) return;
    const waiting = this.aggregator.waitingLines;
    const closed = this.aggregator.closeDue(this.now(), 0);
    // A close of every series is spread over half a bucket: at 10,000 sites, 40,000 lines at
    // once took influxd to a whole core and 1.8 GB for a while, every 5 minutes.
    if (this.aggregator.waitingLines > waiting) {
      const spreadMs = Math.max(this.tickMs, this.options.intervalMs / 2);
      this.linesPerTick = Math.ceil((this.aggregator.waitingLines * this.tickMs) / spreadMs);
    }
    this.take({ lines: this.aggregator.drain(this.linesPerTick), recompute: closed.recompute });
    this.kick();
  }

  /**
   * At stop, before the writers stop: writes the open buckets as far as they were seen, then
   * waits up to `graceMs` for the recomputes; what is left is done at the next start.
   */
  async stop(graceMs = 5000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.take(this.aggregator.closeAll());
    this.kick(true);
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      this.running ?? Promise.resolve(),
      new Promise((resolve) => {
        timeout = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timeout);
  }

  /** After the writers stopped: the watermark as it stands. */
  async close(): Promise<void> {
    await this.saveWatermark();
    await this.saving;
  }

  stats(): RollupKeeperStats {
    return {
      ...this.counters,
      recomputePending: this.pending.length + this.pendingRanges.length,
      latePoints: this.aggregator.latePoints,
      openSeries: this.aggregator.openSeries,
      finalBeforeMs: this.watermark(),
    };
  }

  figures(): SelfFigure[] {
    const s = this.stats();
    return [
      counter(
        'rollup_lines',
        'pantau_rollup_lines_total',
        'Rollup points written from the pipeline.',
        s.linesWritten,
      ),
      counter(
        'rollup_recompute_queries',
        'pantau_rollup_recompute_queries_total',
        'Rollup buckets recomputed from raw samples (queries).',
        s.recomputeQueries,
      ),
      counter(
        'rollup_late_points',
        'pantau_rollup_late_points_total',
        'Points that came after their rollup bucket closed.',
        s.latePoints,
      ),
      gauge(
        'rollup_open_series',
        'pantau_rollup_open_series',
        'Series with an open rollup bucket.',
        s.openSeries,
      ),
      fieldOnly('rollup_recompute_pending', s.recomputePending),
    ];
  }

  private take(closed: { lines: string[]; recompute: RecomputeRequest[] }): void {
    if (closed.lines.length > 0) {
      this.options.rollup.add(closed.lines);
      this.counters.linesWritten += closed.lines.length;
      // Until they are in InfluxDB, the buckets of this close are not final.
      const seq = ++this.closeSeq;
      this.unconfirmed.set(
        seq,
        closed.lines.reduce((oldest, line) => Math.min(oldest, lineTimeMs(line)), Infinity),
      );
      void this.options.rollup.whenWritten().then((written) => {
        if (!written) return;
        this.unconfirmed.delete(seq);
        void this.saveWatermark();
      });
    }
    if (closed.recompute.length > 0) this.pending.push(...closed.recompute);
    void this.saveWatermark();
  }

  /** Every bucket before this is final. */
  private watermark(): number {
    let mark = this.aggregator.oldestUnwrittenMs() ?? this.aggregator.closedBeforeMs;
    for (const start of this.unconfirmed.values()) mark = Math.min(mark, start);
    mark = Math.min(mark, oldestOf(this.pending, this.pendingRanges));
    if (this.inFlight !== null) mark = Math.min(mark, this.inFlight);
    return mark;
  }

  private async saveWatermark(): Promise<void> {
    const mark = this.watermark();
    if (mark === this.savedWatermark) return;
    this.savedWatermark = mark;
    const path = this.options.statePath;
    this.saving = this.saving.then(async () => {
      const body: StateFile = { finalBeforeMs: mark };
      try {
        await writeFile(`${path}.tmp`, `${JSON.stringify(body)}\n`);
        await rename(`${path}.tmp`, path);
      } catch (error) {
        this.options.log.warn({ err: error, path }, 'the rollup watermark could not be saved');
      }
    });
    await this.saving;
  }

  /** Starts the recompute loop when there is work and none runs. */
  private kick(force = false): void {
    if (this.running) return;
    if (this.pending.length === 0 && this.pendingRanges.length === 0) return;
    if (!force && this.now() < this.retryAt) return;
    this.running = this.recompute().finally(() => {
      this.running = null;
    });
  }

  private async recompute(): Promise<void> {
    const requests = this.pending;
    const ranges = this.pendingRanges;
    this.pending = [];
    this.pendingRanges = [];
    // Until it is done, this work holds the watermark back as it did while pending.
    this.inFlight = oldestOf(requests, ranges);
    try {
      await this.runRecompute(requests, ranges);
    } finally {
      this.inFlight = null;
    }
  }

  private async runRecompute(
    requests: readonly RecomputeRequest[],
    ranges: readonly TimeRange[],
  ): Promise<void> {
    // The raw points first, then any rollup line written for these buckets before.
    const [raw, rollup] = await Promise.all([
      this.options.raw.whenWritten(),
      this.options.rollup.whenWritten(),
    ]);
    if (!raw || !rollup) {
      this.pending.push(...requests);
      this.pendingRanges.push(...ranges);
      return;
    }
    const statements = this.statements(requests, ranges);
    for (let i = 0; i < statements.length; i += 1) {
      const { statement } = statements[i] as Statement;
      try {
        await execute(this.options.influx, this.options.database, statement);
        this.counters.recomputeQueries += 1;
      } catch (error) {
        for (const s of statements.slice(i)) s.redo(this);
        this.retryAt = this.now() + this.retryMs;
        this.retryMs = Math.min(this.retryMs * 2, 60_000);
        this.options.log.warn(
          { err: error, left: statements.length - i },
          'rollup recompute failed; trying again later',
        );
        void this.saveWatermark();
        return;
      }
    }
    this.retryMs = 1000;
    await this.saveWatermark();
    // Work that came while this ran.
    queueMicrotask(() => this.kick());
  }

  private statements(
    requests: readonly RecomputeRequest[],
    ranges: readonly TimeRange[],
  ): Statement[] {
    const { database, intervalMs } = this.options;
    const maxChunkMs = this.options.maxChunkMs ?? 6 * HOUR;
    const out: Statement[] = [];
    const whole = [...ranges];
    const bySiteBucket = new Map<string, { r: RecomputeRequest; sites: string[] }>();
    for (const r of requests) {
      if (r.site === null) {
        whole.push({ fromMs: r.bucketStartMs, toMs: r.bucketStartMs + intervalMs - 1 });
        continue;
      }
      const key = `${r.measurement}\u0000${r.bucketStartMs}`;
      const group = bySiteBucket.get(key);
      if (group) group.sites.push(r.site);
      else bySiteBucket.set(key, { r, sites: [r.site] });
    }
    const sites = whole.length > 0 ? this.sites() : [];
    const siteGroups: (readonly string[] | undefined)[] = [];
    for (let i = 0; i < sites.length; i += SITES_PER_WHOLE_QUERY)
      siteGroups.push(sites.slice(i, i + SITES_PER_WHOLE_QUERY));
    if (siteGroups.length === 0) siteGroups.push(undefined);
    for (const range of backfillRanges(whole, intervalMs, maxChunkMs)) {
      // A failure puts the whole range back: its groups are recomputed again (harmless).
      const redo = (k: RollupKeeper) => k.pendingRanges.push(range);
      for (const measurement of ROLLED_UP_MEASUREMENTS)
        for (const group of siteGroups)
          out.push({
            statement: rollupSelect(database, measurement, intervalMs, range, group),
            redo,
          });
    }
    for (const { r, sites } of bySiteBucket.values()) {
      const range = { fromMs: r.bucketStartMs, toMs: r.bucketStartMs + intervalMs };
      for (let i = 0; i < sites.length; i += SITES_PER_QUERY) {
        const part = sites.slice(i, i + SITES_PER_QUERY);
        out.push({
          statement: rollupSelect(database, r.measurement, intervalMs, range, part),
          redo: (k) => {
            for (const site of part) k.pending.push({ ...r, site });
          },
        });
      }
    }
    return out;
  }
}

/** The oldest bucket start among recompute requests and ranges; +Infinity when there are none. */
function oldestOf(requests: readonly RecomputeRequest[], ranges: readonly TimeRange[]): number {
  let oldest = Number.POSITIVE_INFINITY;
  for (const r of requests) oldest = Math.min(oldest, r.bucketStartMs);
  for (const r of ranges) oldest = Math.min(oldest, r.fromMs);
  return oldest;
}

interface Statement {
  readonly statement: string;
  /** Puts this statement's work back in the queue (it failed, or one before it did). */
  readonly redo: (keeper: RollupKeeper) => void;
}

/**
 * Whether raw samples of a rolled-up measurement lie in [fromMs, toMs) already (an earlier run's);
 * true when InfluxDB cannot tell now, so the bucket is recomputed rather than left partial.
 */
async function rawSamplesSince(
  options: RollupKeeperOptions,
  fromMs: number,
  toMs: number,
): Promise<boolean> {
  const db = quoteIdent(options.database);
  try {
    const series = await execute(
      options.influx,
      options.database,
      `SELECT * FROM ${db}.${quoteIdent(RAW_RP)}./^(${ROLLED_UP_MEASUREMENTS.join('|')})$/ ` +
        `WHERE time >= ${timeLiteral(fromMs)} AND time < ${timeLiteral(toMs)} LIMIT 1`,
    );
    return series.some((s) => s.values.length > 0);
  } catch (error) {
    // No database yet is a first start: nothing before it.
    if (/database not found/i.test(String((error as Error).message))) return false;
    options.log.debug({ err: error }, 'InfluxDB cannot say what the start bucket holds');
    return true;
  }
}

/** The watermark the last run saved; null on a first start; `fallback` when the file is bad. */
async function readWatermark(path: string, log: Logger, fallback: number): Promise<number | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`rollup state ${path} cannot be read: ${(error as Error).message}`);
  }
  try {
    const parsed = JSON.parse(text) as Partial<StateFile>;
    if (typeof parsed.finalBeforeMs === 'number' && Number.isSafeInteger(parsed.finalBeforeMs))
      return parsed.finalBeforeMs;
  } catch {
    // fall through
  }
  log.warn(
    { path },
    'rollup state file unreadable (expected {"finalBeforeMs": <epoch ms>}): the last day is recomputed',
  );
  return fallback;
}
