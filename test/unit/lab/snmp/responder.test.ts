import { describe, expect, it } from 'vitest';
import {
  type EngineInfo,
  encodeCommunityRequest,
  encodeDiscoveryRequest,
  getPdu,
  readDiscoveryReport,
  V3Session,
} from '../../../../src/lab/snmp/manager.js';
import {
  decodeMessage,
  decodeScopedPdu,
  decodeUsmSecurityParameters,
  ErrorStatus,
  encodeScopedPdu,
  encodeV3Message,
  MsgFlags,
  type Pdu,
  type PduType,
} from '../../../../src/lab/snmp/message.js';
import { compareOids, formatOid, parseOid } from '../../../../src/lab/snmp/oid.js';
import {
  type AgentSite,
  MAX_UDP_PAYLOAD,
  type RespondOptions,
  respond,
  SiteAgentState,
  type UsmUser,
} from '../../../../src/lab/snmp/responder.js';
import type { SnmpValue, Varbind } from '../../../../src/lab/snmp/types.js';
import { rowsView, type TestRow, testRows, testSite, V3_USERS } from './test-mib.js';

const NOW = 1_700_000_000_000 + 3_600_000; // an hour after the test site's boot
const ROWS = testRows({ name: 'desa-sukamaju', hcBase: 7_000_000_000n, wanMbps: 50 });
const SYS_DESCR = '1.3.6.1.2.1.1.1.0';
const SYS_NAME = '1.3.6.1.2.1.1.5.0';
const IF_IN_OCTETS_1 = '1.3.6.1.2.1.2.2.1.10.1';
const IF_HC_IN_1 = '1.3.6.1.2.1.31.1.1.1.6.1';
const LAST = '1.3.6.1.2.1.31.1.1.1.18.2';

function served(oid: string, rows: readonly TestRow[] = ROWS): SnmpValue {
  const row = rows.find((r) => r.oid === oid);
  if (!row) throw new Error(`no row ${oid}`);
  return row.value;
}

function setup(
  rows: readonly TestRow[] = ROWS,
  overrides: Partial<Parameters<typeof testSite>[0]> = {},
) {
  const site = testSite({ id: 'desa-sukamaju', mib: rowsView(rows), ...overrides });
  return { site, state: new SiteAgentState(site) };
}

function pdu(
  type: PduType,
  oids: readonly string[],
  errorStatus = 0,
  errorIndex = 0,
  requestId = 4242,
): Pdu {
  return {
    type,
    requestId,
    errorStatus,
    errorIndex,
    varbinds: oids.map((oid) => ({ oid: parseOid(oid), value: { type: 'Null' } })),
  };
}

/** Sends a community request and returns the Response PDU (or throws when there is none). */
function ask(
  site: AgentSite,
  state: SiteAgentState,
  request: Pdu,
  version: 'v1' | 'v2c' = 'v2c',
  options: Partial<RespondOptions> = {},
): { pdu: Pdu; bytes: Buffer } {
  const out = respond(encodeCommunityRequest(version, 'public', request), site, state, {
    nowMs: NOW,
    ...options,
  });
  if (out.kind !== 'reply') throw new Error(`no reply: ${out.reason}`);
  const m = decodeMessage(out.bytes);
  if (m.version === 3) throw new Error('v3 reply to a community request');
  expect(m.version).toBe(version === 'v1' ? 0 : 1);
  expect(m.community.toString()).toBe('public');
  return { pdu: m.pdu, bytes: out.bytes };
}

/** A value as it comes back from the wire: strings arrive as bytes. */
function wire(value: SnmpValue): SnmpValue {
  return value.type === 'OctetString' && typeof value.value === 'string'
    ? { type: 'OctetString', value: Buffer.from(value.value) }
    : value;
}

const show = (vbs: readonly Varbind[]): [string, string][] =>
  vbs.map((vb) => [formatOid(vb.oid), vb.value.type]);

