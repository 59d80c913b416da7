// One site's command responder: request bytes in, response bytes (or nothing) out. No I/O, no clock:
// the time is passed in. v1/v2c per RFC 1157/3416 (+ RFC 2576 for v1), v3 with USM per RFC 3412/3414.

import { BerError, integerSize, lengthOfLength, tlvSize } from './ber.js';
import {
  type CommunityMessage,
  decodeMessage,
  decodeScopedPdu,
  decodeUsmSecurityParameters,
  ErrorStatus,
  encodeCommunityMessage,
  encodeScopedPdu,
  encodeV3Message,
  MsgFlags,
  type Pdu,
  type ScopedPdu,
  USM_SECURITY_MODEL,
  type UsmSecurityParameters,
  type V3Message,
} from './message.js';
import {
  answerPdu,
  isConfirmedRequest,
  largestFitting,
  pduFixedSize,
  response,
} from './operations.js';
import type { MibView, Oid } from './types.js';
import {
  type AuthProtocol,
  authParamsLength,
  decryptScopedPdu,
  encryptScopedPdu,
  localizedAuthKey,
  localizedPrivKey,
  type PrivKey,
  type PrivProtocol,
  SaltSequence,
  type SecurityLevel,
  signMessage,
  UsmError,
  verifyMessage,
} from './usm.js';

export interface UsmUser {
  name: string;
  level: SecurityLevel;
  authProtocol?: AuthProtocol;
  /** The authentication passphrase. */
  authKey?: string;
  privProtocol?: PrivProtocol;
  /** The privacy passphrase. */
  privKey?: string;
}

export interface AgentSite {
  readonly id: string;
  /** v1/v2c; another community: no reply (counted). Empty: the site answers no v1/v2c at all. */
  readonly community: string;
  /** v3 users this site answers to. */
  readonly users: readonly UsmUser[];
  /** Unique per site. */
  readonly engineId: Buffer;
  /** The lab increments it on a simulated reboot. */
  engineBoots(): number;
  /** engineTime = seconds since this. */
  bootTimeMs(): number;
  readonly mib: MibView;
}

/** The largest UDP payload over IPv4, and so the largest message this agent sends or accepts. */
export const MAX_UDP_PAYLOAD = 65_507;

/** usmStats* (RFC 3414 §5), in the order of their OIDs 1.3.6.1.6.3.15.1.1.{1..6}.0. */
export const USM_STATS = [
  'usmStatsUnsupportedSecLevels',
  'usmStatsNotInTimeWindows',
  'usmStatsUnknownUserNames',
  'usmStatsUnknownEngineIDs',
  'usmStatsWrongDigests',
  'usmStatsDecryptionErrors',
] as const;
export type UsmStat = (typeof USM_STATS)[number];

export function usmStatOid(stat: UsmStat): Oid {
  return [1, 3, 6, 1, 6, 3, 15, 1, 1, USM_STATS.indexOf(stat) + 1, 0];
}

/** Why a request got no reply. */
export type DropReason =
  | 'undecodable' // not BER, not SNMP, an unknown version (snmpInASNParseErrs, snmpInBadVersions)
  | 'bad-community' // snmpInBadCommunityNames
  | 'unsupported' // a PDU an agent does not answer, another security model, invalid msgFlags
  | 'not-reportable'; // a v3 failure that deserves a Report the sender did not ask for

export type ResponderCounters = Record<UsmStat, number> & {
  undecodable: number;
  badCommunity: number;
  unsupported: number;
};

export type ResponderOutcome =
  | { readonly kind: 'reply'; readonly bytes: Buffer; readonly report: boolean }
  | { readonly kind: 'drop'; readonly reason: DropReason };

export interface RespondOptions {
  readonly nowMs: number;
  /** Rewrites a Response PDU before it is encoded (misbehaviours that must still authenticate). */
  readonly tamper?: (pdu: Pdu) => Pdu;
  /** Local limit on the response size; the request's msgMaxSize may lower it. */
  readonly maxMessageSize?: number;
}

interface PreparedUser {
  readonly level: SecurityLevel;
  readonly auth: { readonly protocol: AuthProtocol; readonly key: Buffer } | undefined;
  readonly priv: PrivKey | undefined;
}

const LEVEL_RANK: Record<SecurityLevel, number> = { noAuthNoPriv: 0, authNoPriv: 1, authPriv: 2 };

