// The User-based Security Model's cryptography: keys (RFC 3414 §A.2), digests (RFC 3414, RFC 7860)
// and privacy (DES-CBC, RFC 3414 §8; AES-128-CFB, RFC 3826). Pure apart from the key cache.

import {
  type Cipher,
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  type Decipher,
  timingSafeEqual,
} from 'node:crypto';

export type AuthProtocol = 'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
export type PrivProtocol = 'des' | 'aes';
export type SecurityLevel = 'noAuthNoPriv' | 'authNoPriv' | 'authPriv';

export const AUTH_PROTOCOLS: readonly AuthProtocol[] = [
  'md5',
  'sha',
  'sha224',
  'sha256',
  'sha384',
  'sha512',
];

const AUTH: Record<AuthProtocol, { readonly hash: string; readonly macLength: number }> = {
  md5: { hash: 'md5', macLength: 12 },
  sha: { hash: 'sha1', macLength: 12 },
  // RFC 7860 §4.2.2: the truncated lengths of usmHMAC128SHA224AuthProtocol and its siblings.
  sha224: { hash: 'sha224', macLength: 16 },
  sha256: { hash: 'sha256', macLength: 24 },
  sha384: { hash: 'sha384', macLength: 32 },
  sha512: { hash: 'sha512', macLength: 48 },
};

/** A message that fails the USM's privacy rules (bad salt length, ciphertext not in whole blocks). */
export class UsmError extends Error {
  override readonly name = 'UsmError';
}

/** Bytes of msgAuthenticationParameters for a protocol. */
export function authParamsLength(protocol: AuthProtocol): number {
  return AUTH[protocol].macLength;
}

const PASSWORD_EXPANSION = 1_048_576;
const kuCache = new Map<string, Buffer>();

/** Ku: the hash of the password repeated over 1 MB (RFC 3414 §A.2). Cached: it costs milliseconds. */
export function passwordToKey(protocol: AuthProtocol, password: string): Buffer {
  const cacheKey = `${protocol}\0${password}`;
  const cached = kuCache.get(cacheKey);
  if (cached) return cached;
  const pw = Buffer.from(password, 'utf8');
  if (pw.length === 0) throw new RangeError('an SNMPv3 password must not be empty');
  // A chunk that holds the password a whole number of times keeps the cycle aligned across updates.
  const chunk = Buffer.alloc(pw.length * Math.ceil(65_536 / pw.length), pw);
  const hash = createHash(AUTH[protocol].hash);
  let remaining = PASSWORD_EXPANSION;
  while (remaining >= chunk.length) {
    hash.update(chunk);
    remaining -= chunk.length;
  }
  hash.update(chunk.subarray(0, remaining));
  const ku = hash.digest();
  kuCache.set(cacheKey, ku);
  return ku;
}

/** Kul = H(Ku ‖ engineID ‖ Ku) (RFC 3414 §A.2). */
export function localizeKey(protocol: AuthProtocol, ku: Buffer, engineId: Buffer): Buffer {
  return createHash(AUTH[protocol].hash).update(ku).update(engineId).update(ku).digest();
}

export function localizedAuthKey(
  protocol: AuthProtocol,
  password: string,
  engineId: Buffer,
): Buffer {
  return localizeKey(protocol, passwordToKey(protocol, password), engineId);
}

/** The truncated HMAC over a whole message whose digest field holds zeros. */
export function messageDigest(protocol: AuthProtocol, key: Buffer, message: Buffer): Buffer {
  const { hash, macLength } = AUTH[protocol];
  return createHmac(hash, key).update(message).digest().subarray(0, macLength);
}

/** Writes the digest into a freshly encoded message (whose digest field is zeros). */
export function signMessage(
  protocol: AuthProtocol,
  key: Buffer,
  message: Buffer,
  authParamsOffset: number,
): void {
  messageDigest(protocol, key, message).copy(message, authParamsOffset);
}

/** Checks a received message's digest; the message is left as it came. */
export function verifyMessage(
  protocol: AuthProtocol,
  key: Buffer,
  message: Buffer,
  authParamsOffset: number,
  authParamsLength: number,
): boolean {
  const { macLength } = AUTH[protocol];
  if (authParamsLength !== macLength) return false;
  const end = authParamsOffset + macLength;
  const received = Buffer.from(message.subarray(authParamsOffset, end));
  message.fill(0, authParamsOffset, end);
  const expected = messageDigest(protocol, key, message);
  received.copy(message, authParamsOffset);
  return timingSafeEqual(received, expected);
}

