// Small inventories, results and a step runner for the status engine's tests.

import type { ThresholdSettings } from '../../../src/config/index.js';
import { SITE_KINDS, type SiteKind } from '../../../src/inventory/index.js';
import type { IcmpProbeResult, SnmpFailure, SnmpProbeResult } from '../../../src/probe/index.js';
import {
  type SiteStatus,
  StatusEngine,
  type StatusEngineOptions,
  type StatusEvent,
  type StatusSite,
} from '../../../src/status/index.js';
import { testSite } from '../../helpers/inventory-fixtures.js';

export const T0 = Date.UTC(2026, 10, 25, 3, 0);
export const S = 1000;
export const MIN = 60 * S;

export const THRESHOLDS: ThresholdSettings = { rttMs: 150, lossPct: 5, windowMs: 5 * MIN };

export function thresholds(
  over: Partial<Record<SiteKind, Partial<ThresholdSettings>>> = {},
): Record<SiteKind, ThresholdSettings> {
  const out = {} as Record<SiteKind, ThresholdSettings>;
  for (const kind of SITE_KINDS) out[kind] = { ...THRESHOLDS, ...over[kind] };
  return out;
}

/** A site from the shared fixture, reduced to what the engine takes. */
export function site(
  id: string,
  parentId: string | null = null,
  kind: SiteKind = 'desa',
): StatusSite {
  const { kind: k, parentId: p } = testSite({ id, parentId, kind });
  return { id, parentId: p, kind: k };
}

/** A kecamatan office with two desa behind it, and a desa with its own link. */
export const KECAMATAN_SITES: readonly StatusSite[] = [
  site('kec-a', null, 'kecamatan'),
  site('desa-1', 'kec-a'),
  site('desa-2', 'kec-a'),
  site('desa-own', null),
];
/** Every one of KECAMATAN_SITES answers. */
export const ALL_UP = { 'kec-a': 'up', 'desa-1': 'up', 'desa-2': 'up', 'desa-own': 'up' } as const;
/** The kecamatan office and those behind it fail; the desa with its own link answers. */
export const KECAMATAN_OUTAGE = {
  'kec-a': 'down',
  'desa-1': 'down',
  'desa-2': 'down',
  'desa-own': 'up',
} as const;

/** An engine without isolation detection (so without the hold) unless the options say otherwise. */
export function engine(
  sites: readonly StatusSite[],
  options: Partial<StatusEngineOptions> = {},
): StatusEngine {
  return new StatusEngine({ sites, thresholds: thresholds(), isolation: null, ...options });
}

export type Quality = { loss: number; rtt: number | null };

export function icmp(
  siteId: string,
  at: number,
  outcome: 'up' | 'down' | Quality,
): IcmpProbeResult {
  const up = outcome !== 'down';
  const q: Quality =
    outcome === 'up'
      ? { loss: 0, rtt: 20 }
      : outcome === 'down'
        ? { loss: 100, rtt: null }
        : outcome;
  return {
    kind: 'icmp',
    siteId,
    at,
    sent: 3,
    received: up ? 3 : 0,
    lossPct: q.loss,
    rttMinMs: q.rtt,
    rttAvgMs: q.rtt,
    rttMaxMs: q.rtt,
    jitterMs: null,
    up,
    confirmation: up ? null : { attempts: 3, received: 0 },
  };
}

export function snmp(siteId: string, at: number, outcome: 'ok' | SnmpFailure): SnmpProbeResult {
  if (outcome === 'ok')
    return { kind: 'snmp', siteId, at, ok: true, pollMs: 40, uptimeS: 86_400, interfaces: [] };
  return { kind: 'snmp', siteId, at, ok: false, pollMs: 2000, failure: outcome, message: outcome };
}

/** One batch: results at `t` seconds after T0, arriving then. */
export interface Step {
  readonly t: number;
  readonly icmp?: Readonly<Record<string, 'up' | 'down' | Quality>>;
  readonly snmp?: Readonly<Record<string, 'ok' | SnmpFailure>>;
  /** Arrival, in seconds after T0, when later than `t`. */
  readonly arrive?: number;
}

export function batch(step: Step) {
  const at = T0 + step.t * S;
  return [
    ...Object.entries(step.icmp ?? {}).map(([id, o]) => icmp(id, at, o)),
    ...Object.entries(step.snmp ?? {}).map(([id, o]) => snmp(id, at, o)),
  ];
}

/** Feeds the steps in order; returns every event. */
export function run(target: StatusEngine, steps: readonly Step[]): StatusEvent[] {
  return steps.flatMap((step) => target.apply(batch(step), T0 + (step.arrive ?? step.t) * S));
}

/** The same result for every cycle of `every` seconds from `from` to `to` (inclusive). */
export function cycles(from: number, to: number, every: number, results: Step['icmp']): Step[] {
  const out: Step[] = [];
  for (let t = from; t <= to; t += every) out.push({ t, icmp: results ?? {} });
  return out;
}

/** A status in one short word, for tables: `unreachable:kec-a`, `maintenance`, `snmp-failed:auth`. */
export function word(status: SiteStatus): string {
  if (status.state === 'unreachable') return `unreachable:${status.causeId}`;
  if (status.state === 'snmp-failed') return `snmp-failed:${status.failure}`;
  return status.state;
}

/** State changes as `site from→to (reason)`, the way the tables write them. */
export function changes(events: readonly StatusEvent[]): string[] {
  return events.flatMap((e) =>
    e.type === 'state-changed' ? [`${e.siteId} ${word(e.from)}→${word(e.to)} (${e.reason})`] : [],
  );
}

/** Every event in one short line each. */
export function lines(events: readonly StatusEvent[]): string[] {
  return events.map((e) => {
    switch (e.type) {
      case 'state-changed':
        return `${e.siteId} ${word(e.from)}→${word(e.to)} (${e.reason})`;
      case 'flapping-started':
      case 'flapping-stopped':
        return `${e.siteId} ${e.type}`;
      case 'monitor-isolated':
        return `monitor-isolated (${e.trigger})`;
      default:
        return e.type;
    }
  });
}

export function shown(target: StatusEngine, siteId: string): string {
  const state = target.stateOf(siteId);
  if (state === undefined) throw new Error(`no site ${siteId}`);
  return word(state.status);
}
