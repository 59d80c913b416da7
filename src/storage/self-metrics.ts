// Pantau's own figures as a point in the `pantau` measurement: how the pipeline and the collectors
// are doing, written beside the data they describe. Pure.

import type { MetricsWriterStats } from './metrics-writer.js';
import type { Point } from './points.js';

export interface SpoolFigures {
  readonly bytes: number;
  /** Points the spool dropped (oldest segments, past its bound) since start. */
  readonly droppedLines: number;
}

export interface CollectorFigures {
  /** ICMP cycles and SNMP polls that were still running at their next turn, since start. */
  readonly overruns: number;
  readonly workerRestarts: number;
}

export function selfPoint(
  timeMs: number,
  instance: string,
  writer: MetricsWriterStats,
  spool: SpoolFigures,
  collector: CollectorFigures,
): Point {
  return {
    measurement: 'pantau',
    tags: { instance },
    fields: {
      points_written: writer.written,
      points_spooled: writer.spooled,
      points_replayed: writer.replayed,
      points_dropped: spool.droppedLines,
      points_dead_lettered: writer.deadLettered,
      points_pending: writer.pending,
      write_ms_last: writer.lastWriteMs,
      write_ms_mean: writer.meanWriteMs,
      writes_failed: writer.failedWrites,
      influx_away: writer.influxAway ? 1 : 0,
      spool_bytes: spool.bytes,
      backfills: writer.backfills,
      cycle_overruns: collector.overruns,
      worker_restarts: collector.workerRestarts,
    },
    timeMs,
  };
}
