// Runs a task at most once per interval: at once after a quiet spell (so a lone change is not
// delayed), else when the interval since the last run is up (so a burst becomes one run).

export class Throttle {
  private timer: NodeJS.Timeout | null = null;
  private lastRun = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs: number,
    private readonly task: () => void,
  ) {
    if (!(Number.isFinite(intervalMs) && intervalMs >= 0))
      throw new RangeError(`a throttle interval must be at least 0 ms, not ${intervalMs}`);
  }

  /** Asks for a run; requests before it happens are the same run. */
  request(): void {
    if (this.timer !== null) return;
    // A timer even when due now: what the caller does in the same tick joins this run.
    const wait = Math.max(0, this.lastRun + this.intervalMs - performance.now());
    this.timer = setTimeout(() => this.run(), wait);
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private run(): void {
    this.timer = null;
    this.lastRun = performance.now();
    this.task();
  }
}
