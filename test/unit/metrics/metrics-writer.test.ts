// The writer's decisions with InfluxDB's answers scripted: batching, the spool while InfluxDB is
// away and its replay, splitting of rejected batches, whenWritten once every line is in InfluxDB.

import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import type { WriteOutcome } from '../../../src/metrics/influx-write.js';
import {
  type BatchSpool,
  type DeadLetters,
  MetricsWriter,
} from '../../../src/metrics/metrics-writer.js';
import { until } from '../../helpers/until.js';

class MemorySpool implements BatchSpool {
  batches: { id: string; lines: readonly string[] }[] = [];
  private next = 0;
  async append(lines: readonly string[]): Promise<void> {
    this.batches.push({ id: String(this.next++), lines: [...lines] });
  }
  async peek() {
    return this.batches[0] ?? null;
  }
  async ack(id: string): Promise<void> {
    expect(this.batches[0]?.id).toBe(id);
    this.batches.shift();
  }
  get lines(): number {
    return this.batches.reduce((s, b) => s + b.lines.length, 0);
  }
}

class MemoryDeadLetters implements DeadLetters {
  readonly entries: { line: string; reason: string }[] = [];
  async add(lines: readonly string[], reason: string): Promise<void> {
    for (const line of lines) this.entries.push({ line, reason });
  }
}

/** An InfluxDB that stores lines (once per line, as series+time dedup does) unless told otherwise. */
class ScriptedInflux {
  readonly stored = new Set<string>();
  readonly writes: number[] = [];
  away = false;
  /** Lines containing this text are rejected as malformed. */
  poison = 'POISON';
  write = async (lines: readonly string[]): Promise<WriteOutcome> => {
    this.writes.push(lines.length);
    await Promise.resolve();
    if (this.away) return { kind: 'retry', reason: 'ECONNREFUSED' };
    const bad = lines.filter((l) => l.includes(this.poison));
    for (const l of lines) if (!l.includes(this.poison)) this.stored.add(l);
    if (bad.length > 0)
      return { kind: 'rejected', status: 400, reason: 'partial write: field type conflict' };
    return { kind: 'written' };
  };
}