describe('v2c', () => {
  it('GET answers the values the MIB serves, with exceptions for what it does not', () => {
    const { site, state } = setup();
    const { pdu: r } = ask(
      site,
      state,
      pdu('GetRequest', [SYS_DESCR, IF_HC_IN_1, '1.3.6.1.2.1.1.1.5', '1.3.6.1.4.1.9.2.1.0']),
    );
    expect(r.type).toBe('Response');
    expect(r.requestId).toBe(4242);
    expect(r.errorStatus).toBe(0);
    expect(r.varbinds[0]?.value).toEqual(wire(served(SYS_DESCR)));
    expect(r.varbinds[1]?.value).toEqual({ type: 'Counter64', value: 7_001_000_003n });
    expect(r.varbinds[2]?.value).toEqual({ type: 'NoSuchInstance' });
    expect(r.varbinds[3]?.value).toEqual({ type: 'NoSuchObject' });
  });

  it('GETNEXT walks in OID order, skips holes, and ends with endOfMibView', () => {
    const { site, state } = setup(ROWS, { mib: rowsView(ROWS, new Set([IF_HC_IN_1])) });
    const { pdu: r } = ask(
      site,
      state,
      pdu('GetNextRequest', ['1.3.6.1.2.1.1', '1.3.6.1.2.1.31.1.1.1.1.2', LAST]),
    );
    expect(show(r.varbinds)).toEqual([
      [SYS_DESCR, 'OctetString'],
      ['1.3.6.1.2.1.31.1.1.1.6.2', 'Counter64'], // .6.1 is a hole at this site
      [LAST, 'EndOfMibView'],
    ]);
  });

  it('walks the whole MIB with GETNEXT and gets every row exactly once', () => {
    const { site, state } = setup();
    const seen: [string, SnmpValue][] = [];
    let cursor = '0.0';
    for (let i = 0; i < 100; i++) {
      const vb = ask(site, state, pdu('GetNextRequest', [cursor])).pdu.varbinds[0] as Varbind;
      if (vb.value.type === 'EndOfMibView') break;
      cursor = formatOid(vb.oid);
      seen.push([cursor, vb.value as SnmpValue]);
    }
    const expected = ROWS.map((r) => r.oid).sort((a, b) => compareOids(parseOid(a), parseOid(b)));
    expect(seen.map(([oid]) => oid)).toEqual(expected);
    for (const [oid, value] of seen) expect(value).toEqual(wire(served(oid)));
  });

  it('SET answers notWritable at the first binding', () => {
    const { site, state } = setup();
    const { pdu: r } = ask(site, state, pdu('SetRequest', [SYS_NAME, SYS_DESCR]));
    expect([r.errorStatus, r.errorIndex]).toEqual([ErrorStatus.notWritable, 1]);
    expect(show(r.varbinds)).toEqual([
      [SYS_NAME, 'Null'],
      [SYS_DESCR, 'Null'],
    ]);
  });

  it('GET that would not fit answers tooBig with no bindings', () => {
    const rows: TestRow[] = [
      { oid: SYS_DESCR, value: { type: 'OctetString', value: 'x'.repeat(1200) } },
    ];
    const { site, state } = setup(rows);
    const small = ask(site, state, pdu('GetRequest', [SYS_DESCR]), 'v2c', { maxMessageSize: 1000 });
    expect([small.pdu.errorStatus, small.pdu.varbinds.length]).toEqual([ErrorStatus.tooBig, 0]);
    const big = ask(site, state, pdu('GetRequest', [SYS_DESCR]), 'v2c', { maxMessageSize: 1300 });
    expect(big.pdu.errorStatus).toBe(0);
  });

  it('answers no community at all when the site has none (v3 only)', () => {
    const { site, state } = setup(ROWS, { community: '' });
    const request = encodeCommunityRequest('v2c', '', pdu('GetRequest', [SYS_NAME]));
    expect(respond(request, site, state, { nowMs: NOW })).toEqual({
      kind: 'drop',
      reason: 'bad-community',
    });
  });

  it('drops another community, and undecodable requests, counting each', () => {
    const { site, state } = setup();
    const wrong = respond(
      encodeCommunityRequest('v2c', 'private', pdu('GetRequest', [SYS_NAME])),
      site,
      state,
      {
        nowMs: NOW,
      },
    );
    expect(wrong).toEqual({ kind: 'drop', reason: 'bad-community' });
    expect(respond(Buffer.from('not snmp'), site, state, { nowMs: NOW })).toEqual({
      kind: 'drop',
      reason: 'undecodable',
    });
    const response = encodeCommunityRequest('v2c', 'public', {
      ...pdu('GetRequest', [SYS_NAME]),
      type: 'Response',
    });
    expect(respond(response, site, state, { nowMs: NOW })).toEqual({
      kind: 'drop',
      reason: 'unsupported',
    });
    expect([
      state.counters.badCommunity,
      state.counters.undecodable,
      state.counters.unsupported,
    ]).toEqual([1, 1, 1]);
  });
});

