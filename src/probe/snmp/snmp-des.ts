// Single DES for net-snmp's USM privacy (RFC 3414 §8) where Node's OpenSSL 3 keeps des-cbc in its
// legacy provider (Node 20 and later, unless started with --openssl-legacy-provider): 3DES-EDE
// with K1 = K2 = K3 computes exactly single DES (FIPS 46-3), and des-ede3-cbc is always there.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import snmp from 'net-snmp';

const BLOCK = 8;

/** DES-CBC of whole blocks with an 8-octet key, through 3DES-EDE with the key thrice. */
export function desCbc(encrypt: boolean, key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const k3 = Buffer.concat([key, key, key]);
  const cipher = encrypt
    ? createCipheriv('des-ede3-cbc', k3, iv)
    : createDecipheriv('des-ede3-cbc', k3, iv);
  // USM pads to the block size itself (RFC 3414 §8.1.1.2); no PKCS#7 padding on the wire.
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

export function singleDesAvailable(): boolean {
  try {
    createCipheriv('des-cbc', Buffer.alloc(BLOCK), Buffer.alloc(BLOCK));
    return true;
  } catch {
    return false;
  }
}

/** The DES key (first 8 octets of the localized privacy key) and pre-IV (next 8), RFC 3414 §8.1.1.1. */
function keyAndPreIv(authProtocol: number, privPassword: string, engineID: Buffer) {
  const localized = snmp.Authentication.passwordToKey(authProtocol, privPassword, engineID);
  return { key: localized.subarray(0, BLOCK), preIv: localized.subarray(BLOCK, 2 * BLOCK) };
}

const xor = (a: Buffer, b: Buffer): Buffer => Buffer.from(a.map((byte, i) => byte ^ (b[i] ?? 0)));

let installed = false;

/** Makes net-snmp's DES privacy work on this runtime; a no-op where des-cbc is available. */
export function ensureSingleDes(): void {
  if (installed) return;
  installed = true;
  if (singleDesAvailable()) return;
  const des = snmp.Encryption.algorithms[snmp.PrivProtocols.des];
  if (!des) return;
  des.encryptPdu = (scopedPdu, _privProtocol, privPassword, authProtocol, engine) => {
    const { key, preIv } = keyAndPreIv(authProtocol, privPassword, engine.engineID);
    // The salt: our engine boots (no persistent state, so 1, as net-snmp does) and a random word.
    const salt = Buffer.concat([Buffer.from([0, 0, 0, 1]), randomBytes(4)]);
    const padded = Buffer.alloc(Math.ceil(scopedPdu.length / BLOCK) * BLOCK);
    scopedPdu.copy(padded);
    return {
      encryptedPdu: desCbc(true, key, xor(preIv, salt), padded),
      msgPrivacyParameters: salt,
    };
  };
  des.decryptPdu = (
    encryptedPdu,
    _privProtocol,
    privParameters,
    privPassword,
    authProtocol,
    engine,
  ) => {
    const { key, preIv } = keyAndPreIv(authProtocol, privPassword, engine.engineID);
    if (privParameters.length !== BLOCK || encryptedPdu.length % BLOCK !== 0) {
      throw new Error('DES: privacy parameters or ciphertext of the wrong length');
    }
    return desCbc(false, key, xor(preIv, privParameters), encryptedPdu);
  };
}
