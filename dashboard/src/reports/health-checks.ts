// Pantau's own health as the /health page judges it: each item OK, a warning or a problem, from
// /api/health, the isolation periods, the live hub's isolation signal and /metrics. Pure: the page
// words and draws them.

import { figure, type PromFigures } from './prometheus.js';

import type { HealthReport } from '../../../src/api/sources.js';
import type { IsolationPeriod } from '../../../src/status/incident-types.js';

export type { HealthReport } from '../../../src/api/sources.js';
export type { IsolationPeriod } from '../../../src/status/incident-types.js';

export interface IsolationsAnswer {
  readonly isolated: { readonly since: number; readonly trigger: string } | null;
  readonly periods: readonly IsolationPeriod[];
}

export type CheckStatus = 'ok' | 'warn' | 'problem' | 'unknown';

export type CheckId =
  | 'influx'
  | 'workers'
  | 'cycle'
  | 'lag'
  | 'spool'
  | 'isolation'
  | 'points'
  | 'subscribers';

export interface Check {
  readonly id: CheckId;
  readonly status: CheckStatus;
}

/** A collector cycle or a result older than this is late; past PROBLEM_MS, monitoring has stalled. */
export const LATE_MS = 2 * 60_000;
export const PROBLEM_MS = 5 * 60_000;

function byAge(ageMs: number | null): CheckStatus {
  if (ageMs === null) return 'unknown';
  if (ageMs <= LATE_MS) return 'ok';
  return ageMs <= PROBLEM_MS ? 'warn' : 'problem';
}

export interface HealthInputs {
  readonly report: HealthReport | null;
  /** The live hub's word on isolation (undefined: not connected, so not known from there). */
  readonly liveIsolation: { readonly since: number } | null | undefined;
  readonly isolations: IsolationsAnswer | null;
  readonly metrics: PromFigures | null;
  readonly nowMs: number;
}

export function healthChecks(inputs: HealthInputs): Check[] {
  const { report, metrics, nowMs } = inputs;
  const checks: Check[] = [];
  const add = (id: CheckId, status: CheckStatus) => checks.push({ id, status });
  if (report === null) {
    for (const id of ['influx', 'workers', 'cycle', 'lag', 'spool'] as const) add(id, 'unknown');
  } else {
    add('influx', report.influx.reachable ? 'ok' : 'problem');
    const { alive, expected, restarts } = report.workers;
    // A restart means a worker crashed at some point: it runs again, but someone should look.
    add('workers', alive < expected ? 'problem' : restarts > 0 ? 'warn' : 'ok');
    add('cycle', byAge(report.lastCycleAt === null ? null : nowMs - report.lastCycleAt));
    add('lag', byAge(report.lagMs));
    // Points wait in the spool while InfluxDB is away or slow: none are lost, but charts lag.
    add(
      'spool',
      report.spool.pendingPoints === 0 ? 'ok' : report.influx.reachable ? 'warn' : 'problem',
    );
  }
  const isolatedNow =
    inputs.liveIsolation !== undefined
      ? inputs.liveIsolation !== null
      : inputs.isolations === null
        ? null
        : inputs.isolations.isolated !== null;
  add('isolation', isolatedNow === null ? 'unknown' : isolatedNow ? 'problem' : 'ok');
  if (metrics === null) {
    add('points', 'unknown');
    add('subscribers', 'unknown');
  } else {
    const lost =
      (figure(metrics, 'pantau_points_dropped_total') ?? 0) +
      (figure(metrics, 'pantau_points_dead_lettered_total') ?? 0);
    add('points', lost > 0 ? 'warn' : 'ok');
    const failures =
      (figure(metrics, 'pantau_result_subscriber_failures_total') ?? 0) +
      (figure(metrics, 'pantau_status_subscriber_failures_total') ?? 0);
    add('subscribers', failures > 0 ? 'warn' : 'ok');
  }
  return checks;
}

const SEVERITY: Record<CheckStatus, number> = { ok: 0, unknown: 1, warn: 2, problem: 3 };

/** The worst status among the checks (OK when there are none). */
export function overall(checks: readonly Check[]): CheckStatus {
  return checks.reduce<CheckStatus>(
    (worst, c) => (SEVERITY[c.status] > SEVERITY[worst] ? c.status : worst),
    'ok',
  );
}

/** The length of an isolation period, up to now for one not over. */
export function isolationLengthMs(period: IsolationPeriod, nowMs: number): number {
  return (period.endedAt ?? nowMs) - period.startedAt;
}
