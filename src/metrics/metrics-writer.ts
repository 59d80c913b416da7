// Gets every point into InfluxDB once: batches cut at N points or T ms, one write in flight, and
// the spool for whatever cannot be written now. Live batches go first; the spool is replayed, in
// order, whenever there is no live batch waiting. Replays are harmless when repeated: InfluxDB
// keeps one point per series and timestamp, so writing a point twice stores it once.
//
// - A write that fails for a reason that can pass (refused, timeout, 5xx) sends its batch to the
//   spool and marks InfluxDB away: until a replay succeeds, new batches go straight to the spool.
// - A batch InfluxDB rejects (4xx) is split in halves until each bad point stands alone; those go to
//   the dead-letter file with InfluxDB's reason, the rest are written.
// - `whenWritten()` tells when everything added so far is in InfluxDB (or dead-lettered): the
//   rollup keeper recomputes a bucket from raw samples only once they are all there.

import type { Logger } from '../logger.js';
import type { LineWriter, WriteOutcome } from './influx-write.js';

/** The spool as the writer uses it (spool.ts). */
export interface BatchSpool {
  append(lines: readonly string[]): Promise<void>;
  /** The oldest batch not yet acknowledged. */
  peek(): Promise<{ readonly id: string; readonly lines: readonly string[] } | null>;
  ack(id: string): Promise<void>;
}

export interface DeadLetters {
  add(lines: readonly string[], reason: string): Promise<void>;
}

export interface MetricsWriterOptions {
  readonly write: LineWriter;
  readonly spool: BatchSpool;
  readonly deadLetters: DeadLetters;
  readonly log: Logger;
  readonly maxPoints: number;
  readonly maxDelayMs: number;
  /** Batches that may wait in memory behind the one being written; more go to the spool. */
  readonly maxQueuedBatches?: number;
  /** Pause before the spool is tried again after a failed replay: doubles up to the maximum. */
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
}

export interface MetricsWriterStats {
  readonly written: number;
  readonly spooled: number;
  readonly replayed: number;
  readonly deadLettered: number;
  readonly writes: number;
  readonly failedWrites: number;
  /** Duration of the last successful write, and the mean over all of them. */
  readonly lastWriteMs: number;
  readonly meanWriteMs: number;
  readonly pending: number;
  readonly influxAway: boolean;
}

interface Counters {
  written: number;
  spooled: number;
  replayed: number;
  deadLettered: number;
  writes: number;
  failedWrites: number;
  lastWriteMs: number;
  writeMsTotal: number;
  okWrites: number;
}

export class MetricsWriter {
  private pending: string[] = [];
  private readonly queue: string[][] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private away = false;
  /** The spool may hold batches: checked at start, and set whenever one is appended. */
  private spoolHasData = true;
  private retryDelayMs: number;
  private retryAt = 0;
  private retryTimer: NodeJS.Timeout | null = null;
  private wake: (() => void) | null = null;
  private loop: Promise<void> | null = null;
  private stopping = false;
  /** The loop has ended (after stop): nothing more is written. */
  private finished = false;
  /** whenWritten() callers, resolved once the writer is drained (nothing queued, spool empty). */
  private drainWaiters: ((written: boolean) => void)[] = [];
  private readonly counters: Counters = {
    written: 0,
    spooled: 0,
    replayed: 0,
    deadLettered: 0,
    writes: 0,
    failedWrites: 0,
    lastWriteMs: 0,
    writeMsTotal: 0,
    okWrites: 0,
  };

  constructor(private readonly options: MetricsWriterOptions) {
    this.retryDelayMs = options.retryMinMs ?? 1000;
  }

  /** Starts the write loop; batches in the spool from an earlier run are replayed first. */
  start(): void {
    this.loop ??= this.run();
  }

  /** Takes lines to write; never blocks and never throws. */
  add(lines: readonly string[]): void {
    if (lines.length === 0) return;
    for (const line of lines) this.pending.push(line);
    while (this.pending.length >= this.options.maxPoints) this.cut(this.options.maxPoints);
    if (this.pending.length > 0 && !this.flushTimer && !this.stopping)
      this.flushTimer = setTimeout(() => this.cut(this.pending.length), this.options.maxDelayMs);
  }

