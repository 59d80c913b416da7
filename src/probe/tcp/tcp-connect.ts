// One TCP connect attempt and its verdict: accepted or refused means the host's own stack answered
// (alive); a timeout or an ICMP unreachable from a router on the way means it did not.

import { Socket } from 'node:net';
import type { TcpFailure } from './types.js';

export type ConnectOutcome =
  | { readonly answered: true; readonly refused: boolean; readonly connectMs: number }
  | { readonly answered: false; readonly failure: TcpFailure; readonly message: string };

/** Opens and at once closes a connection to host:port; never rejects. */
export function connectOnce(
  host: string,
  port: number,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<ConnectOutcome> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const t0 = performance.now();
    let done = false;
    const finish = (outcome: ConnectOutcome): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      // The handshake is all the check needs: the connection is closed at once.
      socket.destroy();
      resolve(outcome);
    };
    const elapsed = () => Math.round((performance.now() - t0) * 10) / 10;
    const onAbort = () => finish({ answered: false, failure: 'error', message: 'aborted' });
    const timer = setTimeout(
      () =>
        finish({ answered: false, failure: 'timeout', message: `no answer in ${timeoutMs} ms` }),
      timeoutMs,
    );
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => finish({ answered: true, refused: false, connectMs: elapsed() }));
    socket.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED')
        finish({ answered: true, refused: true, connectMs: elapsed() });
      else
        finish({
          answered: false,
          failure: UNREACHABLE.has(error.code ?? '') ? 'unreachable' : 'error',
          message: error.message,
        });
    });
    if (signal.aborted) onAbort();
    else socket.connect({ host, port });
  });
}

const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);
