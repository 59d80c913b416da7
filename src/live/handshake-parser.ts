// socket.io's own parser, except for one packet: a CONNECT whose auth is not a plain object (a
// string, an array, a number, true). The stock decoder throws on it and socket.io drops the
// connection without a word, so the client retries for ever; here the packet goes through with its
// auth as sent, and the hub's handshake check refuses it with a connect_error and a code.

import { Decoder, Encoder, type Packet, PacketType } from 'socket.io-parser';

class HandshakeDecoder extends Decoder {
  // biome-ignore lint/suspicious/noExplicitAny: the parser's own signature takes any chunk
  override add(chunk: any): void {
    const packet = typeof chunk === 'string' ? connectWithOddAuth(chunk) : null;
    if (packet === null) {
      super.add(chunk);
      return;
    }
    this.emitReserved('decoded', packet);
  }
}

/** The parser to give socket.io's Server (its `parser` option). */
export const handshakeParser = { Encoder, Decoder: HandshakeDecoder };

/**
 * A CONNECT packet ("0", an optional "/namespace,", then JSON) whose JSON parses to something other
 * than a plain object or null; null for every other packet, which the stock decoder reads.
 */
function connectWithOddAuth(text: string): Packet | null {
  if (text.charAt(0) !== String(PacketType.CONNECT)) return null;
  let rest = text.slice(1);
  let nsp = '/';
  if (rest.startsWith('/')) {
    const comma = rest.indexOf(',');
    nsp = comma < 0 ? rest : rest.slice(0, comma);
    rest = comma < 0 ? '' : rest.slice(comma + 1);
  }
  if (rest === '') return null;
  let auth: unknown;
  try {
    auth = JSON.parse(rest);
  } catch {
    return null;
  }
  const plainObject = typeof auth === 'object' && auth !== null && !Array.isArray(auth);
  if (plainObject || auth === null) return null;
  return { type: PacketType.CONNECT, nsp, data: auth };
}
