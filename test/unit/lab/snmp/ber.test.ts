import { describe, expect, it } from 'vitest';
import { BerError, BerReader, BerWriter, Tag, varbindSize } from '../../../../src/lab/snmp/ber.js';
import {
  decodeMessage,
  decodeScopedPdu,
  decodeUsmSecurityParameters,
} from '../../../../src/lab/snmp/message.js';
import { parseOid } from '../../../../src/lab/snmp/oid.js';
import type { VarbindValue } from '../../../../src/lab/snmp/types.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function encodeValue(value: VarbindValue): string {
  const w = new BerWriter(4);
  w.writeValue(value);
  return w.finish().toString('hex');
}

function decodeValue(bytes: string): VarbindValue {
  const r = new BerReader(hex(bytes));
  const v = r.readValue();
  expect(r.atEnd()).toBe(true);
  return v;
}

/** Seeded, so a failure can be replayed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

describe('BER INTEGER', () => {
  // X.690 §8.3: minimal two's complement.
  const cases: [number, string][] = [
    [0, '020100'],
    [1, '020101'],
    [127, '02017f'],
    [128, '02020080'],
    [255, '020200ff'],
    [256, '02020100'],
    [-1, '0201ff'],
    [-128, '020180'],
    [-129, '0202ff7f'],
    [-32768, '02028000'],
    [2147483647, '02047fffffff'],
    [-2147483648, '020480000000'],
  ];
  it.each(cases)('%d ⇄ %s', (value, bytes) => {
    expect(encodeValue({ type: 'Integer', value })).toBe(bytes);
    expect(decodeValue(bytes)).toEqual({ type: 'Integer', value });
  });

  it('refuses Integer32 values outside 32 bits when encoding', () => {
    expect(() => encodeValue({ type: 'Integer', value: 2 ** 31 })).toThrow(RangeError);
    expect(() => encodeValue({ type: 'Integer', value: 1.5 })).toThrow(RangeError);
  });

  it('accepts redundant leading bytes from sloppy encoders', () => {
    expect(decodeValue('0208000000000000002a')).toEqual({ type: 'Integer', value: 42 });
    expect(decodeValue('0208ffffffffffffffff')).toEqual({ type: 'Integer', value: -1 });
  });
});

describe('BER unsigned types', () => {
  const cases: [VarbindValue, string][] = [
    [{ type: 'Counter32', value: 0 }, '410100'],
    [{ type: 'Counter32', value: 127 }, '41017f'],
    [{ type: 'Counter32', value: 128 }, '41020080'],
    [{ type: 'Counter32', value: 2 ** 31 }, '41050080000000'],
    [{ type: 'Counter32', value: 4294967295 }, '410500ffffffff'],
    [{ type: 'Gauge32', value: 1_000_000_000 }, '42043b9aca00'],
    [{ type: 'TimeTicks', value: 123_456 }, '430301e240'],
    [{ type: 'Counter64', value: 0n }, '460100'],
    [{ type: 'Counter64', value: 2n ** 32n }, '46050100000000'],
    [{ type: 'Counter64', value: 2n ** 63n }, '4609008000000000000000'],
    [{ type: 'Counter64', value: 2n ** 64n - 1n }, '460900ffffffffffffffff'],
  ];
  it.each(cases)('%o ⇄ %s', (value, bytes) => {
    expect(encodeValue(value)).toBe(bytes);
    expect(decodeValue(bytes)).toEqual(value);
  });

  it('reads a negative encoding modulo 2^32, as net-snmp does', () => {
    expect(decodeValue('4101ff')).toEqual({ type: 'Counter32', value: 4294967295 });
  });

  it('refuses out-of-range values both ways', () => {
    expect(() => encodeValue({ type: 'Counter32', value: 2 ** 32 })).toThrow(RangeError);
    expect(() => encodeValue({ type: 'Gauge32', value: -1 })).toThrow(RangeError);
    expect(() => encodeValue({ type: 'Counter64', value: 2n ** 64n })).toThrow(RangeError);
    expect(() => decodeValue('41050100000000')).toThrow(BerError);
    expect(() => decodeValue('460a01000000000000000000')).toThrow(BerError);
  });
});

describe('BER OBJECT IDENTIFIER', () => {
  const cases: [string, string][] = [
    ['1.3.6.1.2.1.1.1.0', '06082b06010201010100'],
    // 14988 = 117·128 + 12: two sub-identifier bytes, the first with its high bit set.
    ['1.3.6.1.4.1.14988.1', '06082b06010401f50c01'],
    // X.690 §8.19.5's example: {2 999 3} → 40·2 + 999 = 1079 = 0x88 0x37.
    ['2.999.3', '0603883703'],
    ['0.0', '060100'],
    ['1.39', '06014f'],
    ['1.3.4294967295', '06062b8fffffff7f'],
    ['1.3.128', '06032b8100'],
  ];
  it.each(cases)('%s ⇄ %s', (oid, bytes) => {
    expect(encodeValue({ type: 'ObjectIdentifier', value: oid })).toBe(bytes);
    expect(decodeValue(bytes)).toEqual({ type: 'ObjectIdentifier', value: oid });
  });

  it('refuses OIDs that break the first-two-arcs rule or are too long', () => {
    expect(() => encodeValue({ type: 'ObjectIdentifier', value: '3.1' })).toThrow(RangeError);
    expect(() => encodeValue({ type: 'ObjectIdentifier', value: '1.40' })).toThrow(RangeError);
    expect(() => encodeValue({ type: 'ObjectIdentifier', value: '1' })).toThrow(RangeError);
    expect(() => parseOid(Array.from({ length: 129 }, () => '1').join('.'))).toThrow(RangeError);
  });

  it('refuses malformed sub-identifiers when decoding', () => {
    expect(() => decodeValue('06032b8001')).toThrow(/leading 0x80/);
    expect(() => decodeValue('06022b81')).toThrow(/ends inside/);
    expect(() => decodeValue('0600')).toThrow(BerError);
    expect(() => decodeValue('06072b8fffffffff7f')).toThrow(BerError);
  });
});

describe('BER strings, NULL, IpAddress, exceptions and lengths', () => {
  it('uses the long form for lengths of 128 and more', () => {
    const s200 = 'x'.repeat(200);
    expect(encodeValue({ type: 'OctetString', value: s200 }).slice(0, 6)).toBe('0481c8');
    const s300 = Buffer.alloc(300, 7);
    const bytes = encodeValue({ type: 'OctetString', value: s300 });
    expect(bytes.slice(0, 8)).toBe('0482012c');
    expect(decodeValue(bytes)).toEqual({ type: 'OctetString', value: s300 });
    const s70000 = Buffer.alloc(70_000, 1);
    expect(encodeValue({ type: 'OctetString', value: s70000 }).slice(0, 10)).toBe('0483011170');
  });

  it('encodes strings as UTF-8', () => {
    expect(encodeValue({ type: 'OctetString', value: 'Kantor Desa Sukamaju' })).toBe(
      `0414${Buffer.from('Kantor Desa Sukamaju').toString('hex')}`,
    );
    expect(encodeValue({ type: 'OctetString', value: 'é' })).toBe('0402c3a9');
  });

  it('encodes NULL, IpAddress, Opaque and the v2 exceptions', () => {
    expect(encodeValue({ type: 'Null' })).toBe('0500');
    expect(encodeValue({ type: 'IpAddress', value: '198.18.0.1' })).toBe('4004c6120001');
    expect(decodeValue('4004c6120001')).toEqual({ type: 'IpAddress', value: '198.18.0.1' });
    expect(encodeValue({ type: 'Opaque', value: hex('9f780442f60000') })).toBe(
      '44079f780442f60000',
    );
    expect(encodeValue({ type: 'NoSuchObject' })).toBe('8000');
    expect(encodeValue({ type: 'NoSuchInstance' })).toBe('8100');
    expect(encodeValue({ type: 'EndOfMibView' })).toBe('8200');
    expect(decodeValue('8100')).toEqual({ type: 'NoSuchInstance' });
    expect(() => encodeValue({ type: 'IpAddress', value: '198.18.0.256' })).toThrow(RangeError);
    expect(() => decodeValue('4003c61200')).toThrow(BerError);
    expect(() => decodeValue('050100')).toThrow(/NULL with content/);
  });

  it('closes nested sequences whose lengths need the long form', () => {
    const w = new BerWriter(8);
    const outer = w.startSequence();
    const inner = w.startSequence();
    w.writeOctetString(Buffer.alloc(150, 0xab));
    w.endSequence(inner);
    w.writeInteger(5);
    w.endSequence(outer);
    const bytes = w.finish();
    // inner: 30 81 99 (04 81 96 + 150 bytes); outer: 30 81 9f (156 + 3 for the INTEGER).
    expect(bytes.subarray(0, 6).toString('hex')).toBe('30819f308199');
    expect(bytes.length).toBe(3 + 0x9f);
    const r = new BerReader(bytes).readSequence();
    expect(r.readSequence().readOctetString()).toEqual(Buffer.alloc(150, 0xab));
    expect(r.readInteger()).toBe(5);
  });

  it('computes varbind sizes that match the encoding', () => {
    const values: VarbindValue[] = [
      { type: 'Integer', value: -129 },
      { type: 'Integer', value: 2147483647 },
      { type: 'OctetString', value: 'x'.repeat(130) },
      { type: 'ObjectIdentifier', value: '1.3.6.1.4.1.14988.1' },
      { type: 'IpAddress', value: '10.0.0.1' },
      { type: 'Counter32', value: 4294967295 },
      { type: 'TimeTicks', value: 99 },
      { type: 'Counter64', value: 2n ** 64n - 1n },
      { type: 'Null' },
      { type: 'EndOfMibView' },
    ];
    for (const value of values) {
      const oid = parseOid('1.3.6.1.2.1.31.1.1.1.6.300');
      const w = new BerWriter();
      const m = w.startSequence();
      w.writeOid(oid);
      w.writeValue(value);
      w.endSequence(m);
      expect(varbindSize(oid, value)).toBe(w.finish().length);
    }
  });
});

describe('BER decoding errors', () => {
  const bad: [string, string][] = [
    ['indefinite length', '3080020100'],
    ['length past the end', '300502010'],
    ['length of five bytes', '04850000000001'],
    ['long-form length past the end', '0482'],
    ['INTEGER with no content', '0200'],
    ['high-tag-number form', '1f0100'],
    ['unknown value tag', '0a0100'],
  ];
  it.each(bad)('%s → BerError', (_name, bytes) => {
    expect(() => new BerReader(hex(bytes)).readValue()).toThrow(BerError);
  });

  it('reports where the problem is', () => {
    try {
      new BerReader(hex('0203000001ff')).readSequence();
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(BerError);
      expect((err as BerError).offset).toBe(0);
    }
  });
});

/** Decodes as the agent would, all the way down; returns normally or throws. */
function decodeAll(bytes: Buffer): void {
  const m = decodeMessage(bytes);
  if (m.version === 3) {
    decodeUsmSecurityParameters(m);
    if (!m.encrypted) decodeScopedPdu(m.scopedPduData);
  }
}

