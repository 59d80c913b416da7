import { afterEach, describe, expect, it } from 'vitest';
import { SnmpAgentHost } from '../../../../src/lab/snmp/agent-host.js';
import { encodeCommunityRequest, getPdu } from '../../../../src/lab/snmp/manager.js';
import { parseOid } from '../../../../src/lab/snmp/oid.js';
import {
  measureGetThroughput,
  replyId,
  THROUGHPUT_OIDS,
} from '../../../../src/lab/snmp/throughput.js';
import { silentLogger } from '../../../../src/logger.js';
import { rowsView, testRows, testSite, V3_USERS } from './test-mib.js';

const hosts: SnmpAgentHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

async function serve(count: number) {
  const host = new SnmpAgentHost({ logger: silentLogger });
  hosts.push(host);
  const targets = [];
  for (let i = 0; i < count; i++) {
    const id = `site-${i}`;
    // testRows serves the 8 default OIDs except sysObjectID's siblings; all of THROUGHPUT_OIDS exist.
    await host.add(
      testSite({ id, mib: rowsView(testRows({ name: id, hcBase: 1n << 40n, wanMbps: 10 })) }),
      `127.18.9.${i + 1}`,
      0,
    );
    targets.push({ address: `127.18.9.${i + 1}`, port: host.addressOf(id)?.port ?? 0 });
  }
  return { host, targets };
}

describe('measureGetThroughput', () => {
  it('THROUGHPUT_OIDS are all served by a router MIB', () => {
    const served = new Set(testRows({ name: 'x', hcBase: 0n, wanMbps: 1 }).map((r) => r.oid));
    expect(THROUGHPUT_OIDS.filter((oid) => !served.has(oid))).toEqual([]);
  });

  it('reads request-ids and msgIDs without decoding the rest', () => {
    const bytes = encodeCommunityRequest('v2c', 'public', {
      ...getPdu(31337, [parseOid('1.3.6.1.2.1.1.5.0')]),
      type: 'Response',
    });
    expect(replyId(bytes)).toBe(31337);
    expect(replyId(bytes.subarray(0, 10))).toBeUndefined();
  });

  it('v2c: every reply verifies, and the agent saw exactly what the client sent', async () => {
    const { host, targets } = await serve(12);
    const r = await measureGetThroughput({
      targets,
      durationS: 0.6,
      credentials: { version: 'v2c', community: 'public' },
      maxInFlight: 8,
      verify: true,
    });
    expect(r.answered).toBeGreaterThan(100);
    expect(r.failed).toBe(0);
    expect(r.timedOut).toBe(0);
    expect(r.requests - r.answered).toBeLessThanOrEqual(8);
    expect(r.getsPerSecond).toBeCloseTo(r.answered / (r.elapsedMs / 1000), 6);
    // Requests still in the kernel's buffers when the window closed reach the agent a moment later.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(host.stats().requests).toBe(r.requests);
    expect(r.cpuUserMs + r.cpuSystemMs).toBeGreaterThan(0);
  });

  it('v3 authPriv: discovers each engine, then every reply authenticates and decrypts', async () => {
    const { host, targets } = await serve(6);
    const user = V3_USERS.find((u) => u.name === 'pantau');
    if (!user) throw new Error('no user');
    const r = await measureGetThroughput({
      targets,
      durationS: 0.6,
      credentials: { version: 'v3', user },
      maxInFlight: 6,
      verify: true,
    });
    expect(r.undiscovered).toBe(0);
    expect(r.answered).toBeGreaterThan(50);
    expect(r.failed).toBe(0);
    expect(host.stats().reports).toBe(6); // one discovery per site, no time-window trouble
  });

  it('counts a silent site as timeouts and keeps polling the others', async () => {
    const { host, targets } = await serve(3);
    host.setBehaviour('site-1', { kind: 'silent' });
    const r = await measureGetThroughput({
      targets,
      durationS: 0.5,
      timeoutMs: 100,
      credentials: { version: 'v2c', community: 'public' },
      verify: true,
    });
    expect(r.timedOut).toBeGreaterThanOrEqual(3);
    expect(r.answered).toBeGreaterThan(20);
    expect(host.siteStats('site-1')?.responses).toBe(0);
    expect(host.siteStats('site-0')?.responses).toBeGreaterThan(10);
  });

  it('loses replies with another request-id, as a poller would', async () => {
    const { host, targets } = await serve(1);
    host.setBehaviour('site-0', { kind: 'malformed', form: 'wrong-request-id' });
    const r = await measureGetThroughput({
      targets,
      durationS: 0.3,
      timeoutMs: 50,
      credentials: { version: 'v2c', community: 'public' },
      verify: true,
    });
    expect(r.answered).toBe(0);
    expect(r.timedOut).toBeGreaterThan(0);
    expect(host.siteStats('site-0')?.responses).toBeGreaterThan(0);
  });

  it('counts answers with exceptions as failed when verifying, with per-target OIDs', async () => {
    const { targets } = await serve(2);
    const [good, odd] = targets as [(typeof targets)[0], (typeof targets)[0]];
    const r = await measureGetThroughput({
      targets: [good, { ...odd, oids: ['1.3.6.1.2.1.1.5.0', '1.3.6.1.2.1.2.2.1.10.7'] }],
      durationS: 0.3,
      maxInFlight: 2,
      credentials: { version: 'v2c', community: 'public' },
      verify: true,
    });
    // Two targets, one outstanding request each, answered alternately: about half fail.
    expect(r.failed).toBeGreaterThan(10);
    expect(r.answered).toBeGreaterThan(10);
    expect(Math.abs(r.failed - r.answered)).toBeLessThanOrEqual(2);
  });
});
