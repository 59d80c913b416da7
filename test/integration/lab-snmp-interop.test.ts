// The lab's SNMP agent against Debian's net-snmp tools: what snmpget/snmpwalk print must be exactly
// what the MIB serves. Traffic stays on 127.18.0.0/16 (loopback).

import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnmpAgentHost } from '../../src/lab/snmp/agent-host.js';
import { createMibView, SortedMibLayout } from '../../src/lab/snmp/mib.js';
import { compareOids, parseOid } from '../../src/lab/snmp/oid.js';
import type { AgentSite } from '../../src/lab/snmp/responder.js';
import type { MibView, SnmpValue } from '../../src/lab/snmp/types.js';
import { silentLogger } from '../../src/logger.js';
import { type TestRouter, testRows, testSite, V3_USERS } from '../unit/lab/snmp/test-mib.js';

const ADDRESS_A = '127.18.0.1';
const ADDRESS_B = '127.18.0.2';
const BOOT_MS = Date.UTC(2025, 0, 6, 0, 0, 0);
/** 1 Mbit/s of download on each interface, so 64-bit counters move by 125,000 octets a second. */
const OCTETS_PER_S = 125_000n;

/** The lab's clock: frozen while a tool runs, so what it printed can be compared exactly. */
let clock = BOOT_MS + 86_400_000;

function rowsAt(router: TestRouter, nowMs: number) {
  const elapsedS = Math.floor((nowMs - BOOT_MS) / 1000);
  return testRows(
    { ...router, hcBase: router.hcBase + BigInt(elapsedS) * OCTETS_PER_S },
    Math.floor((nowMs - BOOT_MS) / 10),
  );
}

/** A MIB whose counters and uptime move with the clock, over a layout built once. */
function movingMib(router: TestRouter): MibView {
  const layout = new SortedMibLayout(
    rowsAt(router, BOOT_MS).map((row, i) => [row.oid, i] as const),
  );
  return createMibView(layout, (i, nowMs) => rowsAt(router, nowMs)[i]?.value);
}

const ROUTER_A: TestRouter = {
  name: 'kantor-dinas-kominfo',
  hcBase: 9_000_000_000_000n,
  wanMbps: 100,
};
const ROUTER_B: TestRouter = { name: 'kantor-desa-sukamaju', hcBase: 12_345_678_901n, wanMbps: 20 };

interface Printed {
  readonly oid: string;
  readonly type: string;
  readonly value: string;
}

/** What net-snmp prints for a value, as (type, value) in this codebase's terms. */
function expectedOf(oid: string, value: SnmpValue): Printed {
  switch (value.type) {
    case 'OctetString':
      return { oid, type: 'OctetString', value: value.value.toString() };
    case 'Null':
      return { oid, type: 'Null', value: '' };
    default:
      return { oid, type: value.type, value: String(value.value) };
  }
}

function expectedRows(
  router: TestRouter,
  nowMs: number,
  keep: (p: Printed) => boolean = () => true,
): Printed[] {
  return rowsAt(router, nowMs)
    .sort((a, b) => compareOids(parseOid(a.oid), parseOid(b.oid)))
    .map((row) => expectedOf(row.oid, row.value))
    .filter(keep);
}

const LINE = /^\.?([\d.]+) = (.*)$/;

/** net-snmp's rendering of each type → this codebase's type name (undefined: taken from the match). */
const RENDERINGS: readonly [RegExp, string | undefined][] = [
  [/^STRING: "(.*)"$/, 'OctetString'],
  [/^OID: \.([\d.]+)$/, 'ObjectIdentifier'],
  [/^Timeticks: \((\d+)\)/, 'TimeTicks'],
  [/^INTEGER: (-?\d+)$/, 'Integer'],
  [/^(Gauge32|Counter32|Counter64): (\d+)$/, undefined],
  [/^No Such Object available/, 'NoSuchObject'],
  [/^No Such Instance currently exists/, 'NoSuchInstance'],
  [/^No more variables left in this MIB View/, 'EndOfMibView'],
];

