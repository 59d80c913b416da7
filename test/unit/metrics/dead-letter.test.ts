// The dead-letter file against a real directory: its records, rotation to .1, reopening, and
// failures that are named at open and logged (never thrown) while writing or after close.

import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { DeadLetterFile, type DeadLetterRecord } from '../../../src/metrics/dead-letter.js';
import { tempFiles } from '../../helpers/temp-files.js';

const AT = Date.UTC(2026, 10, 29, 9, 0, 0);

function recordsIn(path: string): DeadLetterRecord[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as DeadLetterRecord);
}

describe('DeadLetterFile', () => {
  it('writes one JSON record a line: when, InfluxDB reason, and the line as it was sent', async () => {
    const path = join(tempFiles(), 'missing-dir', 'dead-letter.jsonl');
    const file = await DeadLetterFile.open({ path, log: silentLogger, now: () => AT });
    const reason = 'HTTP 400: partial write: field type conflict';
    await file.add(['icmp,site=a up="x" 1', 'icmp,site=b up=1 2'], reason);
    await file.add(['weird "quoted"\\ line'], 'HTTP 400: unable to parse');
    expect(recordsIn(path)).toEqual([
      { at: '2026-11-29T09:00:00.000Z', reason, line: 'icmp,site=a up="x" 1' },
      { at: '2026-11-29T09:00:00.000Z', reason, line: 'icmp,site=b up=1 2' },
      {
        at: '2026-11-29T09:00:00.000Z',
        reason: 'HTTP 400: unable to parse',
        line: 'weird "quoted"\\ line',
      },
    ]);
    expect(file.stats()).toMatchObject({ written: 3, failed: 0, rotations: 0 });
    expect(file.stats().bytes).toBe(statSync(path).size);
    await file.close();
  });

  it('rotates to .1 once over its bound and keeps only one old file', async () => {
    const path = join(tempFiles(), 'dead-letter.jsonl');
    const file = await DeadLetterFile.open({
      path,
      maxBytes: 400,
      log: silentLogger,
      now: () => AT,
    });
    const lines = Array.from({ length: 20 }, (_, i) => `icmp,site=s${i} up="bad" ${i}`);
    for (const line of lines) await file.add([line], 'HTTP 400: field type conflict');

    expect(file.stats().rotations).toBeGreaterThanOrEqual(2);
    expect(existsSync(`${path}.2`)).toBe(false);
    expect(statSync(path).size).toBeLessThanOrEqual(400);
    expect(statSync(`${path}.1`).size).toBeLessThanOrEqual(400);
    // The old file holds the records just before the current one's: the newest survive, in order.
    const kept = [...recordsIn(`${path}.1`), ...recordsIn(path)].map((r) => r.line);
    expect(kept).toEqual(lines.slice(lines.length - kept.length));
    expect(recordsIn(path).at(-1)?.line).toBe(lines.at(-1));
    expect(file.stats().written).toBe(20);
    await file.close();
  });

  it('appends to the file it finds, whose size counts toward the bound', async () => {
    const path = join(tempFiles(), 'dead-letter.jsonl');
    const first = await DeadLetterFile.open({ path, maxBytes: 200, log: silentLogger });
    await first.add(['first up="x" 1'], 'reason one');
    await first.close();
    const second = await DeadLetterFile.open({ path, maxBytes: 200, log: silentLogger });
    expect(second.stats().bytes).toBe(statSync(path).size);
    await second.add(['second up="x" 2'], 'reason two');
    expect(recordsIn(path).map((r) => r.line)).toEqual(['first up="x" 1', 'second up="x" 2']);
    await second.add(['third up="x" 3'], 'reason three'); // past 200 bytes: the first two move to .1
    expect(recordsIn(`${path}.1`).map((r) => r.line)).toEqual([
      'first up="x" 1',
      'second up="x" 2',
    ]);
    expect(recordsIn(path).map((r) => r.line)).toEqual(['third up="x" 3']);
    await second.close();
  });

  it('names the path when its directory cannot be created', async () => {
    const dir = tempFiles({ 'plain-file': 'not a directory' });
    const path = join(dir, 'plain-file', 'dead-letter.jsonl');
    await expect(DeadLetterFile.open({ path, log: silentLogger })).rejects.toThrow(
      `dead-letter directory ${join(dir, 'plain-file')} cannot be created`,
    );
  });

  it('names the path when it cannot be opened for writing', async () => {
    const path = tempFiles(); // a directory, not a file
    await expect(DeadLetterFile.open({ path, log: silentLogger })).rejects.toThrow(
      `dead-letter file ${path} cannot be opened for writing`,
    );
  });

  it('logs and counts a failed write instead of throwing, and writes again once it can', async () => {
    const dir = join(tempFiles(), 'dead');
    const path = join(dir, 'dead-letter.jsonl');
    const logged: Record<string, unknown>[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => logged.push(JSON.parse(line)) });
    const file = await DeadLetterFile.open({ path, maxBytes: 100, log });
    await file.add(['a up="x" 1'], 'first');
    rmSync(dir, { recursive: true }); // no directory to start the next file in
    await expect(file.add(['b up="x" 2'], 'second')).resolves.toBeUndefined();
    expect(file.stats()).toMatchObject({ written: 1, failed: 1 });
    expect(logged).toContainEqual(expect.objectContaining({ level: 50, file: path, lines: 1 }));
    mkdirSync(dir);
    await file.add(['c up="x" 3'], 'third');
    expect(recordsIn(path).map((r) => r.line)).toEqual(['c up="x" 3']);
    expect(file.stats()).toMatchObject({ written: 2, failed: 1 });
    await file.close();
  });

  it('after close, logs and drops what it is given instead of opening the file again', async () => {
    const path = join(tempFiles(), 'dead-letter.jsonl');
    const logged: Record<string, unknown>[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => logged.push(JSON.parse(line)) });
    const file = await DeadLetterFile.open({ path, log });
    await file.add(['a up="x" 1'], 'first');
    await file.close();
    rmSync(path); // reopening for append would make it again
    await expect(file.add(['b up="x" 2'], 'after close')).resolves.toBeUndefined();
    expect(existsSync(path)).toBe(false);
    expect(file.stats()).toMatchObject({ written: 1, failed: 0 });
    expect(logged).toContainEqual(
      expect.objectContaining({ level: 50, file: path, lines: 1, reason: 'after close' }),
    );
    await expect(file.close()).resolves.toBeUndefined();
  });
});
