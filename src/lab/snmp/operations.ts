// What SNMP's read operations answer (RFC 3416 §4.2, v1 per RFC 1157 and RFC 2576): a request PDU
// and a site's MIB in, the Response PDU out. Pure; sizes are bounded by the caller's byte budget.

import { integerSize, varbindSize } from './ber.js';
import { ErrorStatus, type Pdu } from './message.js';
import type { MibView, Oid, Varbind, VarbindValue } from './types.js';

export function isConfirmedRequest(pdu: Pdu): boolean {
  return (
    pdu.type === 'GetRequest' ||
    pdu.type === 'GetNextRequest' ||
    pdu.type === 'GetBulkRequest' ||
    pdu.type === 'SetRequest'
  );
}

/** request-id, error-status and error-index of a response with no error (the usual case). */
export function pduFixedSize(requestId: number): number {
  return integerSize(requestId) + 3 + 3;
}

/** The largest varbind-list content for which `total` stays within `maxSize`. */
export function largestFitting(total: (varbindBytes: number) => number, maxSize: number): number {
  let v = maxSize - total(0);
  // total() grows at least as fast as its argument, so stepping back by the excess converges.
  while (v > 0 && total(v) > maxSize) v -= total(v) - maxSize;
  return Math.max(0, v);
}

export interface AnswerOptions {
  /** SNMPv1 semantics: noSuchName errors, no Counter64 (RFC 2576 §4.1.2.1). */
  readonly v1: boolean;
  readonly nowMs: number;
  /** Bytes the encoded varbinds may take before the message outgrows the size limit. */
  readonly maxVarbindBytes: number;
}

const END_OF_MIB_VIEW: VarbindValue = { type: 'EndOfMibView' };

/** Computes the Response PDU for a Get, GetNext, GetBulk or Set request. */
export function answerPdu(pdu: Pdu, mib: MibView, options: AnswerOptions): Pdu {
  switch (pdu.type) {
    case 'GetRequest':
      return options.v1 ? getV1(pdu, mib, options) : getV2(pdu, mib, options);
    case 'GetNextRequest':
      return options.v1 ? getNextV1(pdu, mib, options) : getNextV2(pdu, mib, options);
    case 'GetBulkRequest':
      return getBulk(pdu, mib, options);
    default: {
      // The lab's agents are read-only. v1 has no notWritable: RFC 2576 §4.3 maps it to noSuchName.
      const failed = pdu.varbinds.length > 0;
      const status = options.v1 ? ErrorStatus.noSuchName : ErrorStatus.notWritable;
      return response(pdu, pdu.varbinds, failed ? status : 0, failed ? 1 : 0);
    }
  }
}

export function response(
  request: Pdu,
  varbinds: readonly Varbind[],
  errorStatus = 0,
  errorIndex = 0,
): Pdu {
  return { type: 'Response', requestId: request.requestId, errorStatus, errorIndex, varbinds };
}

function tooBig(request: Pdu, v1: boolean): Pdu {
  // v1 returns the request's bindings (RFC 1157 §4.1.2); v2 an empty list (RFC 3416 §4.2.1).
  return response(request, v1 ? request.varbinds : [], ErrorStatus.tooBig, 0);
}

function sizeOf(varbinds: readonly Varbind[]): number {
  let size = 0;
  for (const vb of varbinds) size += varbindSize(vb.oid, vb.value);
  return size;
}

function getV2(pdu: Pdu, mib: MibView, o: AnswerOptions): Pdu {
  const out: Varbind[] = new Array(pdu.varbinds.length);
  for (let i = 0; i < pdu.varbinds.length; i++) {
    const { oid } = pdu.varbinds[i] as Varbind;
    const value = mib.get(oid, o.nowMs);
    out[i] = { oid, value: value ?? { type: mib.absence?.(oid) ?? 'NoSuchObject' } };
  }
  return sizeOf(out) > o.maxVarbindBytes ? tooBig(pdu, false) : response(pdu, out);
}

