// When to restart a process that died: 1 s, doubling to 30 s while it keeps dying soon after
// each start, back to 1 s once it has stayed up a while. Pure: times are passed in.

export interface RestartBackoff {
  /** The wait before the first restart of a run of failures. */
  readonly initialMs: number;
  /** The longest wait. */
  readonly maxMs: number;
  /** Up this long, a process is healthy again: its next death waits initialMs. */
  readonly stableAfterMs: number;
}

export const DEFAULT_RESTART_BACKOFF: RestartBackoff = {
  initialMs: 1_000,
  maxMs: 30_000,
  stableAfterMs: 60_000,
};

/** The wait before restart number `failures` (1 = the first) of a run: initial × 2^(n-1), capped. */
export function restartDelayMs(backoff: RestartBackoff, failures: number): number {
  if (!Number.isInteger(failures) || failures < 1)
    throw new RangeError(`failures must be a whole number from 1, not ${failures}`);
  // 2^31 overflows nothing here: the cap is reached long before.
  const doublings = Math.min(failures - 1, 31);
  return Math.min(backoff.initialMs * 2 ** doublings, backoff.maxMs);
}

export interface RestartPlan {
  /** Failures in the current run, this one included. */
  readonly failures: number;
  readonly delayMs: number;
}

/**
 * What to do after a death: `failuresBefore` is the run so far, `upMs` how long the process was up
 * (0 when it never came up). A process that stayed up stableAfterMs starts a new run.
 */
export function planRestart(
  backoff: RestartBackoff,
  failuresBefore: number,
  upMs: number,
): RestartPlan {
  const failures = upMs >= backoff.stableAfterMs ? 1 : failuresBefore + 1;
  return { failures, delayMs: restartDelayMs(backoff, failures) };
}
