// A bound on polls in flight across all sites: beyond it polls wait, first come first served.

import { onAbort } from './snmp-abort.js';

interface Waiter {
  readonly grant: (granted: boolean) => void;
  /** Aborted while queued: skipped when its turn comes. */
  cancelled: boolean;
}

export class ConcurrencyGate {
  private active = 0;
  private queue: (Waiter | null)[] = [];
  /** Where the queue's live part starts: shifting an array of 100,000 waiters one by one is O(n²). */
  private head = 0;
  private waiting = 0;
  private closed = false;

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`concurrency must be a positive integer, not ${limit}`);
    }
  }

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting;
  }

  /** Resolves true with a slot (release it later), or false when aborted or closed while waiting. */
  acquire(signal: AbortSignal): Promise<boolean> {
    if (this.closed || signal.aborted) return Promise.resolve(false);
    if (this.active < this.limit) {
      this.active += 1;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      let stop = (): void => {};
      const waiter: Waiter = {
        grant: (granted) => {
          stop();
          resolve(granted);
        },
        cancelled: false,
      };
      stop = onAbort(signal, () => {
        if (waiter.cancelled) return;
        waiter.cancelled = true;
        this.waiting -= 1;
        resolve(false);
      });
      this.queue.push(waiter);
      this.waiting += 1;
    });
  }

  release(): void {
    const next = this.shift();
    // The slot passes straight to the next waiter: `active` stays the same.
    if (next) next.grant(true);
    else this.active = Math.max(0, this.active - 1);
  }

  /** Refuses every waiter and every later acquire. */
  close(): void {
    this.closed = true;
    for (let w = this.shift(); w; w = this.shift()) w.grant(false);
  }

  private shift(): Waiter | null {
    while (this.head < this.queue.length) {
      const w = this.queue[this.head];
      this.queue[this.head] = null;
      this.head += 1;
      if (w && !w.cancelled) {
        this.waiting -= 1;
        this.compact();
        return w;
      }
    }
    this.compact();
    return null;
  }

  /** Drops the consumed front of the queue now and then, so it does not grow for ever. */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }
}
