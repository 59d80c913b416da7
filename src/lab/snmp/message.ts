// SNMP messages: v1/v2c (RFC 1157, RFC 1901) and v3 with the USM header (RFC 3412, RFC 3414).
// Pure codec; security (digests, encryption) lives in usm.ts and is applied around these functions.

import { BerError, BerReader, BerWriter, Tag } from './ber.js';
import type { Varbind } from './types.js';

export type PduType =
  | 'GetRequest'
  | 'GetNextRequest'
  | 'Response'
  | 'SetRequest'
  | 'GetBulkRequest'
  | 'InformRequest'
  | 'SNMPv2Trap'
  | 'Report';

const PDU_TAG: Record<PduType, number> = {
  GetRequest: Tag.GetRequest,
  GetNextRequest: Tag.GetNextRequest,
  Response: Tag.Response,
  SetRequest: Tag.SetRequest,
  GetBulkRequest: Tag.GetBulkRequest,
  InformRequest: Tag.InformRequest,
  SNMPv2Trap: Tag.SNMPv2Trap,
  Report: Tag.Report,
};

const PDU_TYPE_BY_TAG = new Map<number, PduType>(
  Object.entries(PDU_TAG).map(([type, tag]) => [tag, type as PduType]),
);

export interface Pdu {
  readonly type: PduType;
  readonly requestId: number;
  /** In a GetBulkRequest: non-repeaters. */
  readonly errorStatus: number;
  /** In a GetBulkRequest: max-repetitions. */
  readonly errorIndex: number;
  readonly varbinds: readonly Varbind[];
}

/** error-status values (RFC 3416 §3). */
export const ErrorStatus = {
  noError: 0,
  tooBig: 1,
  noSuchName: 2,
  badValue: 3,
  readOnly: 4,
  genErr: 5,
  noAccess: 6,
  wrongType: 7,
  notWritable: 17,
  authorizationError: 16,
} as const;

export const SnmpVersion = { v1: 0, v2c: 1, v3: 3 } as const;

export interface CommunityMessage {
  readonly version: 0 | 1;
  readonly community: Buffer;
  readonly pdu: Pdu;
}

/** msgFlags bits (RFC 3412 §6.4). */
export const MsgFlags = { auth: 0x01, priv: 0x02, reportable: 0x04 } as const;

export const USM_SECURITY_MODEL = 3;

export interface V3Header {
  readonly msgId: number;
  readonly msgMaxSize: number;
  readonly msgFlags: number;
  readonly msgSecurityModel: number;
}

export interface V3Message extends V3Header {
  readonly version: 3;
  /** The contents of msgSecurityParameters (a BER-encoded UsmSecurityParameters for USM). */
  readonly securityParameters: Buffer;
  /** Where `securityParameters` begins inside the message, to find the digest to verify. */
  readonly securityParametersOffset: number;
  /** Plaintext: the whole ScopedPDU TLV; encrypted: the encryptedPDU octets. */
  readonly scopedPduData: Buffer;
  readonly encrypted: boolean;
}

export type SnmpMessage = CommunityMessage | V3Message;

export interface UsmSecurityParameters {
  readonly engineId: Buffer;
  readonly engineBoots: number;
  readonly engineTime: number;
  readonly userName: Buffer;
  readonly authParams: Buffer;
  readonly privParams: Buffer;
}

export interface ScopedPdu {
  readonly contextEngineId: Buffer;
  readonly contextName: Buffer;
  readonly pdu: Pdu;
}

// ---------------------------------------------------------------------------------------------
// Decoding

export function decodeMessage(buf: Buffer): SnmpMessage {
  const top = new BerReader(buf);
  const msg = top.readSequence();
  if (!top.atEnd()) throw new BerError('bytes after the message', top.pos);
  const version = msg.readInteger();
  if (version === SnmpVersion.v1 || version === SnmpVersion.v2c) {
    const community = msg.readOctetString();
    const pdu = readPdu(msg);
    if (!msg.atEnd()) throw new BerError('bytes after the PDU', msg.pos);
    return { version, community, pdu };
  }
  if (version !== SnmpVersion.v3) throw new BerError(`unsupported SNMP version ${version}`, 0);
  const header = msg.readSequence();
  const msgId = header.readInteger();
  const msgMaxSize = header.readInteger();
  const flags = header.readOctetString();
  if (flags.length !== 1) throw new BerError('msgFlags must be one byte', header.pos);
  const msgSecurityModel = header.readInteger();
  if (msgId < 0 || msgMaxSize < 484)
    throw new BerError('msgID or msgMaxSize out of range', header.pos);
  const sec = msg.readTlv(Tag.OctetString);
  const tag = msg.peekTag();
  let scopedPduData: Buffer;
  let encrypted: boolean;
  if (tag === Tag.Sequence) {
    const tlv = msg.readTlv(Tag.Sequence);
    scopedPduData = buf.subarray(tlv.headerStart, tlv.end);
    encrypted = false;
  } else {
    scopedPduData = msg.readOctetString(Tag.OctetString);
    encrypted = true;
  }
  if (!msg.atEnd()) throw new BerError('bytes after the scoped PDU', msg.pos);
  return {
    version: 3,
    msgId,
    msgMaxSize,
    msgFlags: flags[0] as number,
    msgSecurityModel,
    securityParameters: buf.subarray(sec.start, sec.end),
    securityParametersOffset: sec.start,
    scopedPduData,
    encrypted,
  };
}

