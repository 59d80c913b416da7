// The poller against agents that answer badly, on 127.0.0.1: each misbehaving agent is a UDP
// socket built from the lab's SNMP codec that answers the poller's requests with garbage, cut
// replies, wrong request ids, missing or mistyped counters, errors, duplicates, late replies or
// nothing. Every poll must settle (bounded), with the right failure or nulls; other sites keep
// being polled meanwhile; failures are counted per site and logged once per site and kind.

import dgram from 'node:dgram';
import { once } from 'node:events';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type CommunityMessage,
  decodeMessage,
  encodeCommunityMessage,
  type Pdu,
} from '../../src/lab/snmp/message.js';
import { createMibView, SortedMibLayout } from '../../src/lab/snmp/mib.js';
import { answerPdu } from '../../src/lab/snmp/operations.js';
import type { SnmpValue, Varbind } from '../../src/lab/snmp/types.js';
import { createSnmpPoller, type NetSnmpPoller } from '../../src/probe/snmp/snmp.js';
import { IF_COLUMNS, type IfColumn, SYS_UPTIME } from '../../src/probe/snmp/snmp-oids.js';
import type { SnmpPollOutcome, SnmpSettings, SnmpTarget } from '../../src/probe/types.js';

const SETTINGS: SnmpSettings = { timeoutMs: 300, retries: 1 };
/** Twice the longest a poll may take (two walks and two GETs, each up to timeout × attempts). */
const BOUND_MS = 4 * SETTINGS.timeoutMs * (SETTINGS.retries + 1) * 2;

type Behaviour =
  | 'healthy'
  | 'garbage'
  | 'truncated'
  | 'wrong-request-id'
  | 'absent-counters'
  | 'wrong-type'
  | 'gen-err'
  | 'silent'
  | 'duplicate'
  | 'other-port'
  | 'late';

const COUNTERS = new Set<IfColumn>([
  'ifInOctets',
  'ifOutOctets',
  'ifHCInOctets',
  'ifHCOutOctets',
  'ifInErrors',
  'ifOutErrors',
  'ifInDiscards',
]);

function columnOf(oid: string): IfColumn | null {
  for (const [name, column] of Object.entries(IF_COLUMNS)) {
    if (oid.startsWith(`${column}.`) && !oid.slice(column.length + 1).includes('.')) {
      return name as IfColumn;
    }
  }
  return null;
}

/** One router: WAN ether1 at ifIndex 1, counters moving with the clock. */
function routerMib(lacks: readonly IfColumn[] = []) {
  const started = Date.now();
  const rows: [string, (now: number) => SnmpValue][] = [
    [SYS_UPTIME, (now) => ({ type: 'TimeTicks', value: Math.floor((now - started) / 10) + 100 })],
  ];
  const values: Record<IfColumn, (now: number) => SnmpValue> = {
    ifIndex: () => ({ type: 'Integer', value: 1 }),
    ifDescr: () => ({ type: 'OctetString', value: 'ether1-gateway' }),
    ifSpeed: () => ({ type: 'Gauge32', value: 100_000_000 }),
    ifOperStatus: () => ({ type: 'Integer', value: 1 }),
    ifInOctets: (now) => ({ type: 'Counter32', value: (now - started) % 2 ** 32 }),
    ifInDiscards: () => ({ type: 'Counter32', value: 3 }),
    ifInErrors: () => ({ type: 'Counter32', value: 2 }),
    ifOutOctets: (now) => ({ type: 'Counter32', value: (2 * (now - started)) % 2 ** 32 }),
    ifOutErrors: () => ({ type: 'Counter32', value: 1 }),
    ifName: () => ({ type: 'OctetString', value: 'ether1' }),
    ifHCInOctets: (now) => ({ type: 'Counter64', value: 2n ** 40n + BigInt(now - started) }),
    ifHCOutOctets: (now) => ({ type: 'Counter64', value: 2n ** 41n + BigInt(now - started) }),
    ifHighSpeed: () => ({ type: 'Gauge32', value: 100 }),
    ifAlias: () => ({ type: 'OctetString', value: 'ISP' }),
  };
  for (const [name, column] of Object.entries(IF_COLUMNS)) {
    if (!lacks.includes(name as IfColumn)) rows.push([`${column}.1`, values[name as IfColumn]]);
  }
  const layout = new SortedMibLayout(rows.map(([oid], i) => [oid, i] as const));
  return createMibView(layout, (i, now) => rows[i]?.[1](now));
}