describe('v1 (RFC 1157, RFC 2576)', () => {
  it('GET of a Counter64 or a missing object fails with noSuchName and the binding index', () => {
    const { site, state } = setup();
    const hc = ask(site, state, pdu('GetRequest', [SYS_NAME, IF_HC_IN_1]), 'v1').pdu;
    expect([hc.errorStatus, hc.errorIndex]).toEqual([ErrorStatus.noSuchName, 2]);
    // The error response carries the request's bindings.
    expect(show(hc.varbinds)).toEqual([
      [SYS_NAME, 'Null'],
      [IF_HC_IN_1, 'Null'],
    ]);
    const missing = ask(site, state, pdu('GetRequest', ['1.3.6.1.2.1.1.99.0']), 'v1').pdu;
    expect([missing.errorStatus, missing.errorIndex]).toEqual([ErrorStatus.noSuchName, 1]);
    const ok = ask(site, state, pdu('GetRequest', [SYS_NAME, IF_IN_OCTETS_1]), 'v1').pdu;
    expect(ok.errorStatus).toBe(0);
    expect(ok.varbinds[1]?.value).toEqual(served(IF_IN_OCTETS_1));
  });

  it('GETNEXT steps over Counter64 objects and fails with noSuchName at the end', () => {
    const { site, state } = setup();
    const r = ask(site, state, pdu('GetNextRequest', ['1.3.6.1.2.1.31.1.1.1.1.2', LAST]), 'v1').pdu;
    expect([r.errorStatus, r.errorIndex]).toEqual([ErrorStatus.noSuchName, 2]);
    const next = ask(site, state, pdu('GetNextRequest', ['1.3.6.1.2.1.31.1.1.1.1.2']), 'v1').pdu;
    expect(show(next.varbinds)).toEqual([['1.3.6.1.2.1.31.1.1.1.15.1', 'Gauge32']]);
  });

  it('SET fails with noSuchName (v1 has no notWritable); GETBULK gets no reply', () => {
    const { site, state } = setup();
    const r = ask(site, state, pdu('SetRequest', [SYS_NAME]), 'v1').pdu;
    expect([r.errorStatus, r.errorIndex]).toEqual([ErrorStatus.noSuchName, 1]);
    const bulk = respond(
      encodeCommunityRequest('v1', 'public', pdu('GetBulkRequest', [SYS_NAME], 0, 5)),
      site,
      state,
      {
        nowMs: NOW,
      },
    );
    expect(bulk).toEqual({ kind: 'drop', reason: 'unsupported' });
  });
});

