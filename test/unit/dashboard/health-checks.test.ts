// Pantau's own health as the /health page judges it, and the /metrics text it reads.

import { describe, expect, it } from 'vitest';
import {
  type CheckStatus,
  type HealthReport,
  healthChecks,
  isolationLengthMs,
  overall,
  PROBLEM_MS,
} from '../../../dashboard/src/reports/health-checks.js';
import { figure, figureSum, parsePrometheus } from '../../../dashboard/src/reports/prometheus.js';
import { prometheusText } from '../../../src/prometheus-text.js';

const NOW = 1_796_500_000_000;

const healthy: HealthReport = {
  ok: true,
  influx: { reachable: true, url: 'http://127.0.0.1:8086' },
  spool: { bytes: 0, pendingPoints: 0 },
  workers: {
    alive: 2,
    expected: 2,
    restarts: 0,
    perWorker: [
      { worker: 0, alive: true, sites: 181 },
      { worker: 1, alive: true, sites: 162 },
    ],
  },
  lastCycleAt: NOW - 5000,
  lagMs: 800,
};

const METRICS = parsePrometheus(
  prometheusText([
    { name: 'pantau_points_written_total', help: 'written', type: 'counter', value: 5155 },
    { name: 'pantau_points_dropped_total', help: 'dropped', type: 'counter', value: 0 },
    { name: 'pantau_points_dead_lettered_total', help: 'dead', type: 'counter', value: 0 },
    { name: 'pantau_result_subscriber_failures_total', help: 'f', type: 'counter', value: 0 },
  ]),
);

function statuses(
  report: HealthReport | null,
  extra: Partial<Parameters<typeof healthChecks>[0]> = {},
) {
  return Object.fromEntries(
    healthChecks({
      report,
      liveIsolation: null,
      isolations: { isolated: null, periods: [] },
      metrics: METRICS,
      nowMs: NOW,
      ...extra,
    }).map((c) => [c.id, c.status]),
  ) as Record<string, CheckStatus>;
}

describe('health checks', () => {
  it('says OK for every item of a healthy report', () => {
    const all = statuses(healthy);
    expect(all).toEqual({
      influx: 'ok',
      workers: 'ok',
      cycle: 'ok',
      lag: 'ok',
      spool: 'ok',
      isolation: 'ok',
      points: 'ok',
      subscribers: 'ok',
    });
  });

  it('flags InfluxDB away, a worker down, and points waiting while InfluxDB is away', () => {
    const s = statuses({
      ...healthy,
      ok: false,
      influx: { ...healthy.influx, reachable: false },
      spool: { bytes: 4096, pendingPoints: 120 },
      workers: { ...healthy.workers, alive: 1 },
    });
    expect(s).toMatchObject({ influx: 'problem', workers: 'problem', spool: 'problem' });
    // Points waiting with InfluxDB there: draining, a warning only.
    expect(statuses({ ...healthy, spool: { bytes: 1, pendingPoints: 3 } }).spool).toBe('warn');
  });

  it('warns after a worker restart even when all run again', () => {
    expect(statuses({ ...healthy, workers: { ...healthy.workers, restarts: 1 } }).workers).toBe(
      'warn',
    );
  });

  it('judges the last cycle and the lag by age: late, then stalled; unknown before any', () => {
    expect(statuses({ ...healthy, lastCycleAt: NOW - 3 * 60_000 }).cycle).toBe('warn');
    expect(statuses({ ...healthy, lastCycleAt: NOW - PROBLEM_MS - 1 }).cycle).toBe('problem');
    expect(statuses({ ...healthy, lastCycleAt: null }).cycle).toBe('unknown');
    expect(statuses({ ...healthy, lagMs: 10 * 60_000 }).lag).toBe('problem');
    expect(statuses({ ...healthy, lagMs: null }).lag).toBe('unknown');
  });

  it('takes isolation from the live hub when connected, else from /api/isolations', () => {
    expect(statuses(healthy, { liveIsolation: { since: NOW - 1000 } }).isolation).toBe('problem');
    expect(
      statuses(healthy, {
        liveIsolation: undefined,
        isolations: { isolated: { since: NOW, trigger: 'share' }, periods: [] },
      }).isolation,
    ).toBe('problem');
    expect(statuses(healthy, { liveIsolation: undefined, isolations: null }).isolation).toBe(
      'unknown',
    );
  });

  it('warns of dropped points and subscriber failures from /metrics; unknown without it', () => {
    const lost = parsePrometheus('pantau_points_dead_lettered_total 2\n');
    expect(statuses(healthy, { metrics: lost }).points).toBe('warn');
    const failing = parsePrometheus('pantau_status_subscriber_failures_total 1\n');
    expect(statuses(healthy, { metrics: failing }).subscribers).toBe('warn');
    expect(statuses(healthy, { metrics: null })).toMatchObject({
      points: 'unknown',
      subscribers: 'unknown',
    });
  });

  it('reports unknown for the server’s items when /api/health did not answer', () => {
    expect(statuses(null)).toMatchObject({ influx: 'unknown', workers: 'unknown', lag: 'unknown' });
  });

  it('sums up as the worst status', () => {
    expect(overall([])).toBe('ok');
    expect(
      overall(
        healthChecks({
          report: healthy,
          liveIsolation: null,
          isolations: null,
          metrics: METRICS,
          nowMs: NOW,
        }),
      ),
    ).toBe('ok');
    expect(
      overall([
        { id: 'lag', status: 'warn' },
        { id: 'cycle', status: 'unknown' },
        { id: 'influx', status: 'ok' },
      ]),
    ).toBe('warn');
    expect(
      overall([
        { id: 'lag', status: 'warn' },
        { id: 'influx', status: 'problem' },
      ]),
    ).toBe('problem');
  });

  it('measures an isolation period up to now while it lasts', () => {
    expect(
      isolationLengthMs({ startedAt: NOW - 600_000, endedAt: null, trigger: 'share' }, NOW),
    ).toBe(600_000);
    expect(
      isolationLengthMs({ startedAt: NOW - 600_000, endedAt: NOW - 60_000, trigger: null }, NOW),
    ).toBe(540_000);
  });
});

describe('Prometheus text', () => {
  it('reads what Pantau writes, with HELP and TYPE', () => {
    expect(figure(METRICS, 'pantau_points_written_total')).toBe(5155);
    expect(figure(METRICS, 'pantau_nothing')).toBeNull();
    expect(METRICS.types.get('pantau_points_written_total')).toBe('counter');
    expect(METRICS.help.get('pantau_points_written_total')).toBe('written');
  });

  it('reads labels, special values and timestamps, sums over labels and by prefix', () => {
    const parsed = parsePrometheus(
      [
        '# a comment',
        'polls{worker="0",reason="time\\"out"} 3',
        'polls{worker="1"} 4 1700000000000',
        'gauge_nan NaN',
        'gauge_inf +Inf',
        'pantau_snmp_polls_failed_timeout_total 16',
        'pantau_snmp_polls_failed_auth_total 2',
        'not a sample line',
      ].join('\n'),
    );
    expect(parsed.samples[0]).toEqual({
      name: 'polls',
      labels: { worker: '0', reason: 'time"out' },
      value: 3,
    });
    expect(figure(parsed, 'polls')).toBe(7);
    expect(figure(parsed, 'gauge_nan')).toBeNaN();
    expect(figure(parsed, 'gauge_inf')).toBe(Number.POSITIVE_INFINITY);
    expect(figureSum(parsed, 'pantau_snmp_polls_failed_')).toBe(18);
    expect(parsed.samples).toHaveLength(6);
  });
});
