// Probe settings: built-in defaults (each probe kind's own, from src/probe/registry.ts), the
// config's defaults over them, and each site kind's overrides on top.

import type { SiteKind } from '../inventory/index.js';
import { PROBE_KIND_NAMES, PROBE_KINDS, type ProbeKindSettings } from '../probe/index.js';
import type { ProbeConfig, ProbeSettings, ProbeSettingsOverride } from './types.js';

export const BUILT_IN_PROBE_SETTINGS: ProbeSettings = {
  ...(Object.fromEntries(
    PROBE_KIND_NAMES.map((name) => [name, PROBE_KINDS[name].settings.builtIn]),
  ) as unknown as ProbeKindSettings),
  thresholds: { rttMs: 150, lossPct: 5, windowMs: 300_000 },
};

const isMapping = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** `base` with every field that `over` sets (undefined sets nothing), nested mappings merged too. */
function overlay<T>(base: T, over: unknown): T {
  if (!isMapping(base) || !isMapping(over)) return base;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    out[key] = isMapping(out[key]) && isMapping(value) ? overlay(out[key], value) : value;
  }
  return out as T;
}

/** Deep merge of an override onto complete settings. */
export function mergeProbeSettings(
  base: ProbeSettings,
  over: ProbeSettingsOverride,
): ProbeSettings {
  return overlay(base, over);
}

/** The settings that apply to sites of `kind`: the defaults, with the kind's overrides deep-merged in. */
export function probeSettingsFor(probe: ProbeConfig, kind: SiteKind): ProbeSettings {
  const over = probe.kinds[kind];
  return over ? mergeProbeSettings(probe.defaults, over) : probe.defaults;
}
