// Who a simulated site router is: vendor identity, interfaces and traffic, derived from the inventory
// deterministically (a site looks the same in every run, so tests and demos are repeatable).

import type { Plan, Site } from '../inventory/index.js';
import { offsetMs } from '../status/index.js';
import { TEXTURE_COUNT, type TrafficCurve, type TrafficProfile, unitHash } from './traffic.js';

export type Vendor = 'mikrotik' | 'cisco' | 'huawei-ont' | 'vsat-modem';

export interface SimulatedInterface {
  readonly ifIndex: number;
  readonly ifName: string;
  readonly ifDescr: string;
  readonly ifAlias: string;
  /** What the router reports, in Mbps (may be wrong on purpose: see `speedMisreported`). */
  readonly reportedMbps: number;
}

export type UtilisationClass = 'saturated' | 'busy' | 'normal' | 'idle';

export interface RouterProfile {
  readonly siteId: string;
  readonly vendor: Vendor;
  readonly sysDescr: string;
  readonly sysObjectId: string;
  /** Cheap CPE and VSAT modems have no ifXTable counters: Counter32 only. */
  readonly counter64: boolean;
  readonly wan: SimulatedInterface;
  readonly lan: SimulatedInterface;
  /** The WAN reports a lower speed than the plan delivers (a data-quality trap for the collector). */
  readonly speedMisreported: boolean;
  readonly utilisation: UtilisationClass;
  /** Peak download as a share of the plan's speed. */
  readonly peakShare: number;
  readonly traffic: TrafficProfile;
  /** How long the router had been up when the lab started, in seconds. */
  readonly initialUptimeS: number;
}

const IDENTITY: Record<Vendor, { sysDescr: string; sysObjectId: string; counter64: boolean }> = {
  mikrotik: {
    sysDescr: 'RouterOS RB4011iGS+',
    sysObjectId: '1.3.6.1.4.1.14988.1',
    counter64: true,
  },
  cisco: {
    sysDescr:
      'Cisco IOS Software [Cupertino], ISR Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version 17.9.4a',
    sysObjectId: '1.3.6.1.4.1.9.1.2068',
    counter64: true,
  },
  'huawei-ont': {
    sysDescr: 'Huawei EchoLife HG8245H5 GPON Terminal V5R020C00S050',
    sysObjectId: '1.3.6.1.4.1.2011.6.128.1.1.2.72',
    counter64: false,
  },
  'vsat-modem': {
    sysDescr: 'iDirect X7 Satellite Router, iDX 4.1.2',
    sysObjectId: '1.3.6.1.4.1.13732.1.1',
    counter64: false,
  },
};

function vendorFor(site: Site, wanName: string): Vendor {
  if (/^wan\d*$/i.test(wanName))
    return site.isp.toLowerCase() === 'bakti' ? 'vsat-modem' : 'huawei-ont';
  if (/^(gi|gigabitethernet|te|tengig)/i.test(wanName)) return 'cisco';
  return 'mikrotik';
}

function lanFor(vendor: Vendor, wan: SimulatedInterface): SimulatedInterface {
  switch (vendor) {
    case 'mikrotik':
      return {
        ifIndex: wan.ifIndex + 6,
        ifName: 'bridge-lan',
        ifDescr: 'bridge-lan',
        ifAlias: 'LAN kantor',
        reportedMbps: 1000,
      };
    case 'cisco':
      return {
        ifIndex: wan.ifIndex + 1,
        ifName: 'Gi0/0/1',
        ifDescr: 'GigabitEthernet0/0/1',
        ifAlias: 'LAN kantor',
        reportedMbps: 1000,
      };
    default:
      return {
        ifIndex: 1,
        ifName: 'lan0',
        ifDescr: 'LAN port 1',
        ifAlias: 'LAN',
        reportedMbps: 100,
      };
  }
}

function utilisationOf(siteId: string): { utilisation: UtilisationClass; peakShare: number } {
  const pick = unitHash(siteId, 'utilisation');
  const within = unitHash(siteId, 'utilisation-within');
  if (pick < 0.1) return { utilisation: 'saturated', peakShare: 0.9 + 0.08 * within };
  if (pick < 0.3) return { utilisation: 'busy', peakShare: 0.6 + 0.25 * within };
  if (pick < 0.85) return { utilisation: 'normal', peakShare: 0.15 + 0.4 * within };
  return { utilisation: 'idle', peakShare: 0.01 + 0.03 * within };
}

function curveOf(site: Site): TrafficCurve {
  if (site.kind === 'core') return 'datacentre';
  if (/\b(RSUD|rumah sakit|puskesmas)\b/i.test(site.name)) return 'hospital';
  return 'office';
}

/** The UTC offset of an IANA zone, in minutes (Indonesia has no daylight saving time). */
export function utcOffsetMinutes(timezone: string, at = Date.UTC(2026, 0, 1)): number {
  return Math.round(offsetMs(at, timezone) / 60_000);
}

function wanName(site: Site): { name: string; index: number | null } {
  const sel = site.router.wan;
  if (sel.by === 'ifIndex') return { name: 'ether1', index: sel.value };
  return { name: sel.value, index: null };
}

/** The simulated router behind one inventory site. */
export function routerProfile(
  site: Site,
  plan: Plan,
  offsetCache = new Map<string, number>(),
): RouterProfile {
  const { name, index } = wanName(site);
  const vendor = vendorFor(site, name);
  const identity = IDENTITY[vendor];
  const planBytesPerS = (plan.mbps * 1e6) / 8;
  const speedMisreported = plan.mbps > 10 && unitHash(site.id, 'misreport') < 0.03;
  const physicalMbps = vendor === 'mikrotik' || vendor === 'cisco' ? 1000 : Math.max(plan.mbps, 10);
  const wanIfIndex =
    index ?? (vendor === 'mikrotik' ? 1 : vendor === 'cisco' ? 1 : vendor === 'huawei-ont' ? 5 : 2);
  const wan: SimulatedInterface = {
    ifIndex: wanIfIndex,
    ifName: name,
    ifDescr: vendor === 'cisco' ? `GigabitEthernet${name.replace(/^gi/i, '')}` : name,
    ifAlias: `WAN ${site.isp} ${plan.id}`,
    reportedMbps: speedMisreported ? 10 : physicalMbps,
  };
  const { utilisation, peakShare } = utilisationOf(site.id);
  let offset = offsetCache.get(site.timezone);
  if (offset === undefined) {
    offset = utcOffsetMinutes(site.timezone);
    offsetCache.set(site.timezone, offset);
  }
  const shiftMinutes = Math.round((unitHash(site.id, 'shift') - 0.5) * 40);
  return {
    siteId: site.id,
    vendor,
    sysDescr: identity.sysDescr,
    sysObjectId: identity.sysObjectId,
    counter64: identity.counter64,
    wan,
    lan: lanFor(vendor, wan),
    speedMisreported,
    utilisation,
    peakShare,
    traffic: {
      curve: curveOf(site),
      texture: Math.floor(unitHash(site.id, 'texture') * TEXTURE_COUNT),
      offsetMinutes: offset + shiftMinutes,
      peakInBytesPerS: planBytesPerS * peakShare,
      outRatio: 0.15 + 0.3 * unitHash(site.id, 'upload'),
    },
    initialUptimeS: Math.round(3600 + unitHash(site.id, 'uptime') * 60 * 86400),
  };
}
