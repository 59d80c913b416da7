// A durable, append-only queue of line-protocol batches on disk, for while InfluxDB is away: the
// segment files, the cursor, the size bound and sync timing. Record bytes are spool-record.ts's.
//
// The directory holds segment files (000000000001.spool, ...) of records, one record a batch, and
// a `cursor` file: how far the oldest segment has been acknowledged. Segments are only appended
// to; one is deleted once every batch in it is acknowledged, or when the spool is over its size
// bound (the oldest first, counted and logged as lost). A reopened spool never appends to the
// segments it found: it reads them and starts a new one, so a torn tail is never written past;
// the torn tail itself is skipped and counted, never read as a batch.

import {
  type FileHandle,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  unlink,
  writeFile,
} from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Logger } from '../logger.js';
import { messageOf } from '../error-message.js';
import type { BatchSpool } from './metrics-writer.js';
import {
  decodePayload,
  encodeRecord,
  RECORD_HEADER_BYTES,
  type RecordHeader,
  recordAt,
  recordEnd,
  scanRecords,
} from './spool-record.js';

export interface SpoolOptions {
  readonly dir: string;
  /** Bound on the segment files' total size; past it the oldest segment is deleted. */
  readonly maxBytes: number;
  /** A segment is closed once the next record would take it past this; default 8 MiB. */
  readonly segmentBytes?: number;
  /** Longest time appended batches wait for fdatasync; 0 syncs after every append. Default 1000. */
  readonly syncIntervalMs?: number;
  readonly log: Logger;
  /** Clock for the append time kept in each record (ms since the epoch). */
  readonly now?: () => number;
}

/** bytes, segments and pending cover the whole directory; the other counts, this process's run. */
export interface SpoolStats {
  readonly bytes: number;
  readonly segments: number;
  readonly pendingBatches: number;
  readonly pendingLines: number;
  readonly appendedBatches: number;
  readonly appendedLines: number;
  readonly ackedBatches: number;
  readonly ackedLines: number;
  readonly droppedSegments: number;
  readonly droppedBatches: number;
  readonly droppedLines: number;
  /** Segments that ended in a torn or garbled record (a crash mid-append); the tail was skipped. */
  readonly corruptTails: number;
  /** Whole records whose payload failed its checksum when read; skipped. */
  readonly corruptBatches: number;
}

export interface SpooledBatch {
  readonly id: string;
  readonly lines: readonly string[];
}

const SCAN_CHUNK_BYTES = 64 * 1024;
const SEGMENT_FILE = /^(\d{12})\.spool$/;
const CURSOR_FILE = 'cursor';

interface Segment {
  readonly seq: number;
  readonly path: string;
  /** Bytes on disk, a torn tail included: what counts against maxBytes. */
  bytes: number;
  /** Where the last whole record ends: reading stops here, appending goes on from here. */
  end: number;
  records: number;
  lines: number;
  firstAt: number | null;
  lastAt: number | null;
}

interface Cursor {
  readonly segment: number;
  readonly offset: number;
}

interface Peeked {
  readonly seq: number;
  readonly offset: number;
  readonly next: number;
  readonly lines: number;
}

type ReadResult =
  | { readonly kind: 'batch'; readonly header: RecordHeader; readonly lines: string[] }
  | { readonly kind: 'corrupt'; readonly header: RecordHeader }
  | { readonly kind: 'unreadable' };

const isoOf = (ms: number | null): string | null =>
  ms === null ? null : new Date(ms).toISOString();
const idOf = (seq: number, offset: number): string => `${seq}:${offset}`;

