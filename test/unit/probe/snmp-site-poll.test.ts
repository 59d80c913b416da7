// What one poll does, against scripted agents: discovery, one GET a poll, rediscovery after
// renumbering and reboots, the ifDescr fallback, v1's noSuchName, and the failures it reports.

import { describe, expect, it } from 'vitest';
import type { InterfaceSelector } from '../../../src/inventory/index.js';
import type { SnmpVersionName } from '../../../src/probe/snmp/snmp-get-plan.js';
import {
  compareOids,
  IF_COLUMNS,
  type IfColumn,
  SYS_UPTIME,
} from '../../../src/probe/snmp/snmp-oids.js';
import {
  type ExchangeOutcome,
  newSiteMemory,
  pollSite,
  type SiteMemory,
  type SitePollResult,
  type SnmpExchange,
} from '../../../src/probe/snmp/snmp-site-poll.js';
import { type RawVarbind, SnmpType } from '../../../src/probe/snmp/snmp-values.js';
import type { SnmpSample } from '../../../src/probe/types.js';

interface Iface {
  ifIndex: number;
  name: string;
  descr?: string;
  alias?: string;
  hcIn?: bigint;
  in32?: number;
}

interface RouterShape {
  uptime: number;
  counter64: boolean;
  interfaces: Iface[];
  /** Columns this agent does not have at all. */
  lacks?: IfColumn[];
}

const octets = (n: bigint): Buffer => {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
};

function mibOf(shape: RouterShape): Map<string, RawVarbind> {
  const mib = new Map<string, RawVarbind>();
  const put = (oid: string, type: number, value: RawVarbind['value']) =>
    mib.set(oid, { oid, type, value });
  put(SYS_UPTIME, SnmpType.TimeTicks, shape.uptime);
  const lacks = new Set(shape.lacks ?? []);
  for (const i of shape.interfaces) {
    const col = (c: IfColumn, type: number, value: RawVarbind['value']) => {
      if (!lacks.has(c)) put(`${IF_COLUMNS[c]}.${i.ifIndex}`, type, value);
    };
    col('ifIndex', SnmpType.Integer, i.ifIndex);
    col('ifDescr', SnmpType.OctetString, Buffer.from(i.descr ?? i.name));
    col('ifSpeed', SnmpType.Gauge32, 100_000_000);
    col('ifOperStatus', SnmpType.Integer, 1);
    col('ifInOctets', SnmpType.Counter32, i.in32 ?? 1000 + i.ifIndex);
    col('ifInDiscards', SnmpType.Counter32, 0);
    col('ifInErrors', SnmpType.Counter32, 0);
    col('ifOutOctets', SnmpType.Counter32, 2000 + i.ifIndex);
    col('ifOutErrors', SnmpType.Counter32, 0);
    if (shape.counter64) {
      col('ifName', SnmpType.OctetString, Buffer.from(i.name));
      col('ifHCInOctets', SnmpType.Counter64, octets(i.hcIn ?? 2n ** 33n + BigInt(i.ifIndex)));
      col('ifHCOutOctets', SnmpType.Counter64, octets(2n ** 34n));
      col('ifHighSpeed', SnmpType.Gauge32, 100);
      col('ifAlias', SnmpType.OctetString, Buffer.from(i.alias ?? ''));
    }
  }
  return mib;
}

/** A scripted agent: answers from a MIB the test can change between polls; records requests. */
class ScriptedAgent implements SnmpExchange {
  readonly requests: { kind: 'get' | 'getNext' | 'getBulk'; oids: string[] }[] = [];
  private mib: Map<string, RawVarbind>;
  private sorted: string[];
  private clock = 1000;
  override:
    | ((kind: string, oids: readonly string[]) => ExchangeOutcome<readonly RawVarbind[]> | null)
    | null = null;

  constructor(
    readonly version: SnmpVersionName,
    shape: RouterShape,
  ) {
    this.mib = mibOf(shape);
    this.sorted = [...this.mib.keys()].sort(compareOids);
  }

  reshape(shape: RouterShape): void {
    this.mib = mibOf(shape);
    this.sorted = [...this.mib.keys()].sort(compareOids);
  }

  kinds(): string[] {
    return this.requests.map((r) => r.kind);
  }

