import { describe, expect, it } from 'vitest';
import { BerError } from '../../../../src/lab/snmp/ber.js';
import {
  decodeMessage,
  decodeScopedPdu,
  decodeUsmSecurityParameters,
  encodeCommunityMessage,
  encodeScopedPdu,
  encodeV3Message,
  type Pdu,
} from '../../../../src/lab/snmp/message.js';
import { formatOid, parseOid } from '../../../../src/lab/snmp/oid.js';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

// Captured from Debian's net-snmp 5.9.3 tools sending to a plain UDP socket.
const SNMPGET_V2C = hex(
  '302902010104067075626c6963a01c0204564fdc9f020100020100300e300c06082b060102010101000500',
);
const SNMPGET_V1 = hex(
  '302902010004067075626c6963a01c020477af0b38020100020100300e300c06082b060102010103000500',
);
const SNMPBULKGET = hex(
  '303702010104067075626c6963a52a02042797a838020101020105301c300b06072b0601020101030500300d06092b060102010202010a0500',
);
const SNMPGET_V3_DISCOVERY = hex(
  '303e020103301102045b49ef9c020300ffe30401040201030410300e0400020100020100040004000400301404000400a00e02043b8e33530201000201003000',
);

describe('community messages', () => {
  it('decodes snmpget -v2c sysDescr.0', () => {
    const m = decodeMessage(SNMPGET_V2C);
    expect(m.version).toBe(1);
    if (m.version === 3) throw new Error('unreachable');
    expect(m.community.toString()).toBe('public');
    expect(m.pdu.type).toBe('GetRequest');
    expect(m.pdu.requestId).toBe(0x564fdc9f);
    expect(m.pdu.varbinds.map((vb) => [formatOid(vb.oid), vb.value.type])).toEqual([
      ['1.3.6.1.2.1.1.1.0', 'Null'],
    ]);
  });

  it('decodes snmpget -v1 and snmpbulkget -Cn1 -Cr5', () => {
    const v1 = decodeMessage(SNMPGET_V1);
    expect(v1.version).toBe(0);
    const bulk = decodeMessage(SNMPBULKGET);
    if (bulk.version === 3) throw new Error('unreachable');
    expect(bulk.pdu.type).toBe('GetBulkRequest');
    expect(bulk.pdu.errorStatus).toBe(1); // non-repeaters
    expect(bulk.pdu.errorIndex).toBe(5); // max-repetitions
    expect(bulk.pdu.varbinds.map((vb) => formatOid(vb.oid))).toEqual([
      '1.3.6.1.2.1.1.3',
      '1.3.6.1.2.1.2.2.1.10',
    ]);
  });

  it('re-encodes what net-snmp sent byte for byte', () => {
    for (const bytes of [SNMPGET_V2C, SNMPGET_V1, SNMPBULKGET]) {
      const m = decodeMessage(bytes);
      if (m.version === 3) throw new Error('unreachable');
      expect(encodeCommunityMessage(m).toString('hex')).toBe(bytes.toString('hex'));
    }
  });

  it('round-trips a response with every value type and a long-form length', () => {
    const pdu: Pdu = {
      type: 'Response',
      requestId: -5,
      errorStatus: 0,
      errorIndex: 0,
      varbinds: [
        {
          oid: parseOid('1.3.6.1.2.1.1.1.0'),
          value: { type: 'OctetString', value: Buffer.from('x'.repeat(300)) },
        },
        {
          oid: parseOid('1.3.6.1.2.1.1.2.0'),
          value: { type: 'ObjectIdentifier', value: '1.3.6.1.4.1.2011.6.128' },
        },
        { oid: parseOid('1.3.6.1.2.1.1.3.0'), value: { type: 'TimeTicks', value: 4294967295 } },
        {
          oid: parseOid('1.3.6.1.2.1.4.20.1.1.10.0.0.1'),
          value: { type: 'IpAddress', value: '10.0.0.1' },
        },
        { oid: parseOid('1.3.6.1.2.1.2.2.1.10.1'), value: { type: 'Counter32', value: 2 ** 31 } },
        { oid: parseOid('1.3.6.1.2.1.2.2.1.5.1'), value: { type: 'Gauge32', value: 1e9 } },
        {
          oid: parseOid('1.3.6.1.2.1.31.1.1.1.6.1'),
          value: { type: 'Counter64', value: 2n ** 40n + 7n },
        },
        { oid: parseOid('1.3.6.1.2.1.2.1.0'), value: { type: 'Integer', value: -2 } },
        {
          oid: parseOid('1.3.6.1.4.1.1.1'),
          value: { type: 'Opaque', value: Buffer.from([1, 2, 3]) },
        },
        { oid: parseOid('1.3.6.1.4.1.1.2'), value: { type: 'NoSuchObject' } },
        { oid: parseOid('1.3.6.1.4.1.1.3'), value: { type: 'NoSuchInstance' } },
        { oid: parseOid('1.3.6.1.4.1.1.4'), value: { type: 'EndOfMibView' } },
      ],
    };
    const bytes = encodeCommunityMessage({ version: 1, community: Buffer.from('rahasia'), pdu });
    expect(bytes[1]).toBe(0x82); // the whole message needs a two-byte length
    const back = decodeMessage(bytes);
    if (back.version === 3) throw new Error('unreachable');
    expect(back.pdu).toEqual(pdu);
  });

  it('refuses unknown versions, trailing bytes and v1 traps as BerError', () => {
    const v2 = Buffer.from(SNMPGET_V2C);
    v2[4] = 2; // version 2 (SNMPv2u/v2*): never deployed
    expect(() => decodeMessage(v2)).toThrow(/unsupported SNMP version 2/);
    expect(() => decodeMessage(Buffer.concat([SNMPGET_V2C, Buffer.from([0])]))).toThrow(BerError);
    const trap = Buffer.from(SNMPGET_V2C);
    trap[13] = 0xa4;
    expect(() => decodeMessage(trap)).toThrow(/unsupported PDU tag 0xa4/);
  });
});

