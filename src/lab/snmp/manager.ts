// The manager's side of the codec, for the lab's own load generator and tests: building requests
// and reading replies, v2c and v3/USM. Pure: times and ids are passed in.

import { BerError } from './ber.js';
import {
  decodeMessage,
  decodeScopedPdu,
  decodeUsmSecurityParameters,
  encodeCommunityMessage,
  encodeScopedPdu,
  encodeV3Message,
  MsgFlags,
  type Pdu,
  SnmpVersion,
  USM_SECURITY_MODEL,
} from './message.js';
import type { UsmUser } from './responder.js';
import type { Oid } from './types.js';
import {
  type AuthProtocol,
  authParamsLength,
  decryptScopedPdu,
  encryptScopedPdu,
  localizedAuthKey,
  localizedPrivKey,
  type PrivKey,
  SaltSequence,
  signMessage,
  UsmError,
  verifyMessage,
} from './usm.js';

const EMPTY: Buffer = Buffer.alloc(0);
const MANAGER_MAX_SIZE = 65_507;

/** A reply the manager cannot accept: undecodable, unauthenticated, or not the expected kind. */
export class ManagerError extends Error {
  override readonly name = 'ManagerError';
}

export function getPdu(requestId: number, oids: readonly Oid[]): Pdu {
  return {
    type: 'GetRequest',
    requestId,
    errorStatus: 0,
    errorIndex: 0,
    varbinds: oids.map((oid) => ({ oid, value: { type: 'Null' } })),
  };
}

export function encodeCommunityRequest(version: 'v1' | 'v2c', community: string, pdu: Pdu): Buffer {
  return encodeCommunityMessage({
    version: version === 'v1' ? SnmpVersion.v1 : SnmpVersion.v2c,
    community: Buffer.from(community, 'utf8'),
    pdu,
  });
}

/** What engine discovery learns about an authoritative engine (RFC 3414 §4). */
export interface EngineInfo {
  readonly engineId: Buffer;
  readonly engineBoots: number;
  readonly engineTime: number;
  /** The local time at which `engineTime` was true. */
  readonly observedAtMs: number;
}

/** A noAuthNoPriv, reportable GET with an empty engineID: the agent answers with its engine. */
export function encodeDiscoveryRequest(msgId: number, requestId: number): Buffer {
  const scoped = encodeScopedPdu({
    contextEngineId: EMPTY,
    contextName: EMPTY,
    pdu: getPdu(requestId, []),
  });
  return encodeV3Message(
    {
      msgId,
      msgMaxSize: MANAGER_MAX_SIZE,
      msgFlags: MsgFlags.reportable,
      msgSecurityModel: USM_SECURITY_MODEL,
    },
    {
      engineId: EMPTY,
      engineBoots: 0,
      engineTime: 0,
      userName: EMPTY,
      authParams: EMPTY,
      privParams: EMPTY,
    },
    scoped,
    false,
  ).bytes;
}

/** Reads the engine from a discovery Report; throws ManagerError for anything else. */
export function readDiscoveryReport(
  bytes: Buffer,
  nowMs: number,
): { msgId: number; engine: EngineInfo } {
  try {
    const message = decodeMessage(bytes);
    if (message.version !== 3) throw new ManagerError('not an SNMPv3 message');
    const { params } = decodeUsmSecurityParameters(message);
    if (params.engineId.length === 0) throw new ManagerError('report carries no engineID');
    return {
      msgId: message.msgId,
      engine: {
        engineId: Buffer.from(params.engineId),
        engineBoots: params.engineBoots,
        engineTime: params.engineTime,
        observedAtMs: nowMs,
      },
    };
  } catch (err) {
    if (err instanceof BerError)
      throw new ManagerError(`undecodable discovery reply: ${err.message}`);
    throw err;
  }
}

/** A user's keys localized to one engine: encodes requests to it and opens its replies. */
export class V3Session {
  private readonly userName: Buffer;
  private readonly auth: { protocol: AuthProtocol; key: Buffer } | undefined;
  private readonly priv: PrivKey | undefined;
  private readonly salts = new SaltSequence();

