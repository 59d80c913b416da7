// Runs a task at most once per interval. After a quiet spell it runs after a short gathering delay
// (so a lone change is not held back, yet the other workers' batches of the same cycle join it);
// within a busy spell, when the interval since the last run is up (so a burst becomes one run).

export interface ThrottleOptions {
  /** At most one run per this many ms. */
  readonly intervalMs: number;
  /** After a quiet spell, wait this long for more requests before running (at most intervalMs). */
  readonly gatherMs?: number;
  /** The clock, in ms; tests give a fake one. */
  readonly now?: () => number;
}

export class Throttle {
  private timer: NodeJS.Timeout | null = null;
  private lastRun = Number.NEGATIVE_INFINITY;
  private readonly intervalMs: number;
  private readonly gatherMs: number;
  private readonly now: () => number;

  constructor(
    options: ThrottleOptions,
    private readonly task: () => void,
  ) {
    const { intervalMs, gatherMs = 0 } = options;
    if (!(Number.isFinite(intervalMs) && intervalMs >= 0))
      throw new RangeError(`a throttle interval must be at least 0 ms, not ${intervalMs}`);
    if (!(Number.isFinite(gatherMs) && gatherMs >= 0 && gatherMs <= intervalMs))
      throw new RangeError(
        `a throttle's gathering delay must be from 0 to its interval (${intervalMs} ms), not ${gatherMs}`,
      );
    this.intervalMs = intervalMs;
    this.gatherMs = gatherMs;
    this.now = options.now ?? (() => performance.now());
  }

  /** Asks for a run; requests before it happens are the same run. */
  request(): void {
    if (this.timer !== null) return;
    // A timer even when due now: what the caller does in the same tick joins this run.
    const wait = Math.max(this.gatherMs, this.lastRun + this.intervalMs - this.now());
    this.timer = setTimeout(() => this.run(), wait);
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private run(): void {
    this.timer = null;
    this.lastRun = this.now();
    this.task();
  }
}
