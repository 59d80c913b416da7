import { describe, expect, it } from 'vitest';
import {
  type BoundInterface,
  buildGetPlan,
  type GetPlan,
  operUpOf,
  readGetReply,
  speedMbpsOf,
} from '../../../src/probe/snmp/snmp-get-plan.js';
import { IF_COLUMNS, type IfColumn, SYS_UPTIME } from '../../../src/probe/snmp/snmp-oids.js';
import { type RawVarbind, SnmpType } from '../../../src/probe/snmp/snmp-values.js';

const WAN: BoundInterface = { role: 'wan', ifIndex: 3, identity: 'ifName', expected: 'ether1' };
const LAN: BoundInterface = {
  role: 'lan',
  ifIndex: 7,
  identity: 'ifDescr',
  expected: 'bridge-lan',
};

const octets = (n: bigint): Buffer => {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
};

/** A full, well-typed reply for a plan, with `override` per column name ("wan.ifHCInOctets"). */
function reply(plan: GetPlan, override: Record<string, Partial<RawVarbind>> = {}): RawVarbind[] {
  return plan.oids.map((oid, i) => {
    const slot = plan.slots[i];
    if (!slot || slot.kind === 'uptime') {
      return { oid, type: SnmpType.TimeTicks, value: 123_456, ...override.uptime };
    }
    const bound = plan.interfaces.find((b) => b.role === slot.role) as BoundInterface;
    const values: Record<IfColumn, Omit<RawVarbind, 'oid'>> = {
      ifIndex: { type: SnmpType.Integer, value: bound.ifIndex },
      ifDescr: { type: SnmpType.OctetString, value: Buffer.from(String(bound.expected)) },
      ifName: { type: SnmpType.OctetString, value: Buffer.from(String(bound.expected)) },
      ifAlias: { type: SnmpType.OctetString, value: Buffer.from('uplink') },
      ifSpeed: { type: SnmpType.Gauge32, value: 100_000_000 },
      ifHighSpeed: { type: SnmpType.Gauge32, value: 100 },
      ifOperStatus: { type: SnmpType.Integer, value: 1 },
      ifInOctets: { type: SnmpType.Counter32, value: 1000 },
      ifOutOctets: { type: SnmpType.Counter32, value: 2000 },
      ifHCInOctets: { type: SnmpType.Counter64, value: octets(2n ** 40n + 1000n) },
      ifHCOutOctets: { type: SnmpType.Counter64, value: octets(2n ** 40n + 2000n) },
      ifInErrors: { type: SnmpType.Counter32, value: 4 },
      ifOutErrors: { type: SnmpType.Counter32, value: 5 },
      ifInDiscards: { type: SnmpType.Counter32, value: 6 },
    };
    return { oid, ...values[slot.column], ...override[`${slot.role}.${slot.column}`] };
  });
}

