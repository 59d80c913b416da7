// A load generator for the lab's SNMP agents: GETs of a few OIDs to many sites from one plain UDP
// socket, a bounded number in flight, for a fixed time. The lab benchmark calls it.

import dgram from 'node:dgram';
import { performance } from 'node:perf_hooks';
import { BerError, BerReader, Tag } from './ber.js';
import {
  encodeCommunityRequest,
  encodeDiscoveryRequest,
  getPdu,
  ManagerError,
  readDiscoveryReport,
  V3Session,
} from './manager.js';
import { decodeMessage, type Pdu } from './message.js';
import { parseOid } from './oid.js';
import type { UsmUser } from './responder.js';
import type { Oid } from './types.js';

export interface ThroughputTarget {
  readonly address: string;
  readonly port: number;
  /** This site's OIDs, when its interface numbering differs from the default set's. */
  readonly oids?: readonly string[];
}

export type ThroughputCredentials =
  | { readonly version: 'v2c'; readonly community: string }
  | { readonly version: 'v3'; readonly user: UsmUser };

export interface ThroughputOptions {
  readonly targets: readonly ThroughputTarget[];
  readonly durationS: number;
  readonly credentials: ThroughputCredentials;
  /** Requests outstanding at once (at most one per target). Default 256. */
  readonly maxInFlight?: number;
  /** A request unanswered this long is counted as timed out and sent again. Default 1000. */
  readonly timeoutMs?: number;
  /** Default: THROUGHPUT_OIDS. */
  readonly oids?: readonly string[];
  /**
   * Decode every reply fully (and authenticate and decrypt it for v3), counting as failed the ones
   * that are not a clean answer: an error status, a missing binding, or an exception value.
   * Off by default: the client shares the agent's thread in the lab, and its crypto would halve the
   * figure being measured; replies are then matched by request-id / msgID only.
   */
  readonly verify?: boolean;
  /** Where the client socket binds. Default 127.0.0.1. */
  readonly bindAddress?: string;
}

export interface ThroughputResult {
  readonly requests: number;
  readonly answered: number;
  readonly timedOut: number;
  /** Replies that matched a request but were no clean answer (only with `verify`), and send errors. */
  readonly failed: number;
  /** v3: targets that never answered engine discovery and were left out. */
  readonly undiscovered: number;
  readonly getsPerSecond: number;
  readonly elapsedMs: number;
  /** CPU of this whole process over the measured window (agent and client, when they share it). */
  readonly cpuUserMs: number;
  readonly cpuSystemMs: number;
}

/** sysDescr, sysObjectID, sysUpTime, sysName; ifOperStatus, ifInOctets, ifOutOctets, ifHCInOctets of ifIndex 1. */
export const THROUGHPUT_OIDS: readonly string[] = [
  '1.3.6.1.2.1.1.1.0',
  '1.3.6.1.2.1.1.2.0',
  '1.3.6.1.2.1.1.3.0',
  '1.3.6.1.2.1.1.5.0',
  '1.3.6.1.2.1.2.2.1.8.1',
  '1.3.6.1.2.1.2.2.1.10.1',
  '1.3.6.1.2.1.2.2.1.16.1',
  '1.3.6.1.2.1.31.1.1.1.6.1',
];

interface Slot {
  readonly target: ThroughputTarget;
  readonly oids: readonly Oid[];
  session: V3Session | undefined;
  id: number;
  bytes: Buffer | undefined;
  encodedAtMs: number;
  sentAtMs: number;
  outstanding: boolean;
}

const EXCEPTIONS = new Set(['NoSuchObject', 'NoSuchInstance', 'EndOfMibView']);

/** Re-encode v3 requests well inside the agent's 150 s time window. */
const V3_REENCODE_AFTER_MS = 60_000;

/** The request-id (v1/v2c) or msgID (v3) of a reply, read without decoding the rest. */
export function replyId(bytes: Buffer): number | undefined {
  try {
    const msg = new BerReader(bytes).readSequence();
    const version = msg.readInteger();
    if (version === 3) return msg.readSequence().readInteger();
    msg.readOctetString();
    return msg.readSequence(Tag.Response).readInteger();
  } catch {
    // Whatever went wrong, this datagram matches no request.
    return undefined;
  }
}

