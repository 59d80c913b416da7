// The SNMP poller against Debian's own snmpd on 127.0.0.1, checked with Debian's snmpget.
//
// The loopback interface's counters move with any loopback traffic on this host (other tests, our
// own requests), so exactness comes from snmpd itself: it caches the interface table for a few
// seconds. snmpget (A), the poll (P) and snmpget again (B) run within ~100 ms; when A and B read
// the same values, the cache did not refresh in between, and P must equal them exactly. When it
// did refresh, A ≤ P ≤ B must hold and the triple is tried again.

import { type ChildProcess, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSnmpPoller, type NetSnmpPoller } from '../../src/probe/snmp/snmp.js';
import { IF_COLUMNS, SYS_UPTIME } from '../../src/probe/snmp/snmp-oids.js';
import type {
  InterfaceSample,
  SnmpPollOutcome,
  SnmpSettings,
  SnmpTarget,
} from '../../src/probe/types.js';
import { runTool } from '../helpers/lab-process.js';

const SNMPD = '/usr/sbin/snmpd';
const SETTINGS: SnmpSettings = { timeoutMs: 500, retries: 1 };
const V3 = {
  version: '3',
  level: 'authPriv',
  user: 'pantau',
  authProtocol: 'sha',
  authKey: 'authpass123',
  privProtocol: 'aes',
  privKey: 'privpass123',
} as const;
const V3_ARGS = [
  '-v3',
  '-l',
  'authPriv',
  '-u',
  'pantau',
  '-a',
  'SHA',
  '-A',
  'authpass123',
  '-x',
  'AES',
  '-X',
  'privpass123',
];
const V2_ARGS = ['-v2c', '-c', 'public'];
const V1_ARGS = ['-v1', '-c', 'public'];

/** snmpd users (name, minimum level, createUser arguments) and our credentials for each. */
const USM_USERS: [string, string, string, SnmpTarget['credentials']][] = [
  [
    'md5des',
    'authPriv',
    'MD5 "authpass123" DES "privpass123"',
    { ...V3, user: 'md5des', authProtocol: 'md5', privProtocol: 'des' },
  ],
  [
    'sha224aes',
    'authPriv',
    'SHA-224 "authpass123" AES "privpass123"',
    { ...V3, user: 'sha224aes', authProtocol: 'sha224' },
  ],
  [
    'sha384aes',
    'authPriv',
    'SHA-384 "authpass123" AES "privpass123"',
    { ...V3, user: 'sha384aes', authProtocol: 'sha384' },
  ],
  [
    'sha512aes',
    'authPriv',
    'SHA-512 "authpass123" AES "privpass123"',
    { ...V3, user: 'sha512aes', authProtocol: 'sha512' },
  ],
  [
    'sha256aes256',
    'authPriv',
    'SHA-256 "authpass123" AES-256 "privpass123"',
    { ...V3, user: 'sha256aes256', authProtocol: 'sha256', privProtocol: 'aes256b' },
  ],
  [
    'sha256only',
    'authNoPriv',
    'SHA-256 "authpass123"',
    {
      version: '3',
      level: 'authNoPriv',
      user: 'sha256only',
      authProtocol: 'sha256',
      authKey: 'authpass123',
    },
  ],
  ['nobodysecret', 'noauth', '', { version: '3', level: 'noAuthNoPriv', user: 'nobodysecret' }],
];

/** A UDP port on 127.0.0.1 that was free a moment ago. */
async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  const { port } = socket.address();
  await new Promise<void>((r) => socket.close(() => r()));
  return port;
}

/** snmpget -On -Oe -Ot: OID → value text. */
async function snmpget(agent: string, args: readonly string[], oids: readonly string[]) {
  const result = await runTool('snmpget', [
    ...args,
    '-On',
    '-Oe',
    '-Ot',
    '-t',
    '1',
    '-r',
    '1',
    agent,
    ...oids,
  ]);
  if (result.code !== 0) throw new Error(`snmpget failed: ${result.stderr}`);
  const values = new Map<string, string>();
  for (const line of result.stdout.split('\n')) {
    const m = /^\.?([\d.]+) = (?:[A-Za-z0-9]+: )?"?(.*?)"?$/.exec(line.trim());
    if (m) values.set(m[1] as string, m[2] as string);
  }
  return values;
}

