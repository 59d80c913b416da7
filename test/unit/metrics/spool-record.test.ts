// The spool's record framing on bytes alone: round trips, flipped bits in header and payload,
// truncated records as torn tails, garbage after good records, and scans fed in chunks.

import { describe, expect, it } from 'vitest';
import {
  decodeHeader,
  decodePayload,
  encodeRecord,
  RECORD_HEADER_BYTES,
  type RecordHeader,
  recordAt,
  recordEnd,
  scanRecords,
} from '../../../src/metrics/spool-record.js';

const AT = Date.UTC(2026, 10, 29, 1, 0, 0);
const batch = (i: number, n = 3): string[] =>
  Array.from({ length: n }, (_, j) => `icmp,site=s${i} up=1 ${1_000_000 + i * 1000 + j}`);

/** The lines of a whole record, or null when its header or payload does not check out. */
function decode(record: Buffer): string[] | null {
  const header = decodeHeader(record);
  return header && decodePayload(header, record.subarray(RECORD_HEADER_BYTES));
}

const flipBit = (bytes: Buffer, index: number, bit = 0): Buffer => {
  const copy = Buffer.from(bytes);
  copy[index] = (copy[index] as number) ^ (1 << bit);
  return copy;
};

/** Three records back to back, as a segment holds them, and where each starts. */
function segmentOf(count = 3): { bytes: Buffer; offsets: number[] } {
  const records = Array.from({ length: count }, (_, i) => encodeRecord(batch(i), AT + i));
  const offsets: number[] = [];
  let offset = 0;
  for (const record of records) {
    offsets.push(offset);
    offset += record.length;
  }
  return { bytes: Buffer.concat(records), offsets };
}

describe('encodeRecord and decoding', () => {
  it('gives back the lines, count and append time it was given', () => {
    const record = encodeRecord(batch(7), AT);
    const header = decodeHeader(record);
    expect(header).toMatchObject({ lines: 3, appendedAt: AT });
    expect(record.length).toBe(recordEnd(0, header as RecordHeader));
    expect(decode(record)).toEqual(batch(7));
  });

  it('keeps every line exactly, whatever characters it holds', () => {
    const odd = ['a\nb', 'ümlaut "quoted" back\\slash', '', '\u{1F600} emoji', 'tab\there'];
    expect(decode(encodeRecord(odd, AT))).toEqual(odd);
  });

  it('starts with the magic "PSB1" and a header of 28 bytes', () => {
    const record = encodeRecord(['x'], AT);
    expect(record.subarray(0, 4).toString('latin1')).toBe('PSB1');
    expect(record.length).toBe(RECORD_HEADER_BYTES + Buffer.byteLength('["x"]'));
  });

  it.each(Array.from({ length: RECORD_HEADER_BYTES }, (_, i) => i))(
    'rejects a header with a bit flipped in byte %i',
    (index) => {
      const record = encodeRecord(batch(1), AT);
      expect(decodeHeader(flipBit(record, index, index % 8))).toBeNull();
    },
  );

  it('rejects a payload with a bit flipped, anywhere in it', () => {
    const record = encodeRecord(batch(1), AT);
    const header = decodeHeader(record) as RecordHeader;
    for (let i = RECORD_HEADER_BYTES; i < record.length; i++) {
      const payload = flipBit(record, i, i % 8).subarray(RECORD_HEADER_BYTES);
      expect(decodePayload(header, payload)).toBeNull();
    }
  });

  it('rejects a payload that is short of its header, even by one byte', () => {
    const record = encodeRecord(batch(1), AT);
    const header = decodeHeader(record) as RecordHeader;
    expect(decodePayload(header, record.subarray(RECORD_HEADER_BYTES, -1))).toBeNull();
  });

  it('rejects a header that is short', () => {
    const record = encodeRecord(batch(1), AT);
    expect(decodeHeader(record.subarray(0, RECORD_HEADER_BYTES - 1))).toBeNull();
    expect(decodeHeader(Buffer.alloc(0))).toBeNull();
  });
});

describe('recordAt', () => {
  it('takes a record that ends by the limit, not one that runs past it', () => {
    const record = encodeRecord(batch(1), AT);
    expect(recordAt(record, 100, 100 + record.length)).toMatchObject({ lines: 3 });
    expect(recordAt(record, 100, 100 + record.length - 1)).toBeNull();
  });
});

