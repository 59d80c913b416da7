// What a collector needs to know of a site, as plain data that can be handed to a worker thread:
// its checks, one a probe kind that applies to it, each planned by its kind (src/probe/registry.ts).

import { type ProbeConfig, probeSettingsFor, type ReferenceTarget } from '../config/index.js';
import type { Inventory, SiteKind } from '../inventory/index.js';
import {
  PROBE_KIND_NAMES,
  type PlannedCheck,
  type ProbeKindName,
  type ProbeKindSettings,
  probeKind,
} from '../probe/index.js';

/** An inventory site, or a reference target of the status engine (pinged, not one of ours). */
export type TargetRole = 'site' | 'reference';

export interface CollectorTarget {
  readonly siteId: string;
  readonly role: TargetRole;
  /** At most one check a kind. */
  readonly checks: readonly PlannedCheck[];
}

/** Every site of the inventory with the checks its kind's probe settings plan for it. */
export function collectorSites(inventory: Inventory, probe: ProbeConfig): CollectorTarget[] {
  const byKind = new Map<SiteKind, ProbeKindSettings>();
  return inventory.sites.map((site) => {
    let settings = byKind.get(site.kind);
    if (!settings) {
      settings = probeSettingsFor(probe, site.kind);
      byKind.set(site.kind, settings);
    }
    const checks: PlannedCheck[] = [];
    for (const name of PROBE_KIND_NAMES) {
      const check = kindOf(name).plan(site, settings[name]);
      if (check !== null) checks.push(check as PlannedCheck);
    }
    return { siteId: site.id, role: 'site', checks };
  });
}

/**
 * The status engine's reference targets (the data centre's gateway, upstream hops) with the checks
 * of the kinds that probe such targets (ICMP), on the core sites' schedule so they are heard in
 * the same cycles.
 */
export function referenceTargets(
  targets: readonly ReferenceTarget[],
  probe: ProbeConfig,
): CollectorTarget[] {
  const settings = probeSettingsFor(probe, 'core');
  return targets.map((target) => ({
    siteId: target.id,
    role: 'reference',
    checks: PROBE_KIND_NAMES.flatMap((name) => {
      const kind = kindOf(name);
      return kind.planReference ? [kind.planReference(target, settings[name]) as PlannedCheck] : [];
    }),
  }));
}

/** The check of `kind` a target has, if any. */
export function checkOf<K extends ProbeKindName>(
  target: CollectorTarget,
  kind: K,
): Extract<PlannedCheck, { kind: K }> | undefined {
  return target.checks.find((c): c is Extract<PlannedCheck, { kind: K }> => c.kind === kind);
}

function kindOf(name: ProbeKindName) {
  const kind = probeKind(name);
  if (!kind) throw new Error(`no probe kind ${name}`);
  return kind;
}