/** Parses `-On` output lines: `.1.3.6.1.2.1.1.5.0 = STRING: "x"`. */
function parsePrinted(stdout: string): Printed[] {
  const out: Printed[] = [];
  for (const line of stdout.split('\n')) {
    if (line.trim() === '' || line === 'End of MIB') continue;
    const m = LINE.exec(line);
    if (!m) throw new Error(`unexpected line from net-snmp: ${line}`);
    const oid = m[1] as string;
    const rest = m[2] as string;
    const rendering = RENDERINGS.map(([re, type]) => [re.exec(rest), type] as const).find(
      ([match]) => match,
    );
    if (!rendering) throw new Error(`unexpected value from net-snmp: ${line}`);
    const [match, type] = rendering;
    if (!match) continue;
    if (type === undefined) out.push({ oid, type: match[1] as string, value: match[2] as string });
    else out.push({ oid, type, value: match[1] ?? '' });
  }
  return out;
}

let persistentDir = '';

interface ToolResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a net-snmp tool without blocking the event loop (the agent answers from this process). */
function tool(command: string, args: readonly string[]): Promise<ToolResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      // A private persistent dir: net-snmp writes engine boots and caches there.
      { env: { ...process.env, SNMP_PERSISTENT_DIR: persistentDir, MIBS: '' }, timeout: 20_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const host = new SnmpAgentHost({ logger: silentLogger, now: () => clock });
let port = 0;
let siteA: AgentSite;
let siteB: AgentSite;
let target = '';
let targetB = '';

/** A free UDP port on the lab address (the agent's sites share it, one address each). */
async function freePort(address: string): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, address, () => resolve()));
  const p = s.address().port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return p;
}

beforeAll(async () => {
  persistentDir = await mkdtemp(join(tmpdir(), 'pantau-snmp-'));
  port = await freePort(ADDRESS_A);
  siteA = testSite({ id: 'site-a', mib: movingMib(ROUTER_A), bootTimeMs: BOOT_MS, boots: () => 4 });
  siteB = testSite({
    id: 'site-b',
    mib: movingMib(ROUTER_B),
    bootTimeMs: BOOT_MS,
    community: 'desa',
  });
  await host.add(siteA, ADDRESS_A, port);
  await host.add(siteB, ADDRESS_B, port);
  target = `${ADDRESS_A}:${port}`;
  targetB = `${ADDRESS_B}:${port}`;
});

afterAll(async () => {
  await host.close();
  await rm(persistentDir, { recursive: true, force: true });
});

const V2C = ['-v2c', '-c', 'public', '-On', '-Oe', '-t', '1', '-r', '1'];
const SYS_NAME = '1.3.6.1.2.1.1.5.0';
const SYS_UPTIME = '1.3.6.1.2.1.1.3.0';
const IF_IN_1 = '1.3.6.1.2.1.2.2.1.10.1';
const IF_HC_IN_1 = '1.3.6.1.2.1.31.1.1.1.6.1';
const IF_SPEED_1 = '1.3.6.1.2.1.2.2.1.5.1';

function pick(router: TestRouter, oids: readonly string[]): Printed[] {
  const all = expectedRows(router, clock);
  return oids.map((oid) => all.find((p) => p.oid === oid) as Printed);
}

function v3Args(userName: string, timeoutS = '1', retries = '1'): string[] {
  const user = V3_USERS.find((u) => u.name === userName);
  if (!user) throw new Error(`no user ${userName}`);
  const auth: Record<string, string> = {
    md5: 'MD5',
    sha: 'SHA',
    sha224: 'SHA-224',
    sha256: 'SHA-256',
    sha384: 'SHA-384',
    sha512: 'SHA-512',
  };
  const args = ['-v3', '-l', user.level, '-u', user.name, '-On', '-t', timeoutS, '-r', retries];
  if (user.authProtocol && user.authKey)
    args.push('-a', auth[user.authProtocol] as string, '-A', user.authKey);
  if (user.privProtocol && user.privKey)
    args.push('-x', user.privProtocol.toUpperCase(), '-X', user.privKey);
  return args;
}