describe('v3 messages', () => {
  it('decodes net-snmp engine discovery', () => {
    const m = decodeMessage(SNMPGET_V3_DISCOVERY);
    if (m.version !== 3) throw new Error('expected v3');
    expect(m.msgId).toBe(0x5b49ef9c);
    expect(m.msgMaxSize).toBe(65507);
    expect(m.msgFlags).toBe(0x04); // reportable, noAuthNoPriv
    expect(m.msgSecurityModel).toBe(3);
    expect(m.encrypted).toBe(false);
    const { params } = decodeUsmSecurityParameters(m);
    expect(params.engineId.length).toBe(0);
    expect(params.userName.length).toBe(0);
    const scoped = decodeScopedPdu(m.scopedPduData);
    expect(scoped.pdu.type).toBe('GetRequest');
    expect(scoped.pdu.requestId).toBe(0x3b8e3353);
    expect(scoped.pdu.varbinds).toEqual([]);
  });

  it('locates the digest in the encoded message, through long-form lengths', () => {
    const engineId = hex('80001f8804706b7475');
    const scoped = encodeScopedPdu({
      contextEngineId: engineId,
      contextName: Buffer.alloc(0),
      pdu: { type: 'Response', requestId: 9, errorStatus: 0, errorIndex: 0, varbinds: [] },
    });
    for (const payload of [scoped, Buffer.alloc(500, 0x5a)]) {
      const encrypted = payload !== scoped;
      const { bytes, authParamsOffset } = encodeV3Message(
        { msgId: 77, msgMaxSize: 65507, msgFlags: encrypted ? 3 : 1, msgSecurityModel: 3 },
        {
          engineId,
          engineBoots: 2,
          engineTime: 4000,
          userName: Buffer.from('pantau'),
          authParams: Buffer.alloc(12),
          privParams: encrypted ? Buffer.alloc(8, 1) : Buffer.alloc(0),
        },
        payload,
        encrypted,
      );
      bytes.fill(0xee, authParamsOffset, authParamsOffset + 12);
      const m = decodeMessage(bytes);
      if (m.version !== 3) throw new Error('expected v3');
      const { params, authParamsOffset: found } = decodeUsmSecurityParameters(m);
      expect(found).toBe(authParamsOffset);
      expect(params.authParams).toEqual(Buffer.alloc(12, 0xee));
      expect(params.engineTime).toBe(4000);
      expect(m.encrypted).toBe(encrypted);
      expect(m.scopedPduData).toEqual(payload);
    }
  });

  it('refuses a msgMaxSize under the RFC 3412 minimum of 484', () => {
    const bad = Buffer.from(SNMPGET_V3_DISCOVERY);
    // msgMaxSize is 02 03 00 ff e3 at byte 13; make it 00 01 e3 = 483.
    expect(bad.subarray(13, 18).toString('hex')).toBe('020300ffe3');
    bad[16] = 0x01;
    expect(() => decodeMessage(bad)).toThrow(/msgMaxSize out of range/);
  });
});
