// What a simulated router serves over SNMP: the system group, ifNumber, and ifTable/ifXTable rows
// for its WAN and LAN interfaces, computed from the router's state at request time.

import type { InterfaceRole, SimulatedRouter } from './simulated-router.js';
import { createMibView, type MibView, type SnmpValue, SortedMibLayout } from './snmp/index.js';

const SYSTEM = '1.3.6.1.2.1.1';
const IF_NUMBER = '1.3.6.1.2.1.2.1.0';
const IF_ENTRY = '1.3.6.1.2.1.2.2.1';
const IFX_ENTRY = '1.3.6.1.2.1.31.1.1.1';

/** Scalars: key = the system group's arc (1 sysDescr … 6 sysLocation), or 100 for ifNumber. */
const SCALARS: readonly [string, number][] = [
  [`${SYSTEM}.1.0`, 1],
  [`${SYSTEM}.2.0`, 2],
  [`${SYSTEM}.3.0`, 3],
  [`${SYSTEM}.4.0`, 4],
  [`${SYSTEM}.5.0`, 5],
  [`${SYSTEM}.6.0`, 6],
  [IF_NUMBER, 100],
];

/** ifTable columns served (RFC 2863): ifIndex, ifDescr, ifType, ifSpeed, ifAdminStatus, ifOperStatus, octets, errors. */
const IF_COLUMNS = [1, 2, 3, 5, 7, 8, 10, 13, 14, 16] as const;
/** ifXTable columns served: ifName, ifHCInOctets, ifHCOutOctets, ifHighSpeed, ifAlias. */
const IFX_COLUMNS = [1, 6, 10, 15, 18] as const;

// Interface keys: 1000 × (1 for ifTable, 2 for ifXTable) + 100 × (0 WAN, 1 LAN) + column.
const ifKey = (table: 1 | 2, role: InterfaceRole, column: number): number =>
  table * 1000 + (role === 'wan' ? 0 : 100) + column;

const layouts = new Map<string, SortedMibLayout<number>>();

/** The layout for one pair of ifIndexes; shared by every router with the same numbering. */
function layoutFor(wanIndex: number, lanIndex: number): SortedMibLayout<number> {
  const id = `${wanIndex}/${lanIndex}`;
  let layout = layouts.get(id);
  if (!layout) {
    const entries: [string, number][] = [...SCALARS];
    for (const [role, index] of [
      ['wan', wanIndex],
      ['lan', lanIndex],
    ] as const) {
      for (const c of IF_COLUMNS) entries.push([`${IF_ENTRY}.${c}.${index}`, ifKey(1, role, c)]);
      for (const c of IFX_COLUMNS) entries.push([`${IFX_ENTRY}.${c}.${index}`, ifKey(2, role, c)]);
    }
    layout = new SortedMibLayout(entries);
    layouts.set(id, layout);
  }
  return layout;
}

const TWO_32_MINUS_1 = 4294967295;

function resolver(router: SimulatedRouter, sysName: string, sysLocation: string) {
  const p = router.profile;
  return (key: number, nowMs: number): SnmpValue | undefined => {
    if (key < 1000) {
      switch (key) {
        case 1:
          return { type: 'OctetString', value: p.sysDescr };
        case 2:
          return { type: 'ObjectIdentifier', value: p.sysObjectId };
        case 3:
          return { type: 'TimeTicks', value: router.uptimeTicks(nowMs) };
        case 4:
          return { type: 'OctetString', value: 'Diskominfo NOC <noc@diskominfo.example>' };
        case 5:
          return { type: 'OctetString', value: sysName };
        case 6:
          return { type: 'OctetString', value: sysLocation };
        case 100:
          return { type: 'Integer', value: 2 };
        default:
          return undefined;
      }
    }
    const table = Math.floor(key / 1000);
    const role: InterfaceRole = Math.floor((key % 1000) / 100) === 0 ? 'wan' : 'lan';
    const column = key % 100;
    const iface = role === 'wan' ? p.wan : p.lan;
    // Cheap CPE have no ifXTable at all.
    if (table === 2 && !p.counter64) return undefined;
    const counters = (): ReturnType<SimulatedRouter['counters']> => router.counters(role, nowMs);
    if (table === 1) {
      switch (column) {
        case 1:
          return { type: 'Integer', value: router.ifIndex(role) };
        case 2:
          return { type: 'OctetString', value: iface.ifDescr };
        case 3:
          return { type: 'Integer', value: 6 }; // ethernetCsmacd
        case 5:
          return { type: 'Gauge32', value: Math.min(TWO_32_MINUS_1, iface.reportedMbps * 1e6) };
        case 7:
          return { type: 'Integer', value: 1 };
        case 8:
          return { type: 'Integer', value: router.isOperUp(role) ? 1 : 2 };
        case 10:
          return { type: 'Counter32', value: counters().in32 };
        case 13:
          return { type: 'Counter32', value: counters().inDiscards };
        case 14:
          return { type: 'Counter32', value: counters().inErrors };
        case 16:
          return { type: 'Counter32', value: counters().out32 };
        default:
          return undefined;
      }
    }
    switch (column) {
      case 1:
        return { type: 'OctetString', value: iface.ifName };
      case 6:
        return { type: 'Counter64', value: counters().hcIn };
      case 10:
        return { type: 'Counter64', value: counters().hcOut };
      case 15:
        return { type: 'Gauge32', value: iface.reportedMbps };
      case 18:
        return { type: 'OctetString', value: iface.ifAlias };
      default:
        return undefined;
    }
  };
}

/** A router's MIB; follows the router's interface numbering when a reboot changes it. */
export function routerMib(router: SimulatedRouter, sysName: string, sysLocation: string): MibView {
  const resolve = resolver(router, sysName, sysLocation);
  let current = { wan: -1, lan: -1, view: null as MibView | null };
  const view = (): MibView => {
    const wan = router.ifIndex('wan');
    const lan = router.ifIndex('lan');
    if (current.view === null || current.wan !== wan || current.lan !== lan) {
      current = { wan, lan, view: createMibView(layoutFor(wan, lan), resolve) };
    }
    return current.view as MibView;
  };
  return {
    get: (oid, nowMs) => view().get(oid, nowMs),
    next: (oid, nowMs) => view().next(oid, nowMs),
    absence: (oid) => view().absence?.(oid) ?? 'NoSuchObject',
  };
}