describe('v1 and v2c against net-snmp', () => {
  it('snmpwalk -v2c prints every served row, in order, and ends at endOfMibView', async () => {
    const r = await tool('snmpwalk', [...V2C, target, '.1']);
    expect(r.code).toBe(0);
    const rows = expectedRows(ROUTER_A, clock);
    const last = rows.at(-1) as Printed;
    expect(parsePrinted(r.stdout)).toEqual([
      ...rows,
      { oid: last.oid, type: 'EndOfMibView', value: '' },
    ]);
    // Counter64 values past 2^32 and the types came through as served.
    expect(BigInt(rows.find((p) => p.oid === IF_HC_IN_1)?.value ?? 0)).toBeGreaterThan(2n ** 32n);
  });

  it('snmpwalk of a subtree stops where the subtree ends', async () => {
    const r = await tool('snmpwalk', [...V2C, target, '1.3.6.1.2.1.2.2']);
    expect(r.code).toBe(0);
    expect(parsePrinted(r.stdout)).toEqual(
      expectedRows(ROUTER_A, clock, (p) => p.oid.startsWith('1.3.6.1.2.1.2.2.')),
    );
  });

  it('snmpbulkwalk -v2c prints the same rows with a handful of GETBULKs', async () => {
    const before = host.siteStats('site-a')?.requests ?? 0;
    const r = await tool('snmpbulkwalk', [...V2C, '-Cr10', target, '1.3.6.1.2.1']);
    expect(r.code).toBe(0);
    const rows = expectedRows(ROUTER_A, clock);
    expect(parsePrinted(r.stdout)).toEqual([
      ...rows,
      { oid: (rows.at(-1) as Printed).oid, type: 'EndOfMibView', value: '' },
    ]);
    const requests = (host.siteStats('site-a')?.requests ?? 0) - before;
    expect(requests).toBeLessThanOrEqual(Math.ceil(rows.length / 10) + 1);
  });

  it('snmpget -v1 answers Counter32 and refuses Counter64 with noSuchName', async () => {
    const oids = [SYS_NAME, SYS_UPTIME, IF_SPEED_1, IF_IN_1];
    const ok = await tool('snmpget', ['-v1', '-c', 'public', '-On', target, ...oids]);
    expect(ok.code).toBe(0);
    expect(parsePrinted(ok.stdout)).toEqual(pick(ROUTER_A, oids));
    const hc = await tool('snmpget', ['-v1', '-c', 'public', '-On', target, SYS_NAME, IF_HC_IN_1]);
    expect(hc.code).not.toBe(0);
    expect(hc.stdout + hc.stderr).toContain(
      '(noSuchName) There is no such variable name in this MIB.',
    );
    expect(hc.stdout + hc.stderr).toContain(`Failed object: .${IF_HC_IN_1}`);
  });

  it('snmpwalk -v1 walks past the Counter64 column', async () => {
    const r = await tool('snmpwalk', ['-v1', '-c', 'public', '-On', target, '.1']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().endsWith('End of MIB')).toBe(true);
    expect(parsePrinted(r.stdout)).toEqual(
      expectedRows(ROUTER_A, clock, (p) => p.type !== 'Counter64'),
    );
  });

  it('snmpget -v2c shows noSuchInstance and noSuchObject as net-snmp names them', async () => {
    const r = await tool('snmpget', [
      ...V2C,
      target,
      '1.3.6.1.2.1.1.5.1',
      '1.3.6.1.2.1.1.7.0',
      SYS_NAME,
    ]);
    expect(r.code).toBe(0);
    expect(parsePrinted(r.stdout)).toEqual([
      { oid: '1.3.6.1.2.1.1.5.1', type: 'NoSuchInstance', value: '' },
      { oid: '1.3.6.1.2.1.1.7.0', type: 'NoSuchObject', value: '' },
      ...pick(ROUTER_A, [SYS_NAME]),
    ]);
  });

  it('counters and uptime move with the clock', async () => {
    const first = parsePrinted(
      (await tool('snmpget', [...V2C, target, IF_HC_IN_1, SYS_UPTIME])).stdout,
    );
    clock += 10_000;
    const second = parsePrinted(
      (await tool('snmpget', [...V2C, target, IF_HC_IN_1, SYS_UPTIME])).stdout,
    );
    expect(BigInt(second[0]?.value ?? 0) - BigInt(first[0]?.value ?? 0)).toBe(10n * OCTETS_PER_S);
    expect(Number(second[1]?.value) - Number(first[1]?.value)).toBe(1000);
  });

  it('a wrong community gets no reply: snmpget times out, and the site counts it', async () => {
    const before = host.siteStats('site-a')?.badCommunity ?? 0;
    const r = await tool('snmpget', [
      '-v2c',
      '-c',
      'private',
      '-t',
      '0.5',
      '-r',
      '0',
      target,
      SYS_NAME,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Timeout: No Response from ${target}`);
    expect(host.siteStats('site-a')?.badCommunity).toBe(before + 1);
  });

  it('two sites on two addresses answer each with its own values', async () => {
    const a = await tool('snmpget', [...V2C, target, SYS_NAME, IF_HC_IN_1]);
    const b = await tool('snmpget', ['-v2c', '-c', 'desa', '-On', targetB, SYS_NAME, IF_HC_IN_1]);
    expect(parsePrinted(a.stdout)).toEqual(pick(ROUTER_A, [SYS_NAME, IF_HC_IN_1]));
    expect(parsePrinted(b.stdout)).toEqual(pick(ROUTER_B, [SYS_NAME, IF_HC_IN_1]));
    expect(a.stdout).not.toEqual(b.stdout);
    // Each site has its own community: site B does not answer site A's.
    const cross = await tool('snmpget', [
      '-v2c',
      '-c',
      'public',
      '-t',
      '0.5',
      '-r',
      '0',
      targetB,
      SYS_NAME,
    ]);
    expect(cross.stderr).toContain('Timeout');
  });
});

describe('v3 against net-snmp', () => {
  const OIDS = [SYS_NAME, SYS_UPTIME, IF_IN_1, IF_HC_IN_1];

  it('snmpget -h lists the protocols this net-snmp supports', async () => {
    const r = await tool('snmpget', ['-h']);
    const help = r.stdout + r.stderr;
    expect(help).toMatch(/-a PROTOCOL.*\(MD5\|SHA\|SHA-224\|SHA-256\|SHA-384\|SHA-512\)/);
    expect(help).toMatch(/-x PROTOCOL.*\(DES\|AES/);
  });

  it.each(V3_USERS.map((u) => [u.name, u.level, u.authProtocol ?? '-', u.privProtocol ?? '-']))(
    'snmpget -u %s -l %s -a %s -x %s prints the served values',
    async (name) => {
      const r = await tool('snmpget', [...v3Args(name), target, ...OIDS]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(parsePrinted(r.stdout)).toEqual(pick(ROUTER_A, OIDS));
    },
  );

  it('snmpbulkwalk -v3 authPriv walks the whole MIB', async () => {
    const r = await tool('snmpbulkwalk', [...v3Args('pantau'), target, '1.3.6.1.2.1.2.2']);
    expect(r.code).toBe(0);
    expect(parsePrinted(r.stdout)).toEqual(
      expectedRows(ROUTER_A, clock, (p) => p.oid.startsWith('1.3.6.1.2.1.2.2.')),
    );
  });

  it('site B has its own engine: the same user answers there with B values', async () => {
    const r = await tool('snmpget', [...v3Args('pantau-des'), targetB, SYS_NAME]);
    expect(parsePrinted(r.stdout)).toEqual(pick(ROUTER_B, [SYS_NAME]));
    expect(siteA.engineId.equals(siteB.engineId)).toBe(false);
  });

  it('a wrong auth password is an authentication failure', async () => {
    const before = host.siteStats('site-a')?.usm.usmStatsWrongDigests ?? 0;
    const args = v3Args('pantau');
    args[args.indexOf('-A') + 1] = 'salah-password';
    const r = await tool('snmpget', [...args, target, SYS_NAME]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('Authentication failure (incorrect password, community or key)');
    expect(host.siteStats('site-a')?.usm.usmStatsWrongDigests).toBeGreaterThan(before);
  });

  it('a wrong privacy password is a decryption error; an unknown user is named so', async () => {
    const args = v3Args('pantau');
    args[args.indexOf('-X') + 1] = 'salah-privasi';
    const wrongPriv = await tool('snmpget', [...args, target, SYS_NAME]);
    expect(wrongPriv.stderr).toContain('Decryption error');
    const unknown = await tool('snmpget', [
      ...v3Args('guest').map((a) => (a === 'guest' ? 'siapa' : a)),
      target,
      SYS_NAME,
    ]);
    expect(unknown.stderr).toContain('Unknown user name');
  });

  it('authNoPriv for an authPriv user is refused by access control', async () => {
    const r = await tool('snmpget', [
      ...['-v3', '-l', 'authNoPriv', '-u', 'pantau', '-a', 'SHA', '-A', 'pantau-auth-2024', '-On'],
      target,
      SYS_NAME,
    ]);
    expect(r.stdout + r.stderr).toContain('authorizationError (access denied to that object)');
  });
});

describe('misbehaviours as net-snmp sees them', () => {
  const v2get = (timeoutS: string, t = target) =>
    tool('snmpget', [
      '-v2c',
      '-c',
      'public',
      '-On',
      '-t',
      timeoutS,
      '-r',
      '0',
      t,
      SYS_NAME,
      IF_IN_1,
      IF_HC_IN_1,
    ]);
  const v3get = (timeoutS: string) =>
    tool('snmpget', [...v3Args('pantau', timeoutS, '0'), target, SYS_NAME, IF_IN_1, IF_HC_IN_1]);

  afterAll(() => host.setBehaviour('site-a', { kind: 'normal' }));

  it('silent: snmpget times out, v2c and v3, while site B still answers', async () => {
    host.setBehaviour('site-a', { kind: 'silent' });
    expect((await v2get('0.5')).stderr).toContain(`Timeout: No Response from ${target}`);
    expect((await v3get('0.5')).stderr).toContain('Timeout');
    const b = await tool('snmpget', ['-v2c', '-c', 'desa', '-On', targetB, SYS_NAME]);
    expect(parsePrinted(b.stdout)).toEqual(pick(ROUTER_B, [SYS_NAME]));
  });

  it('slow 700 ms: -t 0.3 times out, -t 2 gets the answer', async () => {
    host.setBehaviour('site-a', { kind: 'slow', delayMs: 700 });
    const fast = await v2get('0.3');
    expect(fast.code).toBe(1);
    expect(fast.stderr).toContain('Timeout');
    const started = Date.now();
    const patient = await v2get('2');
    expect(patient.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(650);
    expect(parsePrinted(patient.stdout)).toEqual(pick(ROUTER_A, [SYS_NAME, IF_IN_1, IF_HC_IN_1]));
    const v3 = await v3get('3');
    expect(parsePrinted(v3.stdout)).toEqual(pick(ROUTER_A, [SYS_NAME, IF_IN_1, IF_HC_IN_1]));
  });

  // net-snmp discards replies it cannot parse or match, so every malformed form ends in a timeout,
  // except wrong-type, which it prints as the strings it received.
  it.each(['garbage', 'truncated', 'wrong-request-id'] as const)(
    'malformed %s: snmpget discards the reply and times out (v2c and v3)',
    async (form) => {
      host.setBehaviour('site-a', { kind: 'malformed', form });
      const before = host.siteStats('site-a')?.responses ?? 0;
      const v2 = await v2get('0.5');
      expect(v2.code).toBe(1);
      expect(v2.stdout).toBe('');
      expect(v2.stderr).toContain('Timeout');
      const v3 = await v3get('0.5');
      expect(v3.code).toBe(1);
      expect(v3.stderr).toContain('Timeout');
      // A reply did go out each time: the timeouts are net-snmp rejecting it.
      expect((host.siteStats('site-a')?.responses ?? 0) - before).toBe(2);
    },
  );

  it('malformed wrong-type: counters arrive as STRING with their decimal text', async () => {
    host.setBehaviour('site-a', { kind: 'malformed', form: 'wrong-type' });
    const expected = pick(ROUTER_A, [SYS_NAME, IF_IN_1, IF_HC_IN_1]).map((p) => ({
      ...p,
      type: 'OctetString',
    }));
    expect(parsePrinted((await v2get('1')).stdout)).toEqual(expected);
    expect(parsePrinted((await v3get('1')).stdout)).toEqual(expected);
  });
});