describe('buildGetPlan', () => {
  it('shares one OID list between sites bound alike, and keeps each site its own bindings', () => {
    const other: BoundInterface = { ...WAN, expected: 'ether1' };
    const a = buildGetPlan('2c', [WAN, LAN], new Set());
    const b = buildGetPlan('2c', [other, LAN], new Set());
    expect(b.oids).toBe(a.oids);
    expect(b.slots).toBe(a.slots);
    expect(b.interfaces[0]).toBe(other);
    // Another ifIndex, version or exclusion is another list.
    const moved = buildGetPlan('2c', [{ ...WAN, ifIndex: 4 }, LAN], new Set());
    expect(moved.oids).not.toBe(a.oids);
    expect(moved.oids).toContain(`${IF_COLUMNS.ifHCInOctets}.4`);
    expect(buildGetPlan('1', [WAN, LAN], new Set()).oids).not.toBe(a.oids);
    const without = buildGetPlan('2c', [WAN, LAN], new Set<IfColumn>(['ifAlias', 'ifInDiscards']));
    expect(without.oids).not.toContain(`${IF_COLUMNS.ifInDiscards}.3`);
    expect(a.oids).toContain(`${IF_COLUMNS.ifInDiscards}.3`);
  });

  it('asks sysUpTime.0, then each interface’s identity column first and its data columns', () => {
    const plan = buildGetPlan('2c', [WAN, LAN], new Set());
    expect(plan.oids[0]).toBe(SYS_UPTIME);
    expect(plan.oids.slice(1, 12)).toEqual([
      `${IF_COLUMNS.ifName}.3`,
      `${IF_COLUMNS.ifOperStatus}.3`,
      `${IF_COLUMNS.ifHCInOctets}.3`,
      `${IF_COLUMNS.ifHCOutOctets}.3`,
      `${IF_COLUMNS.ifInOctets}.3`,
      `${IF_COLUMNS.ifOutOctets}.3`,
      `${IF_COLUMNS.ifHighSpeed}.3`,
      `${IF_COLUMNS.ifSpeed}.3`,
      `${IF_COLUMNS.ifInErrors}.3`,
      `${IF_COLUMNS.ifOutErrors}.3`,
      `${IF_COLUMNS.ifInDiscards}.3`,
    ]);
    expect(plan.oids[12]).toBe(`${IF_COLUMNS.ifDescr}.7`);
    expect(plan.oids).toHaveLength(23);
    expect(new Set(plan.oids).size).toBe(plan.oids.length);
    expect(plan.slots[1]).toEqual({
      kind: 'column',
      role: 'wan',
      column: 'ifName',
      identity: true,
    });
  });

  it('never asks a v1 agent for Counter64 columns', () => {
    const plan = buildGetPlan('1', [WAN], new Set());
    expect(plan.oids).not.toContain(`${IF_COLUMNS.ifHCInOctets}.3`);
    expect(plan.oids).not.toContain(`${IF_COLUMNS.ifHCOutOctets}.3`);
    expect(plan.oids).toContain(`${IF_COLUMNS.ifInOctets}.3`);
    expect(plan.oids).toHaveLength(10);
  });

  it('leaves out columns the agent said it lacks, but never the identity column', () => {
    const plan = buildGetPlan(
      '1',
      [WAN],
      new Set<IfColumn>(['ifHighSpeed', 'ifName', 'ifOutErrors']),
    );
    expect(plan.oids).toContain(`${IF_COLUMNS.ifName}.3`);
    expect(plan.oids).not.toContain(`${IF_COLUMNS.ifHighSpeed}.3`);
    expect(plan.oids).not.toContain(`${IF_COLUMNS.ifOutErrors}.3`);
  });

  it('adds name columns when the interface is identified by ifAlias or ifIndex', () => {
    const byAlias = buildGetPlan(
      '2c',
      [{ role: 'wan', ifIndex: 2, identity: 'ifAlias', expected: 'uplink' }],
      new Set(),
    );
    expect(byAlias.oids.slice(1, 3)).toEqual([`${IF_COLUMNS.ifAlias}.2`, `${IF_COLUMNS.ifName}.2`]);
    const byIndex = buildGetPlan(
      '2c',
      [{ role: 'wan', ifIndex: 2, identity: 'ifIndex', expected: 2 }],
      new Set(),
    );
    expect(byIndex.oids.slice(1, 4)).toEqual([
      `${IF_COLUMNS.ifIndex}.2`,
      `${IF_COLUMNS.ifName}.2`,
      `${IF_COLUMNS.ifDescr}.2`,
    ]);
  });
});

