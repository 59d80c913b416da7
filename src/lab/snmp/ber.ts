// A minimal BER codec for SNMP (X.690 subset, RFC 3416 types). Pure and allocation-light.
// Decoding throws nothing but BerError, whatever bytes it is handed: requests come from the network.

import { checkOid, MAX_OID_ARCS, parseOidCached } from './oid.js';
import type { Oid, VarbindValue } from './types.js';

export const Tag = {
  Integer: 0x02,
  OctetString: 0x04,
  Null: 0x05,
  ObjectIdentifier: 0x06,
  Sequence: 0x30,
  IpAddress: 0x40,
  Counter32: 0x41,
  Gauge32: 0x42,
  TimeTicks: 0x43,
  Opaque: 0x44,
  Counter64: 0x46,
  NoSuchObject: 0x80,
  NoSuchInstance: 0x81,
  EndOfMibView: 0x82,
  GetRequest: 0xa0,
  GetNextRequest: 0xa1,
  Response: 0xa2,
  SetRequest: 0xa3,
  Trap: 0xa4,
  GetBulkRequest: 0xa5,
  InformRequest: 0xa6,
  SNMPv2Trap: 0xa7,
  Report: 0xa8,
} as const;

/** The only error decoding raises: the bytes are not the SNMP BER that was expected. */
export class BerError extends Error {
  override readonly name = 'BerError';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at byte ${offset}`);
  }
}

const TWO_32 = 2 ** 32;
const TWO_64 = 1n << 64n;
const MAX_UINT32 = 0xffffffff;

/** A TLV's position: `start`..`end` is the value, `headerStart` is where its tag byte sits. */
export interface Tlv {
  readonly tag: number;
  readonly headerStart: number;
  readonly start: number;
  readonly end: number;
}

/** Reads TLVs sequentially between `pos` and `end` of one buffer. */
export class BerReader {
  pos: number;
  readonly end: number;

  constructor(
    readonly buf: Buffer,
    start = 0,
    end = buf.length,
  ) {
    this.pos = start;
    this.end = end;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  peekTag(): number {
    if (this.pos >= this.end) throw new BerError('expected a tag, found end of data', this.pos);
    return this.buf[this.pos] as number;
  }

  /** Reads a tag and length and moves past the whole TLV. */
  readTlv(expectedTag?: number): Tlv {
    const buf = this.buf;
    const headerStart = this.pos;
    let p = headerStart;
    if (p >= this.end) throw new BerError('expected a tag, found end of data', p);
    const tag = buf[p++] as number;
    if ((tag & 0x1f) === 0x1f)
      throw new BerError(`unsupported high-tag-number form 0x${hex(tag)}`, headerStart);
    if (expectedTag !== undefined && tag !== expectedTag) {
      throw new BerError(`expected tag 0x${hex(expectedTag)}, found 0x${hex(tag)}`, headerStart);
    }
    if (p >= this.end) throw new BerError('expected a length, found end of data', p);
    let length = buf[p++] as number;
    if (length === 0x80) throw new BerError('indefinite length is not allowed in SNMP', p - 1);
    if (length > 0x80) {
      const count = length & 0x7f;
      if (count > 4) throw new BerError(`length of ${count} bytes is too long`, p - 1);
      if (p + count > this.end) throw new BerError('length runs past the end of data', p - 1);
      length = 0;
      for (let i = 0; i < count; i++) length = length * 256 + (buf[p++] as number);
    }
    if (length > this.end - p) {
      throw new BerError(
        `length ${length} runs past the end of data (${this.end - p} left)`,
        headerStart,
      );
    }
    this.pos = p + length;
    return { tag, headerStart, start: p, end: p + length };
  }

  /** A reader over the contents of the next constructed TLV (SEQUENCE, PDU, encapsulating OCTET STRING). */
  readSequence(tag: number = Tag.Sequence): BerReader {
    const tlv = this.readTlv(tag);
    return new BerReader(this.buf, tlv.start, tlv.end);
  }

  readInteger(tag: number = Tag.Integer): number {
    const tlv = this.readTlv(tag);
    return decodeSigned(this.buf, tlv.start, tlv.end);
  }

  readUnsigned32(tag: number): number {
    const tlv = this.readTlv(tag);
    return decodeUnsigned32(this.buf, tlv.start, tlv.end);
  }

  readCounter64(): bigint {
    const tlv = this.readTlv(Tag.Counter64);
    return decodeUnsigned64(this.buf, tlv.start, tlv.end);
  }

  /** The value bytes, as a view into the buffer (no copy). */
  readOctetString(tag: number = Tag.OctetString): Buffer {
    const tlv = this.readTlv(tag);
    return this.buf.subarray(tlv.start, tlv.end);
  }

  readNull(): void {
    const tlv = this.readTlv(Tag.Null);
    if (tlv.end !== tlv.start) throw new BerError('NULL with content', tlv.headerStart);
  }

  readOid(): number[] {
    const tlv = this.readTlv(Tag.ObjectIdentifier);
    return decodeOid(this.buf, tlv.start, tlv.end);
  }

  /** Reads one varbind value of any type SNMP allows there. */
  readValue(): VarbindValue {
    const tlv = this.readTlv();
    const { buf } = this;
    const { start, end } = tlv;
    switch (tlv.tag) {
      case Tag.Integer:
        return { type: 'Integer', value: decodeSigned(buf, start, end) };
      case Tag.OctetString:
        return { type: 'OctetString', value: buf.subarray(start, end) };
      case Tag.Null:
        if (end !== start) throw new BerError('NULL with content', tlv.headerStart);
        return { type: 'Null' };
      case Tag.ObjectIdentifier:
        return { type: 'ObjectIdentifier', value: decodeOid(buf, start, end).join('.') };
      case Tag.IpAddress:
        if (end - start !== 4) throw new BerError('IpAddress must be 4 bytes', tlv.headerStart);
        return {
          type: 'IpAddress',
          value: `${buf[start]}.${buf[start + 1]}.${buf[start + 2]}.${buf[start + 3]}`,
        };
      case Tag.Counter32:
        return { type: 'Counter32', value: decodeUnsigned32(buf, start, end) };
      case Tag.Gauge32:
        return { type: 'Gauge32', value: decodeUnsigned32(buf, start, end) };
      case Tag.TimeTicks:
        return { type: 'TimeTicks', value: decodeUnsigned32(buf, start, end) };
      case Tag.Opaque:
        return { type: 'Opaque', value: buf.subarray(start, end) };
      case Tag.Counter64:
        return { type: 'Counter64', value: decodeUnsigned64(buf, start, end) };
      case Tag.NoSuchObject:
        return { type: 'NoSuchObject' };
      case Tag.NoSuchInstance:
        return { type: 'NoSuchInstance' };
      case Tag.EndOfMibView:
        return { type: 'EndOfMibView' };
      default:
        throw new BerError(`unexpected value tag 0x${hex(tlv.tag)}`, tlv.headerStart);
    }
  }
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

/** Skips redundant leading 0x00/0xff bytes that some encoders emit. */
function trimRedundant(buf: Buffer, start: number, end: number): number {
  let s = start;
  while (end - s > 1) {
    const b0 = buf[s] as number;
    const b1 = buf[s + 1] as number;
    if ((b0 === 0x00 && b1 < 0x80) || (b0 === 0xff && b1 >= 0x80)) s++;
    else break;
  }
  return s;
}

/** Two's complement, up to 48 bits (SNMP's INTEGER is 32). */
function decodeSigned(buf: Buffer, start: number, end: number): number {
  if (end === start) throw new BerError('INTEGER with no content', start);
  const s = end - start > 6 ? trimRedundant(buf, start, end) : start;
  if (end - s > 6) throw new BerError('INTEGER too large', start);
  let value = ((buf[s] as number) << 24) >> 24;
  for (let i = s + 1; i < end; i++) value = value * 256 + (buf[i] as number);
  return value;
}

/** Counter32/Gauge32/TimeTicks: like net-snmp, a negative encoding is taken modulo 2^32. */
function decodeUnsigned32(buf: Buffer, start: number, end: number): number {
  if (end === start) throw new BerError('unsigned integer with no content', start);
  const s = end - start > 5 ? trimRedundant(buf, start, end) : start;
  if (end - s > 5) throw new BerError('unsigned 32-bit value too large', start);
  let value = ((buf[s] as number) << 24) >> 24;
  for (let i = s + 1; i < end; i++) value = value * 256 + (buf[i] as number);
  if (value < 0) {
    if (value < -0x80000000) throw new BerError('unsigned 32-bit value out of range', start);
    value += TWO_32;
  }
  if (value > MAX_UINT32) throw new BerError('unsigned 32-bit value too large', start);
  return value;
}

function decodeUnsigned64(buf: Buffer, start: number, end: number): bigint {
  if (end === start) throw new BerError('Counter64 with no content', start);
  const s = end - start > 9 ? trimRedundant(buf, start, end) : start;
  if (end - s > 9) throw new BerError('Counter64 too large', start);
  let value = BigInt(((buf[s] as number) << 24) >> 24);
  for (let i = s + 1; i < end; i++) value = (value << 8n) | BigInt(buf[i] as number);
  if (value < 0n) value += TWO_64;
  if (value >= TWO_64 || value < 0n) throw new BerError('Counter64 out of range', start);
  return value;
}

function decodeOid(buf: Buffer, start: number, end: number): number[] {
  if (end === start) throw new BerError('OBJECT IDENTIFIER with no content', start);
  const arcs: number[] = [];
  let p = start;
  let first = true;
  while (p < end) {
    if ((buf[p] as number) === 0x80) throw new BerError('sub-identifier with a leading 0x80', p);
    let value = 0;
    let b: number;
    const subStart = p;
    do {
      if (p >= end) throw new BerError('OBJECT IDENTIFIER ends inside a sub-identifier', subStart);
      b = buf[p++] as number;
      value = value * 128 + (b & 0x7f);
      // The first sub-identifier carries 40·X + Y, so it may exceed 2^32 − 1 by up to 80.
      if (value > MAX_UINT32 + (first ? 80 : 0))
        throw new BerError('sub-identifier too large', subStart);
    } while (b & 0x80);
    if (first) {
      if (value < 40) arcs.push(0, value);
      else if (value < 80) arcs.push(1, value - 40);
      else arcs.push(2, value - 80);
      first = false;
    } else {
      arcs.push(value);
    }
    if (arcs.length > MAX_OID_ARCS)
      throw new BerError('OBJECT IDENTIFIER has more than 128 arcs', start);
  }
  return arcs;
}

// ---------------------------------------------------------------------------------------------
// Sizes, computed without encoding: GETBULK fills a response up to a byte budget.

export function lengthOfLength(length: number): number {
  if (length < 0x80) return 1;
  if (length < 0x100) return 2;
  if (length < 0x10000) return 3;
  if (length < 0x1000000) return 4;
  return 5;
}

/** Bytes of a whole TLV whose value has `contentLength` bytes. */
export function tlvSize(contentLength: number): number {
  return 1 + lengthOfLength(contentLength) + contentLength;
}

/** Encoded size of an INTEGER TLV. */
export function integerSize(value: number): number {
  return 2 + signedContentLength(value);
}

function signedContentLength(value: number): number {
  let n = 1;
  // Each extra byte widens the range by 8 bits; stop once the value fits in n bytes.
  let limit = 0x80;
  while (n < 6 && (value >= limit || value < -limit)) {
    n++;
    limit *= 256;
  }
  return n;
}

function unsignedContentLength(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x8000) return 2;
  if (value < 0x800000) return 3;
  if (value < 0x80000000) return 4;
  return 5;
}

function counter64ContentLength(value: bigint): number {
  let n = 1;
  let v = value >> 7n;
  while (v > 0n) {
    n++;
    v >>= 8n;
  }
  return n;
}

function subidentifierLength(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  return 5;
}

export function oidContentLength(oid: Oid): number {
  let n = subidentifierLength((oid[0] ?? 0) * 40 + (oid[1] ?? 0));
  for (let i = 2; i < oid.length; i++) n += subidentifierLength(oid[i] as number);
  return n;
}

function valueContentLength(value: VarbindValue): number {
  switch (value.type) {
    case 'Integer':
      return signedContentLength(value.value);
    case 'OctetString':
      return typeof value.value === 'string' ? Buffer.byteLength(value.value) : value.value.length;
    case 'Opaque':
      return value.value.length;
    case 'ObjectIdentifier':
      return oidContentLength(parseOidCached(value.value));
    case 'IpAddress':
      return 4;
    case 'Counter32':
    case 'Gauge32':
    case 'TimeTicks':
      return unsignedContentLength(value.value);
    case 'Counter64':
      return counter64ContentLength(value.value);
    default:
      return 0;
  }
}

/** Encoded size of one varbind SEQUENCE { name, value }. */
export function varbindSize(oid: Oid, value: VarbindValue): number {
  return tlvSize(tlvSize(oidContentLength(oid)) + tlvSize(valueContentLength(value)));
}

// ---------------------------------------------------------------------------------------------

/**
 * Writes BER forwards. A constructed TLV reserves one length byte; closing it moves the content
 * right when the length needs the long form, so lengths are always minimal.
 */
export class BerWriter {
  private buf: Buffer;
  pos = 0;

  constructor(initialSize = 512) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  private ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** The bytes written so far (a view; the writer must not be used afterwards). */
  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }

  writeByte(byte: number): void {
    this.ensure(1);
    this.buf[this.pos++] = byte;
  }

  writeBytes(bytes: Buffer): void {
    this.ensure(bytes.length);
    bytes.copy(this.buf, this.pos);
    this.pos += bytes.length;
  }

  writeLength(length: number): void {
    const n = lengthOfLength(length);
    this.ensure(n);
    const buf = this.buf;
    if (n === 1) {
      buf[this.pos++] = length;
      return;
    }
    buf[this.pos++] = 0x80 | (n - 1);
    for (let i = n - 2; i >= 0; i--) buf[this.pos++] = Math.floor(length / 256 ** i) & 0xff;
  }

  /** Opens a constructed TLV; returns the mark to close it with. */
  startSequence(tag: number = Tag.Sequence): number {
    this.ensure(2);
    this.buf[this.pos++] = tag;
    this.buf[this.pos++] = 0;
    return this.pos - 1;
  }

  /** Closes the TLV opened at `mark`; returns how far its content moved right (0 in short form). */
  endSequence(mark: number): number {
    const length = this.pos - mark - 1;
    const n = lengthOfLength(length);
    if (n === 1) {
      this.buf[mark] = length;
      return 0;
    }
    const shift = n - 1;
    this.ensure(shift);
    this.buf.copyWithin(mark + 1 + shift, mark + 1, this.pos);
    this.pos += shift;
    const buf = this.buf;
    buf[mark] = 0x80 | shift;
    for (let i = shift - 1, p = mark + 1; i >= 0; i--)
      buf[p++] = Math.floor(length / 256 ** i) & 0xff;
    return shift;
  }

  writeInteger(value: number, tag: number = Tag.Integer): void {
    if (!Number.isSafeInteger(value) || value >= 2 ** 47 || value < -(2 ** 47)) {
      throw new RangeError(`INTEGER ${value} cannot be encoded`);
    }
    const n = signedContentLength(value);
    this.ensure(2 + n);
    const buf = this.buf;
    buf[this.pos++] = tag;
    buf[this.pos++] = n;
    // Two's complement of a negative value over n bytes.
    let v = value < 0 ? value + 256 ** n : value;
    for (let i = this.pos + n - 1; i >= this.pos; i--) {
      buf[i] = v % 256;
      v = Math.floor(v / 256);
    }
    this.pos += n;
  }

  writeUnsigned32(value: number, tag: number): void {
    if (!Number.isInteger(value) || value < 0 || value > MAX_UINT32) {
      throw new RangeError(`unsigned 32-bit value ${value} out of range`);
    }
    const n = unsignedContentLength(value);
    this.ensure(2 + n);
    const buf = this.buf;
    buf[this.pos++] = tag;
    buf[this.pos++] = n;
    let v = value;
    for (let i = this.pos + n - 1; i >= this.pos; i--) {
      buf[i] = v % 256;
      v = Math.floor(v / 256);
    }
    this.pos += n;
  }

  writeCounter64(value: bigint): void {
    if (value < 0n || value >= TWO_64) throw new RangeError(`Counter64 ${value} out of range`);
    const n = counter64ContentLength(value);
    this.ensure(2 + n);
    const buf = this.buf;
    buf[this.pos++] = Tag.Counter64;
    buf[this.pos++] = n;
    let v = value;
    for (let i = this.pos + n - 1; i >= this.pos; i--) {
      buf[i] = Number(v & 0xffn);
      v >>= 8n;
    }
    this.pos += n;
  }

  writeOctetString(value: string | Buffer, tag: number = Tag.OctetString): void {
    if (typeof value === 'string') {
      const length = Buffer.byteLength(value);
      this.ensure(1 + lengthOfLength(length) + length);
      this.buf[this.pos++] = tag;
      this.writeLength(length);
      this.pos += this.buf.write(value, this.pos, 'utf8');
      return;
    }
    this.ensure(1 + lengthOfLength(value.length) + value.length);
    this.buf[this.pos++] = tag;
    this.writeLength(value.length);
    value.copy(this.buf, this.pos);
    this.pos += value.length;
  }

  writeNull(tag: number = Tag.Null): void {
    this.ensure(2);
    this.buf[this.pos++] = tag;
    this.buf[this.pos++] = 0;
  }

  writeOid(oid: Oid): void {
    checkOid(oid);
    const length = oidContentLength(oid);
    this.ensure(1 + lengthOfLength(length) + length);
    this.buf[this.pos++] = Tag.ObjectIdentifier;
    this.writeLength(length);
    this.writeSubidentifier((oid[0] as number) * 40 + (oid[1] as number));
    for (let i = 2; i < oid.length; i++) this.writeSubidentifier(oid[i] as number);
  }

  private writeSubidentifier(value: number): void {
    const n = subidentifierLength(value);
    const buf = this.buf;
    let v = value;
    for (let i = this.pos + n - 1; i >= this.pos; i--) {
      buf[i] = (v % 128) | (i === this.pos + n - 1 ? 0 : 0x80);
      v = Math.floor(v / 128);
    }
    this.pos += n;
  }

  writeIpAddress(address: string): void {
    const parts = address.split('.');
    if (parts.length !== 4) throw new RangeError(`invalid IpAddress '${address}'`);
    this.ensure(6);
    this.buf[this.pos++] = Tag.IpAddress;
    this.buf[this.pos++] = 4;
    for (const part of parts) {
      const octet = Number(part);
      if (!/^\d{1,3}$/.test(part) || octet > 255)
        throw new RangeError(`invalid IpAddress '${address}'`);
      this.buf[this.pos++] = octet;
    }
  }

  writeValue(value: VarbindValue): void {
    switch (value.type) {
      case 'Integer':
        if (
          !Number.isInteger(value.value) ||
          value.value < -0x80000000 ||
          value.value > 0x7fffffff
        ) {
          throw new RangeError(`Integer32 ${value.value} out of range`);
        }
        this.writeInteger(value.value);
        return;
      case 'OctetString':
        this.writeOctetString(value.value);
        return;
      case 'Null':
        this.writeNull();
        return;
      case 'ObjectIdentifier':
        this.writeOid(parseOidCached(value.value));
        return;
      case 'IpAddress':
        this.writeIpAddress(value.value);
        return;
      case 'Counter32':
        this.writeUnsigned32(value.value, Tag.Counter32);
        return;
      case 'Gauge32':
        this.writeUnsigned32(value.value, Tag.Gauge32);
        return;
      case 'TimeTicks':
        this.writeUnsigned32(value.value, Tag.TimeTicks);
        return;
      case 'Counter64':
        this.writeCounter64(value.value);
        return;
      case 'Opaque':
        this.writeOctetString(value.value, Tag.Opaque);
        return;
      case 'NoSuchObject':
        this.writeNull(Tag.NoSuchObject);
        return;
      case 'NoSuchInstance':
        this.writeNull(Tag.NoSuchInstance);
        return;
      case 'EndOfMibView':
        this.writeNull(Tag.EndOfMibView);
        return;
    }
  }
}