function expectOnlyBerError(bytes: Buffer): void {
  try {
    decodeAll(bytes);
  } catch (err) {
    if (!(err instanceof BerError))
      throw new Error(`not a BerError for ${bytes.toString('hex')}: ${String(err)}`);
  }
}

const VALID = [
  // snmpget -v2c sysDescr.0, snmpget -v1 sysUpTime.0, snmpbulkget, snmpget -v3 discovery (captured).
  '302902010104067075626c6963a01c0204564fdc9f020100020100300e300c06082b060102010101000500',
  '302902010004067075626c6963a01c020477af0b38020100020100300e300c06082b060102010103000500',
  '303702010104067075626c6963a52a02042797a838020101020105301c300b06072b0601020101030500300d06092b060102010202010a0500',
  '303e020103301102045b49ef9c020300ffe30401040201030410300e0400020100020100040004000400301404000400a00e02043b8e33530201000201003000',
];

describe('decoding never throws anything but BerError', () => {
  it('on every prefix of valid messages', () => {
    for (const h of VALID) {
      const full = hex(h);
      expect(() => decodeAll(full)).not.toThrow();
      for (let n = 0; n < full.length; n++) {
        expect(() => decodeAll(full.subarray(0, n))).toThrow(BerError);
      }
    }
  });

  it('on 20,000 random buffers and 20,000 mutated valid messages', () => {
    const random = mulberry32(0x5eed);
    const started = Date.now();
    for (let i = 0; i < 20_000; i++) {
      const bytes = Buffer.alloc(Math.floor(random() * 96));
      for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(random() * 256);
      // Half of them start like a message, so decoding gets past the first TLV.
      if (i % 2 === 0 && bytes.length > 2) {
        bytes[0] = Tag.Sequence;
        bytes[1] = bytes.length - 2;
      }
      expectOnlyBerError(bytes);
    }
    for (let i = 0; i < 20_000; i++) {
      const bytes = Buffer.from(hex(VALID[i % VALID.length] as string));
      const flips = 1 + Math.floor(random() * 3);
      for (let k = 0; k < flips; k++)
        bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
      expectOnlyBerError(bytes);
    }
    // "Never hangs": 40,000 decodes of small inputs take well under a few seconds.
    expect(Date.now() - started).toBeLessThan(4000);
  });

  it('on deep or huge declared nesting without recursion trouble', () => {
    const deep = Buffer.alloc(2000);
    for (let i = 0; i < 1000; i++) {
      deep[2 * i] = 0x30;
      deep[2 * i + 1] = 0x80 + 1; // claims a 1-byte long length that is then followed by 0x30
    }
    expectOnlyBerError(deep);
    expectOnlyBerError(hex('3084ffffffff'));
  });
});
