// One write path into one retention policy: a writer with its spool and dead-letter file in one
// directory. The pipeline has two (raw samples, rollups); tests make their own.

import { join } from 'node:path';
import type { Logger } from '../logger.js';
import { DeadLetterFile } from './dead-letter.js';
import { createLineWriter, type InfluxWriteTarget } from './influx-write.js';
import { MetricsWriter } from './metrics-writer.js';
import { Spool } from './spool.js';

export interface WritePathOptions {
  /** The spool's directory; `dead-letter.jsonl` goes in it too. */
  readonly dir: string;
  readonly maxBytes: number;
  readonly segmentBytes?: number;
  readonly target: InfluxWriteTarget;
  readonly log: Logger;
  readonly maxPoints: number;
  readonly maxDelayMs: number;
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
}

export interface WritePath {
  readonly writer: MetricsWriter;
  readonly spool: Spool;
  readonly deadLetters: DeadLetterFile;
}

/** Opens the spool and the dead-letter file; the writer is made but not started. */
export async function openWritePath(options: WritePathOptions): Promise<WritePath> {
  const { dir, log } = options;
  const spool = await Spool.open({
    dir,
    maxBytes: options.maxBytes,
    log,
    ...(options.segmentBytes !== undefined ? { segmentBytes: options.segmentBytes } : {}),
  });
  const deadLetters = await DeadLetterFile.open({ path: join(dir, 'dead-letter.jsonl'), log });
  const writer = new MetricsWriter({
    write: createLineWriter(options.target),
    spool,
    deadLetters,
    log,
    maxPoints: options.maxPoints,
    maxDelayMs: options.maxDelayMs,
    ...(options.retryMinMs !== undefined ? { retryMinMs: options.retryMinMs } : {}),
    ...(options.retryMaxMs !== undefined ? { retryMaxMs: options.retryMaxMs } : {}),
  });
  return { writer, spool, deadLetters };
}

/** Closes the spool and the dead-letter file (after the writer stopped). */
export async function closeWritePath(path: WritePath): Promise<void> {
  await path.spool.close();
  await path.deadLetters.close();
}
