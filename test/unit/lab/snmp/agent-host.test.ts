import dgram from 'node:dgram';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentBindError, SnmpAgentHost } from '../../../../src/lab/snmp/agent-host.js';
import { encodeCommunityRequest, getPdu } from '../../../../src/lab/snmp/manager.js';
import { decodeMessage, type Pdu } from '../../../../src/lab/snmp/message.js';
import { createMibView, SortedMibLayout } from '../../../../src/lab/snmp/mib.js';
import { parseOid } from '../../../../src/lab/snmp/oid.js';
import { silentLogger } from '../../../../src/logger.js';
import { rowsView, testRows, testSite } from './test-mib.js';

const hosts: SnmpAgentHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.close()));
});

function newHost(
  options: ConstructorParameters<typeof SnmpAgentHost>[0] = { logger: silentLogger },
): SnmpAgentHost {
  const host = new SnmpAgentHost(options);
  hosts.push(host);
  return host;
}

/** Sends one datagram from a fresh socket; resolves with the reply, or undefined after `waitMs`. */
async function exchange(
  address: string,
  port: number,
  bytes: Buffer,
  waitMs = 300,
): Promise<Buffer | undefined> {
  const socket = dgram.createSocket('udp4');
  try {
    return await new Promise<Buffer | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), waitMs);
      socket.on('message', (msg) => {
        clearTimeout(timer);
        resolve(msg);
      });
      socket.send(bytes, port, address);
    });
  } finally {
    socket.close();
  }
}

const SYS_NAME = parseOid('1.3.6.1.2.1.1.5.0');
const get = (id = 7): Buffer => encodeCommunityRequest('v2c', 'public', getPdu(id, [SYS_NAME]));

function responsePdu(bytes: Buffer | undefined): Pdu {
  if (!bytes) throw new Error('no reply');
  const m = decodeMessage(bytes);
  if (m.version === 3) throw new Error('v3?');
  return m.pdu;
}

async function addTestSite(
  host: SnmpAgentHost,
  id: string,
  address = '127.0.0.1',
): Promise<number> {
  await host.add(
    testSite({ id, mib: rowsView(testRows({ name: id, hcBase: 0n, wanMbps: 10 })) }),
    address,
    0,
  );
  return host.addressOf(id)?.port ?? -1;
}

