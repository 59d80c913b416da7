// Probe settings: built-in defaults, the config's defaults over them, and each site kind's overrides on top.

import type { SiteKind } from '../inventory/index.js';
import type { ProbeConfig, ProbeSettings, ProbeSettingsOverride } from './types.js';

export const BUILT_IN_PROBE_SETTINGS: ProbeSettings = {
  icmp: {
    intervalMs: 30_000,
    count: 3,
    timeoutMs: 500,
    confirm: { attempts: 3, intervalMs: 1_000 },
    backend: 'auto',
  },
  snmp: { intervalMs: 60_000, timeoutMs: 2_000, retries: 1, concurrency: 500 },
  thresholds: { rttMs: 150, lossPct: 5, windowMs: 300_000 },
};

/** `base` with every field that `over` sets (undefined sets nothing). */
function overlay<T extends object>(base: T, over: Partial<T> | undefined): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(over ?? {})) if (value !== undefined) out[key] = value;
  return out as T;
}

/** Deep merge of an override onto complete settings. */
export function mergeProbeSettings(
  base: ProbeSettings,
  over: ProbeSettingsOverride,
): ProbeSettings {
  const { confirm, ...icmp } = over.icmp ?? {};
  return {
    icmp: { ...overlay(base.icmp, icmp), confirm: overlay(base.icmp.confirm, confirm) },
    snmp: overlay(base.snmp, over.snmp),
    thresholds: overlay(base.thresholds, over.thresholds),
  };
}

/** The settings that apply to sites of `kind`: the defaults, with the kind's overrides deep-merged in. */
export function probeSettingsFor(probe: ProbeConfig, kind: SiteKind): ProbeSettings {
  const over = probe.kinds[kind];
  return over ? mergeProbeSettings(probe.defaults, over) : probe.defaults;
}
