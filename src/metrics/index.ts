// Metrics in InfluxDB: points and line protocol, the write path (writer, spool, dead letters), the
// schema and the rollups computed in the pipeline, and the reader (a site's history, fleet-wide rollups streamed by chunk).

export { DeadLetterFile, type DeadLetterStats } from './dead-letter.js';
export {
  type HistoryPoint,
  type HistoryResult,
  type HistorySeries,
  queryHistory,
} from './history.js';
export {
  defaultHistoryFields,
  HISTORY_FIELDS,
  HISTORY_GROUP_TAGS,
  type HistoryPlan,
  type HistoryRequest,
  HistoryRequestError,
  type HistorySource,
  MAX_HISTORY_POINTS,
  MAX_HISTORY_SITES,
  planHistory,
} from './history-plan.js';
export { createInfluxClient, type InfluxClientOptions, influxAnswers } from './influx-client.js';
export { execute, type InfluxSeries, rowsOf } from './influx-exec.js';
export {
  createInfluxQuery,
  type InfluxQuery,
  type InfluxQueryTarget,
  QUERY_CHUNK_ROWS,
  querySeries,
} from './influx-query.js';
export { ensureSchema, ROLLUP_CQ_PREFIX } from './influx-schema.js';
export {
  DEFAULT_RAW_HISTORY_MAX_RANGE_MS,
  DEFAULT_ROLLUP_GRACE_MS,
  type InfluxStorageOverrides,
  type InfluxStorageSettings,
  storageSettingsOf,
} from './influx-settings.js';
export * from './influx-write.js';
export { formatDuration, quoteIdent, stringLiteral, timeLiteral } from './influxql.js';
export * from './line-protocol.js';
export {
  MetricsPipeline,
  type MetricsPipelineOptions,
  type MetricsPipelineStats,
} from './metrics-pipeline.js';
export { MetricsBadRequestError, MetricsUnavailableError } from './metrics-errors.js';
export { MetricsReader, type MetricsReaderOptions } from './metrics-reader.js';
export { MetricsSink } from './metrics-sink.js';
export {
  type BatchSpool,
  type DeadLetters,
  MetricsWriter,
  type MetricsWriterStats,
} from './metrics-writer.js';
export * from './points.js';
export { RollupAggregator, type RecomputeRequest } from './rollup-aggregator.js';
export { RollupKeeper, type RollupKeeperStats } from './rollup-keeper.js';
export {
  measurementRollup,
  RAW_RP,
  ROLLUP_FIELDS,
  ROLLUP_RP,
  type RollupAggregate,
  rollupField,
  rollupSelect,
} from './rollup-spec.js';
export type { RollupChunk, RollupReadOptions, RollupSeries } from './rollup-read.js';
export {
  DEFAULT_CHUNK_SITES,
  MAX_CHUNK_SITES,
  type RollupReadRequest,
} from './rollup-read-plan.js';
export type { SeriesArrays } from './series-columns.js';
export { type SelfFigure, selfPoint } from './self-metrics.js';
export { Spool, type SpoolStats } from './spool.js';
export type { TimeRange } from './time-windows.js';
export { closeWritePath, openWritePath, type WritePath } from './write-path.js';
