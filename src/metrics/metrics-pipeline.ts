// The metrics pipeline, assembled: probe results → points → batched writes to InfluxDB, with the
// spool, the dead-letter file, the rollups computed as the points pass (with their own writer and
// spool) and Pantau's own figures. Starts whether or not InfluxDB answers: the schema is made as
// soon as it does, and the points wait in the spool.

import { join } from 'node:path';
import type { InfluxConfig } from '../config/index.js';
import type { InventoryIndex } from '../inventory/index.js';
import type { Logger } from '../logger.js';
import { createInfluxClient } from './influx-client.js';
import { ensureSchema } from './influx-schema.js';
import {
  type InfluxStorageOverrides,
  type InfluxStorageSettings,
  storageSettingsOf,
} from './influx-settings.js';
import { encodePoint } from './line-protocol.js';
import { MetricsSink } from './metrics-sink.js';
import type { MetricsWriterStats } from './metrics-writer.js';
import { RollupKeeper } from './rollup-keeper.js';
import { RAW_RP, ROLLUP_RP } from './rollup-spec.js';
import { type SelfFigure, selfFigures, selfPoint } from './self-metrics.js';
import type { SpoolStats } from './spool.js';
import { closeWritePath, openWritePath, type WritePath } from './write-path.js';

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
  /** For tests: rollup timing (bucket, grace) different from the config's. */
  readonly storage?: InfluxStorageOverrides;
  readonly retryMinMs?: number;
  readonly retryMaxMs?: number;
  /** For tests: how often due rollup buckets are closed (5 s unless set). */
  readonly rollupTickMs?: number;
}

export interface MetricsPipelineStats {
  readonly writer: MetricsWriterStats;
  readonly spool: SpoolStats;
  readonly rollupWriter: MetricsWriterStats;
  readonly rollupSpool: SpoolStats;
  readonly rollups: ReturnType<RollupKeeper['stats']>;
}

export class MetricsPipeline {
  readonly sink: MetricsSink;
  private schemaTimer: NodeJS.Timeout | null = null;
  private selfTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  private constructor(
    private readonly options: MetricsPipelineOptions,
    private readonly settings: InfluxStorageSettings,
    private readonly raw: WritePath,
    private readonly rollup: WritePath,
    private readonly keeper: RollupKeeper,
    private readonly client: ReturnType<typeof createInfluxClient>,
  ) {
    this.index = options.index;
    this.sink = new MetricsSink(options.index, raw.writer, options.log, keeper.target);
    keeper.useSites(() => this.siteIds);
  }

  private index: InventoryIndex;

  /** A reload: points are tagged from the new inventory's index on. */
  setInventory(index: InventoryIndex): void {
    this.index = index;
    this.sink.setInventory(index);
  }

  /** The sites of the current inventory (a recompute of the rollup asks a group at a time). */
  get siteIds(): readonly string[] {
    return this.index.all.map((s) => s.id);
  }

  /** Opens the spools and the dead-letter files, starts writing, and makes the schema when it can. */
  static async open(options: MetricsPipelineOptions): Promise<MetricsPipeline> {
    const { influx, log } = options;
    const settings = storageSettingsOf(influx, options.storage);
    const client = createInfluxClient(influx);
    const writePath = (dir: string, retentionPolicy: string, pathLog: Logger) =>
      openWritePath({
        dir,
        maxBytes: influx.spool.maxBytes,
        target: {
          url: influx.url,
          database: influx.database,
          retentionPolicy,
          username: influx.username,
          password: influx.password,
          timeoutMs: options.writeTimeoutMs ?? 10_000,
        },
        log: pathLog,
        maxPoints: influx.batch.maxPoints,
        maxDelayMs: influx.batch.maxDelayMs,
        ...(options.retryMinMs !== undefined ? { retryMinMs: options.retryMinMs } : {}),
        ...(options.retryMaxMs !== undefined ? { retryMaxMs: options.retryMaxMs } : {}),
      });
    const raw = await writePath(influx.spool.dir, RAW_RP, log);
    // The rollup lines have a spool of their own: the raw one replays into another policy.
    const rollup = await writePath(
      join(influx.spool.dir, 'rollup'),
      ROLLUP_RP,
      log.child({ rp: ROLLUP_RP }),
    );
    const keeper = await RollupKeeper.open({
      influx: client,
      database: settings.database,
      intervalMs: settings.rollupIntervalMs,
      graceMs: settings.rollupGraceMs,
      raw: raw.writer,
      rollup: rollup.writer,
      statePath: join(influx.spool.dir, 'rollup.json'),
      log,
      rawSpooled: raw.spool.stats().pendingLines,
      ...(options.rollupTickMs !== undefined ? { tickMs: options.rollupTickMs } : {}),
    });
    const pipeline = new MetricsPipeline(options, settings, raw, rollup, keeper, client);
    const pending = raw.spool.stats().pendingLines;
    if (pending > 0) log.info({ points: pending }, 'points in the spool from an earlier run');
    // A slow InfluxDB must not hold the collectors back: after a while, start anyway.
    await Promise.race([
      pipeline.makeSchema(1000),
      new Promise((r) => setTimeout(r, 10_000).unref()),
    ]);
    raw.writer.start();
    rollup.writer.start();
    keeper.start();
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
      const dropped = changes.filter((c) => c.startsWith('dropped continuous query'));
      if (dropped.length > 0)
        this.options.log.info(
          { dropped: dropped.length },
          'rollup continuous queries dropped: Pantau computes the rollups as the points pass',
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
    this.raw.writer.add([
      encodePoint(selfPoint(Date.now(), this.options.instance, this.figures())),
    ]);
  }

  /** Pantau's own figures now: what the `pantau` point and /metrics show. */
  figures(): SelfFigure[] {
    return [
      ...selfFigures(this.raw.writer.stats(), this.raw.spool.stats(), this.sink.unknownSites),
      ...this.keeper.figures(),
      ...(this.options.figures?.() ?? []),
    ];
  }

  stats(): MetricsPipelineStats {
    return {
      writer: this.raw.writer.stats(),
      spool: this.raw.spool.stats(),
      rollupWriter: this.rollup.writer.stats(),
      rollupSpool: this.rollup.spool.stats(),
      rollups: this.keeper.stats(),
    };
  }

  /**
   * Writes the open rollup buckets as far as they were seen and what waits (or spools it), then
   * closes the files. What could not be recomputed in time is recomputed at the next start.
   */
  async stop(graceMs = 5000): Promise<void> {
    this.stopped = true;
    if (this.schemaTimer) clearTimeout(this.schemaTimer);
    if (this.selfTimer) clearInterval(this.selfTimer);
    this.writeSelfMetrics();
    await this.keeper.stop(graceMs);
    await Promise.all([this.raw.writer.stop(graceMs), this.rollup.writer.stop(graceMs)]);
    await this.keeper.close();
    await closeWritePath(this.raw);
    await closeWritePath(this.rollup);
  }
}