/** The counters a poll's row carries, as snmpget prints them. */
function countersOf(row: InterfaceSample, v1: boolean): Record<string, string> {
  const i = row.ifIndex;
  const out: Record<string, string> = {
    [`${IF_COLUMNS.ifInOctets}.${i}`]: String(row.inOctets32),
    [`${IF_COLUMNS.ifOutOctets}.${i}`]: String(row.outOctets32),
    [`${IF_COLUMNS.ifInErrors}.${i}`]: String(row.inErrors),
    [`${IF_COLUMNS.ifOutErrors}.${i}`]: String(row.outErrors),
    [`${IF_COLUMNS.ifInDiscards}.${i}`]: String(row.inDiscards),
  };
  if (!v1) {
    out[`${IF_COLUMNS.ifHCInOctets}.${i}`] = String(row.hcInOctets);
    out[`${IF_COLUMNS.ifHCOutOctets}.${i}`] = String(row.hcOutOctets);
  }
  return out;
}

describe('the SNMP poller against Debian snmpd', () => {
  let dir: string;
  let snmpd: ChildProcess;
  let snmpdOutput = '';
  let agent: string;
  let port: number;
  let poller: NetSnmpPoller;
  const logLines: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pantau-snmpd-'));
    port = await freeUdpPort();
    agent = `127.0.0.1:${port}`;
    const conf = join(dir, 'snmpd.conf');
    // createUser is read at start-up and turned into a usmUser line in the persistent directory.
    await writeFile(
      conf,
      [
        `[snmp] persistentDir ${join(dir, 'persist')}`,
        'rocommunity public 127.0.0.1',
        'rouser pantau authPriv',
        'createUser pantau SHA "authpass123" AES "privpass123"',
        // One user a protocol, to check each maps onto what snmpd speaks.
        ...USM_USERS.flatMap(([user, level, line]) => [
          `rouser ${user} ${level}`,
          `createUser ${user} ${line}`,
        ]),
        '',
      ].join('\n'),
    );
    snmpd = spawn(
      SNMPD,
      ['-f', '-Lo', '-C', '-c', conf, '-p', join(dir, 'snmpd.pid'), `udp:${agent}`],
      {
        env: { ...process.env, MIBS: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    snmpd.stdout?.setEncoding('utf8').on('data', (d: string) => {
      snmpdOutput += d;
    });
    snmpd.stderr?.setEncoding('utf8').on('data', (d: string) => {
      snmpdOutput += d;
    });
    const end = Date.now() + 15_000;
    for (;;) {
      const probe = await runTool('snmpget', [
        ...V2_ARGS,
        '-t',
        '0.3',
        '-r',
        '0',
        agent,
        SYS_UPTIME,
      ]);
      if (probe.code === 0) break;
      if (Date.now() > end || snmpd.exitCode !== null) {
        throw new Error(`snmpd did not start:\n${snmpdOutput}\n${probe.stderr}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const log = pino({ level: 'info' }, { write: (line: string) => logLines.push(line) });
    poller = createSnmpPoller({ log, concurrency: 10 });
  });

  afterAll(async () => {
    await poller?.close();
    if (snmpd && snmpd.exitCode === null) {
      const exited = once(snmpd, 'exit');
      snmpd.kill('SIGTERM');
      await exited;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const target = (siteId: string, credentials: SnmpTarget['credentials']): SnmpTarget => ({
    siteId,
    host: '127.0.0.1',
    port,
    credentials,
    wan: { by: 'ifName', value: 'lo' },
    lan: null,
  });

  const pollRow = async (t: SnmpTarget, settings = SETTINGS): Promise<InterfaceSample> => {
    const outcome: SnmpPollOutcome = await poller.poll(t, settings, new AbortController().signal);
    if (!outcome.ok) throw new Error(`${outcome.failure}: ${outcome.message}`);
    const row = outcome.sample.interfaces[0];
    if (!row) throw new Error('no row');
    return row;
  };

  /** A → P → B as described at the top; returns once P was compared exactly. */
  async function expectSameAsSnmpget(t: SnmpTarget, args: readonly string[], v1 = false) {
    const first = await pollRow(t);
    const i = first.ifIndex;
    const names = await snmpget(agent, args, [
      `${IF_COLUMNS.ifName}.${i}`,
      `${IF_COLUMNS.ifOperStatus}.${i}`,
      `${IF_COLUMNS.ifHighSpeed}.${i}`,
    ]);
    expect(names.get(`${IF_COLUMNS.ifName}.${i}`)).toBe('lo');
    expect(first.name).toBe('lo');
    expect(first.operUp).toBe(names.get(`${IF_COLUMNS.ifOperStatus}.${i}`) === '1');
    expect(first.speedMbps).toBe(Number(names.get(`${IF_COLUMNS.ifHighSpeed}.${i}`)));
    if (v1) expect(first.hcInOctets).toBeNull();
    const oids = Object.keys(countersOf(first, v1));
    for (let attempt = 0; attempt < 6; attempt++) {
      const a = await snmpget(agent, args, oids);
      const p = countersOf(await pollRow(t), v1);
      const b = await snmpget(agent, args, oids);
      if (oids.every((oid) => a.get(oid) === b.get(oid))) {
        expect(p).toEqual(Object.fromEntries(oids.map((oid) => [oid, a.get(oid)])));
        return;
      }
      for (const oid of oids) {
        const [lo, mid, hi] = [a.get(oid), p[oid], b.get(oid)].map((v) => BigInt(v ?? '-1'));
        expect((lo as bigint) <= (mid as bigint) && (mid as bigint) <= (hi as bigint), oid).toBe(
          true,
        );
      }
    }
    throw new Error('snmpd refreshed its interface cache during every attempt');
  }

  it('reads lo over v2c exactly as snmpget does', async () => {
    await expectSameAsSnmpget(target('snmpd-v2c', { version: '2c', community: 'public' }), V2_ARGS);
  });

  it('reads lo over v3 authPriv SHA/AES exactly as snmpget does', async () => {
    await expectSameAsSnmpget(target('snmpd-v3', V3), V3_ARGS);
  });

  it('reads lo over v1 without Counter64, exactly as snmpget does', async () => {
    await expectSameAsSnmpget(
      target('snmpd-v1', { version: '1', community: 'public' }),
      V1_ARGS,
      true,
    );
  });

  it('speaks every USM level, and MD5, SHA-224/384/512, DES and AES-256 as snmpd does', async () => {
    for (const [user, , , credentials] of USM_USERS) {
      const row = await pollRow(target(`snmpd-${user}`, credentials));
      expect(row.name, user).toBe('lo');
      expect(typeof row.hcInOctets, user).toBe('bigint');
    }
    // A wrong DES key: what snmpd sends back does not decrypt.
    const wrongPriv = await poller.poll(
      target('snmpd-md5des-wrong-priv', {
        ...(USM_USERS[0]?.[3] as object),
        privKey: 'wrong-priv-123',
      } as SnmpTarget['credentials']),
      SETTINGS,
      new AbortController().signal,
    );
    expect(wrongPriv.ok).toBe(false);
  });

  it('times out on a wrong community (snmpd stays silent)', async () => {
    const outcome = await poller.poll(
      target('snmpd-wrong-community', { version: '2c', community: 'not-public' }),
      { timeoutMs: 300, retries: 1 },
      new AbortController().signal,
    );
    expect(outcome).toMatchObject({
      ok: false,
      failure: 'timeout',
      message: 'walking ifName: no reply within 600 ms (2 attempts of 300 ms)',
    });
    if (!outcome.ok) expect(outcome.pollMs).toBeGreaterThanOrEqual(590);
  });

  it('fails with auth on a wrong auth key, an unknown user, or a level below the user’s', async () => {
    const cases: [string, SnmpTarget['credentials'], RegExp][] = [
      ['snmpd-wrong-key', { ...V3, authKey: 'wrong-pass-123' }, /Wrong Digest/],
      ['snmpd-unknown-user', { ...V3, user: 'nobody' }, /Unknown User Name/],
      [
        'snmpd-below-level',
        {
          version: '3',
          level: 'authNoPriv',
          user: 'pantau',
          authProtocol: 'sha',
          authKey: 'authpass123',
        },
        /authorizationError/,
      ],
    ];
    for (const [siteId, credentials, message] of cases) {
      const outcome = await poller.poll(
        target(siteId, credentials),
        SETTINGS,
        new AbortController().signal,
      );
      expect(outcome, siteId).toMatchObject({ ok: false, failure: 'auth' });
      if (!outcome.ok) expect(outcome.message).toMatch(message);
    }
    // Polled again: counted again, logged once.
    await poller.poll(
      target('snmpd-wrong-key', { ...V3, authKey: 'wrong-pass-123' }),
      SETTINGS,
      new AbortController().signal,
    );
    expect(poller.siteStats('snmpd-wrong-key')?.failures).toEqual({ auth: 2 });
    const logged = logLines.filter((l) => l.includes('"site":"snmpd-wrong-key"'));
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0] as string)).toMatchObject({
      level: 40,
      site: 'snmpd-wrong-key',
      host: '127.0.0.1',
      port,
      snmp: 'v3',
      failure: 'auth',
    });
  });

  it('keeps one socket for every session it opened', () => {
    const stats = poller.stats();
    expect(stats.sessions).toBeGreaterThanOrEqual(7);
    expect(stats.transport.channels).toBe(stats.sessions);
    expect(stats.transport.socketErrors).toBe(0);
  });
});
