// The multiplexer over real loopback sockets: each channel hears its own agent only, strangers are
// dropped and counted, a channel sends nowhere but to its agent, and close ends everything.

import dgram from 'node:dgram';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { type MuxChannel, UdpMultiplexer } from '../../../src/probe/snmp/snmp-transport.js';

/** A peer on loopback that records what reaches it and can send back. */
async function peer(address = '127.0.0.1') {
  const socket = dgram.createSocket('udp4');
  const received: { data: string; port: number }[] = [];
  socket.on('message', (msg, rinfo) => received.push({ data: msg.toString(), port: rinfo.port }));
  socket.bind(0, address);
  await once(socket, 'listening');
  return {
    socket,
    address,
    port: socket.address().port,
    received,
    send: (data: string, port: number) =>
      new Promise<void>((resolve, reject) =>
        socket.send(data, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())),
      ),
  };
}

const sendVia = (channel: MuxChannel, data: string, port: number, address: string) =>
  new Promise<Error | null>((resolve) => {
    const buf = Buffer.from(data);
    channel.send(buf, 0, buf.length, port, address, (error) => resolve(error));
  });

const until = async (check: () => boolean, what: string) => {
  const end = Date.now() + 2000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0)) await f();
});

async function setup() {
  const mux = new UdpMultiplexer({ bindAddress: '127.0.0.1' });
  const a = await peer();
  const b = await peer();
  const stranger = await peer();
  cleanup.push(
    () => mux.close(),
    () => a.socket.close(),
    () => b.socket.close(),
    () => stranger.socket.close(),
  );
  return { mux, a, b, stranger };
}

function heard(channel: MuxChannel): string[] {
  const out: string[] = [];
  channel.on('message', (msg: Buffer) => out.push(msg.toString()));
  return out;
}