describe('SnmpAgentHost', () => {
  it('answers on the site address and counts requests and responses', async () => {
    const host = newHost();
    const port = await addTestSite(host, 'kec-a', '127.18.3.1');
    const reply = responsePdu(await exchange('127.18.3.1', port, get(99)));
    expect(reply.requestId).toBe(99);
    expect(reply.varbinds[0]?.value).toEqual({ type: 'OctetString', value: Buffer.from('kec-a') });
    expect(host.siteStats('kec-a')).toMatchObject({ requests: 1, responses: 1, dropped: 0 });
  });

  it('survives bad datagrams and answers the next good one', async () => {
    const host = newHost();
    const port = await addTestSite(host, 'kec-b');
    expect(await exchange('127.0.0.1', port, Buffer.from([0x30, 0x82, 0xff]), 100)).toBeUndefined();
    expect(await exchange('127.0.0.1', port, Buffer.alloc(0), 100)).toBeUndefined();
    expect(
      await exchange(
        '127.0.0.1',
        port,
        encodeCommunityRequest('v2c', 'salah', getPdu(1, [SYS_NAME])),
        100,
      ),
    ).toBeUndefined();
    expect(responsePdu(await exchange('127.0.0.1', port, get())).requestId).toBe(7);
    expect(host.stats()).toMatchObject({
      requests: 4,
      responses: 1,
      dropped: 3,
      undecodable: 2,
      badCommunity: 1,
    });
  });

  it('rejects a bind to an address this host does not have, naming it', async () => {
    const host = newHost();
    const site = testSite({ id: 'far', mib: rowsView([]) });
    // 192.0.2.1 (TEST-NET-1) is on no interface here: bind fails without any packet being sent.
    const err = await host.add(site, '192.0.2.1', 16161).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AgentBindError);
    expect((err as AgentBindError).code).toBe('EADDRNOTAVAIL');
    expect((err as Error).message).toMatch(
      /site far cannot bind 192\.0\.2\.1:16161: EADDRNOTAVAIL/,
    );
    expect(host.size).toBe(0);
  });

  it('rejects an address:port already taken, and a site id already served', async () => {
    const host = newHost();
    const port = await addTestSite(host, 'kec-c', '127.18.3.2');
    const again = testSite({ id: 'kec-d', mib: rowsView([]) });
    await expect(host.add(again, '127.18.3.2', port)).rejects.toMatchObject({ code: 'EADDRINUSE' });
    await expect(addTestSite(host, 'kec-c', '127.18.3.3')).rejects.toThrow(
      /already serves site kec-c/,
    );
  });

  it('frees the socket on remove and keeps the removed counts in the totals', async () => {
    const host = newHost();
    const port = await addTestSite(host, 'kec-e', '127.18.3.4');
    await exchange('127.18.3.4', port, get());
    await host.remove('kec-e');
    expect(host.siteStats('kec-e')).toBeUndefined();
    expect(await exchange('127.18.3.4', port, get(), 100)).toBeUndefined();
    await host.add(testSite({ id: 'kec-e2', mib: rowsView([]) }), '127.18.3.4', port);
    expect(host.stats()).toMatchObject({ requests: 1, responses: 1 });
  });

  it('applies behaviours per site: silent, slow, and garbage', async () => {
    const host = newHost();
    const port = await addTestSite(host, 'kec-f');
    host.setBehaviour('kec-f', { kind: 'silent' });
    expect(await exchange('127.0.0.1', port, get(), 150)).toBeUndefined();
    host.setBehaviour('kec-f', { kind: 'slow', delayMs: 250 });
    const started = Date.now();
    expect(await exchange('127.0.0.1', port, get(), 150)).toBeUndefined();
    expect(responsePdu(await exchange('127.0.0.1', port, get(3), 1000)).requestId).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    host.setBehaviour('kec-f', { kind: 'malformed', form: 'garbage' });
    const junk = await exchange('127.0.0.1', port, get());
    expect(junk).toBeDefined();
    expect(() => decodeMessage(junk as Buffer)).toThrow();
    host.setBehaviour('kec-f', { kind: 'normal' });
    expect(responsePdu(await exchange('127.0.0.1', port, get(5))).requestId).toBe(5);
    expect(host.siteStats('kec-f')).toMatchObject({ silenced: 1 });
    expect(() => host.setBehaviour('nowhere', { kind: 'silent' })).toThrow(
      /does not serve site nowhere/,
    );
  });

  it('clears pending slow replies on close', async () => {
    const host = newHost();
    const port = await addTestSite(host, 'kec-g');
    host.setBehaviour('kec-g', { kind: 'slow', delayMs: 200 });
    const pending = exchange('127.0.0.1', port, get(), 500);
    await new Promise((r) => setTimeout(r, 50));
    await host.close();
    expect(await pending).toBeUndefined();
    expect(host.stats()).toMatchObject({ requests: 1, responses: 0 });
  });

  it('counts a failing MIB resolver, logs it once per site, and keeps serving', async () => {
    const lines: string[] = [];
    const logger = pino(
      { level: 'warn' },
      new Writable({
        write(chunk, _enc, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    );
    const host = newHost({ logger });
    const layout = new SortedMibLayout([['1.3.6.1.2.1.1.5.0', 0]]);
    const broken = createMibView(layout, () => {
      throw new Error('resolver exploded');
    });
    await host.add(testSite({ id: 'broken', mib: broken }), '127.0.0.1', 0);
    const port = await addTestSite(host, 'fine');
    const brokenPort = host.addressOf('broken')?.port ?? 0;
    for (let i = 0; i < 3; i++)
      expect(await exchange('127.0.0.1', brokenPort, get(), 80)).toBeUndefined();
    expect(responsePdu(await exchange('127.0.0.1', port, get(8))).requestId).toBe(8);
    expect(host.siteStats('broken')).toMatchObject({ requests: 3, errors: 3 });
    expect(lines.length).toBe(1);
    expect(lines[0]).toMatch(/"site":"broken"/);
    expect(lines[0]).toMatch(/resolver exploded/);
  });

  it('accepts a logger in place of options', async () => {
    const host = newHost(silentLogger);
    const port = await addTestSite(host, 'kec-h');
    expect(responsePdu(await exchange('127.0.0.1', port, get(1))).requestId).toBe(1);
  });
});
