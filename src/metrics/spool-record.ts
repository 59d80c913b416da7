// The spool's record framing: a batch of lines to bytes and back, and where a segment's bytes hold
// whole records and where a torn tail starts. Pure: bytes in, records and verdicts out.
//
// Record: a 28-byte header, then the payload, the batch's lines as a JSON array in UTF-8 (exact
// for any string). Header, little-endian: magic "PSB1", payload bytes (u32), lines (u32), time
// of append (ms, f64), CRC32 of the payload, CRC32 of the header's first 24 bytes. A process
// killed mid-append leaves a header that fails its CRC or promises more bytes than the file has:
// the rest of that segment is a torn tail, never read as a batch.

import { crc32 } from 'node:zlib';

export const RECORD_HEADER_BYTES = 28;

const MAGIC = 0x31425350; // "PSB1" read as a little-endian u32
const MAX_PAYLOAD_BYTES = 0xffff_ffff;
const CHECKED_HEADER_BYTES = 24;

export interface RecordHeader {
  readonly payloadBytes: number;
  readonly lines: number;
  readonly appendedAt: number;
  readonly payloadCrc: number;
}

/** A record found by a scan: where it starts in the segment, and its header. */
export interface ScannedRecord {
  readonly offset: number;
  readonly header: RecordHeader;
}

export interface RecordScan {
  /** The whole records walked over, in order. */
  readonly records: ScannedRecord[];
  /** Where the walk stopped: the end of the last whole record, or `start` when there is none. */
  readonly end: number;
  /** The bytes at `end` are a torn or garbled record: nothing from there on is a batch. */
  readonly torn: boolean;
}

/** The record for a batch; throws a RangeError when its payload cannot be framed. */
export function encodeRecord(lines: readonly string[], appendedAt: number): Buffer {
  const json = JSON.stringify(lines);
  const payloadBytes = Buffer.byteLength(json, 'utf8');
  if (payloadBytes > MAX_PAYLOAD_BYTES)
    throw new RangeError(`a batch of ${payloadBytes} bytes is too large for a record`);
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payloadBytes);
  record.write(json, RECORD_HEADER_BYTES, 'utf8');
  record.writeUInt32LE(MAGIC, 0);
  record.writeUInt32LE(payloadBytes, 4);
  record.writeUInt32LE(lines.length, 8);
  record.writeDoubleLE(appendedAt, 12);
  record.writeUInt32LE(crc32(record.subarray(RECORD_HEADER_BYTES)), 20);
  record.writeUInt32LE(crc32(record.subarray(0, CHECKED_HEADER_BYTES)), 24);
  return record;
}

/** The header at the start of `bytes`, or null when it is short, not ours or garbled. */
export function decodeHeader(bytes: Buffer): RecordHeader | null {
  if (bytes.length < RECORD_HEADER_BYTES || bytes.readUInt32LE(0) !== MAGIC) return null;
  if (crc32(bytes.subarray(0, CHECKED_HEADER_BYTES)) !== bytes.readUInt32LE(24)) return null;
  return {
    payloadBytes: bytes.readUInt32LE(4),
    lines: bytes.readUInt32LE(8),
    appendedAt: bytes.readDoubleLE(12),
    payloadCrc: bytes.readUInt32LE(20),
  };
}

/** Where the record that starts at `offset` ends: where the next one starts. */
export const recordEnd = (offset: number, header: RecordHeader): number =>
  offset + RECORD_HEADER_BYTES + header.payloadBytes;

/**
 * The header of a whole record at `offset`, from the bytes there (`headerBytes`, at least a
 * header's worth unless the file ends first), or null when it is torn or garbled or would run
 * past `limit`, where whole records must end.
 */
export function recordAt(headerBytes: Buffer, offset: number, limit: number): RecordHeader | null {
  const header = decodeHeader(headerBytes);
  return header && recordEnd(offset, header) <= limit ? header : null;
}

/** The lines of a payload, or null when it does not match its header. */
export function decodePayload(header: RecordHeader, payload: Buffer): string[] | null {
  // A short read is a mismatch too; decided here rather than trusted to the CRC.
  if (payload.length !== header.payloadBytes || crc32(payload) !== header.payloadCrc) return null;
  try {
    const parsed: unknown = JSON.parse(payload.toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== header.lines) return null;
    if (!parsed.every((line): line is string => typeof line === 'string')) return null;
    return parsed;
  } catch {
    return null;
  }
}

/**
 * Walks the record headers of a segment `size` bytes long, from the record at `start`; `bytes`
 * hold the segment from `start` on, as many as were read. Payloads are skipped, not checked (that
 * is done when one is read). The walk stops at the segment's end, at a torn record, or at a
 * header past the end of `bytes`: the caller reads on from `end` and walks again.
 */
export function scanRecords(bytes: Buffer, start: number, size: number): RecordScan {
  const records: ScannedRecord[] = [];
  let pos = start;
  while (pos < size) {
    const at = pos - start;
    // Only the first header may come short: the bytes were read from there, so the file ends.
    if (at > 0 && at + RECORD_HEADER_BYTES > bytes.length && pos + RECORD_HEADER_BYTES <= size)
      return { records, end: pos, torn: false };
    const header = recordAt(bytes.subarray(at, at + RECORD_HEADER_BYTES), pos, size);
    if (!header) return { records, end: pos, torn: true };
    records.push({ offset: pos, header });
    pos = recordEnd(pos, header);
  }
  return { records, end: pos, torn: false };
}
