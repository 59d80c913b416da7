import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RESTART_BACKOFF,
  planRestart,
  restartDelayMs,
} from '../../../src/lab/restart-backoff.js';

describe('restartDelayMs', () => {
  it('waits 1 s, doubling to 30 s, then stays at 30 s', () => {
    const delays = Array.from({ length: 9 }, (_, i) =>
      restartDelayMs(DEFAULT_RESTART_BACKOFF, i + 1),
    );
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]);
    expect(restartDelayMs(DEFAULT_RESTART_BACKOFF, 10_000)).toBe(30_000);
  });

  it('takes its figures from the backoff given', () => {
    const backoff = { initialMs: 250, maxMs: 1500, stableAfterMs: 5000 };
    expect([1, 2, 3, 4, 5].map((n) => restartDelayMs(backoff, n))).toEqual([
      250, 500, 1000, 1500, 1500,
    ]);
  });

  it('refuses a failure count below 1 or not whole', () => {
    expect(() => restartDelayMs(DEFAULT_RESTART_BACKOFF, 0)).toThrow(/from 1, not 0/);
    expect(() => restartDelayMs(DEFAULT_RESTART_BACKOFF, 1.5)).toThrow(RangeError);
  });
});

describe('planRestart', () => {
  it('counts a death soon after a start as one more failure of the run', () => {
    expect(planRestart(DEFAULT_RESTART_BACKOFF, 0, 5_000)).toEqual({ failures: 1, delayMs: 1000 });
    expect(planRestart(DEFAULT_RESTART_BACKOFF, 1, 500)).toEqual({ failures: 2, delayMs: 2000 });
    expect(planRestart(DEFAULT_RESTART_BACKOFF, 5, 59_999)).toEqual({
      failures: 6,
      delayMs: 30000,
    });
  });

  it('starts a new run once the process stayed up stableAfterMs', () => {
    expect(planRestart(DEFAULT_RESTART_BACKOFF, 6, 60_000)).toEqual({ failures: 1, delayMs: 1000 });
    expect(planRestart(DEFAULT_RESTART_BACKOFF, 3, 3_600_000)).toEqual({
      failures: 1,
      delayMs: 1000,
    });
  });
});