describe('UdpMultiplexer', () => {
  it('sends every channel through one socket and routes replies by their source address and port', async () => {
    const { mux, a, b } = await setup();
    const toA = mux.attach('127.0.0.1', a.port);
    const toB = mux.attach('127.0.0.1', b.port);
    const gotA = heard(toA);
    const gotB = heard(toB);
    expect(await sendVia(toA, 'hello a', a.port, '127.0.0.1')).toBeNull();
    expect(await sendVia(toB, 'hello b', b.port, '127.0.0.1')).toBeNull();
    await until(() => a.received.length === 1 && b.received.length === 1, 'requests');
    // One source port for both: one socket.
    expect(a.received[0]?.port).toBe(b.received[0]?.port);
    expect(a.received[0]?.port).toBe(mux.localAddress().port);
    const muxPort = a.received[0]?.port as number;
    await a.send('reply from a', muxPort);
    await b.send('reply from b', muxPort);
    await until(() => gotA.length + gotB.length === 2, 'replies');
    expect(gotA).toEqual(['reply from a']);
    expect(gotB).toEqual(['reply from b']);
    expect(mux.snapshot()).toMatchObject({
      channels: 2,
      datagramsSent: 2,
      datagramsReceived: 2,
      delivered: 2,
      droppedUnknownSource: 0,
    });
  });

  it('drops and counts datagrams from a source no channel talks to', async () => {
    const { mux, a, stranger } = await setup();
    const toA = mux.attach('127.0.0.1', a.port);
    const got = heard(toA);
    await sendVia(toA, 'x', a.port, '127.0.0.1');
    await until(() => a.received.length === 1, 'request');
    const muxPort = a.received[0]?.port as number;
    await stranger.send('spoofed', muxPort);
    await stranger.send('spoofed again', muxPort);
    await a.send('genuine', muxPort);
    await until(() => got.length === 1, 'the genuine reply');
    expect(got).toEqual(['genuine']);
    expect(mux.snapshot()).toMatchObject({
      datagramsReceived: 3,
      delivered: 1,
      droppedUnknownSource: 2,
      lastDroppedFrom: `127.0.0.1:${stranger.port}`,
    });
  });

  it('refuses to send anywhere but to the channel’s own agent', async () => {
    const { mux, a, b } = await setup();
    const toA = mux.attach('127.0.0.1', a.port);
    const error = await sendVia(toA, 'misdirected', b.port, '127.0.0.1');
    expect(error?.message).toMatch(/refusing to send to 127\.0\.0\.1:\d+: this channel belongs to/);
    expect(mux.snapshot().datagramsSent).toBe(0);
  });

  it('gives every channel of one agent its datagrams, saying they are shared', async () => {
    const { mux, a } = await setup();
    const first = mux.attach('127.0.0.1', a.port);
    const second = mux.attach('127.0.0.1', a.port);
    const shared: boolean[] = [];
    first.observer = (deliver, isShared) => {
      shared.push(isShared);
      deliver();
    };
    const got1 = heard(first);
    const got2 = heard(second);
    await sendVia(first, 'x', a.port, '127.0.0.1');
    await until(() => a.received.length === 1, 'request');
    await a.send('both', a.received[0]?.port as number);
    await until(() => got1.length === 1 && got2.length === 1, 'delivery to both');
    expect(shared).toEqual([true]);
    second.close();
    await a.send('only first', a.received[0]?.port as number);
    await until(() => got1.length === 2, 'delivery to the first');
    expect(shared).toEqual([true, false]);
    expect(got2).toEqual(['both']);
  });

  it('keeps the process alive only while some channel is referenced', async () => {
    const { mux, a } = await setup();
    const c1 = mux.attach('127.0.0.1', a.port);
    const c2 = mux.attach('127.0.0.1', a.port);
    expect(mux.snapshot().referenced).toBe(2);
    c1.unref();
    c2.unref();
    c2.unref();
    expect(mux.snapshot().referenced).toBe(0);
    c1.ref();
    expect(mux.snapshot().referenced).toBe(1);
    c1.close();
    expect(mux.snapshot().referenced).toBe(0);
    c1.ref();
    expect(mux.snapshot().referenced).toBe(0);
  });

  it('closes a channel with a close event, after which it neither sends nor hears', async () => {
    const { mux, a } = await setup();
    const channel = mux.attach('127.0.0.1', a.port);
    const got = heard(channel);
    await sendVia(channel, 'x', a.port, '127.0.0.1');
    await until(() => a.received.length === 1, 'request');
    const closed = once(channel, 'close');
    channel.close();
    await closed;
    expect(mux.snapshot().channels).toBe(0);
    expect((await sendVia(channel, 'y', a.port, '127.0.0.1'))?.message).toMatch(/closed/);
    await a.send('late', a.received[0]?.port as number);
    await until(() => mux.snapshot().droppedUnknownSource === 1, 'the late reply');
    expect(got).toEqual([]);
  });

  it('closes every channel and the socket on close()', async () => {
    const { mux, a, b } = await setup();
    const channels = [mux.attach('127.0.0.1', a.port), mux.attach('127.0.0.1', b.port)];
    const closes = channels.map((c) => once(c, 'close'));
    await mux.close();
    await Promise.all(closes);
    expect(mux.snapshot().channels).toBe(0);
    expect(() => mux.attach('127.0.0.1', a.port)).toThrow(/closed/);
    expect((await sendVia(channels[0] as MuxChannel, 'x', a.port, '127.0.0.1'))?.message).toMatch(
      /closed/,
    );
  });

  it('survives a message listener that throws', async () => {
    const { mux, a } = await setup();
    const channel = mux.attach('127.0.0.1', a.port);
    channel.on('message', () => {
      throw new Error('listener bug');
    });
    await sendVia(channel, 'x', a.port, '127.0.0.1');
    await until(() => a.received.length === 1, 'request');
    await a.send('boom', a.received[0]?.port as number);
    await a.send('boom again', a.received[0]?.port as number);
    await until(() => mux.snapshot().delivered === 2, 'both deliveries');
    expect(mux.snapshot().datagramsReceived).toBe(2);
  });

  it('hands net-snmp a dgram module whose sockets are its channels, IPv4 only', async () => {
    const { mux, a } = await setup();
    const module = mux.moduleFor('127.0.0.1', a.port);
    expect(module.channel()).toBeNull();
    const socket = module.createSocket('udp4');
    expect(module.channel()).toBe(socket);
    expect(() => mux.moduleFor('::1', 161).createSocket('udp6')).toThrow(/IPv4 only/);
  });
});
