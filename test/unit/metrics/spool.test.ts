// The on-disk spool against a real directory: order, acknowledgements and their survival across a
// reopen, torn and garbled tails, the size bound, and errors that name the directory.

import {
  appendFileSync,
  readdirSync,
  readFileSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { type Logger, silentLogger } from '../../../src/logger.js';
import { Spool, type SpoolOptions } from '../../../src/metrics/spool.js';
import { tempFiles } from '../../helpers/temp-files.js';

const batch = (i: number, n = 3): string[] =>
  Array.from({ length: n }, (_, j) => `icmp,site=s${i} up=1 ${1_000_000 + i * 1000 + j}`);

function capturingLogger(): { log: Logger; entries: Record<string, unknown>[] } {
  const entries: Record<string, unknown>[] = [];
  const log = pino({ level: 'info' }, { write: (line: string) => entries.push(JSON.parse(line)) });
  return { log, entries };
}

function openSpool(dir: string, options: Partial<SpoolOptions> = {}): Promise<Spool> {
  return Spool.open({ dir, maxBytes: 2 ** 20, log: silentLogger, ...options });
}

/** A spool in `dir` with batch(n) appended for each n of `appended`, in order. */
async function spoolWith(dir: string, appended: readonly number[]): Promise<Spool> {
  const spool = await openSpool(dir);
  for (const n of appended) await spool.append(batch(n));
  return spool;
}

async function drain(spool: Spool): Promise<string[][]> {
  const out: string[][] = [];
  for (;;) {
    const next = await spool.peek();
    if (!next) return out;
    out.push([...next.lines]);
    await spool.ack(next.id);
  }
}

const segmentFiles = (dir: string): string[] =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.spool'))
    .sort();

/** A spool with three equal-sized batches in one closed segment: its path and record size. */
async function threeBatches(dir: string): Promise<{ path: string; record: number }> {
  await (await spoolWith(dir, [0, 1, 2])).close();
  const [name] = segmentFiles(dir);
  const path = join(dir, name as string);
  return { path, record: statSync(path).size / 3 };
}

describe('Spool', () => {
  it('gives batches back in the order they were appended, across segments', async () => {
    const spool = await openSpool(tempFiles(), { segmentBytes: 300 });
    const appended = Array.from({ length: 20 }, (_, i) => batch(i));
    // Calls that overlap are still stored in call order.
    await Promise.all(appended.map((lines) => spool.append(lines)));
    expect(spool.stats()).toMatchObject({
      pendingBatches: 20,
      pendingLines: 60,
      appendedBatches: 20,
      appendedLines: 60,
    });
    expect(spool.stats().segments).toBeGreaterThan(5);
    expect(await drain(spool)).toEqual(appended);
    // Read-out segments are deleted; the one still being written stays.
    expect(spool.stats()).toMatchObject({
      pendingBatches: 0,
      pendingLines: 0,
      ackedBatches: 20,
      ackedLines: 60,
      segments: 1,
    });
    await spool.close();
  });

  it('keeps every line exactly, whatever characters it holds', async () => {
    const spool = await openSpool(tempFiles());
    const odd = ['a\nb', 'ümlaut "quoted" back\\slash', '', '\u{1F600} emoji', 'tab\there'];
    await spool.append(odd);
    expect((await spool.peek())?.lines).toEqual(odd);
    await spool.close();
  });

  it('resumes after a reopen: acknowledged batches stay acknowledged, the rest come in order', async () => {
    const dir = tempFiles();
    const appended = Array.from({ length: 12 }, (_, i) => batch(i));
    const first = await openSpool(dir, { segmentBytes: 300 });
    for (const lines of appended) await first.append(lines);
    for (let i = 0; i < 5; i++) {
      const next = await first.peek();
      await first.ack(next?.id ?? '');
    }
    await first.close();

    const second = await openSpool(dir, { segmentBytes: 300 });
    expect(second.stats()).toMatchObject({ pendingBatches: 7, pendingLines: 21, corruptTails: 0 });
    await second.append(batch(12));
    expect(await drain(second)).toEqual([...appended.slice(5), batch(12)]);
    await second.close();

    const third = await openSpool(dir, { segmentBytes: 300 });
    expect(await third.peek()).toBeNull();
    expect(third.stats()).toMatchObject({ pendingBatches: 0, segments: 0, bytes: 0 });
    expect(segmentFiles(dir)).toEqual([]);
    await third.close();
  });

  it('gives a batch again after a reopen when it was peeked but not acknowledged', async () => {
    const dir = tempFiles();
    const first = await spoolWith(dir, [1, 2]);
    expect((await first.peek())?.lines).toEqual(batch(1));
    await first.close();
    const second = await openSpool(dir);
    expect(await drain(second)).toEqual([batch(1), batch(2)]);
    await second.close();
  });

  it('numbers new segments after those it found, so order holds across runs', async () => {
    const dir = tempFiles();
    await (await spoolWith(dir, [1])).close();
    await (await spoolWith(dir, [2])).close();
    expect(segmentFiles(dir)).toEqual(['000000000001.spool', '000000000002.spool']);
    const third = await openSpool(dir);
    expect(await drain(third)).toEqual([batch(1), batch(2)]);
    await third.close();
  });

  it.each([
    ['in the middle of a payload', (record: number) => 2 * record + 40],
    ['in the middle of a header', (record: number) => 2 * record + 5],
  ])('skips a tail torn %s, keeps the records before it, and goes on', async (_, cutAt) => {
    const dir = tempFiles();
    const { path, record } = await threeBatches(dir);
    truncateSync(path, cutAt(record));
    const { log, entries } = capturingLogger();
    const spool = await openSpool(dir, { log });
    expect(spool.stats()).toMatchObject({ pendingBatches: 2, pendingLines: 6, corruptTails: 1 });
    expect(entries).toContainEqual(
      expect.objectContaining({ level: 40, segment: path, validBytes: 2 * record }),
    );
    await spool.append(batch(9));
    expect(await drain(spool)).toEqual([batch(0), batch(1), batch(9)]);
    await spool.close();
  });

  it.each([
    ['text', Buffer.from('garbage a crash left behind\n')],
    ['zeros', Buffer.alloc(100)],
    ['half a record', Buffer.from('PSB1\x10\x00\x00\x00', 'latin1')],
  ])('skips %s after the last record', async (_, garbage) => {
    const dir = tempFiles();
    const { path } = await threeBatches(dir);
    appendFileSync(path, garbage);
    const spool = await openSpool(dir);
    expect(spool.stats()).toMatchObject({ pendingBatches: 3, corruptTails: 1 });
    expect(await drain(spool)).toEqual([batch(0), batch(1), batch(2)]);
    await spool.close();
  });

  it('skips a record whose payload fails its checksum, logs it, and reads on', async () => {
    const dir = tempFiles();
    const { path, record } = await threeBatches(dir);
    const bytes = readFileSync(path);
    bytes[record + 28 + 5] = 0x21; // one byte of the second batch's lines
    writeFileSync(path, bytes);
    const { log, entries } = capturingLogger();
    const spool = await openSpool(dir, { log });
    expect(await drain(spool)).toEqual([batch(0), batch(2)]);
    expect(spool.stats()).toMatchObject({ corruptBatches: 1, ackedBatches: 2, pendingBatches: 0 });
    expect(entries).toContainEqual(
      expect.objectContaining({ level: 50, segment: path, offset: record }),
    );
    await spool.close();
  });

  it('deletes the oldest segment when over its bound, counts and logs it, and keeps the newest', async () => {
    const { log, entries } = capturingLogger();
    const t0 = Date.UTC(2026, 10, 29, 1, 0, 0);
    let t = t0;
    const spool = await openSpool(tempFiles(), {
      maxBytes: 1200,
      segmentBytes: 300,
      log,
      now: () => (t += 1000),
    });
    const appended = Array.from({ length: 30 }, (_, i) => batch(i));
    for (const lines of appended) await spool.append(lines);

    const stats = spool.stats();
    expect(stats.bytes).toBeLessThanOrEqual(1200);
    expect(stats.droppedSegments).toBeGreaterThan(0);
    expect(stats.droppedBatches + stats.pendingBatches).toBe(30);
    expect(stats.droppedLines).toBe(stats.droppedBatches * 3);
    const errors = entries.filter((e) => e.level === 50);
    expect(errors).toHaveLength(stats.droppedSegments);
    // Two records fit a 300-byte segment: the first segment held batches 0 and 1.
    expect(errors[0]).toMatchObject({
      segment: '000000000001.spool',
      batches: 2,
      lines: 6,
      from: new Date(t0 + 1000).toISOString(),
      to: new Date(t0 + 2000).toISOString(),
      msg: expect.stringContaining('spool is full'),
    });

    const kept = await drain(spool);
    expect(kept.length).toBe(stats.pendingBatches);
    expect(kept).toEqual(appended.slice(30 - kept.length));
    await spool.append(batch(30));
    expect((await spool.peek())?.lines).toEqual(batch(30));
    await spool.close();
  });

  it('ignores the ack of a batch dropped while it was being replayed', async () => {
    const spool = await openSpool(tempFiles(), { maxBytes: 1200, segmentBytes: 300 });
    await spool.append(batch(0));
    const replaying = await spool.peek();
    for (let i = 1; i < 30; i++) await spool.append(batch(i));
    expect(spool.stats().droppedBatches).toBeGreaterThan(0);
    await spool.ack(replaying?.id ?? '');
    expect(spool.stats().ackedBatches).toBe(0);
    const next = await spool.peek();
    expect(next?.lines).not.toEqual(batch(0));
    await spool.close();
  });

  it('refuses an ack out of order or with an id it never gave', async () => {
    const dir = tempFiles();
    const spool = await spoolWith(dir, [0, 1]);
    const first = await spool.peek();
    const secondId = `1:${statSync(join(dir, '000000000001.spool')).size / 2}`;
    await expect(spool.ack(secondId)).rejects.toThrow(
      `spool ${dir}: batch ${secondId} acknowledged out of order`,
    );
    await expect(spool.ack('nonsense')).rejects.toThrow('"nonsense" is not a batch id');
    await spool.ack(first?.id ?? '');
    expect((await spool.peek())?.lines).toEqual(batch(1));
    await spool.close();
  });

  it.each([
    ['inside a regular file', (dir: string) => join(dir, 'plain-file', 'spool')],
    ['that is a regular file', (dir: string) => join(dir, 'plain-file')],
  ])('names the directory when the path is %s', async (_, pathIn) => {
    const target = pathIn(tempFiles({ 'plain-file': 'not a directory' }));
    await expect(openSpool(target)).rejects.toThrow(`spool directory ${target} cannot be created`);
  });

  it('refuses use after close with an error naming the directory', async () => {
    const dir = tempFiles();
    const spool = await openSpool(dir);
    await spool.close();
    await expect(spool.append(batch(0))).rejects.toThrow(`spool ${dir} is closed`);
  });
});
