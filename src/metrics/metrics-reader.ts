// The one reader of InfluxDB: a site's history for the API, fleet-wide rollups streamed by groups
// of sites for the cost engine. Over HTTP /query with chunked answers (influx-query.ts), so nothing
// is cut at InfluxDB's max-row-limit; failures are MetricsUnavailableError or MetricsBadRequestError.

import type { InfluxConfig } from '../config/index.js';
import { type HistoryResult, queryHistory } from './history.js';
import type { HistoryRequest } from './history-plan.js';
import { createInfluxQuery, type InfluxQuery } from './influx-query.js';
import {
  type InfluxStorageOverrides,
  type InfluxStorageSettings,
  storageSettingsOf,
} from './influx-settings.js';
import {
  type RollupChunk,
  type RollupReadOptions,
  readRollups,
  rollupSiteIds,
} from './rollup-read.js';
import { ROLLUP_RP } from './rollup-spec.js';
import type { RollupReadRequest } from './rollup-read-plan.js';

export interface MetricsReaderOptions {
  readonly influx: Pick<InfluxConfig, 'url' | 'database' | 'username' | 'password' | 'retention'>;
  /** For tests: rollup timing and raw-history span different from the config's. */
  readonly storage?: InfluxStorageOverrides;
  /** A query whose answer stops for this long is given up; 30 s unless set. */
  readonly idleTimeoutMs?: number;
}

export class MetricsReader {
  readonly settings: InfluxStorageSettings;
  private readonly query: InfluxQuery;

  constructor(options: MetricsReaderOptions) {
    const { influx } = options;
    this.settings = storageSettingsOf(influx, options.storage);
    this.query = createInfluxQuery({
      url: influx.url,
      database: influx.database,
      username: influx.username,
      password: influx.password,
      ...(options.idleTimeoutMs !== undefined ? { idleTimeoutMs: options.idleTimeoutMs } : {}),
    });
  }

  /** One or more sites' history, raw or rolled up as the span needs (history-plan.ts). */
  history(request: HistoryRequest, nowMs: number = Date.now()): Promise<HistoryResult> {
    return queryHistory(this.query, this.settings, request, nowMs);
  }

  /**
   * Every requested site's stored points of `fields` over [fromMs, toMs), a group of at most
   * `chunkSites` sites a chunk: `for await (const chunk of reader.rollups({...}))`.
   */
  rollups(
    request: RollupReadRequest,
    options: RollupReadOptions = {},
  ): AsyncGenerator<RollupChunk> {
    const inRollup = (request.retentionPolicy ?? ROLLUP_RP) === ROLLUP_RP;
    return readRollups(this.query, this.settings.database, request, {
      ...(inRollup ? { bucketMs: this.settings.rollupIntervalMs } : {}),
      ...options,
    });
  }

  /** The site ids with a series in a measurement of a retention policy (`rollup` unless named). */
  siteIds(
    request: Pick<RollupReadRequest, 'measurement' | 'retentionPolicy'>,
    options: RollupReadOptions = {},
  ): Promise<string[]> {
    return rollupSiteIds(this.query, request, options);
  }
}