describe('GETBULK', () => {
  it('answers non-repeaters once, then rows of repeaters, interleaved', () => {
    const { site, state } = setup();
    // net-snmp's snmpbulkget -Cn1 -Cr3 sysUpTime ifDescr ifInOctets
    const r = ask(
      site,
      state,
      pdu(
        'GetBulkRequest',
        ['1.3.6.1.2.1.1.3', '1.3.6.1.2.1.2.2.1.2', '1.3.6.1.2.1.2.2.1.10'],
        1,
        3,
      ),
    ).pdu;
    expect(show(r.varbinds)).toEqual([
      ['1.3.6.1.2.1.1.3.0', 'TimeTicks'],
      ['1.3.6.1.2.1.2.2.1.2.1', 'OctetString'],
      ['1.3.6.1.2.1.2.2.1.10.1', 'Counter32'],
      ['1.3.6.1.2.1.2.2.1.2.2', 'OctetString'],
      ['1.3.6.1.2.1.2.2.1.10.2', 'Counter32'],
      ['1.3.6.1.2.1.2.2.1.5.1', 'Gauge32'],
      ['1.3.6.1.2.1.2.2.1.16.1', 'Counter32'],
    ]);
  });

  it('stops after the first row that is all endOfMibView, whatever max-repetitions says', () => {
    const { site, state } = setup();
    const started = Date.now();
    const r = ask(
      site,
      state,
      pdu(
        'GetBulkRequest',
        ['1.3.6.1.2.1.31.1.1.1.18', '1.3.6.1.2.1.31.1.1.1.15.2'],
        0,
        2_147_483_647,
      ),
    ).pdu;
    expect(show(r.varbinds)).toEqual([
      ['1.3.6.1.2.1.31.1.1.1.18.1', 'OctetString'],
      ['1.3.6.1.2.1.31.1.1.1.18.1', 'OctetString'],
      [LAST, 'OctetString'],
      [LAST, 'OctetString'],
      [LAST, 'EndOfMibView'],
      [LAST, 'EndOfMibView'],
    ]);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('takes negative non-repeaters and max-repetitions as zero', () => {
    const { site, state } = setup();
    const r = ask(site, state, pdu('GetBulkRequest', [SYS_DESCR, SYS_NAME], -3, -1)).pdu;
    expect(r.errorStatus).toBe(0);
    expect(r.varbinds).toEqual([]);
    const nonRepOnly = ask(site, state, pdu('GetBulkRequest', [SYS_DESCR, SYS_NAME], 9, 100)).pdu;
    expect(show(nonRepOnly.varbinds).map(([oid]) => oid)).toEqual([
      '1.3.6.1.2.1.1.2.0',
      '1.3.6.1.2.1.2.1.0',
    ]);
  });

  /** 400 rows of 100-byte strings: far more than any response holds. */
  const bigRows: TestRow[] = Array.from({ length: 400 }, (_, i) => ({
    oid: `1.3.6.1.4.1.99999.1.${i + 1}`,
    value: { type: 'OctetString', value: `row ${i + 1} `.padEnd(100, '.') },
  }));

  it.each([484, 1472, 8192, MAX_UDP_PAYLOAD])(
    'fills a v2c response up to %d bytes and no further',
    (limit) => {
      const { site, state } = setup(bigRows);
      const { pdu: r, bytes } = ask(
        site,
        state,
        pdu('GetBulkRequest', ['1.3.6.1.4.1.99999'], 0, 100_000),
        'v2c',
        {
          maxMessageSize: limit,
        },
      );
      expect(bytes.length).toBeLessThanOrEqual(limit);
      expect(r.errorStatus).toBe(0);
      const count = r.varbinds.length;
      // Consecutive rows from the first, and one more (≈ 118 bytes) would not have fitted.
      expect(formatOid(r.varbinds[count - 1]?.oid ?? [])).toBe(
        `1.3.6.1.4.1.99999.1.${Math.min(count, 400)}`,
      );
      if (count < 400) expect(bytes.length + 118).toBeGreaterThan(limit);
    },
  );

  it('answers tooBig when the non-repeaters alone do not fit', () => {
    const { site, state } = setup(bigRows);
    const oids = Array.from({ length: 10 }, (_, i) => `1.3.6.1.4.1.99999.1.${i}`);
    const r = ask(site, state, pdu('GetBulkRequest', oids, 10, 5), 'v2c', {
      maxMessageSize: 600,
    }).pdu;
    expect([r.errorStatus, r.varbinds.length]).toEqual([ErrorStatus.tooBig, 0]);
  });
});

// ---------------------------------------------------------------------------------------------

const PANTAU = V3_USERS.find((u) => u.name === 'pantau') as UsmUser;

function discover(site: AgentSite, state: SiteAgentState, nowMs = NOW): EngineInfo {
  const out = respond(encodeDiscoveryRequest(11, 12), site, state, { nowMs });
  if (out.kind !== 'reply') throw new Error('no discovery report');
  expect(out.report).toBe(true);
  return readDiscoveryReport(out.bytes, nowMs).engine;
}

function v3Ask(
  site: AgentSite,
  state: SiteAgentState,
  session: V3Session,
  request: Pdu,
  nowMs = NOW,
  msgMaxSize?: number,
) {
  const out = respond(session.encodeRequest(request, 77, nowMs, msgMaxSize), site, state, {
    nowMs,
  });
  if (out.kind !== 'reply') throw new Error(`no reply: ${out.reason}`);
  return { ...session.decodeReply(out.bytes), bytes: out.bytes, report: out.report };
}

describe('v3 / USM', () => {
  it('engine discovery: a Report of usmStatsUnknownEngineIDs with the engine, its boots and time', () => {
    const { site, state } = setup(ROWS, { boots: () => 17 });
    const out = respond(encodeDiscoveryRequest(11, 12), site, state, { nowMs: NOW });
    if (out.kind !== 'reply') throw new Error('no reply');
    const m = decodeMessage(out.bytes);
    if (m.version !== 3) throw new Error('expected v3');
    expect(m.msgId).toBe(11);
    expect(m.msgFlags).toBe(0); // noAuthNoPriv, not reportable
    const { params } = decodeUsmSecurityParameters(m);
    expect(params.engineId).toEqual(site.engineId);
    expect(params.engineBoots).toBe(17);
    expect(params.engineTime).toBe(3600);
    const report = decodeScopedPdu(m.scopedPduData);
    expect(report.pdu.type).toBe('Report');
    expect(report.pdu.requestId).toBe(12);
    expect(show(report.pdu.varbinds)).toEqual([['1.3.6.1.6.3.15.1.1.4.0', 'Counter32']]);
    expect(report.pdu.varbinds[0]?.value).toEqual({ type: 'Counter32', value: 1 });
    respond(encodeDiscoveryRequest(13, 14), site, state, { nowMs: NOW });
    expect(state.counters.usmStatsUnknownEngineIDs).toBe(2);
  });

  it.each(
    V3_USERS.map((u) => [u.name, u.level, u.authProtocol ?? '-', u.privProtocol ?? '-'] as const),
  )('answers %s (%s, %s, %s) with the served values', (name) => {
    const { site, state } = setup();
    const user = V3_USERS.find((u) => u.name === name) as UsmUser;
    const session = new V3Session(user, discover(site, state));
    const r = v3Ask(site, state, session, getPdu(500, [parseOid(SYS_NAME), parseOid(IF_HC_IN_1)]));
    expect(r.report).toBe(false);
    expect(r.msgId).toBe(77);
    const level = (r.flags & MsgFlags.auth ? 1 : 0) + (r.flags & MsgFlags.priv ? 1 : 0);
    expect(['noAuthNoPriv', 'authNoPriv', 'authPriv'][level]).toBe(user.level);
    expect(r.pdu.type).toBe('Response');
    expect(r.pdu.requestId).toBe(500);
    expect(r.pdu.varbinds.map((vb) => vb.value)).toEqual([
      wire(served(SYS_NAME)),
      served(IF_HC_IN_1),
    ]);
    if (user.level === 'authPriv') {
      // Encrypted on the wire: the plaintext name does not appear.
      expect(r.bytes.includes(Buffer.from('desa-sukamaju'))).toBe(false);
    }
  });

  function reportOf(out: ReturnType<typeof respond>): {
    stat: string;
    flags: number;
    user: string;
    requestId: number;
  } {
    if (out.kind !== 'reply' || !out.report) throw new Error('expected a report');
    const m = decodeMessage(out.bytes);
    if (m.version !== 3) throw new Error('expected v3');
    const scoped = decodeScopedPdu(m.scopedPduData);
    return {
      stat: formatOid(scoped.pdu.varbinds[0]?.oid ?? []),
      flags: m.msgFlags,
      user: decodeUsmSecurityParameters(m).params.userName.toString(),
      requestId: scoped.pdu.requestId,
    };
  }

  it('reports a wrong digest (usmStatsWrongDigests), unauthenticated', () => {
    const { site, state } = setup();
    const engine = discover(site, state);
    const liar = new V3Session({ ...PANTAU, authKey: 'not-the-password' }, engine);
    const r = reportOf(
      respond(liar.encodeRequest(getPdu(1, [parseOid(SYS_NAME)]), 5, NOW), site, state, {
        nowMs: NOW,
      }),
    );
    expect(r.stat).toBe('1.3.6.1.6.3.15.1.1.5.0');
    expect(r.flags).toBe(0);
    expect(r.requestId).toBe(0); // the request was encrypted: its request-id cannot be read
    expect(state.counters.usmStatsWrongDigests).toBe(1);
  });

  it('reports an unknown user and an unsupported level', () => {
    const { site, state } = setup();
    const engine = discover(site, state);
    const stranger = new V3Session({ ...PANTAU, name: 'stranger' }, engine);
    expect(
      reportOf(respond(stranger.encodeRequest(getPdu(1, []), 5, NOW), site, state, { nowMs: NOW }))
        .stat,
    ).toBe('1.3.6.1.6.3.15.1.1.3.0');
    // pantau-sha256 is an authNoPriv user; asking it for privacy is a level it does not support.
    const greedy = new V3Session(
      {
        name: 'pantau-sha256',
        level: 'authPriv',
        authProtocol: 'sha256',
        authKey: 'pantau-sha256-key',
        privProtocol: 'aes',
        privKey: 'whatever123',
      },
      engine,
    );
    expect(
      reportOf(respond(greedy.encodeRequest(getPdu(1, []), 5, NOW), site, state, { nowMs: NOW }))
        .stat,
    ).toBe('1.3.6.1.6.3.15.1.1.1.0');
    expect([
      state.counters.usmStatsUnknownUserNames,
      state.counters.usmStatsUnsupportedSecLevels,
    ]).toEqual([1, 1]);
  });

  it('applies the 150 s time window and a boots check, with an authenticated report', () => {
    const { site, state } = setup();
    const engine = discover(site, state);
    const session = new V3Session(PANTAU, engine);
    const request = (atMs: number) =>
      session.encodeRequest(getPdu(1, [parseOid(SYS_NAME)]), 5, atMs);
    // The manager's clock runs 150 s ahead of the agent's: still inside the window.
    expect(respond(request(NOW + 150_000), site, state, { nowMs: NOW })).toMatchObject({
      kind: 'reply',
      report: false,
    });
    const late = respond(request(NOW + 151_000), site, state, { nowMs: NOW });
    const r = reportOf(late);
    expect(r.stat).toBe('1.3.6.1.6.3.15.1.1.2.0');
    expect(r.flags).toBe(MsgFlags.auth); // authNoPriv, so the manager can trust the time in it
    expect(r.user).toBe('pantau');
    if (late.kind === 'reply') expect(() => session.decodeReply(late.bytes)).not.toThrow();
    const rebooted = new V3Session(PANTAU, { ...engine, engineBoots: engine.engineBoots - 1 });
    expect(
      reportOf(respond(rebooted.encodeRequest(getPdu(1, []), 6, NOW), site, state, { nowMs: NOW }))
        .stat,
    ).toBe('1.3.6.1.6.3.15.1.1.2.0');
    expect(state.counters.usmStatsNotInTimeWindows).toBe(2);
  });

  it('reports a wrong privacy password as a decryption error', () => {
    const { site, state } = setup();
    const engine = discover(site, state);
    for (const user of [
      { ...PANTAU, privKey: 'wrong-privacy-pw' },
      {
        ...(V3_USERS.find((u) => u.name === 'pantau-des') as UsmUser),
        privKey: 'wrong-privacy-pw',
      },
    ]) {
      const session = new V3Session(user, engine);
      const out = respond(
        session.encodeRequest(getPdu(1, [parseOid(SYS_NAME)]), 5, NOW),
        site,
        state,
        { nowMs: NOW },
      );
      expect(reportOf(out).stat).toBe('1.3.6.1.6.3.15.1.1.6.0');
    }
    expect(state.counters.usmStatsDecryptionErrors).toBe(2);
  });

  it('answers authorizationError to a user asking below its configured level', () => {
    const { site, state } = setup();
    const session = new V3Session({ ...PANTAU, level: 'authNoPriv' }, discover(site, state));
    const r = v3Ask(site, state, session, getPdu(1, [parseOid(SYS_NAME)]));
    expect(r.pdu.errorStatus).toBe(ErrorStatus.authorizationError);
  });

  it('counts but does not answer a failure the sender did not mark reportable', () => {
    const { site, state } = setup();
    const scoped = encodeScopedPdu({
      contextEngineId: Buffer.alloc(0),
      contextName: Buffer.alloc(0),
      pdu: getPdu(1, []),
    });
    const { bytes } = encodeV3Message(
      { msgId: 1, msgMaxSize: 65507, msgFlags: 0, msgSecurityModel: 3 },
      {
        engineId: Buffer.alloc(0),
        engineBoots: 0,
        engineTime: 0,
        userName: Buffer.alloc(0),
        authParams: Buffer.alloc(0),
        privParams: Buffer.alloc(0),
      },
      scoped,
      false,
    );
    expect(respond(bytes, site, state, { nowMs: NOW })).toEqual({
      kind: 'drop',
      reason: 'not-reportable',
    });
    expect(state.counters.usmStatsUnknownEngineIDs).toBe(1);
  });

  it('drops another security model and privacy without authentication', () => {
    const { site, state } = setup();
    const scoped = encodeScopedPdu({
      contextEngineId: site.engineId,
      contextName: Buffer.alloc(0),
      pdu: getPdu(1, []),
    });
    const usm = {
      engineId: site.engineId,
      engineBoots: 3,
      engineTime: 3600,
      userName: Buffer.from('guest'),
      authParams: Buffer.alloc(0),
      privParams: Buffer.alloc(0),
    };
    const otherModel = encodeV3Message(
      { msgId: 1, msgMaxSize: 65507, msgFlags: 4, msgSecurityModel: 2 },
      usm,
      scoped,
      false,
    );
    const privOnly = encodeV3Message(
      { msgId: 1, msgMaxSize: 65507, msgFlags: 6, msgSecurityModel: 3 },
      usm,
      scoped,
      false,
    );
    expect(respond(otherModel.bytes, site, state, { nowMs: NOW })).toEqual({
      kind: 'drop',
      reason: 'unsupported',
    });
    expect(respond(privOnly.bytes, site, state, { nowMs: NOW })).toEqual({
      kind: 'drop',
      reason: 'unsupported',
    });
  });

  it('bounds GETBULK by the request msgMaxSize, encrypted and authenticated', () => {
    const bigRows: TestRow[] = Array.from({ length: 300 }, (_, i) => ({
      oid: `1.3.6.1.4.1.99999.1.${i + 1}`,
      value: { type: 'OctetString', value: 'v'.repeat(90) },
    }));
    for (const name of ['pantau', 'pantau-des', 'pantau-sha512']) {
      const { site, state } = setup(bigRows);
      const session = new V3Session(
        V3_USERS.find((u) => u.name === name) as UsmUser,
        discover(site, state),
      );
      for (const limit of [1000, 1500, 4000]) {
        const r = v3Ask(
          site,
          state,
          session,
          pdu('GetBulkRequest', ['1.3.6.1.4.1.99999'], 0, 1000),
          NOW,
          limit,
        );
        expect(r.bytes.length).toBeLessThanOrEqual(limit);
        // One more 106-byte binding (plus DES padding) would not have fitted.
        expect(r.bytes.length + 106 + 8).toBeGreaterThan(limit);
        expect(r.pdu.varbinds.length).toBeGreaterThan(3);
      }
    }
  });
});

describe('tampering before encoding', () => {
  it('rewrites the Response PDU, and the v3 reply still authenticates', () => {
    const { site, state } = setup();
    const tamper = (p: Pdu): Pdu => ({ ...p, requestId: p.requestId + 1 });
    const v2 = ask(site, state, pdu('GetRequest', [SYS_NAME], 0, 0, 100), 'v2c', { tamper }).pdu;
    expect(v2.requestId).toBe(101);
    const session = new V3Session(PANTAU, discover(site, state));
    const out = respond(
      session.encodeRequest(getPdu(200, [parseOid(SYS_NAME)]), 9, NOW),
      site,
      state,
      { nowMs: NOW, tamper },
    );
    if (out.kind !== 'reply') throw new Error('no reply');
    expect(session.decodeReply(out.bytes).pdu.requestId).toBe(201);
  });

  it('leaves Reports alone', () => {
    const { site, state } = setup();
    let calls = 0;
    discover(site, state);
    respond(encodeDiscoveryRequest(1, 2), site, state, {
      nowMs: NOW,
      tamper: (p) => {
        calls++;
        return p;
      },
    });
    expect(calls).toBe(0);
  });
});
