import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Throttle } from '../../../src/live/throttle.js';

describe('Throttle', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function rig(intervalMs: number, gatherMs?: number) {
    const runs: number[] = [];
    const throttle = new Throttle({ intervalMs, gatherMs, now: () => Date.now() }, () =>
      runs.push(Date.now()),
    );
    return { runs, throttle, start: Date.now() };
  }

  it('runs a lone request after the gathering delay, and joins requests made meanwhile', () => {
    const { runs, throttle, start } = rig(250, 25);
    throttle.request();
    vi.advanceTimersByTime(10);
    throttle.request(); // a second worker's batch of the same cycle
    vi.advanceTimersByTime(14);
    expect(runs).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(runs).toEqual([start + 25]);
  });

  it('runs at most once per interval within a busy spell', () => {
    const { runs, throttle, start } = rig(250, 25);
    throttle.request();
    vi.advanceTimersByTime(30); // ran at 25
    throttle.request();
    vi.advanceTimersByTime(100);
    throttle.request(); // same pending run
    vi.advanceTimersByTime(200);
    expect(runs).toEqual([start + 25, start + 275]);
  });

  it('after a quiet spell longer than the interval, waits only the gathering delay again', () => {
    const { runs, throttle, start } = rig(250, 25);
    throttle.request();
    vi.advanceTimersByTime(1000);
    throttle.request();
    vi.advanceTimersByTime(25);
    expect(runs).toEqual([start + 25, start + 1025]);
  });

  it('with no gathering delay runs in the next timer turn', () => {
    const { runs, throttle, start } = rig(250);
    throttle.request();
    vi.advanceTimersByTime(0);
    expect(runs).toEqual([start]);
  });

  it('does not run once cancelled', () => {
    const { runs, throttle } = rig(250, 25);
    throttle.request();
    throttle.cancel();
    vi.advanceTimersByTime(1000);
    expect(runs).toEqual([]);
  });

  it('refuses an interval or gathering delay it cannot keep, naming the value', () => {
    expect(() => new Throttle({ intervalMs: -1 }, () => {})).toThrow(/at least 0 ms, not -1/);
    expect(() => new Throttle({ intervalMs: 100, gatherMs: 200 }, () => {})).toThrow(
      /from 0 to its interval \(100 ms\), not 200/,
    );
  });
});