  /**
   * Resolves true once every line added before the call is written to InfluxDB or dead-lettered
   * (live, or replayed from the spool); false when the writer stopped first.
   */
  whenWritten(): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.finished) {
        resolve(false);
        return;
      }
      this.drainWaiters.push(resolve);
      this.cut(this.pending.length);
      this.poke();
    });
  }

  stats(): MetricsWriterStats {
    const { writeMsTotal, okWrites, ...counters } = this.counters;
    return {
      ...counters,
      meanWriteMs: okWrites > 0 ? writeMsTotal / okWrites : 0,
      pending: this.pending.length + this.queue.reduce((sum, b) => sum + b.length, 0),
      influxAway: this.away,
    };
  }

  /** Writes what is waiting, for at most `graceMs`; what is left goes to the spool. */
  async stop(graceMs = 5000): Promise<void> {
    this.stopping = true;
    this.cut(this.pending.length);
    const deadline = setTimeout(() => {
      this.away = true; // whatever is still queued goes to the spool
      this.poke();
    }, graceMs);
    this.poke();
    await this.loop;
    this.finished = true;
    clearTimeout(deadline);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.settleWaiters(!this.spoolHasData && this.queue.length === 0);
  }

  private settleWaiters(written: boolean): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resolve of waiters) resolve(written);
  }

  private cut(count: number): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (count <= 0) return;
    this.queue.push(this.pending.splice(0, count));
    this.poke();
  }

  private poke(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private idle(): Promise<void> {
    return new Promise((resolve) => {
      this.wake = resolve;
    });
  }

  private async run(): Promise<void> {
    for (;;) {
      const maxQueued = this.options.maxQueuedBatches ?? 20;
      // Memory stays bounded: while InfluxDB is away, or too much waits, batches go to disk.
      while (this.queue.length > 0 && (this.away || this.queue.length > maxQueued)) {
        await this.toSpool(this.queue.shift() as string[]);
      }
      const live = this.queue.shift();
      if (live) {
        await this.writeBatch(live, 'live');
        continue;
      }
      if (!this.spoolHasData && this.drainWaiters.length > 0) this.settleWaiters(true);
      if (this.stopping && this.pending.length === 0) return;
      if (this.spoolHasData && Date.now() >= this.retryAt) {
        await this.replayOne();
        continue;
      }
      if (this.spoolHasData && !this.retryTimer) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = null;
          this.poke();
        }, this.retryAt - Date.now());
      }
      await this.idle();
    }
  }

  private async replayOne(): Promise<void> {
    let batch: Awaited<ReturnType<BatchSpool['peek']>>;
    try {
      batch = await this.options.spool.peek();
    } catch (error) {
      this.options.log.error({ err: error }, 'the spool could not be read; trying again later');
      this.backOff();
      return;
    }
    if (!batch) {
      this.spoolHasData = false;
      return;
    }
    const done = await this.writeBatch(batch.lines, 'replay');
    if (done) await this.options.spool.ack(batch.id);
  }

  /**
   * Writes a batch, splitting it when InfluxDB rejects it. Resolves true when every line has been
   * written or dead-lettered; false when InfluxDB is away (a live batch then sits in the spool).
   */
  private async writeBatch(lines: readonly string[], source: 'live' | 'replay'): Promise<boolean> {
    if (source === 'live' && this.away) {
      await this.toSpool(lines);
      return false;
    }
    const outcome = await this.timedWrite(lines);
    if (outcome.kind === 'written') {
      this.counters.written += lines.length;
      if (source === 'replay') {
        this.counters.replayed += lines.length;
        if (this.away) {
          this.away = false;
          this.retryDelayMs = this.options.retryMinMs ?? 1000;
          this.options.log.info('InfluxDB answers again; replaying the spool');
        }
      }
      return true;
    }
    if (outcome.kind === 'retry') {
      this.counters.failedWrites += 1;
      if (!this.away)
        this.options.log.warn(
          { reason: outcome.reason, points: lines.length },
          'InfluxDB is away: points go to the spool until it answers',
        );
      this.away = true;
      this.backOff();
      if (source === 'live') await this.toSpool(lines);
      return false;
    }
    return this.split(lines, outcome, source);
  }

  private async split(
    lines: readonly string[],
    outcome: Extract<WriteOutcome, { kind: 'rejected' }>,
    source: 'live' | 'replay',
  ): Promise<boolean> {
    if (lines.length === 1) {
      await this.options.deadLetters.add(lines, outcome.reason);
      this.counters.deadLettered += 1;
      this.options.log.warn(
        { reason: outcome.reason, line: (lines[0] as string).slice(0, 200) },
        'InfluxDB rejected a point; it is in the dead-letter file',
      );
      return true;
    }
    const half = Math.ceil(lines.length / 2);
    const first = await this.writeBatch(lines.slice(0, half), source);
    if (!first) {
      // InfluxDB went away mid-split: a replayed batch stays in the spool whole (written halves
      // are stored once however often they are written); a live one's second half joins the first.
      if (source === 'live') await this.toSpool(lines.slice(half));
      return false;
    }
    return this.writeBatch(lines.slice(half), source);
  }

  private async timedWrite(lines: readonly string[]): Promise<WriteOutcome> {
    const t0 = performance.now();
    this.counters.writes += 1;
    const outcome = await this.options.write(lines);
    if (outcome.kind === 'written') {
      const ms = performance.now() - t0;
      this.counters.lastWriteMs = ms;
      this.counters.writeMsTotal += ms;
      this.counters.okWrites += 1;
    }
    return outcome;
  }

  private async toSpool(lines: readonly string[]): Promise<void> {
    try {
      await this.options.spool.append(lines);
      this.counters.spooled += lines.length;
      this.spoolHasData = true;
    } catch (error) {
      // The disk failed as well: nothing else can hold the points; say so loudly.
      this.options.log.error(
        { err: error, points: lines.length },
        'points lost: InfluxDB is away and the spool cannot be written',
      );
    }
  }

  private backOff(): void {
    this.retryAt = Date.now() + this.retryDelayMs;
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.options.retryMaxMs ?? 30_000);
  }
}
