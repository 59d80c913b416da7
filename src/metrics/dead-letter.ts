// Points InfluxDB refused as malformed, kept so a person can see what was wrong and fix its source:
// one JSON object a line, { at, reason, line }, `line` exactly as it was sent. Bounded: once the
// file would grow past maxBytes it becomes `<path>.1` (replacing the one before) and a new one starts.

import { type FileHandle, mkdir, open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from '../logger.js';
import { messageOf } from '../error-message.js';
import type { DeadLetters } from './metrics-writer.js';

export interface DeadLetterOptions {
  /** The JSON-lines file; its directory is created when missing. */
  readonly path: string;
  /** Size past which the file is rotated to `<path>.1`; default 16 MiB. */
  readonly maxBytes?: number;
  readonly log: Logger;
  readonly now?: () => number;
}

export interface DeadLetterStats {
  /** Lines written since this file was opened. */
  readonly written: number;
  /** Lines that could not be written (the disk failed): lost. */
  readonly failed: number;
  readonly rotations: number;
  /** Size of the current file. */
  readonly bytes: number;
}

export interface DeadLetterRecord {
  /** When it was written, ISO 8601 UTC. */
  readonly at: string;
  /** InfluxDB's error text. */
  readonly reason: string;
  readonly line: string;
}

async function openForAppend(path: string): Promise<{ handle: FileHandle; bytes: number }> {
  try {
    const handle = await open(path, 'a');
    return { handle, bytes: (await handle.stat()).size };
  } catch (error) {
    throw new Error(`dead-letter file ${path} cannot be opened for writing: ${messageOf(error)}`, {
      cause: error,
    });
  }
}

export class DeadLetterFile implements DeadLetters {
  private handle: FileHandle | null;
  private bytes: number;
  private queue: Promise<void> = Promise.resolve();
  /** Set by close() once the writes before it are done: later adds write nothing. */
  private closed = false;
  private readonly counters = { written: 0, failed: 0, rotations: 0 };
  private readonly maxBytes: number;
  private readonly now: () => number;

  private constructor(
    private readonly options: DeadLetterOptions,
    opened: { handle: FileHandle; bytes: number },
  ) {
    this.handle = opened.handle;
    this.bytes = opened.bytes;
    this.maxBytes = options.maxBytes ?? 16 * 2 ** 20;
    this.now = options.now ?? Date.now;
  }

  /** Opens (creating if needed) the file for appending; errors name the path and the cause. */
  static async open(options: DeadLetterOptions): Promise<DeadLetterFile> {
    const dir = dirname(options.path);
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw new Error(`dead-letter directory ${dir} cannot be created: ${messageOf(error)}`, {
        cause: error,
      });
    }
    return new DeadLetterFile(options, await openForAppend(options.path));
  }

  // Never rejects: the writer must go on; a disk failure is logged and counted instead, and an add
  // after close() is logged and dropped (it must not reopen a file nobody will close).
  /** Appends one record per line, all with the same reason and time. */
  add(lines: readonly string[], reason: string): Promise<void> {
    const run = this.queue.then(() => this.write(lines, reason));
    this.queue = run.catch(() => undefined);
    return run;
  }

  stats(): DeadLetterStats {
    return { ...this.counters, bytes: this.bytes };
  }

  async close(): Promise<void> {
    await this.queue;
    this.closed = true;
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }

  private async write(lines: readonly string[], reason: string): Promise<void> {
    if (lines.length === 0) return;
    if (this.closed) {
      this.options.log.error(
        { file: this.options.path, lines: lines.length, reason },
        'dead-letter file is closed; these rejected points are lost',
      );
      return;
    }
    const at = new Date(this.now()).toISOString();
    let text = '';
    for (const line of lines) {
      const record: DeadLetterRecord = { at, reason, line };
      text += `${JSON.stringify(record)}\n`;
    }
    const data = Buffer.from(text, 'utf8');
    try {
      if (this.bytes > 0 && this.bytes + data.length > this.maxBytes) await this.rotate();
      this.handle ??= (await this.reopen()).handle;
      await this.handle.appendFile(data);
      this.bytes += data.length;
      this.counters.written += lines.length;
    } catch (error) {
      this.counters.failed += lines.length;
      this.options.log.error(
        { err: error, file: this.options.path, lines: lines.length, reason },
        'dead-letter file could not be written; these rejected points are lost',
      );
    }
  }

  private async reopen(): Promise<{ handle: FileHandle; bytes: number }> {
    const opened = await openForAppend(this.options.path);
    this.bytes = opened.bytes;
    return opened;
  }

  private async rotate(): Promise<void> {
    const path = this.options.path;
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
    try {
      await rename(path, `${path}.1`);
      this.counters.rotations += 1;
    } catch (error) {
      // Gone already (deleted by hand): nothing to keep, a new file starts.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new Error(
          `dead-letter file ${path} cannot be rotated to ${path}.1: ${messageOf(error)}`,
          {
            cause: error,
          },
        );
    }
    this.handle = (await this.reopen()).handle;
  }
}
