import { describe, expect, it } from 'vitest';
import { BerError } from '../../../../src/lab/snmp/ber.js';
import { encodeCommunityRequest } from '../../../../src/lab/snmp/manager.js';
import { decodeMessage, type Pdu } from '../../../../src/lab/snmp/message.js';
import {
  type Misbehaviour,
  mangleReply,
  pduTamper,
  replyDelayMs,
} from '../../../../src/lab/snmp/misbehaviour.js';
import { parseOid } from '../../../../src/lab/snmp/oid.js';

const RESPONSE: Pdu = {
  type: 'Response',
  requestId: 1234,
  errorStatus: 0,
  errorIndex: 0,
  varbinds: [
    { oid: parseOid('1.3.6.1.2.1.1.3.0'), value: { type: 'TimeTicks', value: 360_000 } },
    { oid: parseOid('1.3.6.1.2.1.1.5.0'), value: { type: 'OctetString', value: 'kec-kota' } },
    { oid: parseOid('1.3.6.1.2.1.2.2.1.5.1'), value: { type: 'Gauge32', value: 100_000_000 } },
    { oid: parseOid('1.3.6.1.2.1.2.2.1.8.1'), value: { type: 'Integer', value: 1 } },
    { oid: parseOid('1.3.6.1.2.1.2.2.1.10.1'), value: { type: 'Counter32', value: 4_000_000_000 } },
    {
      oid: parseOid('1.3.6.1.2.1.31.1.1.1.6.1'),
      value: { type: 'Counter64', value: 12_345_678_901_234n },
    },
  ],
};

const malformed = (
  form: 'garbage' | 'truncated' | 'wrong-request-id' | 'wrong-type',
): Misbehaviour => ({
  kind: 'malformed',
  form,
});

function seq(values: number[]): () => number {
  let i = 0;
  return () => values[i++ % values.length] as number;
}

describe('PDU tampering', () => {
  it('wrong-request-id answers with a different, valid request-id and nothing else changed', () => {
    const tamper = pduTamper(malformed('wrong-request-id'));
    for (const id of [0, 1, 1234, 0x7fffffff, -0x80000000, -1]) {
      const out = tamper?.({ ...RESPONSE, requestId: id });
      expect(out?.requestId).not.toBe(id);
      expect(Number.isInteger(out?.requestId)).toBe(true);
      expect(Math.abs(out?.requestId ?? 2 ** 32)).toBeLessThanOrEqual(2 ** 31);
      expect(out?.varbinds).toBe(RESPONSE.varbinds);
    }
  });

  it('wrong-type sends counters, gauges and ticks as decimal text, the rest unchanged', () => {
    const out = pduTamper(malformed('wrong-type'))?.(RESPONSE);
    expect(out?.varbinds.map((vb) => vb.value)).toEqual([
      { type: 'OctetString', value: '360000' },
      { type: 'OctetString', value: 'kec-kota' },
      { type: 'OctetString', value: '100000000' },
      { type: 'Integer', value: 1 },
      { type: 'OctetString', value: '4000000000' },
      { type: 'OctetString', value: '12345678901234' },
    ]);
    expect(out?.requestId).toBe(RESPONSE.requestId);
  });

  it('leaves the PDU alone for the other behaviours', () => {
    for (const b of [
      { kind: 'normal' },
      { kind: 'silent' },
      { kind: 'slow', delayMs: 5 },
      malformed('garbage'),
      malformed('truncated'),
    ] as Misbehaviour[]) {
      expect(pduTamper(b)).toBeUndefined();
    }
  });
});

describe('reply mangling', () => {
  const reply = encodeCommunityRequest('v2c', 'public', { ...RESPONSE });

  it('garbage: random bytes as long as the reply, which do not decode', () => {
    const out = mangleReply(malformed('garbage'), reply, seq([0.1875, 0.5, 0.9, 0.25, 0.75]));
    expect(out.length).toBe(reply.length);
    expect(out[0]).not.toBe(0x30);
    expect(() => decodeMessage(out)).toThrow(BerError);
    // Even when the random source would start it with a SEQUENCE tag (0x30 = 48 = 0.1875 × 256).
    expect(out[0]).toBe(0x31);
  });

  it('truncated: a proper prefix of the reply, which does not decode', () => {
    for (const r of [0, 0.3, 0.999]) {
      const out = mangleReply(malformed('truncated'), reply, () => r);
      expect(out.length).toBeGreaterThan(0);
      expect(out.length).toBeLessThan(reply.length);
      expect(reply.subarray(0, out.length)).toEqual(out);
      expect(() => decodeMessage(out)).toThrow(BerError);
    }
  });

  it('passes the reply through otherwise', () => {
    expect(mangleReply({ kind: 'normal' }, reply, Math.random)).toBe(reply);
    expect(mangleReply(malformed('wrong-type'), reply, Math.random)).toBe(reply);
  });
});

describe('reply delay', () => {
  it('is none for silent, the delay for slow, zero otherwise', () => {
    expect(replyDelayMs({ kind: 'silent' })).toBeUndefined();
    expect(replyDelayMs({ kind: 'slow', delayMs: 700 })).toBe(700);
    expect(replyDelayMs({ kind: 'slow', delayMs: -5 })).toBe(0);
    expect(replyDelayMs({ kind: 'normal' })).toBe(0);
    expect(replyDelayMs(malformed('garbage'))).toBe(0);
  });
});