export async function measureGetThroughput(options: ThroughputOptions): Promise<ThroughputResult> {
  const maxInFlight = Math.max(1, options.maxInFlight ?? 256);
  const timeoutMs = options.timeoutMs ?? 1000;
  const defaultOids: Oid[] = (options.oids ?? THROUGHPUT_OIDS).map(parseOid);
  const { credentials } = options;
  const verify = options.verify ?? false;

  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, options.bindAddress ?? '127.0.0.1', () => {
      socket.off('error', reject);
      resolve();
    });
  });
  try {
    // Bursts of replies from thousands of sites: a larger buffer keeps the kernel from dropping them.
    socket.setRecvBufferSize(8 * 1024 * 1024);
    socket.setSendBufferSize(8 * 1024 * 1024);
  } catch {
    // Capped or refused by the kernel: the defaults still work, with more timeouts under load.
  }
  let sendErrors = 0;
  socket.on('error', () => {
    sendErrors++;
  });

  let nextId = 1 + Math.floor(Math.random() * 1_000_000);
  const newId = (): number => {
    nextId = nextId >= 0x7fffffff ? 1 : nextId + 1;
    return nextId;
  };
  const slots: Slot[] = options.targets.map((target) => ({
    target,
    oids: target.oids ? target.oids.map(parseOid) : defaultOids,
    session: undefined,
    id: 0,
    bytes: undefined,
    encodedAtMs: 0,
    sentAtMs: 0,
    outstanding: false,
  }));
  const byId = new Map<number, number>();

  try {
    let active = slots.map((_, i) => i);
    let undiscovered = 0;
    if (credentials.version === 'v3') {
      active = await discoverEngines(
        socket,
        slots,
        credentials.user,
        maxInFlight,
        timeoutMs,
        newId,
      );
      undiscovered = slots.length - active.length;
    }

    const encode = (slot: Slot, nowMs: number): void => {
      slot.id = newId();
      const pdu: Pdu = getPdu(slot.id, slot.oids);
      slot.bytes =
        credentials.version === 'v2c'
          ? encodeCommunityRequest('v2c', credentials.community, pdu)
          : (slot.session as V3Session).encodeRequest(pdu, slot.id, Date.now());
      slot.encodedAtMs = nowMs;
    };

    let requests = 0;
    let answered = 0;
    let timedOut = 0;
    let failed = 0;
    let inFlight = 0;
    const queue: number[] = [...active];
    let head = 0;
    let running = true;

    const send = (index: number, nowMs: number): void => {
      const slot = slots[index] as Slot;
      // Each target's request is encoded once and sent again after every answer (a new id only after
      // a timeout), so the client spends its time on sockets, not on encoding and v3 crypto.
      const stale = slot.session !== undefined && nowMs - slot.encodedAtMs > V3_REENCODE_AFTER_MS;
      if (!slot.bytes || stale) {
        if (slot.bytes) byId.delete(slot.id);
        encode(slot, nowMs);
        byId.set(slot.id, index);
      }
      slot.outstanding = true;
      slot.sentAtMs = nowMs;
      inFlight++;
      requests++;
      socket.send(slot.bytes as Buffer, slot.target.port, slot.target.address);
    };
    const pump = (): void => {
      if (!running) return;
      const nowMs = performance.now();
      while (inFlight < maxInFlight && head < queue.length) {
        send(queue[head++] as number, nowMs);
        // Compact now and then, so the queue does not grow without bound.
        if (head > 4096 && head * 2 > queue.length) {
          queue.splice(0, head);
          head = 0;
        }
      }
    };
    const check = (slot: Slot, bytes: Buffer): boolean => {
      let pdu: Pdu;
      try {
        if (credentials.version === 'v3') {
          pdu = (slot.session as V3Session).decodeReply(bytes).pdu;
        } else {
          const m = decodeMessage(bytes);
          if (m.version === 3) return false;
          pdu = m.pdu;
        }
      } catch (err) {
        if (err instanceof ManagerError || err instanceof BerError) return false;
        throw err;
      }
      return (
        pdu.type === 'Response' &&
        pdu.errorStatus === 0 &&
        pdu.requestId === slot.id &&
        pdu.varbinds.length === slot.oids.length &&
        pdu.varbinds.every((vb) => !EXCEPTIONS.has(vb.value.type))
      );
    };

    socket.on('message', (bytes) => {
      if (!running) return;
      const id = replyId(bytes);
      if (id === undefined) return;
      const index = byId.get(id);
      if (index === undefined) return;
      const slot = slots[index] as Slot;
      if (!slot.outstanding) return;
      slot.outstanding = false;
      inFlight--;
      if (!verify || check(slot, bytes)) answered++;
      else failed++;
      queue.push(index);
      pump();
    });

    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const sweep = setInterval(
      () => {
        const nowMs = performance.now();
        for (const index of active) {
          const slot = slots[index] as Slot;
          if (!slot.outstanding || nowMs - slot.sentAtMs < timeoutMs) continue;
          // Lost: a new id, so a late reply to the old one is not taken for the next.
          slot.outstanding = false;
          inFlight--;
          timedOut++;
          byId.delete(slot.id);
          slot.bytes = undefined;
          queue.push(index);
        }
        pump();
      },
      Math.max(10, Math.min(100, timeoutMs / 2)),
    );
    pump();
    await new Promise((resolve) => setTimeout(resolve, options.durationS * 1000));
    running = false;
    clearInterval(sweep);
    const elapsedMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    return {
      requests,
      answered,
      timedOut,
      failed: failed + sendErrors,
      undiscovered,
      getsPerSecond: answered / (elapsedMs / 1000),
      elapsedMs,
      cpuUserMs: cpu.user / 1000,
      cpuSystemMs: cpu.system / 1000,
    };
  } finally {
    await new Promise<void>((resolve) => socket.close(() => resolve()));
  }
}