/** A misbehaving agent on 127.0.0.1 (v1 or v2c, community "public"). */
class Responder {
  readonly socket = dgram.createSocket('udp4');
  /** A second socket, for replies from the wrong port. */
  readonly other = dgram.createSocket('udp4');
  behaviour: Behaviour = 'healthy';
  requests = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly v1 = false,
    private readonly mib = routerMib(),
  ) {
    this.socket.on('message', (msg, rinfo) => this.answer(msg, rinfo));
  }

  async start(): Promise<number> {
    this.socket.bind(0, '127.0.0.1');
    this.other.bind(0, '127.0.0.1');
    await Promise.all([once(this.socket, 'listening'), once(this.other, 'listening')]);
    return this.socket.address().port;
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.socket.close();
    this.other.close();
  }

  private later(ms: number, f: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      f();
    }, ms);
    this.timers.add(t);
  }

  private answer(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    this.requests += 1;
    const request = decodeMessage(msg) as CommunityMessage;
    let pdu: Pdu = answerPdu(request.pdu, this.mib, {
      v1: this.v1,
      nowMs: Date.now(),
      maxVarbindBytes: 60_000,
    });
    const isGet = request.pdu.type === 'GetRequest';
    const send = (bytes: Buffer, from = this.socket) => from.send(bytes, rinfo.port, rinfo.address);
    const encode = (p: Pdu) =>
      encodeCommunityMessage({ version: request.version, community: request.community, pdu: p });
    switch (this.behaviour) {
      case 'silent':
        return;
      case 'garbage': {
        const junk = Buffer.from(Array.from({ length: 60 }, (_, i) => (i * 37 + 11) % 256));
        junk[0] = 0x31;
        send(junk);
        return;
      }
      case 'truncated': {
        const full = encode(pdu);
        send(full.subarray(0, Math.floor(full.length / 2)));
        return;
      }
      case 'wrong-request-id':
        send(encode({ ...pdu, requestId: pdu.requestId ^ 0x2a5a }));
        return;
      case 'absent-counters':
        if (isGet) pdu = { ...pdu, varbinds: pdu.varbinds.map(absentCounter) };
        break;
      case 'wrong-type':
        if (isGet) pdu = { ...pdu, varbinds: pdu.varbinds.map(counterAsText) };
        break;
      case 'gen-err':
        if (isGet) pdu = { ...pdu, errorStatus: 5, errorIndex: 2 };
        break;
      case 'duplicate':
        send(encode(pdu));
        break;
      case 'other-port':
        send(encode(pdu), this.other);
        return;
      case 'late':
        this.later(SETTINGS.timeoutMs * (SETTINGS.retries + 1) + 200, () => send(encode(pdu)));
        return;
      case 'healthy':
        break;
    }
    send(encode(pdu));
  }
}

function absentCounter(vb: Varbind): Varbind {
  const oid = vb.oid.join('.');
  const column = columnOf(oid);
  if (!column || !COUNTERS.has(column)) return vb;
  if (column.startsWith('ifHC')) return { oid: vb.oid, value: { type: 'NoSuchObject' } };
  if (column.endsWith('Octets')) return { oid: vb.oid, value: { type: 'NoSuchInstance' } };
  return { oid: vb.oid, value: { type: 'EndOfMibView' } };
}

function counterAsText(vb: Varbind): Varbind {
  const v = vb.value;
  if (v.type === 'Counter32' || v.type === 'Counter64') {
    return { oid: vb.oid, value: { type: 'OctetString', value: v.value.toString() } };
  }
  return vb;
}

async function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}

