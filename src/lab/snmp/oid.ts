// OBJECT IDENTIFIERs as number arrays: parsing, printing and the lexicographic order SNMP walks in.

import type { Oid } from './types.js';

const MAX_ARC = 0xffffffff;
/** RFC 2578 §3.5: at most 128 sub-identifiers. */
export const MAX_OID_ARCS = 128;

/** Parses '1.3.6.1' (a leading dot allowed, as net-snmp prints with -On); throws RangeError when invalid. */
export function parseOid(dotted: string): number[] {
  const text = dotted.startsWith('.') ? dotted.slice(1) : dotted;
  if (text === '') throw new RangeError(`invalid OID '${dotted}': empty`);
  const parts = text.split('.');
  const arcs = new Array<number>(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    if (!/^\d{1,10}$/.test(part)) throw new RangeError(`invalid OID '${dotted}': arc '${part}'`);
    const arc = Number(part);
    if (arc > MAX_ARC) throw new RangeError(`invalid OID '${dotted}': arc ${arc} exceeds 2^32-1`);
    arcs[i] = arc;
  }
  checkOid(arcs, dotted);
  return arcs;
}

/** Throws RangeError unless the arcs can be BER-encoded (first-two-arcs rule, ≤ 128 arcs). */
export function checkOid(arcs: Oid, label?: string): void {
  const problem = oidProblem(arcs);
  if (problem) throw new RangeError(`invalid OID '${label ?? formatOid(arcs)}': ${problem}`);
}

function oidProblem(arcs: Oid): string | undefined {
  if (arcs.length < 2) return 'fewer than two arcs';
  if (arcs.length > MAX_OID_ARCS) return 'more than 128 arcs';
  const first = arcs[0] as number;
  const second = arcs[1] as number;
  if (first > 2) return 'first arc must be 0, 1 or 2';
  if (first < 2 && second > 39) return 'second arc must be < 40';
  if (first === 2 && second > MAX_ARC - 80) return 'too large';
  for (let i = 0; i < arcs.length; i++) {
    const arc = arcs[i] as number;
    if (!Number.isInteger(arc) || arc < 0 || arc > MAX_ARC) return `arc ${arc}`;
  }
  return undefined;
}

const parsedCache = new Map<string, readonly number[]>();
const PARSED_CACHE_LIMIT = 4096;

/**
 * parseOid for OID-valued objects (sysObjectID and the like), which repeat on every request:
 * cached, and the result is shared, so it must not be modified.
 */
export function parseOidCached(dotted: string): Oid {
  let arcs = parsedCache.get(dotted);
  if (arcs === undefined) {
    arcs = Object.freeze(parseOid(dotted));
    if (parsedCache.size >= PARSED_CACHE_LIMIT) parsedCache.clear();
    parsedCache.set(dotted, arcs);
  }
  return arcs;
}

export function formatOid(oid: Oid): string {
  return oid.join('.');
}

/** Lexicographic order of arcs; a prefix sorts before its extensions. */
export function compareOids(a: Oid, b: Oid): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

export function oidStartsWith(oid: Oid, prefix: Oid): boolean {
  if (prefix.length > oid.length) return false;
  for (let i = 0; i < prefix.length; i++) if (oid[i] !== prefix[i]) return false;
  return true;
}

export function oidEquals(a: Oid, b: Oid): boolean {
  return a.length === b.length && compareOids(a, b) === 0;
}
