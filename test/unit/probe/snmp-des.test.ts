import snmp from 'net-snmp';
import { describe, expect, it } from 'vitest';
import { desCbc, ensureSingleDes } from '../../../src/probe/snmp/snmp-des.js';

describe('single DES through 3DES-EDE', () => {
  it('computes DES-CBC: the FIPS 81 example', () => {
    const key = Buffer.from('0123456789abcdef', 'hex');
    const iv = Buffer.from('1234567890abcdef', 'hex');
    const plain = Buffer.from('Now is the time for all ');
    const cipher = desCbc(true, key, iv, plain);
    expect(cipher.toString('hex')).toBe('e5c7cdde872bf27c43e934008c389c0f683788499a7c05f6');
    expect(desCbc(false, key, iv, cipher).toString()).toBe('Now is the time for all ');
  });

  it('gives net-snmp a DES that round-trips a scoped PDU, padded to the block', () => {
    ensureSingleDes();
    const des = snmp.Encryption.algorithms[snmp.PrivProtocols.des];
    if (!des) throw new Error('net-snmp has no DES entry');
    const engine = {
      engineID: Buffer.from('80001f8880aabbccdd', 'hex'),
      engineBoots: 1,
      engineTime: 100,
    };
    const pdu = Buffer.from(
      '301a04000400a0140201010201000201003009300706032b0601 0500'.replace(/ /g, ''),
      'hex',
    );
    const { encryptedPdu, msgPrivacyParameters } = des.encryptPdu(
      pdu,
      snmp.PrivProtocols.des,
      'privpass123',
      snmp.AuthProtocols.md5,
      engine,
    );
    expect(encryptedPdu.length % 8).toBe(0);
    expect(msgPrivacyParameters).toHaveLength(8);
    const back = des.decryptPdu(
      encryptedPdu,
      snmp.PrivProtocols.des,
      msgPrivacyParameters,
      'privpass123',
      snmp.AuthProtocols.md5,
      engine,
    );
    expect(back.subarray(0, pdu.length).equals(pdu)).toBe(true);
    const wrong = des.decryptPdu(
      encryptedPdu,
      snmp.PrivProtocols.des,
      msgPrivacyParameters,
      'other-pass-1',
      snmp.AuthProtocols.md5,
      engine,
    );
    expect(wrong.subarray(0, pdu.length).equals(pdu)).toBe(false);
  });
});
