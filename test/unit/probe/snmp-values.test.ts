import snmp from 'net-snmp';
import { describe, expect, it } from 'vitest';
import {
  counter64FromOctets,
  displayString,
  isAbsent,
  type RawVarbind,
  readCounter64,
  readNumber,
  readText,
  SnmpType,
} from '../../../src/probe/snmp/snmp-values.js';

const vb = (type: number, value: RawVarbind['value']): RawVarbind => ({
  oid: '1.3.6.1',
  type,
  value,
});

describe('SNMP value reading', () => {
  it('uses the tags net-snmp reports', () => {
    expect(SnmpType.Counter32).toBe(snmp.ObjectType.Counter32);
    expect(SnmpType.Gauge32).toBe(snmp.ObjectType.Gauge32);
    expect(SnmpType.TimeTicks).toBe(snmp.ObjectType.TimeTicks);
    expect(SnmpType.Counter64).toBe(snmp.ObjectType.Counter64);
    expect(SnmpType.OctetString).toBe(snmp.ObjectType.OctetString);
    expect(SnmpType.NoSuchObject).toBe(snmp.ObjectType.NoSuchObject);
    expect(SnmpType.NoSuchInstance).toBe(snmp.ObjectType.NoSuchInstance);
    expect(SnmpType.EndOfMibView).toBe(snmp.ObjectType.EndOfMibView);
  });

  it('reads Counter64 content octets as an unsigned bigint', () => {
    expect(counter64FromOctets(Buffer.from([0x00]))).toBe(0n);
    expect(counter64FromOctets(Buffer.from([0x01, 0x00]))).toBe(256n);
    expect(counter64FromOctets(Buffer.from('00ffffffffffffffff', 'hex'))).toBe(2n ** 64n - 1n);
    // Without the leading zero an agent still means it unsigned.
    expect(counter64FromOctets(Buffer.from('8000000000000000', 'hex'))).toBe(2n ** 63n);
    expect(counter64FromOctets(Buffer.from('0218711a00', 'hex'))).toBe(9_000_000_000n);
    expect(counter64FromOctets(Buffer.alloc(0))).toBeNull();
    expect(counter64FromOctets(Buffer.from('010000000000000000', 'hex'))).toBeNull();
    expect(counter64FromOctets(Buffer.alloc(10))).toBeNull();
  });

  it('reads a Counter64 varbind, and refuses other types', () => {
    expect(readCounter64(vb(SnmpType.Counter64, Buffer.from('0218711a00', 'hex')))).toEqual({
      ok: true,
      value: 9_000_000_000n,
    });
    expect(readCounter64(vb(SnmpType.Counter32, 5))).toEqual({
      ok: false,
      error: 'is Counter32, expected Counter64',
    });
    expect(readCounter64(vb(SnmpType.OctetString, Buffer.from('123')))).toMatchObject({
      ok: false,
    });
    expect(readCounter64(vb(SnmpType.Counter64, Buffer.alloc(12)))).toMatchObject({ ok: false });
  });

  it('reads numbers only of the expected type', () => {
    expect(readNumber(vb(SnmpType.Counter32, 4294967295), 'Counter32')).toEqual({
      ok: true,
      value: 4294967295,
    });
    expect(readNumber(vb(SnmpType.Gauge32, 100), 'Counter32')).toEqual({
      ok: false,
      error: 'is Gauge32, expected Counter32',
    });
    expect(readNumber(vb(SnmpType.OctetString, Buffer.from('12345')), 'Counter32')).toEqual({
      ok: false,
      error: 'is OctetString, expected Counter32',
    });
    expect(readNumber(vb(SnmpType.TimeTicks, 12), 'TimeTicks')).toEqual({ ok: true, value: 12 });
    expect(readNumber(vb(SnmpType.Integer, 1), 'Integer')).toEqual({ ok: true, value: 1 });
    expect(readNumber(vb(SnmpType.Null, null), 'Integer')).toEqual({
      ok: false,
      error: 'is Null, expected Integer',
    });
    expect(readNumber(vb(0x47, 1), 'Integer')).toEqual({
      ok: false,
      error: 'is type 0x47, expected Integer',
    });
  });

  it('treats noSuchObject, noSuchInstance and endOfMibView as absent (null), whatever was expected', () => {
    for (const type of [SnmpType.NoSuchObject, SnmpType.NoSuchInstance, SnmpType.EndOfMibView]) {
      expect(isAbsent(vb(type, null))).toBe(true);
      expect(readNumber(vb(type, null), 'Counter32')).toEqual({ ok: true, value: null });
      expect(readCounter64(vb(type, null))).toEqual({ ok: true, value: null });
      expect(readText(vb(type, null))).toEqual({ ok: true, value: null });
    }
    expect(isAbsent(vb(SnmpType.Null, null))).toBe(false);
  });

  it('reads interface names as text without the NULs some agents append', () => {
    expect(readText(vb(SnmpType.OctetString, Buffer.from('ether1')))).toEqual({
      ok: true,
      value: 'ether1',
    });
    expect(displayString(Buffer.from('GigabitEthernet0/0/0\0\0'))).toBe('GigabitEthernet0/0/0');
    expect(displayString(Buffer.from('\0'))).toBe('');
    expect(readText(vb(SnmpType.Integer, 3))).toEqual({
      ok: false,
      error: 'is Integer, expected OctetString',
    });
  });
});