describe('readGetReply', () => {
  const plan = buildGetPlan('2c', [WAN, LAN], new Set());

  it('reads a full reply into samples, Counter64 as bigint and Counter32 as number', () => {
    const reading = readGetReply(plan, reply(plan));
    expect(reading.ok).toBe(true);
    if (!reading.ok) return;
    expect(reading.uptimeTicks).toBe(123_456);
    expect(reading.rows.get('wan')).toEqual({
      identity: { state: 'match' },
      sample: {
        role: 'wan',
        ifIndex: 3,
        name: 'ether1',
        operUp: true,
        speedMbps: 100,
        hcInOctets: 2n ** 40n + 1000n,
        hcOutOctets: 2n ** 40n + 2000n,
        inOctets32: 1000,
        outOctets32: 2000,
        inErrors: 4,
        outErrors: 5,
        inDiscards: 6,
      },
    });
    expect(reading.rows.get('lan')?.sample.name).toBe('bridge-lan');
  });

  it('turns missing columns into nulls (a Counter32-only CPE without ifXTable)', () => {
    const missing = { type: SnmpType.NoSuchObject, value: null };
    const reading = readGetReply(
      plan,
      reply(plan, {
        'wan.ifHCInOctets': missing,
        'wan.ifHCOutOctets': missing,
        'wan.ifHighSpeed': { type: SnmpType.NoSuchInstance, value: null },
        'wan.ifOutErrors': { type: SnmpType.EndOfMibView, value: null },
      }),
    );
    expect(reading.ok && reading.rows.get('wan')?.sample).toMatchObject({
      hcInOctets: null,
      hcOutOctets: null,
      inOctets32: 1000,
      outErrors: null,
      speedMbps: 100,
    });
  });

  it('fails the poll as a bad reply when a counter comes as a string', () => {
    const reading = readGetReply(
      plan,
      reply(plan, {
        'lan.ifHCInOctets': { type: SnmpType.OctetString, value: Buffer.from('12345') },
      }),
    );
    expect(reading).toEqual({
      ok: false,
      failure: 'bad-reply',
      message: 'ifHCInOctets.7 (lan) is OctetString, expected Counter64',
    });
    const uptime = readGetReply(
      plan,
      reply(plan, { uptime: { type: SnmpType.OctetString, value: Buffer.from('1') } }),
    );
    expect(uptime).toMatchObject({
      ok: false,
      failure: 'bad-reply',
      message: 'sysUpTime.0 is OctetString, expected TimeTicks',
    });
    const index = readGetReply(
      plan,
      reply(plan, { 'wan.ifInErrors': { type: SnmpType.Gauge32, value: 1 } }),
    );
    expect(index).toMatchObject({ ok: false, failure: 'bad-reply' });
  });

  it('fails without sysUpTime, on a varbind count or OID that does not match the request', () => {
    expect(
      readGetReply(plan, reply(plan, { uptime: { type: SnmpType.NoSuchObject, value: null } })),
    ).toEqual({
      ok: false,
      failure: 'no-such-object',
      message: 'the agent has no sysUpTime.0',
    });
    expect(readGetReply(plan, reply(plan).slice(1))).toMatchObject({
      ok: false,
      failure: 'bad-reply',
      message: `the reply carries ${plan.oids.length - 1} varbinds for ${plan.oids.length} asked`,
    });
    const swapped = reply(plan);
    swapped[2] = { ...(swapped[2] as RawVarbind), oid: '1.3.6.1.2.1.2.2.1.8.4' };
    expect(readGetReply(plan, swapped)).toMatchObject({
      ok: false,
      failure: 'bad-reply',
      message: `the reply carries 1.3.6.1.2.1.2.2.1.8.4 where ifOperStatus.3 (${IF_COLUMNS.ifOperStatus}.3) was asked`,
    });
  });

  it('tells a renumbered or vanished interface from the one it was', () => {
    const renamed = readGetReply(
      plan,
      reply(plan, { 'wan.ifName': { value: Buffer.from('ether2') } }),
    );
    expect(renamed.ok && renamed.rows.get('wan')?.identity).toEqual({
      state: 'mismatch',
      found: 'ether2',
    });
    const gone = readGetReply(
      plan,
      reply(plan, { 'lan.ifDescr': { type: SnmpType.NoSuchInstance, value: null } }),
    );
    expect(gone.ok && gone.rows.get('lan')?.identity).toEqual({ state: 'absent' });
    expect(gone.ok && gone.rows.get('wan')?.identity).toEqual({ state: 'match' });
  });

  it('names an interface identified by ifIndex after its ifName, else its ifDescr', () => {
    const byIndex = buildGetPlan(
      '2c',
      [{ role: 'wan', ifIndex: 2, identity: 'ifIndex', expected: 2 }],
      new Set(),
    );
    const named = readGetReply(
      byIndex,
      reply(byIndex, { 'wan.ifName': { value: Buffer.from('ether2') } }),
    );
    expect(named.ok && named.rows.get('wan')).toMatchObject({
      identity: { state: 'match' },
      sample: { name: 'ether2' },
    });
    const noIfX = readGetReply(
      byIndex,
      reply(byIndex, {
        'wan.ifName': { type: SnmpType.NoSuchObject, value: null },
        'wan.ifDescr': { value: Buffer.from('WAN port') },
      }),
    );
    expect(noIfX.ok && noIfX.rows.get('wan')?.sample.name).toBe('WAN port');
  });
});

describe('operUpOf and speedMbpsOf', () => {
  it('reads ifOperStatus: up is true, unknown or missing is null, the rest false', () => {
    expect(operUpOf(1)).toBe(true);
    expect([2, 3, 5, 6, 7].map(operUpOf)).toEqual([false, false, false, false, false]);
    expect(operUpOf(4)).toBeNull();
    expect(operUpOf(null)).toBeNull();
  });

  it('prefers ifHighSpeed, falls back to ifSpeed for slow or ifXTable-less interfaces', () => {
    expect(speedMbpsOf(1000, 4_294_967_295)).toBe(1000);
    expect(speedMbpsOf(null, 4_000_000)).toBe(4);
    expect(speedMbpsOf(0, 512_000)).toBe(0.512);
    expect(speedMbpsOf(0, null)).toBe(0);
    expect(speedMbpsOf(null, null)).toBeNull();
  });
});
