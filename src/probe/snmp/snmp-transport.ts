// One UDP socket for every SNMP session of a poller: net-snmp opens a socket per session, which at
// 100,000 sites would be 100,000 file descriptors. Each session gets a socket-like channel instead;
// its sends leave through the shared socket, and it hears only datagrams from its own agent.

import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import type { DgramModuleLike, DgramSocketLike } from 'net-snmp';
import type { Logger } from '../../logger.js';

export interface UdpMultiplexerOptions {
  /** Local address of the shared socket; 0.0.0.0 unless set. */
  readonly bindAddress?: string;
  /** SO_RCVBUF asked for: replies to a burst of polls arrive together (the kernel caps it at rmem_max). */
  readonly recvBufferBytes?: number;
  readonly log?: Logger;
  /** For tests: how the shared socket is made. */
  readonly createSocket?: () => dgram.Socket;
}

/** Plain counters of the shared socket. */
export interface TransportStats {
  readonly channels: number;
  /** Channels awaiting a reply (net-snmp refs its socket then): the socket keeps the process alive. */
  readonly referenced: number;
  readonly datagramsSent: number;
  readonly datagramsReceived: number;
  /** Datagrams handed to a channel (one datagram can reach several channels of one agent). */
  readonly delivered: number;
  /** Datagrams from an address:port that no channel sends to: dropped. */
  readonly droppedUnknownSource: number;
  readonly lastDroppedFrom: string | null;
  readonly sendErrors: number;
  readonly socketErrors: number;
}

/**
 * Called around each datagram delivered to a channel, so the owner can see what it led to.
 * `shared`: other channels talk to the same agent and got the datagram too.
 */
export type DeliveryObserver = (deliver: () => void, shared: boolean, msg: Buffer) => void;

const key = (address: string, port: number): string => `${address}:${port}`;

type SendCallback = (error: Error | null, bytes?: number) => void;

/** Fails a send as dgram does: the callback gets the error on a later tick, never synchronously. */
function sendFailed(callback: SendCallback, message: string): void {
  process.nextTick(callback, new Error(message));
}

/** The socket-like object net-snmp gets in place of a dgram socket: bound to one agent. */
export class MuxChannel extends EventEmitter implements DgramSocketLike {
  private closed = false;
  private referenced = true;
  /** Datagrams this channel sent: lets the owner notice a session sending while it handles a reply. */
  sent = 0;
  received = 0;
  observer: DeliveryObserver | null = null;
  /** Sees every datagram the channel sends (the owner notes request ids). */
  onSend: ((datagram: Buffer) => void) | null = null;

  constructor(
    private readonly mux: UdpMultiplexer,
    readonly remoteAddress: string,
    readonly remotePort: number,
  ) {
    super();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(
    buffer: Buffer,
    offset: number,
    length: number,
    port: number,
    address: string,
    callback: SendCallback,
  ): void {
    const refusal = this.refusal(address, port);
    if (refusal !== null) {
      sendFailed(callback, refusal);
      return;
    }
    const datagram = buffer.subarray(offset, offset + length);
    this.sent += 1;
    this.onSend?.(datagram);
    this.mux.sendFor(this, datagram, callback);
  }

  /** Why a send to `address:port` cannot go out now, or null when it can. */
  private refusal(address: string, port: number): string | null {
    if (this.closed) return 'the SNMP channel is closed';
    // A session must only talk to its own agent: otherwise replies would never be routed back to it.
    if (address !== this.remoteAddress || port !== this.remotePort)
      return `refusing to send to ${key(address, port)}: this channel belongs to ${key(this.remoteAddress, this.remotePort)}`;
    return null;
  }

  /** net-snmp binds only when given a source address or port, which the poller never sets. */
  bind(): this {
    return this;
  }

  address(): { address: string; family: string; port: number } {
    return this.mux.localAddress();
  }

  ref(): this {
    if (!this.referenced && !this.closed) {
      this.referenced = true;
      this.mux.adjustReferences(1);
    }
    return this;
  }

  unref(): this {
    if (this.referenced && !this.closed) {
      this.referenced = false;
      this.mux.adjustReferences(-1);
    }
    return this;
  }

  close(callback?: () => void): this {
    if (this.closed) return this;
    if (this.referenced) this.mux.adjustReferences(-1);
    this.closed = true;
    this.mux.detach(this);
    // A dgram socket reports 'close' asynchronously; net-snmp fails outstanding requests on it.
    process.nextTick(() => {
      this.emit('close');
      callback?.();
    });
    return this;
  }

  /** From the multiplexer: a datagram whose source is this channel's agent. */
  deliver(msg: Buffer, rinfo: dgram.RemoteInfo, shared = false): void {
    if (this.closed) return;
    this.received += 1;
    const emit = (): void => {
      this.emit('message', msg, rinfo);
    };
    if (this.observer) this.observer(emit, shared, msg);
    else emit();
  }
}

/** One real UDP socket shared by many channels, routing replies by their source address and port. */
export class UdpMultiplexer {
  private readonly socket: dgram.Socket;
  private readonly routes = new Map<string, MuxChannel[]>();
  private readonly log: Logger | undefined;
  private channelCount = 0;
  /** Channels that asked to keep the process alive (net-snmp refs a socket while it awaits replies). */
  private references = 0;
  private closed = false;
  private referenced = true;
  private stats = {
    datagramsSent: 0,
    datagramsReceived: 0,
    delivered: 0,
    droppedUnknownSource: 0,
    lastDroppedFrom: null as string | null,
    sendErrors: 0,
    socketErrors: 0,
  };