async function readFully(handle: FileHandle, into: Buffer, position: number): Promise<number> {
  let done = 0;
  while (done < into.length) {
    const { bytesRead } = await handle.read(into, done, into.length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return done;
}

async function writeFully(handle: FileHandle, data: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < data.length) {
    const { bytesWritten } = await handle.write(data, done, data.length - done, position + done);
    done += bytesWritten;
  }
}

interface SegmentScan {
  readonly segment: Segment;
  readonly torn: boolean;
  /** The first record boundary at or after the cursor, and what lies before it. */
  readonly ackedEnd: number;
  readonly ackedRecords: number;
  readonly ackedLines: number;
}

/** Reads a segment in chunks for scanRecords to walk, tallying its records against the cursor. */
async function scanSegment(seq: number, path: string, ackedTo: number): Promise<SegmentScan> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const segment: Segment = {
      seq,
      path,
      bytes: size,
      end: 0,
      records: 0,
      lines: 0,
      firstAt: null,
      lastAt: null,
    };
    const chunk = Buffer.allocUnsafe(SCAN_CHUNK_BYTES);
    let ackedRecords = 0;
    let ackedLines = 0;
    let ackedEnd = -1;
    let torn = false;
    let pos = 0;
    while (pos < size && !torn) {
      const got = await readFully(handle, chunk, pos);
      const scan = scanRecords(chunk.subarray(0, got), pos, size);
      for (const { offset, header } of scan.records) {
        if (offset < ackedTo) {
          ackedRecords += 1;
          ackedLines += header.lines;
        } else if (ackedEnd < 0) ackedEnd = offset;
        segment.records += 1;
        segment.lines += header.lines;
        segment.firstAt ??= header.appendedAt;
        segment.lastAt = header.appendedAt;
      }
      pos = scan.end;
      torn = scan.torn;
    }
    segment.end = pos;
    return { segment, torn, ackedEnd: ackedEnd < 0 ? pos : ackedEnd, ackedRecords, ackedLines };
  } finally {
    await handle.close();
  }
}

export class Spool implements BatchSpool {
  private readonly dir: string;
  private readonly maxBytes: number;
  private readonly segmentBytes: number;
  private readonly syncIntervalMs: number;
  private readonly log: Logger;
  private readonly now: () => number;
  /** Oldest first; the head (index 0) is where replay reads. */
  private readonly segments: Segment[] = [];
  private active: { readonly segment: Segment; readonly handle: FileHandle } | null = null;
  private nextSeq = 1;
  private headOffset = 0;
  /** Records and lines of the head segment behind the cursor: acknowledged or skipped. */
  private headDoneRecords = 0;
  private headDoneLines = 0;
  private peeked: Peeked | null = null;
  private unsynced = false;
  private syncTimer: NodeJS.Timeout | null = null;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly counters = {
    appendedBatches: 0,
    appendedLines: 0,
    ackedBatches: 0,
    ackedLines: 0,
    droppedSegments: 0,
    droppedBatches: 0,
    droppedLines: 0,
    corruptTails: 0,
    corruptBatches: 0,
  };

  private constructor(options: SpoolOptions) {
    if (!Number.isSafeInteger(options.maxBytes) || options.maxBytes <= 0)
      throw new RangeError(`spool ${options.dir}: maxBytes must be a positive integer`);
    this.dir = options.dir;
    this.maxBytes = options.maxBytes;
    // Segments at most a quarter of the bound, so one drop loses at most a quarter of the spool.
    this.segmentBytes = Math.max(
      RECORD_HEADER_BYTES + 2,
      Math.min(options.segmentBytes ?? 8 * 2 ** 20, Math.floor(options.maxBytes / 4)),
    );
    this.syncIntervalMs = options.syncIntervalMs ?? 1000;
    this.log = options.log;
    this.now = options.now ?? Date.now;
  }

  /** Opens (creating if needed) the spool in `options.dir` and resumes where the last run left. */
  static async open(options: SpoolOptions): Promise<Spool> {
    const spool = new Spool(options);
    try {
      await mkdir(spool.dir, { recursive: true });
    } catch (error) {
      throw new Error(`spool directory ${spool.dir} cannot be created: ${messageOf(error)}`, {
        cause: error,
      });
    }
    await spool.load();
    try {
      await spool.writeCursor();
    } catch (error) {
      throw new Error(`spool directory ${spool.dir} is not writable: ${messageOf(error)}`, {
        cause: error,
      });
    }
    return spool;
  }

  // Durability: append resolves once write() returns, so the batch is in the kernel's page cache
  // and survives the process dying; fdatasync runs on segment roll, on close and at most
  // syncIntervalMs after an append (not per append: that costs a disk flush per batch), so a power
  // loss or kernel crash can lose up to syncIntervalMs of batches, and its torn tail is skipped.
  append(lines: readonly string[]): Promise<void> {
    return this.serial(() => this.appendNow(lines));
  }

  /** The oldest batch not yet acknowledged, or null when the spool is empty. */
  peek(): Promise<SpooledBatch | null> {
    return this.serial(() => this.peekNow());
  }