function prepareUser(user: UsmUser, engineId: Buffer): PreparedUser {
  const rank = LEVEL_RANK[user.level];
  if (rank === 0) return { level: user.level, auth: undefined, priv: undefined };
  if (!user.authProtocol || !user.authKey) {
    throw new RangeError(
      `SNMPv3 user '${user.name}' at ${user.level} needs authProtocol and authKey`,
    );
  }
  const auth = {
    protocol: user.authProtocol,
    key: localizedAuthKey(user.authProtocol, user.authKey, engineId),
  };
  if (rank === 1) return { level: user.level, auth, priv: undefined };
  if (!user.privProtocol || !user.privKey) {
    throw new RangeError(`SNMPv3 user '${user.name}' at authPriv needs privProtocol and privKey`);
  }
  const priv = localizedPrivKey(user.privProtocol, user.authProtocol, user.privKey, engineId);
  return { level: user.level, auth, priv };
}

export function zeroResponderCounters(): ResponderCounters {
  return {
    undecodable: 0,
    badCommunity: 0,
    unsupported: 0,
    usmStatsUnsupportedSecLevels: 0,
    usmStatsNotInTimeWindows: 0,
    usmStatsUnknownUserNames: 0,
    usmStatsUnknownEngineIDs: 0,
    usmStatsWrongDigests: 0,
    usmStatsDecryptionErrors: 0,
  };
}

/** What a responder keeps per site between requests: counters, localized keys, salts. */
export class SiteAgentState {
  readonly counters: ResponderCounters = zeroResponderCounters();
  readonly salts = new SaltSequence();
  readonly community: Buffer;
  private readonly users = new Map<string, PreparedUser>();

  /** Localizes every user's keys now, so a bad user definition fails here and not on a request. */
  constructor(site: AgentSite) {
    this.community = Buffer.from(site.community, 'utf8');
    for (const user of site.users) {
      this.users.set(
        Buffer.from(user.name, 'utf8').toString('latin1'),
        prepareUser(user, site.engineId),
      );
    }
  }

  user(name: Buffer): PreparedUser | undefined {
    return this.users.get(name.toString('latin1'));
  }
}

export function respond(
  request: Buffer,
  site: AgentSite,
  state: SiteAgentState,
  options: RespondOptions,
): ResponderOutcome {
  let message: CommunityMessage | V3Message;
  try {
    message = decodeMessage(request);
  } catch (err) {
    if (!(err instanceof BerError)) throw err;
    state.counters.undecodable++;
    return { kind: 'drop', reason: 'undecodable' };
  }
  const maxSize = Math.min(options.maxMessageSize ?? MAX_UDP_PAYLOAD, MAX_UDP_PAYLOAD);
  if (message.version === 3) return respondV3(message, request, site, state, options, maxSize);
  return respondCommunity(message, site, state, options, maxSize);
}

// ---------------------------------------------------------------------------------------------
// v1 / v2c

function respondCommunity(
  message: CommunityMessage,
  site: AgentSite,
  state: SiteAgentState,
  options: RespondOptions,
  maxSize: number,
): ResponderOutcome {
  if (state.community.length === 0 || !message.community.equals(state.community)) {
    state.counters.badCommunity++;
    return { kind: 'drop', reason: 'bad-community' };
  }
  const { pdu } = message;
  const v1 = message.version === 0;
  if (!isConfirmedRequest(pdu) || (v1 && pdu.type === 'GetBulkRequest')) {
    state.counters.unsupported++;
    return { kind: 'drop', reason: 'unsupported' };
  }
  const fixed = integerSize(message.version) + tlvSize(message.community.length);
  const fixedPdu = pduFixedSize(pdu.requestId);
  const total = (varbindBytes: number): number =>
    tlvSize(fixed + tlvSize(fixedPdu + tlvSize(varbindBytes)));
  let response = answerPdu(pdu, site.mib, {
    v1,
    nowMs: options.nowMs,
    maxVarbindBytes: largestFitting(total, maxSize),
  });
  if (options.tamper) response = options.tamper(response);
  const bytes = encodeCommunityMessage({
    version: message.version,
    community: message.community,
    pdu: response,
  });
  return { kind: 'reply', bytes, report: false };
}

// ---------------------------------------------------------------------------------------------
// v3 with USM

const EMPTY: Buffer = Buffer.alloc(0);
/** RFC 3414 §3.2 step 7: the authoritative engine's time window. */
const TIME_WINDOW_S = 150;
const MAX_ENGINE_VALUE = 0x7fffffff;

export function engineTimeOf(site: AgentSite, nowMs: number): number {
  const seconds = Math.floor((nowMs - site.bootTimeMs()) / 1000);
  return Math.min(Math.max(seconds, 0), MAX_ENGINE_VALUE);
}

function flagsFor(level: SecurityLevel): number {
  return level === 'authPriv'
    ? MsgFlags.auth | MsgFlags.priv
    : level === 'authNoPriv'
      ? MsgFlags.auth
      : 0;
}

