// What a varbind's value means to the poller: typed reads that tell a missing object (null) from a
// wrong type (an error). Pure; net-snmp's varbinds are plain objects with the BER tag as `type`.

import type { Varbind } from 'net-snmp';

export type RawVarbind = Readonly<Varbind>;

/** BER/SMI tags (RFC 3416), as net-snmp reports them. */
export const SnmpType = {
  Integer: 2,
  OctetString: 4,
  Null: 5,
  ObjectIdentifier: 6,
  IpAddress: 64,
  Counter32: 65,
  Gauge32: 66,
  TimeTicks: 67,
  Opaque: 68,
  Counter64: 70,
  NoSuchObject: 128,
  NoSuchInstance: 129,
  EndOfMibView: 130,
} as const;

const TYPE_NAMES = new Map<number, string>(Object.entries(SnmpType).map(([n, t]) => [t, n]));

export function typeName(type: number): string {
  return TYPE_NAMES.get(type) ?? `type 0x${type.toString(16)}`;
}

/** noSuchObject, noSuchInstance, or (wrong in a GET reply, but harmless) endOfMibView. */
export function isAbsent(vb: RawVarbind): boolean {
  return (
    vb.type === SnmpType.NoSuchObject ||
    vb.type === SnmpType.NoSuchInstance ||
    vb.type === SnmpType.EndOfMibView
  );
}

export type Read<T> =
  | { readonly ok: true; readonly value: T | null }
  | { readonly ok: false; readonly error: string };

const absent = { ok: true, value: null } as const;

function wrongType(vb: RawVarbind, expected: string): { ok: false; error: string } {
  return { ok: false, error: `is ${typeName(vb.type)}, expected ${expected}` };
}

/** Counter32, Gauge32, TimeTicks or Integer: a number. */
export function readNumber(
  vb: RawVarbind,
  expected: 'Counter32' | 'Gauge32' | 'TimeTicks' | 'Integer',
): Read<number> {
  if (isAbsent(vb)) return absent;
  if (
    vb.type !== SnmpType[expected] ||
    typeof vb.value !== 'number' ||
    !Number.isFinite(vb.value)
  ) {
    return wrongType(vb, expected);
  }
  return { ok: true, value: vb.value };
}

/** Counter64 as bigint; net-snmp hands over the INTEGER's content octets. */
export function readCounter64(vb: RawVarbind): Read<bigint> {
  if (isAbsent(vb)) return absent;
  if (vb.type !== SnmpType.Counter64 || !Buffer.isBuffer(vb.value))
    return wrongType(vb, 'Counter64');
  const value = counter64FromOctets(vb.value);
  if (value === null)
    return { ok: false, error: `is a Counter64 of ${vb.value.length} octets, not 1–9` };
  return { ok: true, value };
}

/**
 * The unsigned value of a Counter64's content octets: big-endian, a leading 0x00 allowed (9 octets).
 * Agents that omit that zero for values ≥ 2^63 mean them unsigned too, so no sign is applied.
 */
export function counter64FromOctets(octets: Buffer): bigint | null {
  if (octets.length === 0 || octets.length > 9) return null;
  if (octets.length === 9 && octets[0] !== 0) return null;
  let value = 0n;
  for (const byte of octets) value = (value << 8n) | BigInt(byte);
  return value;
}

/** An OCTET STRING as text (interface names): UTF-8, trailing NULs some agents append removed. */
export function readText(vb: RawVarbind): Read<string> {
  if (isAbsent(vb)) return absent;
  if (vb.type !== SnmpType.OctetString || !Buffer.isBuffer(vb.value))
    return wrongType(vb, 'OctetString');
  return { ok: true, value: displayString(vb.value) };
}

export function displayString(octets: Buffer): string {
  let end = octets.length;
  while (end > 0 && octets[end - 1] === 0) end -= 1;
  return octets.toString('utf8', 0, end);
}