  // The cursor is saved after the batch is written to InfluxDB: a crash in between replays the
  // batch once more, which is harmless (InfluxDB keeps one point per series and timestamp), and
  // the cursor is not fsynced, so a power loss can replay more the same way.
  /** Marks the batch `peek` returned as done; ids already acked or dropped are ignored. */
  ack(id: string): Promise<void> {
    return this.serial(() => this.ackNow(id));
  }

  stats(): SpoolStats {
    let bytes = 0;
    let batches = -this.headDoneRecords;
    let lines = -this.headDoneLines;
    for (const segment of this.segments) {
      bytes += segment.bytes;
      batches += segment.records;
      lines += segment.lines;
    }
    return {
      ...this.counters,
      bytes,
      segments: this.segments.length,
      pendingBatches: Math.max(0, batches),
      pendingLines: Math.max(0, lines),
    };
  }

  /** Syncs and closes the segment being written; the spool cannot be used afterwards. */
  close(): Promise<void> {
    return this.serial(async () => {
      if (this.closed) return;
      this.closed = true;
      if (this.syncTimer) clearTimeout(this.syncTimer);
      this.syncTimer = null;
      await this.seal();
    });
  }

  /** Runs operations one at a time, in call order; a failed one does not stop the next. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private pathOf(seq: number): string {
    return join(this.dir, `${String(seq).padStart(12, '0')}.spool`);
  }

  private async load(): Promise<void> {
    const cursor = await this.readCursor();
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      throw new Error(`spool directory ${this.dir} cannot be read: ${messageOf(error)}`, {
        cause: error,
      });
    }
    const seqs = names
      .map((name) => SEGMENT_FILE.exec(name)?.[1])
      .filter((digits): digits is string => digits !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    for (const seq of seqs) {
      const path = this.pathOf(seq);
      if (cursor && seq < cursor.segment) {
        // Fully acknowledged; a stop came between moving the cursor on and deleting the file.
        await this.remove(path);
        continue;
      }
      let scan: SegmentScan;
      try {
        scan = await scanSegment(seq, path, cursor?.segment === seq ? cursor.offset : 0);
      } catch (error) {
        throw new Error(`spool segment ${path} cannot be read: ${messageOf(error)}`, {
          cause: error,
        });
      }
      if (scan.torn) {
        this.counters.corruptTails += 1;
        this.log.warn(
          {
            segment: path,
            validBytes: scan.segment.end,
            skippedBytes: scan.segment.bytes - scan.segment.end,
          },
          'spool segment ends in a torn or garbled record (a stop mid-append); the tail is skipped',
        );
      }
      this.segments.push(scan.segment);
      if (this.segments.length === 1) {
        this.headOffset = scan.ackedEnd;
        this.headDoneRecords = scan.ackedRecords;
        this.headDoneLines = scan.ackedLines;
      }
    }
    this.nextSeq = Math.max(seqs.at(-1) ?? 0, cursor?.segment ?? 0) + 1;
    await this.advance();
  }

  private async readCursor(): Promise<Cursor | null> {
    const path = join(this.dir, CURSOR_FILE);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new Error(`spool cursor ${path} cannot be read: ${messageOf(error)}`, { cause: error });
    }
    try {
      const parsed = JSON.parse(text) as Partial<Cursor>;
      if (Number.isSafeInteger(parsed.segment) && Number.isSafeInteger(parsed.offset))
        return parsed as Cursor;
    } catch {
      // not JSON: handled below like any other bad content
    }
    // Without it the oldest segment is replayed from its start: duplicates, never a loss.
    this.log.warn({ cursor: path }, 'spool cursor is garbled; replaying the oldest segment whole');
    return null;
  }

  private async writeCursor(): Promise<void> {
    const head = this.segments[0];
    const cursor: Cursor = head
      ? { segment: head.seq, offset: this.headOffset }
      : { segment: this.nextSeq - 1, offset: 0 };
    const path = join(this.dir, CURSOR_FILE);
    // Written aside and renamed over: a stop mid-write leaves the old cursor, not half a new one.
    await writeFile(`${path}.tmp`, `${JSON.stringify(cursor)}\n`);
    await rename(`${path}.tmp`, path);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`spool ${this.dir} is closed`);
  }

  private async appendNow(lines: readonly string[]): Promise<void> {
    this.assertOpen();
    if (lines.length === 0) return;
    const at = this.now();
    let record: Buffer;
    try {
      record = encodeRecord(lines, at);
    } catch (error) {
      // The framing knows bytes, not spools: the message gains the directory here.
      throw new RangeError(`spool ${this.dir}: ${messageOf(error)}`, { cause: error });
    }
    const current = this.active?.segment;
    if (current && current.end > 0 && current.end + record.length > this.segmentBytes)
      await this.seal();
    await this.makeRoom(record.length);
    const { segment, handle } = this.active ?? (await this.startSegment());
    try {
      await writeFully(handle, record, segment.end);
    } catch (error) {
      // Cut the partial record off, so the next append does not land behind garbage.
      await handle.truncate(segment.end).catch(() => undefined);
      throw new Error(
        `spool segment ${segment.path}: a batch could not be written: ${messageOf(error)}`,
        {
          cause: error,
        },
      );
    }
    segment.end += record.length;
    segment.bytes = segment.end;
    segment.records += 1;
    segment.lines += lines.length;
    segment.firstAt ??= at;
    segment.lastAt = at;
    this.counters.appendedBatches += 1;
    this.counters.appendedLines += lines.length;
    this.unsynced = true;
    if (this.syncIntervalMs <= 0) await this.syncNow();
    else if (!this.syncTimer) {
      this.syncTimer = setTimeout(() => {
        this.syncTimer = null;
        void this.serial(() => this.syncNow());
      }, this.syncIntervalMs);
      this.syncTimer.unref();
    }
  }

  private async startSegment(): Promise<{ segment: Segment; handle: FileHandle }> {
    const seq = this.nextSeq++;
    const path = this.pathOf(seq);
    let handle: FileHandle;
    try {
      handle = await open(path, 'wx');
    } catch (error) {
      throw new Error(`spool segment ${path} cannot be created: ${messageOf(error)}`, {
        cause: error,
      });
    }
    const segment: Segment = {
      seq,
      path,
      bytes: 0,
      end: 0,
      records: 0,
      lines: 0,
      firstAt: null,
      lastAt: null,
    };
    this.segments.push(segment);
    this.active = { segment, handle };
    await this.syncDirectory();
    return this.active;
  }

  /** Deletes the oldest segments until `incoming` more bytes fit; never the one being written. */
  private async makeRoom(incoming: number): Promise<void> {
    for (;;) {
      const bytes = this.segments.reduce((sum, segment) => sum + segment.bytes, 0);
      const oldest = this.segments[0];
      if (bytes + incoming <= this.maxBytes || !oldest || oldest === this.active?.segment) return;
      const batches = oldest.records - this.headDoneRecords;
      const lines = oldest.lines - this.headDoneLines;
      this.segments.shift();
      this.resetHead();
      this.counters.droppedSegments += 1;
      this.counters.droppedBatches += batches;
      this.counters.droppedLines += lines;
      this.log.error(
        {
          spool: this.dir,
          segment: basename(oldest.path),
          batches,
          lines,
          from: isoOf(oldest.firstAt),
          to: isoOf(oldest.lastAt),
          maxBytes: this.maxBytes,
          droppedBatches: this.counters.droppedBatches,
          droppedLines: this.counters.droppedLines,
        },
        'spool is full: its oldest segment was deleted and the points in it are lost',
      );
      await this.remove(oldest.path);
    }
  }

