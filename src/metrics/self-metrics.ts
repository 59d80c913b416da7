// Pantau's own figures, in one table: written as the `pantau` point beside the data they describe,
// and served at /metrics in Prometheus' text format (those with a metric). Pure.

import type { PromFigure } from '../prometheus-text.js';
import type { MetricsWriterStats } from './metrics-writer.js';
import type { Point } from './points.js';

export interface SpoolFigures {
  readonly bytes: number;
  /** Points the spool dropped (oldest segments, past its bound) since start. */
  readonly droppedLines: number;
}

export interface CollectorFigures {
  /** ICMP cycles and SNMP polls that missed their turn (or, for ICMP, failed), since start. */
  readonly overruns: number;
  readonly workerRestarts: number;
}

export interface SelfFigure {
  /** Its field in the `pantau` point. */
  readonly field: string;
  readonly value: number;
  /** The same figure at /metrics; null: only in InfluxDB. */
  readonly metric: PromFigure | null;
}

const counter = (name: string, help: string, value: number): PromFigure => ({
  name,
  help,
  type: 'counter',
  value,
});
const gauge = (name: string, help: string, value: number): PromFigure => ({
  name,
  help,
  type: 'gauge',
  value,
});

export function selfFigures(
  writer: MetricsWriterStats,
  spool: SpoolFigures,
  collector: CollectorFigures,
): SelfFigure[] {
  const figure = (field: string, value: number, metric: PromFigure | null = null) => ({
    field,
    value,
    metric,
  });
  const away = writer.influxAway ? 1 : 0;
  return [
    figure(
      'points_written',
      writer.written,
      counter('pantau_points_written_total', 'Points written to InfluxDB.', writer.written),
    ),
    figure(
      'points_spooled',
      writer.spooled,
      counter('pantau_points_spooled_total', 'Points put in the spool.', writer.spooled),
    ),
    figure(
      'points_replayed',
      writer.replayed,
      counter('pantau_points_replayed_total', 'Points replayed from the spool.', writer.replayed),
    ),
    figure(
      'points_dropped',
      spool.droppedLines,
      counter('pantau_points_dropped_total', 'Points the full spool dropped.', spool.droppedLines),
    ),
    figure(
      'points_dead_lettered',
      writer.deadLettered,
      counter(
        'pantau_points_dead_lettered_total',
        'Points InfluxDB rejected.',
        writer.deadLettered,
      ),
    ),
    figure('points_pending', writer.pending),
    figure(
      'write_ms_last',
      writer.lastWriteMs,
      gauge('pantau_write_seconds_last', 'Duration of the last write.', writer.lastWriteMs / 1000),
    ),
    figure('write_ms_mean', writer.meanWriteMs),
    figure('writes_failed', writer.failedWrites),
    figure(
      'influx_away',
      away,
      gauge('pantau_influx_away', '1 while InfluxDB does not answer.', away),
    ),
    figure(
      'spool_bytes',
      spool.bytes,
      gauge('pantau_spool_bytes', 'Bytes in the spool.', spool.bytes),
    ),
    figure('backfills', writer.backfills),
    figure(
      'cycle_overruns',
      collector.overruns,
      counter(
        'pantau_cycle_overruns_total',
        'Collector cycles and polls that missed their turn or failed.',
        collector.overruns,
      ),
    ),
    figure(
      'worker_restarts',
      collector.workerRestarts,
      counter(
        'pantau_worker_restarts_total',
        'Collector workers started again after dying.',
        collector.workerRestarts,
      ),
    ),
  ];
}

export function selfPoint(timeMs: number, instance: string, figures: readonly SelfFigure[]): Point {
  return {
    measurement: 'pantau',
    tags: { instance },
    fields: Object.fromEntries(figures.map((f) => [f.field, f.value])),
    timeMs,
  };
}
