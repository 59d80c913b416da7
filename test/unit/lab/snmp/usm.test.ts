import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  AUTH_PROTOCOLS,
  type AuthProtocol,
  authParamsLength,
  decryptScopedPdu,
  encryptScopedPdu,
  localizedAuthKey,
  localizedPrivKey,
  localizeKey,
  messageDigest,
  type PrivKey,
  passwordToKey,
  SaltSequence,
  signMessage,
  UsmError,
  verifyMessage,
} from '../../../../src/lab/snmp/usm.js';

const RFC_ENGINE = Buffer.from('000000000000000000000002', 'hex');

describe('password to key and localization', () => {
  it('matches RFC 3414 A.3.1 (MD5) and A.3.2 (SHA-1)', () => {
    expect(passwordToKey('md5', 'maplesyrup').toString('hex')).toBe(
      '9faf3283884e92834ebc9847d8edd963',
    );
    expect(localizedAuthKey('md5', 'maplesyrup', RFC_ENGINE).toString('hex')).toBe(
      '526f5eed9fcce26f8964c2930787d82b',
    );
    expect(passwordToKey('sha', 'maplesyrup').toString('hex')).toBe(
      '9fb5cc0381497b3793528939ff788d5d79145211',
    );
    expect(localizedAuthKey('sha', 'maplesyrup', RFC_ENGINE).toString('hex')).toBe(
      '6695febc9288e36282235fc7151f128497b38f3f',
    );
  });

  // RFC 7860 publishes no key vectors; these were computed with Python's hashlib from RFC 3414 A.2's
  // algorithm (an independent implementation), and the interop test checks them against net-snmp.
  const sha2: [AuthProtocol, string][] = [
    ['sha224', '0bd8827c6e29f8065e08e09237f177e410f69b90e1782be682075674'],
    ['sha256', '8982e0e549e866db361a6b625d84cccc11162d453ee8ce3a6445c2d6776f0f8b'],
    [
      'sha384',
      '3b298f16164a11184279d5432bf169e2d2a48307de02b3d3f7e2b4f36eb6f0455a53689a3937eea07319a633d2ccba78',
    ],
    [
      'sha512',
      '22a5a36cedfcc085807a128d7bc6c2382167ad6c0dbc5fdff856740f3d84c099ad1ea87a8db096714d9788bd544047c9021e4229ce27e4c0a69250adfcffbb0b',
    ],
  ];
  it.each(sha2)(
    '%s localizes maplesyrup like an independent implementation',
    (protocol, expected) => {
      expect(localizedAuthKey(protocol, 'maplesyrup', RFC_ENGINE).toString('hex')).toBe(expected);
    },
  );

  it('keys differ per engine and per password', () => {
    const ku = passwordToKey('sha', 'maplesyrup');
    const other = Buffer.from('000000000000000000000003', 'hex');
    expect(localizeKey('sha', ku, other).equals(localizeKey('sha', ku, RFC_ENGINE))).toBe(false);
    expect(passwordToKey('sha', 'maplesyrup!').equals(ku)).toBe(false);
  });

  it('expands passwords whose length does not divide the 1 MB evenly', () => {
    // 7 bytes does not divide 1,048,576; a misaligned chunk would change the key. Compare with the
    // textbook loop over the whole megabyte.
    const pw = 'abcdefg';
    const big = Buffer.alloc(1_048_576);
    for (let i = 0; i < big.length; i++) big[i] = pw.charCodeAt(i % pw.length);
    expect(passwordToKey('sha', pw).toString('hex')).toBe(
      createHash('sha1').update(big).digest('hex'),
    );
  });

  it('refuses an empty password', () => {
    expect(() => passwordToKey('md5', '')).toThrow(RangeError);
  });
});

describe('digests', () => {
  it('truncates each HMAC to the length its RFC gives', () => {
    const lengths = AUTH_PROTOCOLS.map((p) => authParamsLength(p));
    expect(lengths).toEqual([12, 12, 16, 24, 32, 48]);
  });

  it('is the truncated HMAC of the message with the digest field zeroed', () => {
    const key = localizedAuthKey('sha256', 'pantau-sha256-key', RFC_ENGINE);
    const message = Buffer.concat([Buffer.from('head'), Buffer.alloc(24), Buffer.from('tail')]);
    signMessage('sha256', key, message, 4);
    const zeroed = Buffer.concat([Buffer.from('head'), Buffer.alloc(24), Buffer.from('tail')]);
    const hmac = createHmac('sha256', key).update(zeroed).digest().subarray(0, 24);
    expect(message.subarray(4, 28)).toEqual(hmac);
    expect(messageDigest('sha256', key, zeroed)).toEqual(hmac);
    expect(verifyMessage('sha256', key, message, 4, 24)).toBe(true);
    // The check leaves the message as it came.
    expect(message.subarray(4, 28)).toEqual(hmac);
  });

  it('rejects a changed message, a wrong key and a digest of the wrong length', () => {
    const key = localizedAuthKey('md5', 'pantau-auth-des', RFC_ENGINE);
    const message = Buffer.concat([Buffer.alloc(12), Buffer.from('payload')]);
    signMessage('md5', key, message, 0);
    expect(verifyMessage('md5', key, message, 0, 12)).toBe(true);
    const tampered = Buffer.from(message);
    tampered.writeUInt8(tampered.readUInt8(tampered.length - 1) ^ 1, tampered.length - 1);
    expect(verifyMessage('md5', key, tampered, 0, 12)).toBe(false);
    expect(
      verifyMessage('md5', localizedAuthKey('md5', 'another-pass', RFC_ENGINE), message, 0, 12),
    ).toBe(false);
    expect(verifyMessage('md5', key, message, 0, 16)).toBe(false);
  });
});

