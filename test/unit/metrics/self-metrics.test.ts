// Pantau's own figures come from one table per part: the `pantau` point and /metrics say the same
// numbers.

import { describe, expect, it } from 'vitest';
import { liveFigures } from '../../../src/live/index.js';
import { selfFigures, selfPoint } from '../../../src/metrics/self-metrics.js';
import { pipelineFigures } from '../../../src/pipeline/index.js';
import { prometheusText } from '../../../src/prometheus-text.js';
import { statusFigures } from '../../../src/status/index.js';

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
};
const figures = [
  ...selfFigures(writer, { bytes: 4096, droppedLines: 5 }, 6),
  ...pipelineFigures(
    {
      results: 900,
      referenceResults: 30,
      overruns: 4,
      lagMs: 1200,
      lastCycleAt: 0,
      subscribers: [
        { name: 'metrics', batches: 10, failures: 2 },
        { name: 'status', batches: 10, failures: 1 },
      ],
    },
    1,
  ),
  ...statusFigures({
    version: 77,
    ignoredResults: 3,
    subscribers: [{ name: 'live hub', failures: 2 }],
  }),
  ...liveFigures({
    clients: 20,
    messagesSent: 500,
    batches: 40,
    snapshots: 21,
    resumes: 1,
    measurements: 8,
    refused: 2,
    version: 77,
  }),
];

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
        results_unknown_site: 6,
        results: 900,
        reference_results: 30,
        cycle_overruns: 4,
        result_lag_ms: 1200,
        result_subscriber_failures: 3,
        worker_restarts: 1,
        status_version: 77,
        status_ignored_results: 3,
        status_subscriber_failures: 2,
        live_clients: 20,
        live_messages: 500,
        live_batches: 40,
        live_snapshots: 21,
        live_resumes: 1,
        live_measurements: 8,
        live_refused: 2,
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
    expect(text).toContain('pantau_results_unknown_site_total 6\n');
    expect(text).toContain('pantau_live_clients 20\n');
    expect(text).toContain('pantau_status_subscriber_failures_total 2\n');
    const names = figures.flatMap((f) => (f.metric ? [f.metric.name] : []));
    expect(new Set(names).size).toBe(names.length);
    const fields = figures.map((f) => f.field);
    expect(new Set(fields).size).toBe(fields.length);
    // Every figure but the write-path details (pending, mean, failed writes) at /metrics.
    expect(names).toHaveLength(figures.length - 3);
  });
});
