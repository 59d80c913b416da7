// The id a manager matches a reply to its request by, skimmed from a message's first bytes without
// decoding it: the PDU's request-id for v1/v2c, msgID for v3 (net-snmp matches v3 on msgID). It
// tells a late reply to an earlier request from a reply with a wrong id. Pure; null when unsure.

const SEQUENCE = 0x30;
const INTEGER = 0x02;
const OCTET_STRING = 0x04;

interface Cursor {
  pos: number;
}

/** Reads a tag and length; returns the content length, or null when it runs off the buffer. */
function header(buf: Buffer, at: Cursor, tag: number | ((t: number) => boolean)): number | null {
  const t = buf[at.pos];
  if (t === undefined || (typeof tag === 'number' ? t !== tag : !tag(t))) return null;
  let pos = at.pos + 1;
  const first = buf[pos];
  if (first === undefined) return null;
  pos += 1;
  let length = first;
  if (first & 0x80) {
    const octets = first & 0x7f;
    if (octets === 0 || octets > 3) return null;
    length = 0;
    for (let i = 0; i < octets; i++) {
      const b = buf[pos];
      if (b === undefined) return null;
      length = length * 256 + b;
      pos += 1;
    }
  }
  at.pos = pos;
  return length;
}

function integer(buf: Buffer, at: Cursor): number | null {
  const length = header(buf, at, INTEGER);
  if (length === null || length < 1 || length > 5 || at.pos + length > buf.length) return null;
  // Two's complement: a set top bit seeds the value with -1.
  let value = (buf[at.pos] as number) & 0x80 ? -1 : 0;
  for (let i = 0; i < length; i++) value = value * 256 + (buf[at.pos + i] as number);
  at.pos += length;
  return value;
}

/** The request-id (v1/v2c) or msgID (v3) of an SNMP message, or null. */
export function snmpMessageId(buf: Buffer): number | null {
  const at: Cursor = { pos: 0 };
  if (header(buf, at, SEQUENCE) === null) return null;
  const version = integer(buf, at);
  if (version === 0 || version === 1) {
    const community = header(buf, at, OCTET_STRING);
    if (community === null) return null;
    at.pos += community;
    // Any PDU: context-specific, constructed tags 0xa0–0xa8.
    if (header(buf, at, (t) => t >= 0xa0 && t <= 0xa8) === null) return null;
    return integer(buf, at);
  }
  if (version === 3) {
    if (header(buf, at, SEQUENCE) === null) return null;
    return integer(buf, at);
  }
  return null;
}
