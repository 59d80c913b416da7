// The faults the lab can inject into a site's SNMP replies. Pure: randomness is passed in.

import type { Pdu } from './message.js';
import type { Varbind } from './types.js';

export type MalformedForm = 'garbage' | 'truncated' | 'wrong-request-id' | 'wrong-type';

export type Misbehaviour =
  | { readonly kind: 'normal' }
  | { readonly kind: 'silent' }
  | { readonly kind: 'slow'; readonly delayMs: number }
  | { readonly kind: 'malformed'; readonly form: MalformedForm };

/** The name the rest of the lab uses for it. */
export type ReplyBehaviour = Misbehaviour;

export const NORMAL: Misbehaviour = { kind: 'normal' };

/** XORed into the request-id: always a different id, still a valid Integer32. */
const REQUEST_ID_SCRAMBLE = 0x2a5a5a5a;

/**
 * The PDU rewrite a misbehaviour needs before encoding (so a v3 reply still authenticates and
 * decrypts), or undefined when the reply's PDU is left alone.
 */
export function pduTamper(behaviour: Misbehaviour): ((pdu: Pdu) => Pdu) | undefined {
  if (behaviour.kind !== 'malformed') return undefined;
  if (behaviour.form === 'wrong-request-id') {
    return (pdu) => ({ ...pdu, requestId: pdu.requestId ^ REQUEST_ID_SCRAMBLE });
  }
  if (behaviour.form === 'wrong-type') {
    return (pdu) => ({ ...pdu, varbinds: pdu.varbinds.map(numbersAsText) });
  }
  return undefined;
}

/** A counter, gauge or time sent as an OCTET STRING of its decimal text, as some broken agents do. */
function numbersAsText(vb: Varbind): Varbind {
  const { value } = vb;
  switch (value.type) {
    case 'Counter32':
    case 'Gauge32':
    case 'TimeTicks':
    case 'Counter64':
      return { oid: vb.oid, value: { type: 'OctetString', value: value.value.toString() } };
    default:
      return vb;
  }
}

/** The bytes that go out instead of a valid reply (garbage, truncated), or the reply itself. */
export function mangleReply(behaviour: Misbehaviour, reply: Buffer, random: () => number): Buffer {
  if (behaviour.kind !== 'malformed') return reply;
  if (behaviour.form === 'garbage') {
    // As long as the real reply, so it looks plausible to anything that only checks the size.
    const out = Buffer.allocUnsafe(Math.max(reply.length, 2));
    for (let i = 0; i < out.length; i++) out[i] = Math.floor(random() * 256);
    // Never a SEQUENCE tag: random bytes that happen to start like a message would be less garbage.
    if (out[0] === 0x30) out[0] = 0x31;
    return out;
  }
  if (behaviour.form === 'truncated') {
    // Cut somewhere in the middle half, so both header and varbinds are at risk.
    const keep = Math.floor(reply.length * (0.25 + random() * 0.5));
    return reply.subarray(0, Math.min(Math.max(keep, 1), reply.length - 1));
  }
  return reply;
}

/** Milliseconds to hold the reply; undefined when no reply is sent at all. */
export function replyDelayMs(behaviour: Misbehaviour): number | undefined {
  if (behaviour.kind === 'silent') return undefined;
  if (behaviour.kind === 'slow') return Math.max(0, behaviour.delayMs);
  return 0;
}