/** A localized privacy key, split as its cipher wants it. */
export interface PrivKey {
  readonly protocol: PrivProtocol;
  readonly cipherKey: Buffer;
  /** DES only: the pre-IV, the localized key's bytes 8–15 (RFC 3414 §8.1.1.1). */
  readonly preIv: Buffer | undefined;
}

/** The privacy key is localized with the user's authentication hash (RFC 3414 §2.6, RFC 3826 §1.2). */
export function localizedPrivKey(
  protocol: PrivProtocol,
  authProtocol: AuthProtocol,
  password: string,
  engineId: Buffer,
): PrivKey {
  const kul = localizedAuthKey(authProtocol, password, engineId);
  if (protocol === 'aes') return { protocol, cipherKey: kul.subarray(0, 16), preIv: undefined };
  const des = kul.subarray(0, 8);
  // Single DES as 3DES with K1 = K2 = K3: OpenSSL 3 keeps plain DES in its legacy provider only.
  return { protocol, cipherKey: Buffer.concat([des, des, des]), preIv: kul.subarray(8, 16) };
}

function ivFor(key: PrivKey, engineBoots: number, engineTime: number, salt: Buffer): Buffer {
  const iv = Buffer.allocUnsafe(key.protocol === 'aes' ? 16 : 8);
  if (key.protocol === 'aes') {
    iv.writeUInt32BE(engineBoots >>> 0, 0);
    iv.writeUInt32BE(engineTime >>> 0, 4);
    salt.copy(iv, 8);
  } else {
    const pre = key.preIv as Buffer;
    for (let i = 0; i < 8; i++) iv[i] = (pre[i] as number) ^ (salt[i] as number);
  }
  return iv;
}

function cipherFor(key: PrivKey, iv: Buffer, decrypt: false): Cipher;
function cipherFor(key: PrivKey, iv: Buffer, decrypt: true): Decipher;
function cipherFor(key: PrivKey, iv: Buffer, decrypt: boolean): Cipher | Decipher {
  const algorithm = key.protocol === 'aes' ? 'aes-128-cfb' : 'des-ede3-cbc';
  const c = decrypt
    ? createDecipheriv(algorithm, key.cipherKey, iv)
    : createCipheriv(algorithm, key.cipherKey, iv);
  c.setAutoPadding(false);
  return c;
}

/** Encrypts a ScopedPDU; `salt` (8 bytes) goes out as msgPrivacyParameters. */
export function encryptScopedPdu(
  key: PrivKey,
  engineBoots: number,
  engineTime: number,
  salt: Buffer,
  plaintext: Buffer,
): Buffer {
  let data = plaintext;
  if (key.protocol === 'des' && data.length % 8 !== 0) {
    // Padding content is arbitrary (RFC 3414 §8.1.1.2); the receiver ignores bytes after the TLV.
    data = Buffer.concat([data, Buffer.alloc(8 - (data.length % 8))]);
  }
  const c = cipherFor(key, ivFor(key, engineBoots, engineTime, salt), false);
  return Buffer.concat([c.update(data), c.final()]);
}

/** Decrypts an encryptedPDU; throws UsmError when the parameters cannot be right. */
export function decryptScopedPdu(
  key: PrivKey,
  engineBoots: number,
  engineTime: number,
  privParams: Buffer,
  ciphertext: Buffer,
): Buffer {
  if (privParams.length !== 8) throw new UsmError('msgPrivacyParameters must be 8 bytes');
  if (key.protocol === 'des' && ciphertext.length % 8 !== 0) {
    throw new UsmError('DES ciphertext is not a whole number of blocks');
  }
  const c = cipherFor(key, ivFor(key, engineBoots, engineTime, privParams), true);
  return Buffer.concat([c.update(ciphertext), c.final()]);
}

/** Salts for outgoing encrypted messages: never repeated for one key while the engine lives. */
export class SaltSequence {
  private high: number;
  private low: number;

  constructor(seed: number = Math.floor(Math.random() * 0x100000000)) {
    this.high = seed >>> 0;
    this.low = Math.floor(Math.random() * 0x100000000) >>> 0;
  }

  /** DES: engineBoots ‖ a 32-bit counter (RFC 3414 §8.1.1.1); AES: a 64-bit counter (RFC 3826 §3.1.2.1). */
  next(protocol: PrivProtocol, engineBoots: number): Buffer {
    const salt = Buffer.allocUnsafe(8);
    this.low = (this.low + 1) >>> 0;
    if (this.low === 0) this.high = (this.high + 1) >>> 0;
    salt.writeUInt32BE(protocol === 'des' ? engineBoots >>> 0 : this.high, 0);
    salt.writeUInt32BE(this.low, 4);
    return salt;
  }
}