  private async peekNow(): Promise<SpooledBatch | null> {
    this.assertOpen();
    for (;;) {
      await this.advance();
      const head = this.segments[0];
      if (!head || this.headOffset >= head.end) return null;
      const offset = this.headOffset;
      const read = await this.readRecord(head, offset);
      if (read.kind === 'batch') {
        const next = recordEnd(offset, read.header);
        this.peeked = { seq: head.seq, offset, next, lines: read.lines.length };
        return { id: idOf(head.seq, offset), lines: read.lines };
      }
      if (read.kind === 'corrupt') {
        this.counters.corruptBatches += 1;
        this.log.error(
          { segment: head.path, offset, lines: read.header.lines },
          'spool record failed its checksum; the batch is skipped and its points are lost',
        );
        this.headOffset = recordEnd(offset, read.header);
        this.headDoneRecords += 1;
        this.headDoneLines += read.header.lines;
      } else {
        // The file changed under us since it was scanned: nothing after this point can be trusted.
        this.counters.corruptTails += 1;
        this.log.error(
          { segment: head.path, offset },
          'spool segment is garbled past this offset; the rest of it is skipped',
        );
        head.end = offset;
        this.headDoneRecords = head.records;
        this.headDoneLines = head.lines;
      }
      await this.saveCursor();
    }
  }