interface V3Request {
  readonly message: V3Message;
  readonly usm: UsmSecurityParameters;
  readonly site: AgentSite;
  readonly state: SiteAgentState;
  readonly nowMs: number;
}

function respondV3(
  message: V3Message,
  request: Buffer,
  site: AgentSite,
  state: SiteAgentState,
  options: RespondOptions,
  localMax: number,
): ResponderOutcome {
  const flags = message.msgFlags;
  if (
    message.msgSecurityModel !== USM_SECURITY_MODEL ||
    (flags & MsgFlags.priv && !(flags & MsgFlags.auth))
  ) {
    // snmpUnknownSecurityModels / snmpInvalidMsgs (RFC 3412 §7.2 steps 3–5).
    state.counters.unsupported++;
    return { kind: 'drop', reason: 'unsupported' };
  }
  let parsed: ReturnType<typeof decodeUsmSecurityParameters>;
  try {
    parsed = decodeUsmSecurityParameters(message);
  } catch (err) {
    if (!(err instanceof BerError)) throw err;
    state.counters.undecodable++;
    return { kind: 'drop', reason: 'undecodable' };
  }
  const { params: usm, authParamsOffset } = parsed;
  const req: V3Request = { message, usm, site, state, nowMs: options.nowMs };
  const level: SecurityLevel =
    flags & MsgFlags.priv ? 'authPriv' : flags & MsgFlags.auth ? 'authNoPriv' : 'noAuthNoPriv';

  // RFC 3414 §3.2, in its order: engine, user, level, digest, time window, decryption.
  if (!usm.engineId.equals(site.engineId)) return report(req, 'usmStatsUnknownEngineIDs');
  const user = state.user(usm.userName);
  if (user === undefined) return report(req, 'usmStatsUnknownUserNames');
  if (LEVEL_RANK[level] > LEVEL_RANK[user.level])
    return report(req, 'usmStatsUnsupportedSecLevels');
  if (user.auth && LEVEL_RANK[level] >= 1) {
    if (
      !verifyMessage(
        user.auth.protocol,
        user.auth.key,
        request,
        authParamsOffset,
        usm.authParams.length,
      )
    ) {
      return report(req, 'usmStatsWrongDigests');
    }
    const boots = site.engineBoots();
    const time = engineTimeOf(site, options.nowMs);
    if (
      boots === MAX_ENGINE_VALUE ||
      usm.engineBoots !== boots ||
      Math.abs(usm.engineTime - time) > TIME_WINDOW_S
    ) {
      // Authenticated, so the sender can trust the boots and time it carries (RFC 3414 §4).
      return report(req, 'usmStatsNotInTimeWindows', user);
    }
  }
  let plaintext = message.scopedPduData;
  if (level === 'authPriv') {
    if (!message.encrypted || !user.priv) return report(req, 'usmStatsDecryptionErrors');
    try {
      plaintext = decryptScopedPdu(
        user.priv,
        usm.engineBoots,
        usm.engineTime,
        usm.privParams,
        plaintext,
      );
    } catch (err) {
      if (!(err instanceof UsmError)) throw err;
      return report(req, 'usmStatsDecryptionErrors');
    }
  } else if (message.encrypted) {
    state.counters.undecodable++;
    return { kind: 'drop', reason: 'undecodable' };
  }
  let scoped: ScopedPdu;
  try {
    scoped = decodeScopedPdu(plaintext);
  } catch (err) {
    if (!(err instanceof BerError)) throw err;
    // Garbage after decryption means a wrong privacy key: net-snmp counts a decryption error too.
    if (level === 'authPriv') return report(req, 'usmStatsDecryptionErrors');
    state.counters.undecodable++;
    return { kind: 'drop', reason: 'undecodable' };
  }
  const { pdu } = scoped;
  if (!isConfirmedRequest(pdu)) {
    state.counters.unsupported++;
    return { kind: 'drop', reason: 'unsupported' };
  }

  let answer: Pdu;
  if (LEVEL_RANK[level] < LEVEL_RANK[user.level]) {
    // The user is configured for more security than this request uses: access control says no.
    answer = response(pdu, pdu.varbinds, ErrorStatus.authorizationError, 0);
  } else {
    const maxSize = Math.min(localMax, message.msgMaxSize);
    const total = v3SizeFunction(req, level, user, scoped.contextName, pdu.requestId);
    answer = answerPdu(pdu, site.mib, {
      v1: false,
      nowMs: options.nowMs,
      maxVarbindBytes: largestFitting(total, maxSize),
    });
  }
  if (options.tamper) answer = options.tamper(answer);
  const reply = { contextEngineId: site.engineId, contextName: scoped.contextName, pdu: answer };
  return {
    kind: 'reply',
    bytes: encodeV3Reply(req, level, user, usm.userName, reply),
    report: false,
  };
}