  private ok(value: readonly RawVarbind[]): ExchangeOutcome<readonly RawVarbind[]> {
    const sentAt = this.clock;
    this.clock += 7;
    return {
      ok: true,
      value,
      sentAt,
      repliedAt: this.clock,
      repliedAtEpoch: 1_700_000_000_000 + this.clock,
    };
  }

  private noSuchName(oid: string): ExchangeOutcome<readonly RawVarbind[]> {
    return {
      ok: false,
      failure: 'error-status',
      message: `the agent answered noSuchName for ${oid}`,
      errorStatus: 2,
      errorOid: oid,
    };
  }

  private next(oid: string): RawVarbind | null {
    const key = this.sorted.find((k) => compareOids(k, oid) > 0);
    return key ? (this.mib.get(key) as RawVarbind) : null;
  }

  async get(oids: readonly string[]) {
    this.requests.push({ kind: 'get', oids: [...oids] });
    const overridden = this.override?.('get', oids);
    if (overridden) return overridden;
    if (this.version === '1') {
      const missing = oids.find((o) => !this.mib.has(o));
      if (missing) return this.noSuchName(missing);
      if (oids.some((o) => this.mib.get(o)?.type === SnmpType.Counter64)) {
        throw new Error('a v1 GET asked for a Counter64');
      }
    }
    return this.ok(
      oids.map((oid) => this.mib.get(oid) ?? { oid, type: SnmpType.NoSuchInstance, value: null }),
    );
  }

  async getNext(oids: readonly string[]) {
    this.requests.push({ kind: 'getNext', oids: [...oids] });
    const found = oids.map((o) => this.next(o));
    const missing = found.indexOf(null);
    if (missing >= 0) return this.noSuchName(oids[missing] as string);
    return this.ok(found as RawVarbind[]);
  }

  async getBulk(oid: string, maxRepetitions: number) {
    this.requests.push({ kind: 'getBulk', oids: [oid] });
    const overridden = this.override?.('getBulk', [oid]);
    if (overridden) return overridden;
    const out: RawVarbind[] = [];
    let cursor = oid;
    for (let i = 0; i < maxRepetitions; i++) {
      const vb = this.next(cursor);
      if (!vb) {
        out.push({ oid: cursor, type: SnmpType.EndOfMibView, value: null });
        break;
      }
      out.push(vb);
      cursor = vb.oid;
    }
    return this.ok(out);
  }
}

const OPTIONS = { maxRepetitions: 25, maxWalkPages: 50 };
const MIKROTIK: RouterShape = {
  uptime: 500_000,
  counter64: true,
  interfaces: [
    { ifIndex: 1, name: 'ether1', alias: 'ISP Telkom' },
    { ifIndex: 2, name: 'ether2' },
    { ifIndex: 7, name: 'bridge-lan' },
  ],
};
const byName = (value: string): InterfaceSelector => ({ by: 'ifName', value });

async function poll(
  agent: ScriptedAgent,
  memory: SiteMemory,
  wan: InterfaceSelector,
  lan: InterfaceSelector | null = null,
): Promise<SitePollResult> {
  return pollSite(agent, { wan, lan }, memory, OPTIONS);
}

function sample(result: SitePollResult): SnmpSample {
  if (!result.ok) throw new Error(`${result.failure}: ${result.message}`);
  return result.sample;
}

