// Pantau's own figures come from one table: the `pantau` point and /metrics say the same numbers.

import { describe, expect, it } from 'vitest';
import { prometheusText } from '../../../src/prometheus-text.js';
import { selfFigures, selfPoint } from '../../../src/metrics/self-metrics.js';

const writer = {
  written: 1200,
  spooled: 300,
  replayed: 250,
  deadLettered: 2,
  writes: 14,
  failedWrites: 3,
  lastWriteMs: 1500,
  meanWriteMs: 40,
  pending: 7,
  influxAway: true,
  backfills: 1,
};
const figures = selfFigures(
  writer,
  { bytes: 4096, droppedLines: 5 },
  { overruns: 4, workerRestarts: 1 },
);

describe('self metrics', () => {
  it('writes every figure as a field of the pantau point', () => {
    expect(selfPoint(1000, 'pantau-1', figures)).toEqual({
      measurement: 'pantau',
      tags: { instance: 'pantau-1' },
      timeMs: 1000,
      fields: {
        points_written: 1200,
        points_spooled: 300,
        points_replayed: 250,
        points_dropped: 5,
        points_dead_lettered: 2,
        points_pending: 7,
        write_ms_last: 1500,
        write_ms_mean: 40,
        writes_failed: 3,
        influx_away: 1,
        spool_bytes: 4096,
        backfills: 1,
        cycle_overruns: 4,
        worker_restarts: 1,
      },
    });
  });

  it('serves the same numbers at /metrics, durations in seconds', () => {
    const text = prometheusText(figures.flatMap((f) => f.metric ?? []));
    expect(text).toContain('pantau_points_written_total 1200\n');
    expect(text).toContain('pantau_points_dropped_total 5\n');
    expect(text).toContain('pantau_write_seconds_last 1.5\n');
    expect(text).toContain('pantau_influx_away 1\n');
    expect(text).toContain('pantau_cycle_overruns_total 4\n');
    const names = figures.flatMap((f) => (f.metric ? [f.metric.name] : []));
    expect(new Set(names).size).toBe(names.length);
    expect(names).toHaveLength(10);
  });
});
