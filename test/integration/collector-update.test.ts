// CollectorPool.update with real workers on loopback: added sites probed within one interval,
// removed ones no more, changed ones re-planned, and no worker restarted.

import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CollectorTarget, CollectorPool } from '../../src/collector/index.js';
import { silentLogger } from '../../src/logger.js';
import type { IcmpCheck, ProbeResult, TcpCheck } from '../../src/probe/index.js';
import { workerSettings } from '../helpers/collector-targets.js';

const INTERVAL = 1000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const ping = (siteId: string, host: string): IcmpCheck => ({
  kind: 'icmp',
  siteId,
  intervalMs: INTERVAL,
  host,
  settings: { count: 1, timeoutMs: 200, confirm: { attempts: 0, intervalMs: 100 } },
  backend: 'fping',
});
const connect = (siteId: string, port: number): TcpCheck => ({
  kind: 'tcp',
  siteId,
  intervalMs: INTERVAL,
  host: '127.0.0.1',
  port,
  timeoutMs: 300,
  attempts: 1,
});
const target = (siteId: string, ...checks: (IcmpCheck | TcpCheck)[]): CollectorTarget => ({
  siteId,
  role: 'site',
  checks,
});

describe('CollectorPool.update', () => {
  let server: Server;
  let port = 0;
  beforeAll(async () => {
    server = createServer((s) => s.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('applies added, removed and changed sites in the running workers', async () => {
    const heard: { arrived: number; result: ProbeResult }[] = [];
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    const before = ids.map((id, i) => target(id, ping(id, `127.0.0.${i + 1}`)));
    const pool = new CollectorPool({
      sites: before,
      workers: 2,
      probe: workerSettings(10),
      sink: {
        accept(results) {
          const arrived = Date.now();
          for (const result of results) heard.push({ arrived, result });
        },
      },
      log: silentLogger,
    });
    await pool.start();
    try {
      await sleep(INTERVAL * 2.5);
      expect(new Set(heard.map((h) => h.result.siteId))).toEqual(new Set(ids));
      const threads = pool.threadIds();

      // f leaves, g arrives, a gets a TCP check, b moves to another address.
      const after = [
        target('a', ping('a', '127.0.0.1'), connect('a', port)),
        target('b', ping('b', '127.0.0.22')),
        ...['c', 'd', 'e'].map((id, i) => target(id, ping(id, `127.0.0.${i + 3}`))),
        target('g', ping('g', '127.0.0.7')),
      ];
      const summary = await pool.update(after);
      const updatedAt = Date.now();
      expect(summary).toEqual({ added: 1, changed: 2, removed: 1, unchanged: 3 });

      await sleep(INTERVAL * 1.6);
      const since = heard.filter((h) => h.arrived > updatedAt + 200).map((h) => h.result);
      expect(since.some((r) => r.siteId === 'g' && r.kind === 'icmp' && r.up)).toBe(true);
      expect(since.some((r) => r.siteId === 'a' && r.kind === 'tcp' && r.up && !r.refused)).toBe(
        true,
      );
      expect(since.some((r) => r.siteId === 'f')).toBe(false);
      for (const id of ['b', 'c', 'd', 'e'])
        expect(
          since.some((r) => r.siteId === id && r.kind === 'icmp'),
          id,
        ).toBe(true);
      // Same threads, no restart.
      expect(pool.threadIds()).toEqual(threads);
      expect(pool.restarts).toBe(0);
      expect(pool.shardSizes().reduce((a, b) => a + b, 0)).toBe(6);
    } finally {
      await pool.stop();
    }
  });
});
