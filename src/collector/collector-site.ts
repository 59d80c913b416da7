// What a collector needs to know of a site, as plain data that can be handed to a worker thread.

import { type ProbeConfig, probeSettingsFor, type ReferenceTarget } from '../config/index.js';
import type { Inventory, SiteKind } from '../inventory/index.js';
import type { IcmpSettings, SnmpSettings, SnmpTarget } from '../probe/index.js';

export interface SnmpSchedule {
  readonly target: SnmpTarget;
  readonly intervalMs: number;
  readonly settings: SnmpSettings;
}

export interface CollectorSite {
  readonly siteId: string;
  readonly kind: SiteKind;
  readonly icmp: {
    readonly host: string;
    readonly intervalMs: number;
    readonly settings: IcmpSettings;
  };
  /** null: pinged only (a reference target of the status engine, not a router of ours). */
  readonly snmp: SnmpSchedule | null;
}

/** A site with a router to poll: every inventory site. */
export interface RouterSite extends CollectorSite {
  readonly snmp: SnmpSchedule;
}

/** Every site of the inventory with the probe settings of its kind. */
export function collectorSites(inventory: Inventory, probe: ProbeConfig): RouterSite[] {
  const byKind = new Map<SiteKind, ReturnType<typeof probeSettingsFor>>();
  return inventory.sites.map((site) => {
    let settings = byKind.get(site.kind);
    if (!settings) {
      settings = probeSettingsFor(probe, site.kind);
      byKind.set(site.kind, settings);
    }
    return {
      siteId: site.id,
      kind: site.kind,
      icmp: icmpPlan(site.router.host, settings.icmp),
      snmp: {
        target: {
          siteId: site.id,
          host: site.router.host,
          port: site.router.snmpPort,
          credentials: site.router.snmp,
          wan: site.router.wan,
          lan: site.router.lan,
        },
        intervalMs: settings.snmp.intervalMs,
        settings: { timeoutMs: settings.snmp.timeoutMs, retries: settings.snmp.retries },
      },
    };
  });
}

/**
 * The status engine's reference targets (the data centre's gateway, upstream hops) as ping-only
 * collector sites, on the core sites' ICMP schedule so they are heard in the same cycles.
 */
export function referenceSites(
  targets: readonly ReferenceTarget[],
  probe: ProbeConfig,
): CollectorSite[] {
  const { icmp } = probeSettingsFor(probe, 'core');
  return targets.map((target) => ({
    siteId: target.id,
    kind: 'core',
    icmp: icmpPlan(target.host, icmp),
    snmp: null,
  }));
}

/** What a worker needs to ping `host` with a kind's ICMP settings. */
function icmpPlan(
  host: string,
  icmp: ReturnType<typeof probeSettingsFor>['icmp'],
): CollectorSite['icmp'] {
  return {
    host,
    intervalMs: icmp.intervalMs,
    settings: { count: icmp.count, timeoutMs: icmp.timeoutMs, confirm: icmp.confirm },
  };
}
