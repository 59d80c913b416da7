import { describe, expect, it } from 'vitest';
import { onAbort } from '../../../src/probe/snmp/snmp-abort.js';
import { ConcurrencyGate } from '../../../src/probe/snmp/snmp-concurrency.js';

const never = new AbortController().signal;
const settled = async <T>(p: Promise<T>): Promise<T | 'pending'> =>
  Promise.race([p, new Promise<'pending'>((r) => setTimeout(() => r('pending'), 5))]);

describe('ConcurrencyGate', () => {
  it('grants up to the limit at once, then queues first come first served', async () => {
    const gate = new ConcurrencyGate(2);
    expect(await gate.acquire(never)).toBe(true);
    expect(await gate.acquire(never)).toBe(true);
    const order: number[] = [];
    const third = gate.acquire(never).then((g) => order.push(3) && g);
    const fourth = gate.acquire(never).then((g) => order.push(4) && g);
    expect(gate.queued).toBe(2);
    expect(await settled(third)).toBe('pending');
    gate.release();
    expect(await third).toBe(true);
    expect(gate.inFlight).toBe(2);
    expect(await settled(fourth)).toBe('pending');
    gate.release();
    expect(await fourth).toBe(true);
    expect(order).toEqual([3, 4]);
    gate.release();
    gate.release();
    expect(gate.inFlight).toBe(0);
    expect(gate.queued).toBe(0);
  });

  it('lets a waiter give up when its signal aborts, and skips it when a slot frees', async () => {
    const gate = new ConcurrencyGate(1);
    await gate.acquire(never);
    const controller = new AbortController();
    const gaveUp = gate.acquire(controller.signal);
    const next = gate.acquire(never);
    controller.abort();
    expect(await gaveUp).toBe(false);
    expect(gate.queued).toBe(1);
    gate.release();
    expect(await next).toBe(true);
    expect(gate.inFlight).toBe(1);
    expect(await gate.acquire(controller.signal)).toBe(false);
  });

  it('refuses everything once closed', async () => {
    const gate = new ConcurrencyGate(1);
    await gate.acquire(never);
    const waiting = [gate.acquire(never), gate.acquire(never)];
    gate.close();
    expect(await Promise.all(waiting)).toEqual([false, false]);
    expect(await gate.acquire(never)).toBe(false);
  });

  it('keeps its queue short however many waiters pass through', async () => {
    const gate = new ConcurrencyGate(1);
    await gate.acquire(never);
    const waiters = Array.from({ length: 5000 }, () => gate.acquire(never));
    for (let i = 0; i < 5000; i++) gate.release();
    expect(await Promise.all(waiters)).toEqual(waiters.map(() => true));
    expect(gate.inFlight).toBe(1);
    expect(gate.queued).toBe(0);
  });

  it('rejects a limit that is not a positive integer', () => {
    expect(() => new ConcurrencyGate(0)).toThrow(RangeError);
    expect(() => new ConcurrencyGate(1.5)).toThrow(RangeError);
  });
});

describe('onAbort', () => {
  it('puts one listener on a signal however many wait on it', () => {
    const controller = new AbortController();
    let added = 0;
    const original = controller.signal.addEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...args: Parameters<typeof original>) => {
      added += 1;
      original(...args);
    }) as typeof original;
    const calls: number[] = [];
    const stops = Array.from({ length: 100 }, (_, i) =>
      onAbort(controller.signal, () => calls.push(i)),
    );
    stops[5]?.();
    controller.abort();
    expect(added).toBe(1);
    expect(calls).toHaveLength(99);
    expect(calls).not.toContain(5);
  });
});
