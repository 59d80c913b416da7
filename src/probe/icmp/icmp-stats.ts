// Loss, round-trip times and jitter of one target's echo requests. Pure.

import type { Echo } from './fping-output.js';

export interface EchoStats {
  readonly sent: number;
  readonly received: number;
  /** 0–100 over `sent`; 100 when nothing was sent. */
  readonly lossPct: number;
  readonly rttMinMs: number | null;
  readonly rttAvgMs: number | null;
  readonly rttMaxMs: number | null;
  /** Mean absolute difference of consecutive received RTTs (RFC 3550, unsmoothed); null under 2. */
  readonly jitterMs: number | null;
}

/** Rounds to the microsecond: fping reports no finer, and storage should not see 0.30000000000000004. */
function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * Stats from how many requests were sent, the RTTs that came back (in order of sending), and how
 * many replies came back when that is known better than by the RTTs (ping's own count).
 */
export function statsFromRtts(
  sent: number,
  rtts: readonly number[],
  received = rtts.length,
): EchoStats {
  const lossPct = sent === 0 ? 100 : round3((100 * Math.max(0, sent - received)) / sent);
  if (received === 0 || rtts.length === 0) {
    return {
      sent,
      received,
      lossPct,
      rttMinMs: null,
      rttAvgMs: null,
      rttMaxMs: null,
      jitterMs: null,
    };
  }
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let jitterSum = 0;
  for (let i = 0; i < rtts.length; i++) {
    const rtt = rtts[i] as number;
    sum += rtt;
    min = Math.min(min, rtt);
    max = Math.max(max, rtt);
    if (i > 0) jitterSum += Math.abs(rtt - (rtts[i - 1] as number));
  }
  return {
    sent,
    received,
    lossPct,
    rttMinMs: min,
    rttAvgMs: round3(sum / rtts.length),
    rttMaxMs: max,
    jitterMs: rtts.length < 2 ? null : round3(jitterSum / (rtts.length - 1)),
  };
}

/** Stats of an echo list (null: lost). Jitter skips the lost ones: consecutive replies are compared. */
export function echoStats(echoes: readonly Echo[]): EchoStats {
  return statsFromRtts(
    echoes.length,
    echoes.filter((e): e is number => e !== null),
  );
}

/** What a target that was never probed (its name did not resolve) shows. */
export const NOT_PROBED: EchoStats = statsFromRtts(0, []);