const line = (i: number, t = 1_000_000 + i * 1000) => `icmp,site=s${i} up=1 ${t}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Waits give up after WAIT_MS and look again every POLL_MS: the scripted InfluxDB answers within a tick.
const WAIT_MS = 3000;
const POLL_MS = 5;

function setup(overrides: { maxPoints?: number; maxDelayMs?: number } = {}) {
  const influx = new ScriptedInflux();
  const spool = new MemorySpool();
  const dead = new MemoryDeadLetters();
  const writer = new MetricsWriter({
    write: influx.write,
    spool,
    deadLetters: dead,
    log: silentLogger,
    maxPoints: overrides.maxPoints ?? 10,
    maxDelayMs: overrides.maxDelayMs ?? 20,
    retryMinMs: 10,
    retryMaxMs: 40,
  });
  writer.start();
  return { influx, spool, dead, writer };
}

describe('MetricsWriter', () => {
  it('writes a batch when maxPoints lines wait, and the rest after maxDelay', async () => {
    const { influx, writer } = setup({ maxPoints: 10, maxDelayMs: 50 });
    writer.add(Array.from({ length: 13 }, (_, i) => line(i)));
    await until(() => influx.writes.length === 1, WAIT_MS, 'the full batch', POLL_MS);
    expect(influx.writes).toEqual([10]);
    await until(() => influx.stored.size === 13, WAIT_MS, 'the rest after the delay', POLL_MS);
    expect(influx.writes).toEqual([10, 3]);
    await writer.stop();
    expect(writer.stats().written).toBe(13);
  });

  it('spools while InfluxDB is away and replays everything once it answers; whenWritten waits for it', async () => {
    const { influx, spool, writer } = setup();
    influx.away = true;
    for (let i = 0; i < 50; i++) writer.add([line(i)]);
    await until(() => spool.lines === 50, WAIT_MS, 'every line in the spool', POLL_MS);
    expect(writer.stats().influxAway).toBe(true);
    expect(influx.stored.size).toBe(0);
    let written: boolean | null = null;
    void writer.whenWritten().then((w) => {
      written = w;
    });
    await sleep(100);
    expect(written).toBeNull(); // the spool still holds every line
    influx.away = false;
    await until(() => written !== null, WAIT_MS, 'whenWritten after the replay', POLL_MS);
    expect(written).toBe(true);
    expect(spool.batches.length).toBe(0);
    expect(influx.stored.size).toBe(50);
    expect(writer.stats()).toMatchObject({ spooled: 50, replayed: 50, influxAway: false });
    await writer.stop();
  });

  it('whenWritten covers lines still waiting for their batch, and says false after a stop with InfluxDB away', async () => {
    const { influx, writer } = setup({ maxPoints: 100, maxDelayMs: 60_000 });
    writer.add([line(1), line(2)]);
    // The batch would wait a minute for more lines: whenWritten cuts it now.
    expect(await writer.whenWritten()).toBe(true);
    expect(influx.stored.size).toBe(2);
    influx.away = true;
    writer.add([line(3)]);
    const pending = writer.whenWritten();
    await writer.stop(50);
    expect(await pending).toBe(false);
    expect(await writer.whenWritten()).toBe(false);
  });

  it('replays a spool left by an earlier run at start', async () => {
    const influx = new ScriptedInflux();
    const spool = new MemorySpool();
    await spool.append([line(1), line(2)]);
    await spool.append([line(3)]);
    const writer = new MetricsWriter({
      write: influx.write,
      spool,
      deadLetters: new MemoryDeadLetters(),
      log: silentLogger,
      maxPoints: 10,
      maxDelayMs: 20,
    });
    writer.start();
    await until(() => spool.batches.length === 0, WAIT_MS, 'the replay', POLL_MS);
    expect([...influx.stored].sort()).toEqual([line(1), line(2), line(3)].sort());
    await writer.stop();
  });

  it('splits a rejected batch: the bad point goes to the dead letters with the reason, the rest is written', async () => {
    const { influx, dead, writer } = setup({ maxPoints: 8 });
    const lines = Array.from({ length: 8 }, (_, i) => line(i));
    lines[5] = 'icmp,site=s5 up="POISON" 1005000';
    writer.add(lines);
    await until(
      () => dead.entries.length === 1 && influx.stored.size === 7,
      WAIT_MS,
      'the split',
      POLL_MS,
    );
    expect(dead.entries[0]).toEqual({
      line: lines[5],
      reason: 'partial write: field type conflict',
    });
    expect(writer.stats().deadLettered).toBe(1);
    await writer.stop();
  });

  it('keeps at most a few batches in memory: more go to the spool while a write is slow', async () => {
    const spool = new MemorySpool();
    let release: () => void = () => {};
    const stored: string[] = [];
    const writer = new MetricsWriter({
      write: async (lines) => {
        await new Promise<void>((r) => {
          release = r;
        });
        stored.push(...lines);
        return { kind: 'written' };
      },
      spool,
      deadLetters: new MemoryDeadLetters(),
      log: silentLogger,
      maxPoints: 10,
      maxDelayMs: 1000,
      maxQueuedBatches: 2,
    });
    writer.start();
    await sleep(5); // the empty spool is checked first
    writer.add(Array.from({ length: 60 }, (_, i) => line(i)));
    // The overflow's spool appends run over a few microtasks, and until() first looks one microtask
    // in (it would see 20 of the 40 lines): let them settle for one interval before looking.
    await sleep(POLL_MS);
    await until(() => spool.lines > 0, WAIT_MS, 'overflow to the spool', POLL_MS);
    // Six batches came at once: two stay queued in memory, the four before them go to disk.
    expect(spool.lines).toBe(40);
    for (let i = 0; i < 20 && stored.length < 60; i++) {
      release();
      await sleep(5);
    }
    expect(new Set(stored).size).toBe(60);
    await writer.stop();
  });

  it('on stop, writes what waits; with InfluxDB away it goes to the spool', async () => {
    const { influx, spool, writer } = setup({ maxDelayMs: 10_000 });
    await sleep(5);
    influx.away = true;
    writer.add([line(1), line(2), line(3)]);
    await writer.stop(200);
    expect(spool.lines).toBe(3);
  });
});