  private async readRecord(segment: Segment, offset: number): Promise<ReadResult> {
    let handle: FileHandle;
    try {
      handle = await open(segment.path, 'r');
    } catch (error) {
      throw new Error(`spool segment ${segment.path} cannot be read: ${messageOf(error)}`, {
        cause: error,
      });
    }
    try {
      const headerBytes = Buffer.alloc(RECORD_HEADER_BYTES);
      await readFully(handle, headerBytes, offset);
      const header = recordAt(headerBytes, offset, segment.end);
      if (!header) return { kind: 'unreadable' };
      const payload = Buffer.allocUnsafe(header.payloadBytes);
      const got = await readFully(handle, payload, offset + RECORD_HEADER_BYTES);
      const lines = decodePayload(header, payload.subarray(0, got));
      return lines ? { kind: 'batch', header, lines } : { kind: 'corrupt', header };
    } finally {
      await handle.close();
    }
  }

  private async ackNow(id: string): Promise<void> {
    this.assertOpen();
    const match = /^(\d+):(\d+)$/.exec(id);
    if (!match) throw new Error(`spool ${this.dir}: "${id}" is not a batch id from peek()`);
    const seq = Number(match[1]);
    const offset = Number(match[2]);
    const head = this.segments[0];
    // Acknowledged already, or dropped to keep the bound while it was being replayed.
    if (!head || seq < head.seq || (seq === head.seq && offset < this.headOffset)) return;
    const peeked = this.peeked;
    if (!peeked || peeked.seq !== seq || peeked.offset !== offset || offset !== this.headOffset)
      throw new Error(
        `spool ${this.dir}: batch ${id} acknowledged out of order; the oldest is ${idOf(head.seq, this.headOffset)}`,
      );
    this.peeked = null;
    this.headOffset = peeked.next;
    this.headDoneRecords += 1;
    this.headDoneLines += peeked.lines;
    this.counters.ackedBatches += 1;
    this.counters.ackedLines += peeked.lines;
    await this.advance();
    await this.saveCursor();
  }

  /** Deletes head segments that are read to their end and no longer written. */
  private async advance(): Promise<void> {
    for (;;) {
      const head = this.segments[0];
      if (!head || head === this.active?.segment || this.headOffset < head.end) return;
      this.segments.shift();
      this.resetHead();
      await this.remove(head.path);
    }
  }

  private resetHead(): void {
    this.headOffset = 0;
    this.headDoneRecords = 0;
    this.headDoneLines = 0;
    this.peeked = null;
  }

  /** The cursor after an ack: a failure only means a replay after restart, so it is logged. */
  private async saveCursor(): Promise<void> {
    try {
      await this.writeCursor();
    } catch (error) {
      this.log.error(
        { err: error, spool: this.dir },
        'spool cursor could not be saved; acknowledged batches may be replayed after a restart',
      );
    }
  }

  private async remove(path: string): Promise<void> {
    try {
      await unlink(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      this.log.error({ err: error, segment: path }, 'spool segment could not be deleted');
    }
  }

  /** Closes the segment being written, synced; the next append starts a new one. */
  private async seal(): Promise<void> {
    const active = this.active;
    if (!active) return;
    await this.syncNow();
    this.active = null;
    try {
      await active.handle.close();
    } catch (error) {
      this.log.error({ err: error, segment: active.segment.path }, 'spool segment close failed');
    }
    if (!this.closed) await this.advance();
  }

  private async syncNow(): Promise<void> {
    const active = this.active;
    if (!active || !this.unsynced) return;
    this.unsynced = false;
    try {
      await active.handle.datasync();
    } catch (error) {
      // Linux may have dropped the dirty pages: recent batches may not survive a power loss.
      this.log.error(
        { err: error, segment: active.segment.path },
        'spool segment fdatasync failed',
      );
    }
  }

  /** Makes a new segment's directory entry durable; best effort: not every platform allows it. */
  private async syncDirectory(): Promise<void> {
    try {
      const handle = await open(this.dir, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch {
      // e.g. Windows cannot open a directory: the segment is still written, only less durable
    }
  }
}