describe('the SNMP poller against agents that answer badly', () => {
  const logLines: string[] = [];
  let poller: NetSnmpPoller;
  const responders: Responder[] = [];

  async function agent(siteId: string, options: { v1?: boolean; lacks?: IfColumn[] } = {}) {
    const responder = new Responder(options.v1 ?? false, routerMib(options.lacks));
    responders.push(responder);
    const port = await responder.start();
    const target: SnmpTarget = {
      siteId,
      host: '127.0.0.1',
      port,
      credentials: { version: options.v1 ? '1' : '2c', community: 'public' },
      wan: { by: 'ifName', value: 'ether1' },
      lan: null,
    };
    return { responder, target };
  }

  const poll = (
    target: SnmpTarget,
    signal = new AbortController().signal,
  ): Promise<SnmpPollOutcome> =>
    bounded(poller.poll(target, SETTINGS, signal), BOUND_MS, `polling ${target.siteId}`);

  const logged = (siteId: string) =>
    logLines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.site === siteId);

  beforeAll(() => {
    poller = createSnmpPoller({
      log: pino({ level: 'info' }, { write: (line: string) => logLines.push(line) }),
      concurrency: 20,
    });
  });

  afterEach(() => {
    for (const r of responders.splice(0)) r.close();
  });

  afterAll(async () => {
    await poller.close();
  });

  const cases: [Behaviour, string, RegExp][] = [
    ['garbage', 'bad-reply', /undecodable datagram/],
    ['truncated', 'bad-reply', /undecodable datagram|invalid reply/],
    ['wrong-request-id', 'bad-reply', /matched no outstanding request/],
    ['wrong-type', 'bad-reply', /^ifHCInOctets\.1 \(wan\) is OctetString, expected Counter64$/],
    ['gen-err', 'error-status', /^the agent answered genErr for ifName\.1$/],
    ['silent', 'timeout', /^no reply within 600 ms \(2 attempts of 300 ms\)$/],
    ['other-port', 'timeout', /^no reply within 600 ms/],
    [
      'late',
      'timeout',
      /^no reply within 600 ms \(2 attempts of 300 ms\)(; \d late reply\(ies\) to earlier requests arrived meanwhile: the agent answers slower than the timeout)?$/,
    ],
  ];

  for (const [behaviour, failure, message] of cases) {
    it(`settles a poll answered with ${behaviour} as ${failure}, counts it, logs it once`, async () => {
      const siteId = `site-${behaviour}`;
      const { responder, target } = await agent(siteId);
      expect((await poll(target)).ok).toBe(true);
      responder.behaviour = behaviour;
      const outcomes: SnmpPollOutcome[] = [];
      for (let i = 0; i < 3; i++) outcomes.push(await poll(target));
      for (const outcome of outcomes) {
        expect(outcome).toMatchObject({ ok: false, failure });
        if (!outcome.ok) expect(outcome.message).toMatch(message);
      }
      const stats = poller.siteStats(siteId);
      expect(stats?.failures).toEqual({ [failure]: 3 });
      if (behaviour === 'late') {
        // The replies to each poll land during the next one, and are told apart from wrong ids.
        expect(outcomes[1]?.ok === false && outcomes[1].message).toMatch(/late reply/);
        expect(stats?.lateReplies).toBeGreaterThanOrEqual(4);
        expect(stats?.ignoredReplies).toBe(0);
      }
      expect(stats?.ok).toBe(1);
      const lines = logged(siteId);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        site: siteId,
        host: '127.0.0.1',
        port: target.port,
        failure,
        snmp: 'v2c',
      });
      // And it recovers as soon as the agent does.
      responder.behaviour = 'healthy';
      expect((await poll(target)).ok).toBe(true);
    });
  }

  it('counts datagrams it could not decode or match, and drops replies from the wrong port', async () => {
    const garbage = await agent('count-garbage');
    const wrongId = await agent('count-wrong-id');
    const otherPort = await agent('count-other-port');
    for (const a of [garbage, wrongId, otherPort]) await poll(a.target);
    garbage.responder.behaviour = 'garbage';
    wrongId.responder.behaviour = 'wrong-request-id';
    otherPort.responder.behaviour = 'other-port';
    const dropped = poller.stats().transport.droppedUnknownSource;
    await Promise.all([poll(garbage.target), poll(wrongId.target), poll(otherPort.target)]);
    // Two attempts each.
    expect(poller.siteStats('count-garbage')?.undecodable).toBe(2);
    expect(poller.siteStats('count-wrong-id')?.ignoredReplies).toBe(2);
    expect(poller.stats().transport.droppedUnknownSource - dropped).toBe(2);
  });

  it('reads missing counters (noSuchObject, noSuchInstance, endOfMibView) as nulls, not a failure', async () => {
    const { responder, target } = await agent('site-absent');
    await poll(target);
    responder.behaviour = 'absent-counters';
    const outcome = await poll(target);
    if (!outcome.ok) throw new Error(`${outcome.failure}: ${outcome.message}`);
    expect(outcome.sample.interfaces[0]).toMatchObject({
      ifIndex: 1,
      name: 'ether1',
      operUp: true,
      speedMbps: 100,
      hcInOctets: null,
      hcOutOctets: null,
      inOctets32: null,
      outOctets32: null,
      inErrors: null,
      outErrors: null,
      inDiscards: null,
    });
  });

  it('takes a reply that comes twice once, and a late reply does not confuse the next poll', async () => {
    const { responder, target } = await agent('site-duplicate');
    responder.behaviour = 'duplicate';
    const first = await poll(target);
    const second = await poll(target);
    expect(first.ok && second.ok).toBe(true);
    responder.behaviour = 'late';
    expect(await poll(target)).toMatchObject({ ok: false, failure: 'timeout' });
    responder.behaviour = 'healthy';
    // The late reply to the timed-out GET lands while this poll waits for its own.
    const after = await poll(target);
    expect(after.ok).toBe(true);
    expect(poller.siteStats('site-duplicate')).toMatchObject({ ok: 3, failures: { timeout: 1 } });
  });

  it('drops what a v1 agent has no such name for, remembers it, and never asks it for Counter64', async () => {
    const { responder, target } = await agent('site-v1', { v1: true, lacks: ['ifHighSpeed'] });
    const first = await poll(target);
    if (!first.ok) throw new Error(`${first.failure}: ${first.message}`);
    expect(first.sample.interfaces[0]).toMatchObject({
      speedMbps: 100,
      hcInOctets: null,
      inOctets32: expect.any(Number),
    });
    expect(poller.siteStats('site-v1')?.excludedColumns).toEqual(['ifHighSpeed']);
    const requests = responder.requests;
    expect((await poll(target)).ok).toBe(true);
    expect(responder.requests - requests).toBe(1);
  });

  it('keeps polling a healthy site quickly while others time out or answer garbage', async () => {
    const healthy = await agent('site-healthy');
    const bad = await Promise.all(
      (['silent', 'garbage', 'wrong-request-id', 'late', 'truncated'] as const).map(async (b) => {
        const a = await agent(`busy-${b}`);
        a.responder.behaviour = b;
        return a;
      }),
    );
    const badPolls = bad.map((a) => poll(a.target));
    const durations: number[] = [];
    const end = performance.now() + SETTINGS.timeoutMs * 2;
    while (performance.now() < end) {
      const t0 = performance.now();
      const outcome = await poll(healthy.target);
      durations.push(performance.now() - t0);
      expect(outcome.ok).toBe(true);
    }
    const failures = await Promise.all(badPolls);
    expect(failures.every((o) => !o.ok)).toBe(true);
    expect(durations.length).toBeGreaterThan(10);
    expect(Math.max(...durations)).toBeLessThan(SETTINGS.timeoutMs);
  });

  it('refuses a second poll of a site while its first is in flight, without waiting', async () => {
    const { responder, target } = await agent('site-overlap');
    await poll(target);
    responder.behaviour = 'silent';
    const first = poll(target);
    const t0 = performance.now();
    const second = await poll(target);
    expect(performance.now() - t0).toBeLessThan(50);
    expect(second).toMatchObject({
      ok: false,
      failure: 'send-failed',
      message: 'not sent: the previous poll of this site is still in flight',
    });
    expect(await first).toMatchObject({ ok: false, failure: 'timeout' });
    expect(poller.stats().refusedInFlight).toBeGreaterThanOrEqual(1);
  });

  it('settles at once when the poll is aborted, and a forgotten site’s poll as send-failed', async () => {
    const { responder, target } = await agent('site-abort');
    await poll(target);
    responder.behaviour = 'silent';
    const controller = new AbortController();
    const aborted = poll(target, controller.signal);
    setTimeout(() => controller.abort(), 30);
    const t0 = performance.now();
    expect(await aborted).toMatchObject({
      ok: false,
      failure: 'timeout',
      message: 'aborted before the agent answered',
    });
    expect(performance.now() - t0).toBeLessThan(200);
    const forgotten = poll(target);
    setTimeout(() => poller.forget('site-abort'), 30);
    expect(await forgotten).toMatchObject({ ok: false, failure: 'send-failed' });
    expect(poller.siteStats('site-abort')).toBeNull();
  });

  it('closes with polls in flight and queued: every one settles', async () => {
    const small = createSnmpPoller({ log: pino({ level: 'silent' }), concurrency: 2 });
    const silent = await Promise.all([0, 1, 2, 3, 4].map((i) => agent(`close-${i}`)));
    for (const a of silent) a.responder.behaviour = 'silent';
    const polls = silent.map((a) => small.poll(a.target, SETTINGS, new AbortController().signal));
    expect(small.stats()).toMatchObject({ inFlight: 2, queued: 3 });
    await new Promise((r) => setTimeout(r, 20));
    await bounded(small.close(), 1000, 'close');
    const outcomes = await bounded(Promise.all(polls), 1000, 'the polls');
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.failure))).toEqual(Array(5).fill('send-failed'));
    expect(
      await small.poll(silent[0]?.target as SnmpTarget, SETTINGS, new AbortController().signal),
    ).toMatchObject({
      ok: false,
      failure: 'send-failed',
      message: 'the poller is closed',
    });
  });
});