function getV1(pdu: Pdu, mib: MibView, o: AnswerOptions): Pdu {
  const out: Varbind[] = new Array(pdu.varbinds.length);
  for (let i = 0; i < pdu.varbinds.length; i++) {
    const { oid } = pdu.varbinds[i] as Varbind;
    const value = mib.get(oid, o.nowMs);
    if (value === undefined || value.type === 'Counter64') {
      return response(pdu, pdu.varbinds, ErrorStatus.noSuchName, i + 1);
    }
    out[i] = { oid, value };
  }
  return sizeOf(out) > o.maxVarbindBytes ? tooBig(pdu, true) : response(pdu, out);
}

function getNextV2(pdu: Pdu, mib: MibView, o: AnswerOptions): Pdu {
  const out: Varbind[] = new Array(pdu.varbinds.length);
  for (let i = 0; i < pdu.varbinds.length; i++) {
    const { oid } = pdu.varbinds[i] as Varbind;
    out[i] = mib.next(oid, o.nowMs) ?? { oid, value: END_OF_MIB_VIEW };
  }
  return sizeOf(out) > o.maxVarbindBytes ? tooBig(pdu, false) : response(pdu, out);
}

/** v1's GetNext steps over Counter64 objects, which v1 cannot carry (RFC 2576 §4.1.2.1). */
function nextV1(mib: MibView, oid: Oid, nowMs: number): Varbind | undefined {
  let found = mib.next(oid, nowMs);
  while (found !== undefined && found.value.type === 'Counter64')
    found = mib.next(found.oid, nowMs);
  return found;
}

function getNextV1(pdu: Pdu, mib: MibView, o: AnswerOptions): Pdu {
  const out: Varbind[] = new Array(pdu.varbinds.length);
  for (let i = 0; i < pdu.varbinds.length; i++) {
    const found = nextV1(mib, (pdu.varbinds[i] as Varbind).oid, o.nowMs);
    if (found === undefined) return response(pdu, pdu.varbinds, ErrorStatus.noSuchName, i + 1);
    out[i] = found;
  }
  return sizeOf(out) > o.maxVarbindBytes ? tooBig(pdu, true) : response(pdu, out);
}

function getBulk(pdu: Pdu, mib: MibView, o: AnswerOptions): Pdu {
  const n = pdu.varbinds.length;
  // Negative values are taken as zero (RFC 3416 §4.2.3).
  const nonRepeaters = Math.min(Math.max(pdu.errorStatus, 0), n);
  const maxRepetitions = Math.max(pdu.errorIndex, 0);
  const out: Varbind[] = [];
  let size = 0;
  for (let i = 0; i < nonRepeaters; i++) {
    const { oid } = pdu.varbinds[i] as Varbind;
    const vb = mib.next(oid, o.nowMs) ?? { oid, value: END_OF_MIB_VIEW };
    size += varbindSize(vb.oid, vb.value);
    if (size > o.maxVarbindBytes) return tooBig(pdu, false);
    out.push(vb);
  }
  const repeaters = n - nonRepeaters;
  if (repeaters === 0) return response(pdu, out);
  const cursors: Oid[] = pdu.varbinds.slice(nonRepeaters).map((vb) => vb.oid);
  const ended: boolean[] = new Array(repeaters).fill(false);
  // Ends on the size budget, on max-repetitions, or after the first row that is all endOfMibView.
  rows: for (let r = 0; r < maxRepetitions; r++) {
    let allEnded = true;
    for (let j = 0; j < repeaters; j++) {
      const cursor = cursors[j] as Oid;
      let vb: Varbind;
      const found = ended[j] ? undefined : mib.next(cursor, o.nowMs);
      if (found) {
        vb = found;
        cursors[j] = found.oid;
        allEnded = false;
      } else {
        ended[j] = true;
        vb = { oid: cursor, value: END_OF_MIB_VIEW };
      }
      const s = varbindSize(vb.oid, vb.value);
      if (size + s > o.maxVarbindBytes) break rows;
      size += s;
      out.push(vb);
    }
    if (allEnded) break;
  }
  return response(pdu, out);
}