  constructor(options: UdpMultiplexerOptions = {}) {
    this.log = options.log;
    this.socket = options.createSocket?.() ?? dgram.createSocket({ type: 'udp4' });
    this.socket.on('message', (msg, rinfo) => this.route(msg, rinfo));
    this.socket.on('error', (error) => {
      // Without this listener a socket error would throw; sends report their own errors anyway.
      this.stats.socketErrors += 1;
      this.log?.error({ err: error }, 'SNMP socket error');
    });
    const recvBufferBytes = options.recvBufferBytes ?? 4 * 1024 * 1024;
    this.socket.once('listening', () => {
      try {
        this.socket.setRecvBufferSize(recvBufferBytes);
      } catch (error) {
        this.log?.warn(
          { err: error, recvBufferBytes },
          'could not enlarge the SNMP receive buffer',
        );
      }
    });
    // Sends issued before the bind completes are queued by dgram itself.
    this.socket.bind(0, options.bindAddress ?? '0.0.0.0');
    this.adjustReferences(0);
  }

  /** A dgram-like module for one agent: what net-snmp's `dgramModule` option takes. */
  moduleFor(
    address: string,
    port: number,
  ): DgramModuleLike & { readonly channel: () => MuxChannel | null } {
    let made: MuxChannel | null = null;
    return {
      createSocket: (type) => {
        if (type !== 'udp4') throw new Error(`the SNMP transport is IPv4 only (asked for ${type})`);
        made = this.attach(address, port);
        return made;
      },
      channel: () => made,
    };
  }

  /** A channel that sends to and hears from `address:port` only. */
  attach(address: string, port: number): MuxChannel {
    if (this.closed) throw new Error('the SNMP transport is closed');
    const channel = new MuxChannel(this, address, port);
    const k = key(address, port);
    const list = this.routes.get(k);
    if (list) list.push(channel);
    else this.routes.set(k, [channel]);
    this.channelCount += 1;
    this.adjustReferences(1);
    return channel;
  }

  detach(channel: MuxChannel): void {
    const k = key(channel.remoteAddress, channel.remotePort);
    const list = this.routes.get(k);
    if (!list) return;
    const i = list.indexOf(channel);
    if (i < 0) return;
    list.splice(i, 1);
    if (list.length === 0) this.routes.delete(k);
    this.channelCount -= 1;
  }

  /** Sends `datagram` to the channel's agent through the shared socket. */
  sendFor(channel: MuxChannel, datagram: Buffer, callback: SendCallback): void {
    if (this.closed) {
      sendFailed(callback, 'the SNMP transport is closed');
      return;
    }
    this.stats.datagramsSent += 1;
    try {
      this.socket.send(datagram, channel.remotePort, channel.remoteAddress, (error, bytes) => {
        if (error) this.stats.sendErrors += 1;
        callback(error, bytes);
      });
    } catch (error) {
      // dgram throws synchronously on bad arguments or a closed socket.
      this.stats.sendErrors += 1;
      process.nextTick(callback, error instanceof Error ? error : new Error(String(error)));
    }
  }

  localAddress(): { address: string; family: string; port: number } {
    try {
      return this.socket.address();
    } catch {
      return { address: '0.0.0.0', family: 'IPv4', port: 0 };
    }
  }

  /** The shared socket keeps the process alive only while some session waits for a reply. */
  adjustReferences(delta: number): void {
    this.references += delta;
    if (this.closed) return;
    const wanted = this.references > 0;
    if (wanted === this.referenced) return;
    this.referenced = wanted;
    if (wanted) this.socket.ref();
    else this.socket.unref();
  }

  private route(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    this.stats.datagramsReceived += 1;
    const channels = this.routes.get(key(rinfo.address, rinfo.port));
    if (!channels || channels.length === 0) {
      this.stats.droppedUnknownSource += 1;
      this.stats.lastDroppedFrom = key(rinfo.address, rinfo.port);
      return;
    }
    // Two sites behind one agent address: each session ignores replies to requests it did not send.
    const shared = channels.length > 1;
    for (const channel of shared ? [...channels] : channels) {
      this.stats.delivered += 1;
      try {
        channel.deliver(msg, rinfo, shared);
      } catch (error) {
        // A listener threw: never let one agent's reply take the shared socket down.
        this.log?.error(
          { err: error, from: key(rinfo.address, rinfo.port) },
          'SNMP reply handler threw',
        );
      }
    }
  }

  snapshot(): TransportStats {
    return { channels: this.channelCount, referenced: this.references, ...this.stats };
  }

  /** Closes every channel (their sessions fail outstanding requests) and the socket. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    for (const list of [...this.routes.values()]) for (const channel of [...list]) channel.close();
    this.closed = true;
    return new Promise((resolve) => {
      try {
        this.socket.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }
}
