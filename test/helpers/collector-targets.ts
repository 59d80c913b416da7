// Collector targets as tests want them: a planned target with its checks' intervals and settings changed.

import type { CollectorTarget } from '../../src/collector/index.js';
import { BUILT_IN_PROBE_SETTINGS, type ProbeSettings } from '../../src/config/index.js';
import type { IcmpCheck, PlannedCheck, SnmpCheck, TcpCheck } from '../../src/probe/index.js';

export interface CheckChanges {
  readonly icmp?: Partial<Omit<IcmpCheck, 'kind' | 'siteId'>>;
  readonly snmp?: Partial<Omit<SnmpCheck, 'kind' | 'siteId'>>;
  readonly tcp?: Partial<Omit<TcpCheck, 'kind' | 'siteId'>>;
}

/** `target` with each of its checks merged with the changes given for its kind. */
export function withChecks(target: CollectorTarget, changes: CheckChanges): CollectorTarget {
  return {
    ...target,
    checks: target.checks.map((c) => ({ ...c, ...(changes[c.kind] ?? {}) }) as PlannedCheck),
  };
}

/** Worker-wide probe settings with this SNMP concurrency (requests in flight per worker). */
export function workerSettings(snmpConcurrency: number): ProbeSettings {
  return {
    ...BUILT_IN_PROBE_SETTINGS,
    snmp: { ...BUILT_IN_PROBE_SETTINGS.snmp, concurrency: snmpConcurrency },
  };
}
