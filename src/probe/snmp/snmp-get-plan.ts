// The one GET a poll sends, and what its reply says: which OIDs to ask for (by version and by what
// the agent is known to lack), and the reply read into samples, or the reason it cannot be. Pure.

import {
  COUNTER64_COLUMNS,
  DATA_COLUMNS,
  describeOid,
  IF_COLUMNS,
  type IfColumn,
  SYS_UPTIME,
} from './snmp-oids.js';
import { type RawVarbind, type Read, readCounter64, readNumber, readText } from './snmp-values.js';
import type { InterfaceRole, InterfaceSample } from './types.js';

export type SnmpVersionName = '1' | '2c' | '3';

/** The column an interface is recognised by; its value is re-read in every poll to notice renumbering. */
export type IdentityColumn = 'ifName' | 'ifDescr' | 'ifAlias' | 'ifIndex';

/** An interface as located on one agent. */
export interface BoundInterface {
  readonly role: InterfaceRole;
  readonly ifIndex: number;
  readonly identity: IdentityColumn;
  /** What the identity column must read: the configured name, or the ifIndex itself. */
  readonly expected: string | number;
}

export type GetSlot =
  | { readonly kind: 'uptime' }
  | {
      readonly kind: 'column';
      readonly role: InterfaceRole;
      readonly column: IfColumn;
      readonly identity: boolean;
    };

export interface GetPlan {
  readonly oids: readonly string[];
  readonly slots: readonly GetSlot[];
  readonly interfaces: readonly BoundInterface[];
}

/** Columns that give the interface a readable name when it is identified by something else. */
function nameColumns(identity: IdentityColumn): readonly IfColumn[] {
  if (identity === 'ifAlias') return ['ifName'];
  if (identity === 'ifIndex') return ['ifName', 'ifDescr'];
  return [];
}

/**
 * sysUpTime.0, then per interface its identity column, name columns and the data columns; minus
 * Counter64 for v1 and minus what the agent answered noSuchName for (`excluded`, never the identity).
 */
export function buildGetPlan(
  version: SnmpVersionName,
  interfaces: readonly BoundInterface[],
  excluded: ReadonlySet<IfColumn>,
): GetPlan {
  // Most agents share their interfaces' numbering, so most sites share one OID list: kept once,
  // it saves about 1 KB a site (60 MB a worker at 100,000 sites).
  const key = `${version}|${[...excluded].sort().join(',')}|${interfaces
    .map((b) => `${b.role}:${b.ifIndex}:${b.identity}`)
    .join('|')}`;
  let shared = sharedRequests.get(key);
  if (shared === undefined) {
    shared = requestFor(version, interfaces, excluded);
    if (sharedRequests.size >= SHARED_REQUESTS_MAX) sharedRequests.clear();
    sharedRequests.set(key, shared);
  }
  return { ...shared, interfaces };
}

type GetRequest = Pick<GetPlan, 'oids' | 'slots'>;
const sharedRequests = new Map<string, GetRequest>();
/** A bound on the cache: agents numbered every which way start it again rather than grow it. */
const SHARED_REQUESTS_MAX = 4096;

function requestFor(
  version: SnmpVersionName,
  interfaces: readonly BoundInterface[],
  excluded: ReadonlySet<IfColumn>,
): GetRequest {
  const oids: string[] = [SYS_UPTIME];
  const slots: GetSlot[] = [{ kind: 'uptime' }];
  for (const bound of interfaces) {
    const columns = new Set<IfColumn>([
      bound.identity,
      ...nameColumns(bound.identity),
      ...DATA_COLUMNS,
    ]);
    for (const column of columns) {
      const identity = column === bound.identity;
      if (!identity && excluded.has(column)) continue;
      if (!identity && version === '1' && COUNTER64_COLUMNS.has(column)) continue;
      oids.push(`${IF_COLUMNS[column]}.${bound.ifIndex}`);
      slots.push({ kind: 'column', role: bound.role, column, identity });
    }
  }
  return { oids, slots };
}

export type IdentityCheck =
  | { readonly state: 'match' }
  | { readonly state: 'absent' }
  | { readonly state: 'mismatch'; readonly found: string | number };

export interface RowReading {
  readonly identity: IdentityCheck;
  readonly sample: InterfaceSample;
}

export type GetReading =
  | {
      readonly ok: true;
      readonly uptimeTicks: number;
      readonly rows: ReadonlyMap<InterfaceRole, RowReading>;
    }
  | {
      readonly ok: false;
      readonly failure: 'bad-reply' | 'no-such-object';
      readonly message: string;
    };

type ColumnValue = number | bigint | string | null;

function readColumn(column: IfColumn, vb: RawVarbind): Read<ColumnValue> {
  switch (column) {
    case 'ifDescr':
    case 'ifName':
    case 'ifAlias':
      return readText(vb);
    case 'ifHCInOctets':
    case 'ifHCOutOctets':
      return readCounter64(vb);
    case 'ifIndex':
    case 'ifOperStatus':
      return readNumber(vb, 'Integer');
    case 'ifSpeed':
    case 'ifHighSpeed':
      return readNumber(vb, 'Gauge32');
    default:
      return readNumber(vb, 'Counter32');
  }
}

