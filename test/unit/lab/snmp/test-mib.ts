// A small router MIB for the SNMP agent's tests: the rows are data, so tests compare what comes
// back over the wire with what was put in.

import { createMibView, SortedMibLayout } from '../../../../src/lab/snmp/mib.js';
import type { AgentSite, UsmUser } from '../../../../src/lab/snmp/responder.js';
import type { MibView, SnmpValue } from '../../../../src/lab/snmp/types.js';

export interface TestRow {
  readonly oid: string;
  readonly value: SnmpValue;
}

export interface TestRouter {
  readonly name: string;
  /** Added to the 64-bit octet counters, to put them past 2^32. */
  readonly hcBase: bigint;
  readonly wanMbps: number;
}

/** The system group, ifNumber, a 2-row ifTable and ifXTable, in no particular order. */
export function testRows(r: TestRouter, uptimeTicks = 123_456): TestRow[] {
  const rows: TestRow[] = [
    {
      oid: '1.3.6.1.2.1.1.1.0',
      value: { type: 'OctetString', value: `RouterOS RB4011iGS+ ${r.name}` },
    },
    { oid: '1.3.6.1.2.1.1.2.0', value: { type: 'ObjectIdentifier', value: '1.3.6.1.4.1.14988.1' } },
    { oid: '1.3.6.1.2.1.1.3.0', value: { type: 'TimeTicks', value: uptimeTicks } },
    { oid: '1.3.6.1.2.1.1.5.0', value: { type: 'OctetString', value: r.name } },
    { oid: '1.3.6.1.2.1.2.1.0', value: { type: 'Integer', value: 2 } },
  ];
  const ifaces = [
    {
      index: 1,
      descr: 'ether1-wan',
      name: 'ether1',
      alias: 'Telkom Astinet',
      mbps: r.wanMbps,
      up: 1,
    },
    { index: 2, descr: 'bridge-lan', name: 'bridge', alias: 'LAN kantor', mbps: 1000, up: 2 },
  ];
  for (const i of ifaces) {
    const hc = r.hcBase + BigInt(i.index) * 1_000_003n;
    rows.push(
      { oid: `1.3.6.1.2.1.2.2.1.1.${i.index}`, value: { type: 'Integer', value: i.index } },
      { oid: `1.3.6.1.2.1.2.2.1.2.${i.index}`, value: { type: 'OctetString', value: i.descr } },
      {
        oid: `1.3.6.1.2.1.2.2.1.5.${i.index}`,
        value: { type: 'Gauge32', value: i.mbps * 1_000_000 },
      },
      { oid: `1.3.6.1.2.1.2.2.1.8.${i.index}`, value: { type: 'Integer', value: i.up } },
      {
        oid: `1.3.6.1.2.1.2.2.1.10.${i.index}`,
        value: { type: 'Counter32', value: Number(hc % 2n ** 32n) },
      },
      {
        oid: `1.3.6.1.2.1.2.2.1.16.${i.index}`,
        value: { type: 'Counter32', value: Number((hc / 9n) % 2n ** 32n) },
      },
      { oid: `1.3.6.1.2.1.31.1.1.1.1.${i.index}`, value: { type: 'OctetString', value: i.name } },
      { oid: `1.3.6.1.2.1.31.1.1.1.6.${i.index}`, value: { type: 'Counter64', value: hc } },
      { oid: `1.3.6.1.2.1.31.1.1.1.15.${i.index}`, value: { type: 'Gauge32', value: i.mbps } },
      { oid: `1.3.6.1.2.1.31.1.1.1.18.${i.index}`, value: { type: 'OctetString', value: i.alias } },
    );
  }
  return rows;
}

/** A view over fixed rows; `omit` leaves some out for this site (holes). */
export function rowsView(rows: readonly TestRow[], omit: ReadonlySet<string> = new Set()): MibView {
  const layout = new SortedMibLayout(rows.map((row, i) => [row.oid, i] as const));
  return createMibView(layout, (i) => {
    const row = rows[i];
    return row === undefined || omit.has(row.oid) ? undefined : row.value;
  });
}

export const V3_USERS: readonly UsmUser[] = [
  {
    name: 'pantau',
    level: 'authPriv',
    authProtocol: 'sha',
    authKey: 'pantau-auth-2024',
    privProtocol: 'aes',
    privKey: 'pantau-priv-2024',
  },
  {
    name: 'pantau-des',
    level: 'authPriv',
    authProtocol: 'md5',
    authKey: 'pantau-auth-des',
    privProtocol: 'des',
    privKey: 'pantau-priv-des',
  },
  {
    name: 'pantau-sha256',
    level: 'authNoPriv',
    authProtocol: 'sha256',
    authKey: 'pantau-sha256-key',
  },
  {
    name: 'pantau-sha512',
    level: 'authPriv',
    authProtocol: 'sha512',
    authKey: 'pantau-sha512-key',
    privProtocol: 'aes',
    privKey: 'pantau-sha512-priv',
  },
  {
    name: 'pantau-sha224',
    level: 'authNoPriv',
    authProtocol: 'sha224',
    authKey: 'pantau-sha224-key',
  },
  {
    name: 'pantau-sha384',
    level: 'authNoPriv',
    authProtocol: 'sha384',
    authKey: 'pantau-sha384-key',
  },
  { name: 'guest', level: 'noAuthNoPriv' },
];

export interface TestSiteOptions {
  readonly id: string;
  readonly mib: MibView;
  readonly community?: string;
  readonly engineId?: Buffer;
  readonly bootTimeMs?: number;
  readonly boots?: () => number;
  readonly users?: readonly UsmUser[];
}

export function testSite(o: TestSiteOptions): AgentSite {
  const bootTimeMs = o.bootTimeMs ?? 1_700_000_000_000;
  return {
    id: o.id,
    community: o.community ?? 'public',
    users: o.users ?? V3_USERS,
    engineId:
      o.engineId ??
      Buffer.from(
        `80001f8804${Buffer.from(o.id).toString('hex').padEnd(16, '0').slice(0, 16)}`,
        'hex',
      ),
    engineBoots: o.boots ?? (() => 3),
    bootTimeMs: () => bootTimeMs,
    mib: o.mib,
  };
}