  constructor(
    readonly user: UsmUser,
    readonly engine: EngineInfo,
  ) {
    this.userName = Buffer.from(user.name, 'utf8');
    if (user.level !== 'noAuthNoPriv') {
      if (!user.authProtocol || !user.authKey)
        throw new RangeError(`user ${user.name} needs auth settings`);
      this.auth = {
        protocol: user.authProtocol,
        key: localizedAuthKey(user.authProtocol, user.authKey, engine.engineId),
      };
      if (user.level === 'authPriv') {
        if (!user.privProtocol || !user.privKey)
          throw new RangeError(`user ${user.name} needs priv settings`);
        this.priv = localizedPrivKey(
          user.privProtocol,
          user.authProtocol,
          user.privKey,
          engine.engineId,
        );
      }
    }
  }

  /** The agent's engineTime at `nowMs`, extrapolated from discovery. */
  engineTimeAt(nowMs: number): number {
    return this.engine.engineTime + Math.floor((nowMs - this.engine.observedAtMs) / 1000);
  }

  encodeRequest(pdu: Pdu, msgId: number, nowMs: number, msgMaxSize = MANAGER_MAX_SIZE): Buffer {
    const boots = this.engine.engineBoots;
    const time = this.engineTimeAt(nowMs);
    let data: Buffer = encodeScopedPdu({
      contextEngineId: this.engine.engineId,
      contextName: EMPTY,
      pdu,
    });
    let privParams = EMPTY;
    if (this.priv) {
      privParams = this.salts.next(this.priv.protocol, boots);
      data = encryptScopedPdu(this.priv, boots, time, privParams, data);
    }
    const flags =
      MsgFlags.reportable | (this.auth ? MsgFlags.auth : 0) | (this.priv ? MsgFlags.priv : 0);
    const { bytes, authParamsOffset } = encodeV3Message(
      {
        msgId,
        msgMaxSize,
        msgFlags: flags,
        msgSecurityModel: USM_SECURITY_MODEL,
      },
      {
        engineId: this.engine.engineId,
        engineBoots: boots,
        engineTime: time,
        userName: this.userName,
        authParams: this.auth ? Buffer.alloc(authParamsLength(this.auth.protocol)) : EMPTY,
        privParams,
      },
      data,
      this.priv !== undefined,
    );
    if (this.auth) signMessage(this.auth.protocol, this.auth.key, bytes, authParamsOffset);
    return bytes;
  }

  /** Authenticates and decrypts a reply as far as its flags say; throws ManagerError when it fails. */
  decodeReply(bytes: Buffer): { msgId: number; flags: number; pdu: Pdu } {
    try {
      const message = decodeMessage(bytes);
      if (message.version !== 3) throw new ManagerError('not an SNMPv3 message');
      const { params, authParamsOffset } = decodeUsmSecurityParameters(message);
      let data = message.scopedPduData;
      if (message.msgFlags & MsgFlags.auth) {
        if (!this.auth) throw new ManagerError('authenticated reply for a user without auth');
        const ok = verifyMessage(
          this.auth.protocol,
          this.auth.key,
          bytes,
          authParamsOffset,
          params.authParams.length,
        );
        if (!ok) throw new ManagerError('reply digest does not verify');
      }
      if (message.msgFlags & MsgFlags.priv) {
        if (!this.priv || !message.encrypted) throw new ManagerError('cannot decrypt the reply');
        data = decryptScopedPdu(
          this.priv,
          params.engineBoots,
          params.engineTime,
          params.privParams,
          data,
        );
      } else if (message.encrypted) {
        throw new ManagerError('encrypted reply without the privacy flag');
      }
      return { msgId: message.msgId, flags: message.msgFlags, pdu: decodeScopedPdu(data).pdu };
    } catch (err) {
      if (err instanceof BerError || err instanceof UsmError) throw new ManagerError(err.message);
      throw err;
    }
  }
}
