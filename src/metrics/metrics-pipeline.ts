// The metrics pipeline, assembled: probe results → points → batched writes to InfluxDB, with the
// spool, the dead-letter file, the rollup backfill and Pantau's own figures. Starts whether or not
// InfluxDB answers: the schema is made as soon as it does, and the points wait in the spool.

import { join } from 'node:path';
import type { InfluxConfig } from '../config/index.js';
import type { InventoryIndex } from '../inventory/index.js';
import type { Logger } from '../logger.js';
import { DeadLetterFile } from './dead-letter.js';
import { createInfluxClient } from './influx-client.js';
import { backfillRollups, ensureSchema } from './influx-schema.js';
import {
  type InfluxStorageOverrides,
  type InfluxStorageSettings,
  storageSettingsOf,
} from './influx-settings.js';
import { createLineWriter } from './influx-write.js';
import { encodePoint } from './line-protocol.js';
import { MetricsSink } from './metrics-sink.js';
import { MetricsWriter, type MetricsWriterStats } from './metrics-writer.js';
import { RAW_RP } from './rollup-query.js';
import { type SelfFigure, selfFigures, selfPoint } from './self-metrics.js';
import { Spool, type SpoolStats } from './spool.js';

export interface MetricsPipelineOptions {
  readonly influx: InfluxConfig;
  /** The inventory's index: each site's tags (the monitor builds it once per inventory version). */
  readonly index: InventoryIndex;
  readonly log: Logger;
  /** Names this Pantau in its own figures (the `instance` tag). */
  readonly instance: string;
  /** The rest of the monitor's own figures, written with the pipeline's in the `pantau` point. */
  readonly figures?: () => readonly SelfFigure[];
  /** How often Pantau's own figures are written; 10 s unless set. */
  readonly selfIntervalMs?: number;
  /** A write not answered after this long is spooled; 10 s unless set. */
  readonly writeTimeoutMs?: number;
  /** For tests: rollup timing (resample, bucket) different from the config's. */
  readonly storage?: InfluxStorageOverrides;
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
}

export interface MetricsPipelineStats {
  readonly writer: MetricsWriterStats;
  readonly spool: SpoolStats;
}

export class MetricsPipeline {
  readonly sink: MetricsSink;
  private schemaTimer: NodeJS.Timeout | null = null;
  private selfTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  private constructor(
    private readonly options: MetricsPipelineOptions,
    private readonly settings: InfluxStorageSettings,
    private readonly spool: Spool,
    private readonly deadLetters: DeadLetterFile,
    private readonly writer: MetricsWriter,
    private readonly client: ReturnType<typeof createInfluxClient>,
  ) {
    this.sink = new MetricsSink(options.index, writer, options.log);
  }

  /** A reload: points are tagged from the new inventory's index on. */
  setInventory(index: InventoryIndex): void {
    this.sink.setInventory(index);
  }

  /** Opens the spool and the dead-letter file, starts writing, and makes the schema when it can. */
  static async open(options: MetricsPipelineOptions): Promise<MetricsPipeline> {
    const { influx, log } = options;
    const settings = storageSettingsOf(influx, options.storage);
    const client = createInfluxClient(influx);
    const spool = await Spool.open({
      dir: influx.spool.dir,
      maxBytes: influx.spool.maxBytes,
      log,
    });
    const deadLetters = await DeadLetterFile.open({
      path: join(influx.spool.dir, 'dead-letter.jsonl'),
      log,
    });
    const writer = new MetricsWriter({
      write: createLineWriter({
        url: influx.url,
        database: influx.database,
        retentionPolicy: RAW_RP,
        username: influx.username,
        password: influx.password,
        timeoutMs: options.writeTimeoutMs ?? 10_000,
      }),
      spool,
      deadLetters,
      backfill: async (windows) => {
        const report = await backfillRollups(client, settings, windows);
        log.info(
          { ranges: report.ranges.length, queries: report.queries, written: report.written },
          'rollups backfilled for the replayed points',
        );
      },
      log,
      maxPoints: influx.batch.maxPoints,
      maxDelayMs: influx.batch.maxDelayMs,
      ...(options.retryMinMs !== undefined ? { retryMinMs: options.retryMinMs } : {}),
      ...(options.retryMaxMs !== undefined ? { retryMaxMs: options.retryMaxMs } : {}),
    });
    const pipeline = new MetricsPipeline(options, settings, spool, deadLetters, writer, client);
    const pending = spool.stats().pendingLines;
    if (pending > 0) log.info({ points: pending }, 'points in the spool from an earlier run');
    // A slow InfluxDB must not hold the collectors back: after a while, start anyway.
    await Promise.race([
      pipeline.makeSchema(1000),
      new Promise((r) => setTimeout(r, 10_000).unref()),
    ]);
    writer.start();
    pipeline.scheduleSelfMetrics();
    return pipeline;
  }

  /** The schema first: a write to a missing database would fail (and wait in the spool). */
  private async makeSchema(retryMs: number): Promise<void> {
    if (this.stopped) return;
    try {
      const changes = await ensureSchema(this.client, this.settings);
      this.options.log.info(
        { database: this.settings.database, changes },
        changes.length > 0 ? 'InfluxDB schema made' : 'InfluxDB schema in place',
      );
    } catch (error) {
      this.options.log.warn(
        { err: error, url: this.options.influx.url, retryMs },
        'InfluxDB does not answer: the schema is made when it does; points wait in the spool',
      );
      this.schemaTimer = setTimeout(
        () => void this.makeSchema(Math.min(retryMs * 2, 30_000)),
        retryMs,
      );
    }
  }

  private scheduleSelfMetrics(): void {
    const interval = this.options.selfIntervalMs ?? 10_000;
    this.selfTimer = setInterval(() => this.writeSelfMetrics(), interval);
    this.selfTimer.unref();
  }

  private writeSelfMetrics(): void {
    this.writer.add([encodePoint(selfPoint(Date.now(), this.options.instance, this.figures()))]);
  }

  /** Pantau's own figures now: what the `pantau` point and /metrics show. */
  figures(): SelfFigure[] {
    return [
      ...selfFigures(this.writer.stats(), this.spool.stats(), this.sink.unknownSites),
      ...(this.options.figures?.() ?? []),
    ];
  }

  stats(): MetricsPipelineStats {
    return {
      writer: this.writer.stats(),
      spool: this.spool.stats(),
    };
  }

  /** Writes what waits (or spools it), then closes the files. */
  async stop(graceMs = 5000): Promise<void> {
    this.stopped = true;
    if (this.schemaTimer) clearTimeout(this.schemaTimer);
    if (this.selfTimer) clearInterval(this.selfTimer);
    this.writeSelfMetrics();
    await this.writer.stop(graceMs);
    await this.spool.close();
    await this.deadLetters.close();
  }
}
