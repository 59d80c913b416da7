// The metrics pipeline's own figures (writes, spool, dead letters, results of unknown sites), and
// the `pantau` point that carries every part's figures into InfluxDB. Pure.

import { counter, fieldOnly, gauge, type SelfFigure } from '../self-figures.js';

export type { SelfFigure };
import type { MetricsWriterStats } from './metrics-writer.js';
import type { Point } from './points.js';

export interface SpoolFigures {
  readonly bytes: number;
  /** Points the spool dropped (oldest segments, past its bound) since start. */
  readonly droppedLines: number;
}

export function selfFigures(
  writer: MetricsWriterStats,
  spool: SpoolFigures,
  unknownSiteResults: number,
): SelfFigure[] {
  const away = writer.influxAway ? 1 : 0;
  return [
    counter(
      'points_written',
      'pantau_points_written_total',
      'Points written to InfluxDB.',
      writer.written,
    ),
    counter(
      'points_spooled',
      'pantau_points_spooled_total',
      'Points put in the spool.',
      writer.spooled,
    ),
    counter(
      'points_replayed',
      'pantau_points_replayed_total',
      'Points replayed from the spool.',
      writer.replayed,
    ),
    counter(
      'points_dropped',
      'pantau_points_dropped_total',
      'Points the full spool dropped.',
      spool.droppedLines,
    ),
    counter(
      'points_dead_lettered',
      'pantau_points_dead_lettered_total',
      'Points InfluxDB rejected.',
      writer.deadLettered,
    ),
    counter(
      'results_unknown_site',
      'pantau_results_unknown_site_total',
      'Results of sites not in the inventory, not written.',
      unknownSiteResults,
    ),
    fieldOnly('points_pending', writer.pending),
    {
      ...fieldOnly('write_ms_last', writer.lastWriteMs),
      metric: {
        name: 'pantau_write_seconds_last',
        help: 'Duration of the last write.',
        type: 'gauge',
        value: writer.lastWriteMs / 1000,
      },
    },
    fieldOnly('write_ms_mean', writer.meanWriteMs),
    fieldOnly('writes_failed', writer.failedWrites),
    gauge('influx_away', 'pantau_influx_away', '1 while InfluxDB does not answer.', away),
    gauge('spool_bytes', 'pantau_spool_bytes', 'Bytes in the spool.', spool.bytes),
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
