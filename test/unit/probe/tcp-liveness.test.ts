// TCP connect as a liveness check: the prober against loopback (a listener, a closed port), its
// points and status input, and the status engine taking a site's liveness from TCP alone.

import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pointsOf } from '../../../src/metrics/index.js';
import {
  livenessKindOf,
  type ProbeResult,
  probeTcp,
  statusInputOf,
  type TcpCheck,
  type TcpProbeResult,
} from '../../../src/probe/index.js';
import { engine, icmp, S, site, T0 } from '../status/harness.js';

const check = (port: number): TcpCheck => ({
  kind: 'tcp',
  siteId: 's',
  intervalMs: 30_000,
  host: '127.0.0.1',
  port,
  timeoutMs: 500,
  attempts: 2,
});

function tcpResult(siteId: string, at: number, up: boolean): TcpProbeResult {
  return {
    kind: 'tcp',
    siteId,
    at,
    port: 8291,
    up,
    refused: up,
    connectMs: up ? 2 : null,
    attempts: up ? 1 : 2,
    failure: up ? null : 'timeout',
    message: up ? null : 'no answer in 2000 ms',
  };
}

describe('TCP connect prober', () => {
  let server: Server;
  let open = 0;
  let closed = 0;
  beforeAll(async () => {
    server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    open = (server.address() as { port: number }).port;
    // A port that was just free: nothing listens, the kernel answers with RST.
    const spare = createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    closed = (spare.address() as { port: number }).port;
    await new Promise((resolve) => spare.close(resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('calls a host that accepts the connection alive', async () => {
    const result = await probeTcp(check(open), new AbortController().signal);
    expect(result).toMatchObject({
      up: true,
      refused: false,
      attempts: 1,
      failure: null,
      port: open,
    });
    expect(result.connectMs).toBeGreaterThanOrEqual(0);
  });

  it('calls a host that refuses (RST) alive too: its own stack answered', async () => {
    const result = await probeTcp(check(closed), new AbortController().signal);
    expect(result).toMatchObject({ up: true, refused: true, attempts: 1, failure: null });
  });

  it('gives points in the tcp measurement and liveness to the status engine', () => {
    const up = tcpResult('s', T0, true);
    expect(pointsOf(up, { site: 's', kind: 'desa', kecamatan: 'k', isp: 'i' })).toEqual([
      {
        measurement: 'tcp',
        tags: { site: 's', kind: 'desa', kecamatan: 'k', isp: 'i', port: '8291' },
        fields: { up: 1, refused: 1, connect_ms: 2, attempts: 1 },
        timeMs: T0,
      },
    ]);
    expect(statusInputOf(tcpResult('s', T0, false))).toEqual({
      type: 'liveness',
      at: T0,
      up: false,
      lossPct: 100,
      rttMs: null,
    });
  });
});

describe('a site with TCP liveness in the status engine', () => {
  const tcpSite = { ...site('winbox'), liveness: { tcp: 8291 } };
  const plain = site('plain');

  it('takes the liveness kind from the site', () => {
    expect(livenessKindOf(tcpSite)).toBe('tcp');
    expect(livenessKindOf(plain)).toBe('icmp');
  });

  it('stays up while ping fails, goes down when TCP fails, and recovers on TCP', () => {
    const e = engine([tcpSite, plain]);
    const at = (n: number) => T0 + n * 30 * S;
    const step = (n: number, results: ProbeResult[]) => e.apply(results, at(n) + 1);
    step(0, [tcpResult('winbox', at(0), true), icmp('plain', at(0), 'up')]);
    expect(e.stateOf('winbox')?.status.state).toBe('up');
    // The ISP drops ICMP: ping fails for both, only the site judged by ping goes down.
    step(1, [
      icmp('winbox', at(1), 'down'),
      tcpResult('winbox', at(1), true),
      icmp('plain', at(1), 'down'),
    ]);
    expect(e.stateOf('winbox')?.status.state).toBe('up');
    expect(e.stateOf('plain')?.status.state).toBe('down');
    // A real outage: TCP times out too.
    step(2, [icmp('winbox', at(2), 'down'), tcpResult('winbox', at(2), false)]);
    expect(e.stateOf('winbox')?.status.state).toBe('down');
    // Ping answering again does not bring it back; TCP does (two answered results in a row).
    step(3, [icmp('winbox', at(3), 'up')]);
    expect(e.stateOf('winbox')?.status.state).toBe('down');
    step(4, [tcpResult('winbox', at(4), true)]);
    step(5, [tcpResult('winbox', at(5), true)]);
    expect(e.stateOf('winbox')?.status.state).toBe('up');
  });
});