describe('privacy', () => {
  it('DES-CBC: IV = pre-IV xor salt, checked against FIPS 81 Appendix C', () => {
    // FIPS 81's CBC example: key 0123456789abcdef, IV 1234567890abcdef, "Now is the time for all ".
    const k = Buffer.from('0123456789abcdef', 'hex');
    const key: PrivKey = {
      protocol: 'des',
      cipherKey: Buffer.concat([k, k, k]),
      preIv: Buffer.from('1234567890abcdef', 'hex'),
    };
    const ct = encryptScopedPdu(
      key,
      0,
      0,
      Buffer.alloc(8),
      Buffer.from('Now is the time for all '),
    );
    expect(ct.toString('hex')).toBe('e5c7cdde872bf27c43e934008c389c0f683788499a7c05f6');
    // A salt of all ones flips the IV: different ciphertext, same plaintext back.
    const salt = Buffer.alloc(8, 0xff);
    const ct2 = encryptScopedPdu(key, 0, 0, salt, Buffer.from('Now is the time for all '));
    expect(ct2.equals(ct)).toBe(false);
    expect(decryptScopedPdu(key, 0, 0, salt, ct2).toString()).toBe('Now is the time for all ');
  });

  it('AES-128-CFB: IV = engineBoots ‖ engineTime ‖ salt, checked against NIST SP 800-38A F.3.13', () => {
    const key: PrivKey = {
      protocol: 'aes',
      cipherKey: Buffer.from('2b7e151628aed2a6abf7158809cf4f3c', 'hex'),
      preIv: undefined,
    };
    const salt = Buffer.from('08090a0b0c0d0e0f', 'hex');
    const pt = Buffer.from('6bc1bee22e409f96e93d7e117393172a', 'hex');
    const ct = encryptScopedPdu(key, 0x00010203, 0x04050607, salt, pt);
    expect(ct.toString('hex')).toBe('3b3fd92eb72dad20333449f8e83cfb4a');
    expect(decryptScopedPdu(key, 0x00010203, 0x04050607, salt, ct)).toEqual(pt);
  });

  it('pads DES plaintext to whole blocks and leaves AES unpadded', () => {
    const des = localizedPrivKey('des', 'md5', 'pantau-priv-des', RFC_ENGINE);
    const aes = localizedPrivKey('aes', 'sha', 'pantau-priv-2024', RFC_ENGINE);
    const pt = Buffer.from('thirteen byte');
    expect(encryptScopedPdu(des, 1, 2, Buffer.alloc(8), pt).length).toBe(16);
    expect(encryptScopedPdu(aes, 1, 2, Buffer.alloc(8), pt).length).toBe(13);
    const back = decryptScopedPdu(
      des,
      1,
      2,
      Buffer.alloc(8),
      encryptScopedPdu(des, 1, 2, Buffer.alloc(8), pt),
    );
    expect(back.subarray(0, 13)).toEqual(pt);
  });

  it('derives the DES key and pre-IV from the two halves of the localized key', () => {
    const kul = localizedAuthKey('md5', 'maplesyrup', RFC_ENGINE);
    const des = localizedPrivKey('des', 'md5', 'maplesyrup', RFC_ENGINE);
    expect(des.cipherKey).toEqual(
      Buffer.concat([kul.subarray(0, 8), kul.subarray(0, 8), kul.subarray(0, 8)]),
    );
    expect(des.preIv).toEqual(kul.subarray(8, 16));
    expect(localizedPrivKey('aes', 'sha512', 'maplesyrup', RFC_ENGINE).cipherKey).toEqual(
      localizedAuthKey('sha512', 'maplesyrup', RFC_ENGINE).subarray(0, 16),
    );
  });

  it('reports impossible parameters as UsmError', () => {
    const des = localizedPrivKey('des', 'md5', 'pantau-priv-des', RFC_ENGINE);
    expect(() => decryptScopedPdu(des, 0, 0, Buffer.alloc(7), Buffer.alloc(8))).toThrow(UsmError);
    expect(() => decryptScopedPdu(des, 0, 0, Buffer.alloc(8), Buffer.alloc(12))).toThrow(UsmError);
  });

  it('never repeats a salt; DES salts start with engineBoots', () => {
    const salts = new SaltSequence(7);
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) seen.add(salts.next('aes', 1).toString('hex'));
    expect(seen.size).toBe(1000);
    expect(salts.next('des', 0x01020304).subarray(0, 4).toString('hex')).toBe('01020304');
  });
});