/** The exact size of the reply as a function of its varbind-list content. */
function v3SizeFunction(
  req: V3Request,
  level: SecurityLevel,
  user: PreparedUser,
  contextName: Buffer,
  requestId: number,
): (varbindBytes: number) => number {
  const { site, usm, message } = req;
  const authLength =
    user.auth && level !== 'noAuthNoPriv' ? authParamsLength(user.auth.protocol) : 0;
  const privLength = level === 'authPriv' ? 8 : 0;
  const header = integerSize(message.msgId) + integerSize(MAX_UDP_PAYLOAD) + 3 + 3;
  const security =
    tlvSize(site.engineId.length) +
    integerSize(site.engineBoots()) +
    integerSize(engineTimeOf(site, req.nowMs)) +
    tlvSize(usm.userName.length) +
    tlvSize(authLength) +
    tlvSize(privLength);
  const fixed = integerSize(3) + tlvSize(header) + tlvSize(tlvSize(security));
  const scopedFixed = tlvSize(site.engineId.length) + tlvSize(contextName.length);
  const pduFixed = pduFixedSize(requestId);
  const des = level === 'authPriv' && user.priv?.protocol === 'des';
  return (varbindBytes) => {
    const scoped = tlvSize(scopedFixed + tlvSize(pduFixed + tlvSize(varbindBytes)));
    const part = level === 'authPriv' ? tlvSize(des ? Math.ceil(scoped / 8) * 8 : scoped) : scoped;
    return 1 + lengthOfLength(fixed + part) + fixed + part;
  };
}

function report(req: V3Request, stat: UsmStat, authenticatedAs?: PreparedUser): ResponderOutcome {
  const { message, state, site, usm } = req;
  const count = ++state.counters[stat];
  if (!(message.msgFlags & MsgFlags.reportable)) return { kind: 'drop', reason: 'not-reportable' };
  // The request-id is echoed when it can be read (RFC 3412 §7.1 step 3); an encrypted one cannot.
  let requestId = 0;
  let contextName = EMPTY;
  if (!message.encrypted) {
    try {
      const scoped = decodeScopedPdu(message.scopedPduData);
      requestId = scoped.pdu.requestId;
      contextName = scoped.contextName;
    } catch (err) {
      if (!(err instanceof BerError)) throw err;
    }
  }
  const pdu: Pdu = {
    type: 'Report',
    requestId,
    errorStatus: 0,
    errorIndex: 0,
    varbinds: [{ oid: usmStatOid(stat), value: { type: 'Counter32', value: count % 2 ** 32 } }],
  };
  const level: SecurityLevel = authenticatedAs ? 'authNoPriv' : 'noAuthNoPriv';
  const scoped = { contextEngineId: site.engineId, contextName, pdu };
  return {
    kind: 'reply',
    bytes: encodeV3Reply(req, level, authenticatedAs, usm.userName, scoped),
    report: true,
  };
}

function encodeV3Reply(
  req: V3Request,
  level: SecurityLevel,
  user: PreparedUser | undefined,
  userName: Buffer,
  scoped: ScopedPdu,
): Buffer {
  const { site, state, message, nowMs } = req;
  const boots = site.engineBoots();
  const time = engineTimeOf(site, nowMs);
  let data: Buffer = encodeScopedPdu(scoped);
  let privParams = EMPTY;
  const encrypted = level === 'authPriv' && user?.priv !== undefined;
  if (encrypted && user?.priv) {
    privParams = state.salts.next(user.priv.protocol, boots);
    data = encryptScopedPdu(user.priv, boots, time, privParams, data);
  }
  const auth = level !== 'noAuthNoPriv' ? user?.auth : undefined;
  const { bytes, authParamsOffset } = encodeV3Message(
    {
      msgId: message.msgId,
      msgMaxSize: MAX_UDP_PAYLOAD,
      msgFlags: flagsFor(auth ? level : 'noAuthNoPriv'),
      msgSecurityModel: USM_SECURITY_MODEL,
    },
    {
      engineId: site.engineId,
      engineBoots: boots,
      engineTime: time,
      userName,
      authParams: auth ? Buffer.alloc(authParamsLength(auth.protocol)) : EMPTY,
      privParams,
    },
    data,
    encrypted,
  );
  if (auth) signMessage(auth.protocol, auth.key, bytes, authParamsOffset);
  return bytes;
}