/** Reads a GET reply against the plan it answers. Wrong types fail the poll; absent objects are null. */
export function readGetReply(plan: GetPlan, varbinds: readonly RawVarbind[]): GetReading {
  if (varbinds.length !== plan.oids.length) {
    return {
      ok: false,
      failure: 'bad-reply',
      message: `the reply carries ${varbinds.length} varbinds for ${plan.oids.length} asked`,
    };
  }
  let uptimeTicks: number | null = null;
  const values = new Map<InterfaceRole, Map<IfColumn, ColumnValue>>();
  for (let i = 0; i < varbinds.length; i++) {
    const vb = varbinds[i] as RawVarbind;
    const asked = plan.oids[i] as string;
    const slot = plan.slots[i] as GetSlot;
    if (vb.oid !== asked) {
      return {
        ok: false,
        failure: 'bad-reply',
        message: `the reply carries ${vb.oid} where ${describeOid(asked)} (${asked}) was asked`,
      };
    }
    if (slot.kind === 'uptime') {
      const read = readNumber(vb, 'TimeTicks');
      if (!read.ok)
        return { ok: false, failure: 'bad-reply', message: `sysUpTime.0 ${read.error}` };
      if (read.value === null) {
        return { ok: false, failure: 'no-such-object', message: 'the agent has no sysUpTime.0' };
      }
      uptimeTicks = read.value;
      continue;
    }
    const read = readColumn(slot.column, vb);
    if (!read.ok) {
      return {
        ok: false,
        failure: 'bad-reply',
        message: `${describeOid(asked)} (${slot.role}) ${read.error}`,
      };
    }
    let row = values.get(slot.role);
    if (!row) {
      row = new Map();
      values.set(slot.role, row);
    }
    row.set(slot.column, read.value);
  }
  const rows = new Map<InterfaceRole, RowReading>();
  for (const bound of plan.interfaces) {
    const row = values.get(bound.role) ?? new Map<IfColumn, ColumnValue>();
    rows.set(bound.role, { identity: checkIdentity(bound, row), sample: sampleOf(bound, row) });
  }
  return { ok: true, uptimeTicks: uptimeTicks ?? 0, rows };
}

function checkIdentity(
  bound: BoundInterface,
  row: ReadonlyMap<IfColumn, ColumnValue>,
): IdentityCheck {
  const found = row.get(bound.identity) ?? null;
  if (found === null) return { state: 'absent' };
  if (found === bound.expected) return { state: 'match' };
  return { state: 'mismatch', found: typeof found === 'bigint' ? Number(found) : found };
}

const num = (v: ColumnValue | undefined): number | null => (typeof v === 'number' ? v : null);
const big = (v: ColumnValue | undefined): bigint | null => (typeof v === 'bigint' ? v : null);
const text = (v: ColumnValue | undefined): string | null => (typeof v === 'string' ? v : null);

/** ifOperStatus: up(1) → true; unknown(4) or absent → null; down, testing, dormant… → false. */
export function operUpOf(status: number | null): boolean | null {
  if (status === null || status === 4) return null;
  return status === 1;
}

/** ifHighSpeed when positive (it is 0 below 0.5 Mbps), else ifSpeed in Mbps, else whatever is there. */
export function speedMbpsOf(highSpeed: number | null, speed: number | null): number | null {
  if (highSpeed !== null && highSpeed > 0) return highSpeed;
  if (speed !== null) return speed / 1e6;
  return highSpeed;
}

function nameOf(bound: BoundInterface, row: ReadonlyMap<IfColumn, ColumnValue>): string {
  switch (bound.identity) {
    case 'ifName':
    case 'ifDescr':
      return String(bound.expected);
    case 'ifAlias':
      return text(row.get('ifName')) ?? String(bound.expected);
    case 'ifIndex':
      return text(row.get('ifName')) ?? text(row.get('ifDescr')) ?? `ifIndex ${bound.ifIndex}`;
  }
}

function sampleOf(bound: BoundInterface, row: ReadonlyMap<IfColumn, ColumnValue>): InterfaceSample {
  return {
    role: bound.role,
    ifIndex: bound.ifIndex,
    name: nameOf(bound, row),
    operUp: operUpOf(num(row.get('ifOperStatus'))),
    speedMbps: speedMbpsOf(num(row.get('ifHighSpeed')), num(row.get('ifSpeed'))),
    hcInOctets: big(row.get('ifHCInOctets')),
    hcOutOctets: big(row.get('ifHCOutOctets')),
    inOctets32: num(row.get('ifInOctets')),
    outOctets32: num(row.get('ifOutOctets')),
    inErrors: num(row.get('ifInErrors')),
    outErrors: num(row.get('ifOutErrors')),
    inDiscards: num(row.get('ifInDiscards')),
  };
}