describe('scanRecords', () => {
  it('walks every record of a whole segment and ends at its end, not torn', () => {
    const { bytes, offsets } = segmentOf();
    const scan = scanRecords(bytes, 0, bytes.length);
    expect(scan.records.map((r) => r.offset)).toEqual(offsets);
    expect(scan.records.map((r) => r.header.appendedAt)).toEqual([AT, AT + 1, AT + 2]);
    expect(scan).toMatchObject({ end: bytes.length, torn: false });
  });

  it('finds nothing, and nothing torn, in an empty segment', () => {
    expect(scanRecords(Buffer.alloc(0), 0, 0)).toEqual({ records: [], end: 0, torn: false });
  });

  it.each([
    ['in its payload', 40],
    ['in its header', 5],
    ['right after its header', RECORD_HEADER_BYTES],
    ['one byte short of its end', -1],
  ])('calls a last record cut %s a torn tail and keeps those before it', (_, cut) => {
    const { bytes, offsets } = segmentOf();
    const last = offsets[2] as number;
    const truncated = bytes.subarray(0, cut < 0 ? bytes.length + cut : last + cut);
    const scan = scanRecords(truncated, 0, truncated.length);
    expect(scan.records.map((r) => r.offset)).toEqual(offsets.slice(0, 2));
    expect(scan).toMatchObject({ end: last, torn: true });
  });

  it.each([
    ['text', Buffer.from('garbage a crash left behind\n')],
    ['zeros', Buffer.alloc(100)],
    ['half a record', Buffer.from('PSB1\x10\x00\x00\x00', 'latin1')],
    ['a record header promising more than there is', encodeRecord(batch(9), AT).subarray(0, 40)],
  ])('calls %s after the good records a torn tail', (_, garbage) => {
    const { bytes, offsets } = segmentOf();
    const withGarbage = Buffer.concat([bytes, garbage]);
    const scan = scanRecords(withGarbage, 0, withGarbage.length);
    expect(scan.records.map((r) => r.offset)).toEqual(offsets);
    expect(scan).toMatchObject({ end: bytes.length, torn: true });
  });

  it('calls a record with a flipped header bit a torn tail: nothing past it is trusted', () => {
    const { bytes, offsets } = segmentOf();
    const second = offsets[1] as number;
    const scan = scanRecords(flipBit(bytes, second + 9), 0, bytes.length);
    expect(scan.records.map((r) => r.offset)).toEqual([0]);
    expect(scan).toMatchObject({ end: second, torn: true });
  });

  it('leaves payloads to be checked when read: a flipped payload bit does not stop the walk', () => {
    const { bytes, offsets } = segmentOf();
    const scan = scanRecords(flipBit(bytes, (offsets[1] as number) + 35), 0, bytes.length);
    expect(scan).toMatchObject({ end: bytes.length, torn: false });
    expect(scan.records).toHaveLength(3);
  });

  it('stops before a header the bytes do not reach, for the caller to read on from there', () => {
    const { bytes, offsets } = segmentOf();
    const second = offsets[1] as number;
    // The bytes read so far end mid-way through the second record's header.
    const scan = scanRecords(bytes.subarray(0, second + 10), 0, bytes.length);
    expect(scan).toEqual({
      records: [{ offset: 0, header: decodeHeader(bytes) }],
      end: second,
      torn: false,
    });
    const rest = scanRecords(bytes.subarray(second), second, bytes.length);
    expect(rest.records.map((r) => r.offset)).toEqual(offsets.slice(1));
    expect(rest).toMatchObject({ end: bytes.length, torn: false });
  });

  it('walks a segment read in small chunks to the same records as read whole', () => {
    const { bytes } = segmentOf(20);
    const whole = scanRecords(bytes, 0, bytes.length);
    const chunked: number[] = [];
    let pos = 0;
    let torn = false;
    while (pos < bytes.length && !torn) {
      const scan = scanRecords(bytes.subarray(pos, pos + 300), pos, bytes.length);
      chunked.push(...scan.records.map((r) => r.offset));
      pos = scan.end;
      torn = scan.torn;
    }
    expect(chunked).toEqual(whole.records.map((r) => r.offset));
    expect({ pos, torn }).toEqual({ pos: bytes.length, torn: false });
  });

  it('calls a header torn when the bytes read from it come short, though the size says more', () => {
    // The file shrank under the reader: what it read is all there is.
    const { bytes } = segmentOf();
    const scan = scanRecords(bytes.subarray(0, 10), 0, bytes.length);
    expect(scan).toEqual({ records: [], end: 0, torn: true });
  });
});