/** Engine discovery for every target, bounded in flight, three tries each; returns those found. */
async function discoverEngines(
  socket: dgram.Socket,
  slots: Slot[],
  user: UsmUser,
  maxInFlight: number,
  timeoutMs: number,
  newId: () => number,
): Promise<number[]> {
  const tries = new Array<number>(slots.length).fill(0);
  const pending = new Map<number, number>();
  const found: number[] = [];
  let next = 0;
  const retry: number[] = [];
  return new Promise((resolve) => {
    const sendOne = (index: number): void => {
      const slot = slots[index] as Slot;
      const id = newId();
      tries[index] = (tries[index] ?? 0) + 1;
      slot.id = id;
      slot.sentAtMs = performance.now();
      pending.set(id, index);
      socket.send(encodeDiscoveryRequest(id, id), slot.target.port, slot.target.address);
    };
    const fill = (): void => {
      while (pending.size < maxInFlight && (retry.length > 0 || next < slots.length)) {
        sendOne(retry.length > 0 ? (retry.pop() as number) : next++);
      }
      if (pending.size === 0) finish();
    };
    const onMessage = (bytes: Buffer): void => {
      try {
        const { msgId, engine } = readDiscoveryReport(bytes, Date.now());
        const index = pending.get(msgId);
        if (index === undefined) return;
        pending.delete(msgId);
        (slots[index] as Slot).session = new V3Session(user, engine);
        found.push(index);
      } catch (err) {
        if (!(err instanceof ManagerError)) throw err;
        return;
      }
      fill();
    };
    const timer = setInterval(
      () => {
        const nowMs = performance.now();
        for (const [id, index] of pending) {
          if (nowMs - (slots[index] as Slot).sentAtMs < timeoutMs) continue;
          pending.delete(id);
          if ((tries[index] ?? 0) < 3) retry.push(index);
        }
        fill();
      },
      Math.max(10, Math.min(100, timeoutMs / 2)),
    );
    const finish = (): void => {
      clearInterval(timer);
      socket.off('message', onMessage);
      resolve(found.sort((a, b) => a - b));
    };
    socket.on('message', onMessage);
    fill();
  });
}
