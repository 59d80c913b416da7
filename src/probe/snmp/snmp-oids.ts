// The OIDs the poller reads (RFC 3418 system group, RFC 2863 IF-MIB) and dotted-OID arithmetic.

export const SYS_UPTIME = '1.3.6.1.2.1.1.3.0';

/** ifTable (1.3.6.1.2.1.2.2.1) and ifXTable (1.3.6.1.2.1.31.1.1.1) columns, without the instance. */
export const IF_COLUMNS = {
  ifIndex: '1.3.6.1.2.1.2.2.1.1',
  ifDescr: '1.3.6.1.2.1.2.2.1.2',
  ifSpeed: '1.3.6.1.2.1.2.2.1.5',
  ifOperStatus: '1.3.6.1.2.1.2.2.1.8',
  ifInOctets: '1.3.6.1.2.1.2.2.1.10',
  ifInDiscards: '1.3.6.1.2.1.2.2.1.13',
  ifInErrors: '1.3.6.1.2.1.2.2.1.14',
  ifOutOctets: '1.3.6.1.2.1.2.2.1.16',
  ifOutErrors: '1.3.6.1.2.1.2.2.1.20',
  ifName: '1.3.6.1.2.1.31.1.1.1.1',
  ifHCInOctets: '1.3.6.1.2.1.31.1.1.1.6',
  ifHCOutOctets: '1.3.6.1.2.1.31.1.1.1.10',
  ifHighSpeed: '1.3.6.1.2.1.31.1.1.1.15',
  ifAlias: '1.3.6.1.2.1.31.1.1.1.18',
} as const;

export type IfColumn = keyof typeof IF_COLUMNS;

/** Counter64 cannot be carried by SNMPv1 (RFC 3584 §4.2.2): never asked of a v1 agent. */
export const COUNTER64_COLUMNS: ReadonlySet<IfColumn> = new Set(['ifHCInOctets', 'ifHCOutOctets']);

/** The columns read in every poll, besides the one the interface is identified by. */
export const DATA_COLUMNS: readonly IfColumn[] = [
  'ifOperStatus',
  'ifHCInOctets',
  'ifHCOutOctets',
  'ifInOctets',
  'ifOutOctets',
  'ifHighSpeed',
  'ifSpeed',
  'ifInErrors',
  'ifOutErrors',
  'ifInDiscards',
];

/** Column name of a column OID (instance stripped by the caller), for messages. */
const COLUMN_BY_OID = new Map<string, IfColumn>(
  Object.entries(IF_COLUMNS).map(([name, oid]) => [oid, name as IfColumn]),
);

/** "ifHCInOctets.3" for 1.3.6.1.2.1.31.1.1.1.6.3; "sysUpTime.0"; the OID itself when unknown. */
export function describeOid(oid: string): string {
  if (oid === SYS_UPTIME) return 'sysUpTime.0';
  const dot = oid.lastIndexOf('.');
  const column = COLUMN_BY_OID.get(oid.slice(0, dot));
  return column ? `${column}.${oid.slice(dot + 1)}` : oid;
}

/** Numeric, arc by arc: "1.3.6.1.2.1.2.2.1.2.10" sorts after "…2.9", as agents order them. */
export function compareOids(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = Number(x[i]) - Number(y[i]);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return x.length === y.length ? 0 : x.length < y.length ? -1 : 1;
}

/** The single index arc of an OID directly under `column`, or null when it is not such an OID. */
export function instanceIndex(column: string, oid: string): number | null {
  if (!oid.startsWith(`${column}.`)) return null;
  const rest = oid.slice(column.length + 1);
  if (!/^\d{1,10}$/.test(rest)) return null;
  const index = Number(rest);
  // ifIndex is 1..2147483647 (InterfaceIndex, RFC 2863).
  return index >= 1 && index <= 2_147_483_647 ? index : null;
}
