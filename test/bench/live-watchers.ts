// Dashboards for a benchmark: socket.io clients of the live hub watching every site, each change
// they receive handed on with the time it arrived (src/live/protocol.ts describes the messages).

import { io, type Socket } from 'socket.io-client';
import type { LiveBatch, LiveSite, LiveSnapshot } from '../../src/live/index.js';

export interface LiveWatchers {
  /** Batches whose fromVersion skipped versions (a change lost on the way), over every client. */
  gaps(): number;
  /** Clients the hub disconnected (not counting close()). */
  disconnected(): number;
  close(): void;
}

/**
 * Connects `count` clients to `url` and resolves once each has its snapshot; `onChange` gets every
 * change of every batch with the epoch ms the client received it.
 */
export async function watchLive(
  url: string,
  count: number,
  onChange: (change: LiveSite, receivedAt: number) => void,
  timeoutMs = 120_000,
): Promise<LiveWatchers> {
  const sockets: Socket[] = [];
  let gaps = 0;
  let disconnected = 0;
  let closing = false;
  const close = (): void => {
    closing = true;
    for (const s of sockets) s.close();
  };
  try {
    await Promise.all(
      Array.from({ length: count }, async () => {
        const socket = io(url, {
          transports: ['websocket'],
          reconnection: false,
          timeout: timeoutMs,
        });
        sockets.push(socket);
        let version = 0;
        socket.on('batch', (batch: LiveBatch) => {
          const receivedAt = Date.now();
          if (batch.fromVersion !== version + 1) gaps += 1;
          version = batch.toVersion;
          for (const change of batch.changes) onChange(change, receivedAt);
        });
        socket.on('disconnect', () => {
          if (!closing) disconnected += 1;
        });
        const snapshot = await new Promise<LiveSnapshot>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`no live snapshot from ${url} within ${timeoutMs} ms`)),
            timeoutMs,
          );
          socket.once('snapshot', (s: LiveSnapshot) => {
            clearTimeout(timer);
            resolve(s);
          });
          socket.once('connect_error', (error) => {
            clearTimeout(timer);
            reject(new Error(`live hub at ${url} refused a client: ${error.message}`));
          });
        });
        version = snapshot.version;
      }),
    );
  } catch (error) {
    close();
    throw error;
  }
  return { gaps: () => gaps, disconnected: () => disconnected, close };
}
