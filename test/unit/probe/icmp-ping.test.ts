import type { PingResponse } from 'ping';
import { describe, expect, it } from 'vitest';
import { pingableHost, pingResponseStats } from '../../../src/probe/icmp/icmp-ping.js';
import { allLost } from '../../helpers/probe-results.js';

/** What `ping.promise.probe` gave for iputils' output (fields the prober reads). */
function response(fields: Partial<PingResponse> & Pick<PingResponse, 'output'>): PingResponse {
  return {
    inputHost: '198.18.0.2',
    host: '198.18.0.2',
    alive: false,
    time: 'unknown',
    times: [],
    min: 'unknown',
    max: 'unknown',
    avg: 'unknown',
    stddev: 'unknown',
    packetLoss: 'unknown',
    ...fields,
  };
}

const ALL_BACK = `PING 198.18.0.2 (198.18.0.2) 56(84) bytes of data.
64 bytes from 198.18.0.2: icmp_seq=1 ttl=64 time=0.031 ms
64 bytes from 198.18.0.2: icmp_seq=2 ttl=64 time=0.042 ms
64 bytes from 198.18.0.2: icmp_seq=3 ttl=64 time=0.043 ms

--- 198.18.0.2 ping statistics ---
3 packets transmitted, 3 received, 0% packet loss, time 404ms
rtt min/avg/max/mdev = 0.031/0.038/0.043/0.005 ms`;

describe('pingResponseStats', () => {
  it('reads a clean run: the package’s min/avg/max, jitter from its times', () => {
    const stats = pingResponseStats(
      response({
        output: ALL_BACK,
        alive: true,
        times: [0.031, 0.042, 0.043],
        min: '0.031',
        avg: '0.038',
        max: '0.043',
        packetLoss: '0.000',
      }),
      3,
    );
    expect(stats).toEqual({
      sent: 3,
      received: 3,
      lossPct: 0,
      rttMinMs: 0.031,
      rttAvgMs: 0.038,
      rttMaxMs: 0.043,
      jitterMs: 0.006,
    });
  });

  it('counts sent and received from ping’s summary when some were lost', () => {
    const stats = pingResponseStats(
      response({
        output: `PING 198.18.0.2 (198.18.0.2) 56(84) bytes of data.
64 bytes from 198.18.0.2: icmp_seq=1 ttl=64 time=1.5 ms
64 bytes from 198.18.0.2: icmp_seq=3 ttl=64 time=2.5 ms

--- 198.18.0.2 ping statistics ---
3 packets transmitted, 2 received, 33.3333% packet loss, time 404ms
rtt min/avg/max/mdev = 1.500/2.000/2.500/0.500 ms`,
        alive: true,
        times: [1.5, 2.5],
        min: '1.500',
        avg: '2.000',
        max: '2.500',
        packetLoss: '33.333',
      }),
      3,
    );
    expect(stats).toMatchObject({
      sent: 3,
      received: 2,
      lossPct: 33.333,
      jitterMs: 1,
      rttAvgMs: 2,
    });
  });

  it('reads a silent host as sent and all lost', () => {
    const stats = pingResponseStats(
      response({
        output: `PING 198.18.0.9 (198.18.0.9) 56(84) bytes of data.

--- 198.18.0.9 ping statistics ---
3 packets transmitted, 0 received, 100% packet loss, time 410ms`,
        packetLoss: '100.000',
      }),
      3,
    );
    expect(stats).toEqual(allLost(3));
  });

  it('reads ICMP errors (no reply, errors counted apart) as all lost', () => {
    const stats = pingResponseStats(
      response({
        output: `PING 198.18.0.9 (198.18.0.9) 56(84) bytes of data.
From 198.19.255.254 icmp_seq=1 Destination Host Unreachable

--- 198.18.0.9 ping statistics ---
3 packets transmitted, 0 received, +3 errors, 100% packet loss, time 2003ms`,
        packetLoss: '100.000',
      }),
      3,
    );
    expect(stats).toMatchObject({ sent: 3, received: 0, lossPct: 100 });
  });

  it('reads a name that did not resolve as nothing sent', () => {
    const stats = pingResponseStats(
      response({ output: 'ping: router.nowhere.invalid: Name or service not known\n' }),
      3,
    );
    expect(stats).toMatchObject({ sent: 0, received: 0, lossPct: 100, rttAvgMs: null });
  });

  it('does not take duplicate replies for replies', () => {
    const stats = pingResponseStats(
      response({
        output: `64 bytes from 198.18.0.2: icmp_seq=1 ttl=64 time=1.0 ms
64 bytes from 198.18.0.2: icmp_seq=1 ttl=64 time=1.2 ms (DUP!)
64 bytes from 198.18.0.2: icmp_seq=2 ttl=64 time=2.0 ms

--- 198.18.0.2 ping statistics ---
2 packets transmitted, 2 received, +1 duplicates, 0% packet loss, time 201ms`,
        alive: true,
        times: [1.0, 1.2, 2.0],
        packetLoss: '0.000',
      }),
      2,
    );
    expect(stats).toMatchObject({ sent: 2, received: 2, lossPct: 0 });
  });

  it('falls back on packetLoss, then on times, without a summary line', () => {
    expect(
      pingResponseStats(response({ output: '', alive: true, times: [3], packetLoss: '50.000' }), 4),
    ).toMatchObject({ sent: 4, received: 2 });
    expect(
      pingResponseStats(response({ output: '', alive: true, times: [3, 4] }), 4),
    ).toMatchObject({ sent: 4, received: 2, rttAvgMs: 3.5 });
  });

  it('reads Windows’ summary', () => {
    const stats = pingResponseStats(
      response({
        output: 'Packets: Sent = 4, Received = 3, Lost = 1 (25% loss),',
        alive: true,
        times: [1, 2, 3],
        packetLoss: '25.000',
      }),
      4,
    );
    expect(stats).toMatchObject({ sent: 4, received: 3, lossPct: 25 });
  });
});

describe('pingableHost', () => {
  it('takes addresses and names, refuses what ping would read as an option or as two words', () => {
    expect(['198.18.0.2', 'router.desa.go.id', '2001:db8::1'].map(pingableHost)).toEqual([
      true,
      true,
      true,
    ]);
    expect(['', '-f', '--help', '198.18.0.2 -c 1000', ' 198.18.0.2'].map(pingableHost)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