/** Decodes the USM parameters; `authParamsOffset` locates the digest inside the whole message. */
export function decodeUsmSecurityParameters(message: V3Message): {
  params: UsmSecurityParameters;
  authParamsOffset: number;
} {
  const outer = new BerReader(message.securityParameters);
  const r = outer.readSequence();
  if (!outer.atEnd()) throw new BerError('bytes after the security parameters', outer.pos);
  const engineId = r.readOctetString();
  const engineBoots = r.readInteger();
  const engineTime = r.readInteger();
  const userName = r.readOctetString();
  const auth = r.readTlv(Tag.OctetString);
  const privParams = r.readOctetString();
  if (!r.atEnd()) throw new BerError('bytes after msgPrivacyParameters', r.pos);
  if (engineId.length > 32 || userName.length > 32)
    throw new BerError('engineID or user name too long', 0);
  if (engineBoots < 0 || engineTime < 0)
    throw new BerError('negative engineBoots or engineTime', 0);
  return {
    params: {
      engineId,
      engineBoots,
      engineTime,
      userName,
      authParams: message.securityParameters.subarray(auth.start, auth.end),
      privParams,
    },
    authParamsOffset: message.securityParametersOffset + auth.start,
  };
}

export function decodeScopedPdu(bytes: Buffer): ScopedPdu {
  const outer = new BerReader(bytes);
  // No check for bytes after the ScopedPDU: decrypted DES plaintext carries padding (RFC 3414 §8.1.1.3).
  const r = outer.readSequence();
  const contextEngineId = r.readOctetString();
  const contextName = r.readOctetString();
  const pdu = readPdu(r);
  if (!r.atEnd()) throw new BerError('bytes after the PDU', r.pos);
  return { contextEngineId, contextName, pdu };
}

export function readPdu(r: BerReader): Pdu {
  const tag = r.peekTag();
  const type = PDU_TYPE_BY_TAG.get(tag);
  if (type === undefined) throw new BerError(`unsupported PDU tag 0x${tag.toString(16)}`, r.pos);
  const p = r.readSequence(tag);
  const requestId = p.readInteger();
  const errorStatus = p.readInteger();
  const errorIndex = p.readInteger();
  const list = p.readSequence();
  if (!p.atEnd()) throw new BerError('bytes after the variable bindings', p.pos);
  const varbinds: Varbind[] = [];
  while (!list.atEnd()) {
    const vb = list.readSequence();
    const oid = vb.readOid();
    const value = vb.readValue();
    if (!vb.atEnd()) throw new BerError('bytes after a variable binding value', vb.pos);
    varbinds.push({ oid, value });
  }
  return { type, requestId, errorStatus, errorIndex, varbinds };
}

// ---------------------------------------------------------------------------------------------
// Encoding

export function writePdu(w: BerWriter, pdu: Pdu): void {
  const mark = w.startSequence(PDU_TAG[pdu.type]);
  w.writeInteger(pdu.requestId);
  w.writeInteger(pdu.errorStatus);
  w.writeInteger(pdu.errorIndex);
  const list = w.startSequence();
  for (const vb of pdu.varbinds) {
    const m = w.startSequence();
    w.writeOid(vb.oid);
    w.writeValue(vb.value);
    w.endSequence(m);
  }
  w.endSequence(list);
  w.endSequence(mark);
}

export function encodeCommunityMessage(msg: CommunityMessage): Buffer {
  const w = new BerWriter(256 + msg.pdu.varbinds.length * 48);
  const mark = w.startSequence();
  w.writeInteger(msg.version);
  w.writeOctetString(msg.community);
  writePdu(w, msg.pdu);
  w.endSequence(mark);
  return w.finish();
}

export function encodeScopedPdu(scoped: ScopedPdu): Buffer {
  const w = new BerWriter(128 + scoped.pdu.varbinds.length * 48);
  const mark = w.startSequence();
  w.writeOctetString(scoped.contextEngineId);
  w.writeOctetString(scoped.contextName);
  writePdu(w, scoped.pdu);
  w.endSequence(mark);
  return w.finish();
}

/**
 * Encodes a v3 message around already-prepared scoped PDU data (plaintext TLV or ciphertext).
 * `usm.authParams` should hold zeros of the digest's length; `authParamsOffset` says where to write it.
 */
export function encodeV3Message(
  header: V3Header,
  usm: UsmSecurityParameters,
  scopedPduData: Buffer,
  encrypted: boolean,
): { bytes: Buffer; authParamsOffset: number } {
  const w = new BerWriter(160 + scopedPduData.length);
  const msg = w.startSequence();
  w.writeInteger(SnmpVersion.v3);
  const h = w.startSequence();
  w.writeInteger(header.msgId);
  w.writeInteger(header.msgMaxSize);
  w.writeOctetString(Buffer.of(header.msgFlags));
  w.writeInteger(header.msgSecurityModel);
  w.endSequence(h);
  const sec = w.startSequence(Tag.OctetString);
  const params = w.startSequence();
  w.writeOctetString(usm.engineId);
  w.writeInteger(usm.engineBoots);
  w.writeInteger(usm.engineTime);
  w.writeOctetString(usm.userName);
  w.writeOctetString(usm.authParams);
  // Where the digest's bytes sit now; closing the enclosing TLVs may move them right.
  let authParamsOffset = w.pos - usm.authParams.length;
  w.writeOctetString(usm.privParams);
  authParamsOffset += w.endSequence(params);
  authParamsOffset += w.endSequence(sec);
  if (encrypted) w.writeOctetString(scopedPduData);
  else w.writeBytes(scopedPduData);
  authParamsOffset += w.endSequence(msg);
  return { bytes: w.finish(), authParamsOffset };
}