describe('pollSite', () => {
  it('finds the WAN by walking ifName once, then polls with one GET', async () => {
    const agent = new ScriptedAgent('2c', MIKROTIK);
    const memory = newSiteMemory();
    const first = sample(await poll(agent, memory, byName('ether1'), byName('bridge-lan')));
    expect(agent.kinds()).toEqual(['getBulk', 'get']);
    expect(agent.requests[0]?.oids).toEqual([IF_COLUMNS.ifName]);
    expect(first.interfaces.map((i) => [i.role, i.ifIndex, i.name])).toEqual([
      ['wan', 1, 'ether1'],
      ['lan', 7, 'bridge-lan'],
    ]);
    expect(first.interfaces[0]).toMatchObject({
      hcInOctets: 2n ** 33n + 1n,
      inOctets32: 1001,
      speedMbps: 100,
    });
    expect(first.uptimeTicks).toBe(500_000);
    // Timing comes from the GET's own exchange: sent at 1007 (after the walk), answered at 1014.
    expect(first).toMatchObject({ pollMs: 7, monotonicMs: 1014, at: 1_700_000_001_014 });
    const second = sample(await poll(agent, memory, byName('ether1'), byName('bridge-lan')));
    expect(agent.kinds()).toEqual(['getBulk', 'get', 'get']);
    expect(second.interfaces[1]?.ifIndex).toBe(7);
    expect(memory.rediscoveries).toBe(0);
  });

  it('walks a v1 agent with GETNEXT and never asks it for Counter64', async () => {
    const agent = new ScriptedAgent('1', MIKROTIK);
    const memory = newSiteMemory();
    const result = sample(await poll(agent, memory, byName('ether2')));
    expect(agent.kinds()).toEqual(['getNext', 'getNext', 'get']);
    expect(result.interfaces[0]).toMatchObject({ ifIndex: 2, hcInOctets: null, inOctets32: 1002 });
    expect(agent.requests[2]?.oids.some((o) => o.startsWith(IF_COLUMNS.ifHCInOctets))).toBe(false);
  });

  it('drops a column a v1 agent answers noSuchName for, retries once, and remembers it', async () => {
    const agent = new ScriptedAgent('1', { ...MIKROTIK, lacks: ['ifHighSpeed'] });
    const memory = newSiteMemory();
    const first = sample(await poll(agent, memory, byName('ether1')));
    expect(agent.kinds()).toEqual(['getNext', 'get', 'get']);
    expect(first.interfaces[0]?.speedMbps).toBe(100);
    expect([...memory.excluded]).toEqual(['ifHighSpeed']);
    sample(await poll(agent, memory, byName('ether1')));
    expect(agent.kinds()).toEqual(['getNext', 'get', 'get', 'get']);
  });

  it('fails a v1 poll that needs a second retry, and succeeds at the next poll', async () => {
    const agent = new ScriptedAgent('1', { ...MIKROTIK, lacks: ['ifHighSpeed', 'ifOutErrors'] });
    const memory = newSiteMemory();
    const first = await poll(agent, memory, byName('ether1'));
    expect(first).toEqual({
      ok: false,
      failure: 'no-such-object',
      message: 'noSuchName for ifOutErrors.1 after one retry; ifOutErrors is left out from now on',
    });
    const second = sample(await poll(agent, memory, byName('ether1')));
    expect(second.interfaces[0]?.outErrors).toBeNull();
    expect(agent.kinds().filter((k) => k === 'get')).toHaveLength(3);
  });

  it('matches an ifName against ifDescr on a CPE without ifXTable (Counter32 only)', async () => {
    const vsat: RouterShape = {
      uptime: 10_000,
      counter64: false,
      interfaces: [
        { ifIndex: 1, name: 'LAN port 1' },
        { ifIndex: 2, name: 'wan0' },
      ],
    };
    const agent = new ScriptedAgent('2c', vsat);
    const memory = newSiteMemory();
    const result = sample(await poll(agent, memory, byName('wan0')));
    expect(agent.requests.map((r) => `${r.kind} ${r.oids[0]}`)).toEqual([
      `getBulk ${IF_COLUMNS.ifName}`,
      `getBulk ${IF_COLUMNS.ifDescr}`,
      `get ${SYS_UPTIME}`,
    ]);
    expect(memory.noIfXTable).toBe(true);
    expect(result.interfaces[0]).toMatchObject({
      ifIndex: 2,
      name: 'wan0',
      hcInOctets: null,
      hcOutOctets: null,
      inOctets32: 1002,
      speedMbps: 100,
    });
    // The identity column in later GETs is ifDescr, which exists.
    expect(agent.requests[2]?.oids[1]).toBe(`${IF_COLUMNS.ifDescr}.2`);
    sample(await poll(agent, memory, byName('wan0')));
    expect(agent.kinds()).toEqual(['getBulk', 'getBulk', 'get', 'get']);
  });

  it('finds the WAN again when its instance is gone (renumbered)', async () => {
    const agent = new ScriptedAgent('2c', MIKROTIK);
    const memory = newSiteMemory();
    sample(await poll(agent, memory, byName('ether1')));
    agent.reshape({
      ...MIKROTIK,
      uptime: 600_000,
      interfaces: MIKROTIK.interfaces.map((i) => ({ ...i, ifIndex: i.ifIndex + 10 })),
    });
    const result = sample(await poll(agent, memory, byName('ether1')));
    expect(result.interfaces[0]).toMatchObject({
      ifIndex: 11,
      name: 'ether1',
      hcInOctets: 2n ** 33n + 11n,
    });
    expect(agent.kinds()).toEqual(['getBulk', 'get', 'get', 'getBulk', 'get']);
    expect(memory.rediscoveries).toBe(1);
  });

  it('finds the WAN again when its old ifIndex now holds another interface', async () => {
    const agent = new ScriptedAgent('2c', MIKROTIK);
    const memory = newSiteMemory();
    sample(await poll(agent, memory, byName('ether1')));
    agent.reshape({
      ...MIKROTIK,
      interfaces: [
        { ifIndex: 1, name: 'ether2' },
        { ifIndex: 2, name: 'ether1' },
      ],
    });
    const result = sample(await poll(agent, memory, byName('ether1')));
    expect(result.interfaces[0]).toMatchObject({ ifIndex: 2, name: 'ether1' });
  });

  it('walks again after a reboot, and sends no second GET when nothing moved', async () => {
    const agent = new ScriptedAgent('2c', MIKROTIK);
    const memory = newSiteMemory();
    sample(await poll(agent, memory, byName('ether1')));
    agent.reshape({ ...MIKROTIK, uptime: 300 });
    const result = sample(await poll(agent, memory, byName('ether1')));
    expect(result.uptimeTicks).toBe(300);
    expect(agent.kinds()).toEqual(['getBulk', 'get', 'get', 'getBulk']);
    expect(memory.lastUptimeTicks).toBe(300);
    // After a reboot that renumbered the interfaces while the old index still exists.
    agent.reshape({
      ...MIKROTIK,
      uptime: 100,
      interfaces: [
        { ifIndex: 1, name: 'ether1-old-alias-only', alias: '' },
        { ifIndex: 5, name: 'ether1' },
      ],
    });
    const renumbered = sample(await poll(agent, memory, byName('ether1')));
    expect(renumbered.interfaces[0]?.ifIndex).toBe(5);
  });

  it('walks at most once more after a reboot, even when the agent’s answers flap', async () => {
    const twins: RouterShape = {
      uptime: 900_000,
      counter64: true,
      interfaces: [
        { ifIndex: 1, name: 'ether1' },
        { ifIndex: 2, name: 'ether1' },
      ],
    };
    const agent = new ScriptedAgent('2c', twins);
    const memory = newSiteMemory();
    sample(await poll(agent, memory, byName('ether1')));
    agent.reshape({ ...twins, uptime: 10 });
    let flip = 0;
    agent.override = (kind) => {
      if (kind !== 'getBulk') return null;
      flip += 1;
      const oid = `${IF_COLUMNS.ifName}.${(flip % 2) + 1}`;
      return {
        ok: true,
        value: [
          { oid, type: SnmpType.OctetString, value: Buffer.from('ether1') },
          { oid: IF_COLUMNS.ifHCInOctets, type: SnmpType.EndOfMibView, value: null },
        ],
        sentAt: 0,
        repliedAt: 1,
        repliedAtEpoch: 1,
      };
    };
    const before = agent.requests.length;
    const result = sample(await poll(agent, memory, byName('ether1')));
    expect(result.uptimeTicks).toBe(10);
    expect(agent.requests.length - before).toBe(3);
  });

  it('reports wan-not-found naming what was looked for, for the WAN and the LAN', async () => {
    const agent = new ScriptedAgent('2c', MIKROTIK);
    expect(await poll(agent, newSiteMemory(), byName('sfp-sfpplus1'))).toEqual({
      ok: false,
      failure: 'wan-not-found',
      message: 'WAN interface not found: no ifName "sfp-sfpplus1" among the agent\'s 3 interfaces',
    });
    expect(
      await poll(agent, newSiteMemory(), byName('ether1'), { by: 'ifAlias', value: 'LAN kantor' }),
    ).toEqual({
      ok: false,
      failure: 'wan-not-found',
      message: 'LAN interface not found: no ifAlias "LAN kantor" among the agent\'s 3 interfaces',
    });
    const cpe = new ScriptedAgent('2c', {
      uptime: 1,
      counter64: false,
      interfaces: [{ ifIndex: 1, name: 'lan0' }],
    });
    expect(await poll(cpe, newSiteMemory(), byName('wan0'))).toMatchObject({
      failure: 'wan-not-found',
      message:
        'WAN interface not found: no ifName "wan0" among the agent\'s 1 interfaces (the agent has no ifXTable, so ifDescr was searched for the ifName)',
    });
  });

  it('finds an interface by ifAlias and names it by its ifName', async () => {
    const agent = new ScriptedAgent('2c', MIKROTIK);
    const result = sample(
      await poll(agent, newSiteMemory(), { by: 'ifAlias', value: 'ISP Telkom' }),
    );
    expect(result.interfaces[0]).toMatchObject({ ifIndex: 1, name: 'ether1' });
  });

  it('uses a configured ifIndex without walking, and says when it does not exist', async () => {
    const agent = new ScriptedAgent('2c', MIKROTIK);
    const memory = newSiteMemory();
    const result = sample(await poll(agent, memory, { by: 'ifIndex', value: 7 }));
    expect(agent.kinds()).toEqual(['get']);
    expect(result.interfaces[0]).toMatchObject({ ifIndex: 7, name: 'bridge-lan' });
    expect(await poll(agent, newSiteMemory(), { by: 'ifIndex', value: 9 })).toEqual({
      ok: false,
      failure: 'wan-not-found',
      message: 'WAN interface not found: ifIndex 9 does not exist on the agent',
    });
    const v1 = new ScriptedAgent('1', MIKROTIK);
    expect(await poll(v1, newSiteMemory(), { by: 'ifIndex', value: 9 })).toMatchObject({
      failure: 'wan-not-found',
    });
  });

  it('passes exchange failures through, saying when they happened during discovery', async () => {
    const agent = new ScriptedAgent('2c', MIKROTIK);
    agent.override = () => ({ ok: false, failure: 'timeout', message: 'no reply within 1000 ms' });
    expect(await poll(agent, newSiteMemory(), byName('ether1'))).toEqual({
      ok: false,
      failure: 'timeout',
      message: 'walking ifName: no reply within 1000 ms',
    });
    const memory = newSiteMemory();
    agent.override = null;
    sample(await poll(agent, memory, byName('ether1')));
    agent.override = () => ({ ok: false, failure: 'auth', message: 'USM: Wrong Digest' });
    expect(await poll(agent, memory, byName('ether1'))).toEqual({
      ok: false,
      failure: 'auth',
      message: 'USM: Wrong Digest',
    });
  });

  it('gives up on a walk that never leaves the column', async () => {
    const agent = new ScriptedAgent('2c', MIKROTIK);
    let n = 0;
    agent.override = (kind) => {
      if (kind !== 'getBulk') return null;
      const value = Array.from({ length: 25 }, () => ({
        oid: `${IF_COLUMNS.ifName}.${++n}`,
        type: SnmpType.OctetString,
        value: Buffer.from(`vlan${n}`),
      }));
      return { ok: true, value, sentAt: 0, repliedAt: 1, repliedAtEpoch: 1 };
    };
    expect(await poll(agent, newSiteMemory(), byName('ether1'))).toEqual({
      ok: false,
      failure: 'bad-reply',
      message: 'walking ifName did not end after 50 requests',
    });
  });

  it('fails as a bad reply when the column walked holds something other than text', async () => {
    const agent = new ScriptedAgent('2c', MIKROTIK);
    agent.override = (kind) =>
      kind === 'getBulk'
        ? {
            ok: true,
            value: [{ oid: `${IF_COLUMNS.ifName}.1`, type: SnmpType.Integer, value: 1 }],
            sentAt: 0,
            repliedAt: 1,
            repliedAtEpoch: 1,
          }
        : null;
    expect(await poll(agent, newSiteMemory(), byName('ether1'))).toEqual({
      ok: false,
      failure: 'bad-reply',
      message: 'ifName.1 is Integer, expected OctetString',
    });
  });
});
