// Rates from consecutive interface counter readings. Pure: state in, state out, no clock.
//
// - 64-bit counters (ifHC*) are preferred; 32-bit ones are used with wrap handling when the agent
//   has nothing better.
// - A reboot (sysUpTime went back, or advanced less than the time that passed), a counter reset,
//   or a renumbered interface gives no rate for that interval, never a spike or a negative rate.
// - Rates are never capped at the reported speed (a wrong ifSpeed flat-lined LibreNMS bills,
//   its issue #4318). A lone rate above twice the reported speed is held back one interval: if
//   the next is plausible, the held one was a glitch (a misread wrap, a counter hiccup) and is
//   discarded and counted; if the next is implausible too, both are kept and the interface is
//   flagged "reported speed looks wrong". Rates that stay above the reported speed get the flag too.

import type { NoRateReason, Rate } from './types.js';

const TWO_32 = 2 ** 32;
/** Samples in a row above the reported speed that flag it as wrong. */
const HIGH_STREAK_FOR_FLAG = 3;
/** Samples in a row at or under the reported speed that clear the flag. */
const NORMAL_STREAK_FOR_CLEAR = 10;

export const SPEED_WARNING = 'reported speed looks wrong: rates stay above it';
export const COUNTER32_WARNING =
  '32-bit counters can wrap more than once between polls at this speed: rates may read low';

/** One reading of an interface's counters, as the poller took it. */
export interface CounterReading {
  /** Epoch ms at the reply. */
  readonly at: number;
  /** Monotonic ms at the reply (the polling thread's clock): intervals are measured on it. */
  readonly monotonicMs: number;
  /** sysUpTime, hundredths of a second. */
  readonly uptimeTicks: number;
  readonly ifIndex: number;
  readonly speedMbps: number | null;
  readonly hcIn: bigint | null;
  readonly hcOut: bigint | null;
  readonly in32: number | null;
  readonly out32: number | null;
  /** ifInErrors, ifOutErrors, ifInDiscards (Counter32), when the agent reports them. */
  readonly inErrors?: number | null;
  readonly outErrors?: number | null;
  readonly inDiscards?: number | null;
}

/** A Counter32's increase between two readings (it wraps at 2^32); null unless both exist. */
function counter32Delta(
  prev: number | null | undefined,
  cur: number | null | undefined,
): number | null {
  if (prev === null || prev === undefined || cur === null || cur === undefined) return null;
  const d = cur - prev;
  return d < 0 ? d + TWO_32 : d;
}

export interface RateState {
  readonly last: CounterReading | null;
  /** An implausible rate waiting for the next reading to tell a glitch from a wrong speed. */
  readonly held: Rate | null;
  readonly highStreak: number;
  readonly normalStreak: number;
  readonly speedSuspect: boolean;
}

export const INITIAL_RATE_STATE: RateState = {
  last: null,
  held: null,
  highStreak: 0,
  normalStreak: 0,
  speedSuspect: false,
};

export type RateEvent = 'spike-discarded' | 'speed-flagged' | 'speed-cleared';

export interface RateOutcome {
  readonly state: RateState;
  /** Rates to record now, oldest first (a released held rate comes before the current one). */
  readonly rates: readonly Rate[];
  /** Why this reading gave no rate, when it gave none. */
  readonly noRate: NoRateReason | null;
  readonly events: readonly RateEvent[];
  readonly warnings: readonly string[];
}

/**
 * True when the uptime shows a restart between the readings: it went back, or it advanced much
 * less than the time that passed. TimeTicks wrap at 2^32 (497 days) is not a restart.
 */
export function rebootedBetween(prev: CounterReading, cur: CounterReading): boolean {
  const elapsedTicks = (cur.monotonicMs - prev.monotonicMs) / 10;
  let advanced = cur.uptimeTicks - prev.uptimeTicks;
  if (advanced < 0 && prev.uptimeTicks + elapsedTicks >= TWO_32 - 100) advanced += TWO_32;
  // Agents' clocks drift and replies take time: allow 10 % and 5 s of slack.
  return advanced < elapsedTicks * 0.9 - 500;
}

type Deltas =
  | {
      readonly ok: true;
      readonly inOctets: number;
      readonly outOctets: number;
      readonly source: Rate['source'];
    }
  | { readonly ok: false; readonly reason: NoRateReason };

function counterDeltas(prev: CounterReading, cur: CounterReading): Deltas {
  if (prev.hcIn !== null && prev.hcOut !== null && cur.hcIn !== null && cur.hcOut !== null) {
    const dIn = cur.hcIn - prev.hcIn;
    const dOut = cur.hcOut - prev.hcOut;
    // 64-bit counters do not wrap in practice: going back means a reset.
    if (dIn < 0n || dOut < 0n) return { ok: false, reason: 'counter-reset' };
    return { ok: true, inOctets: Number(dIn), outOctets: Number(dOut), source: 'counter64' };
  }
  if (prev.in32 !== null && prev.out32 !== null && cur.in32 !== null && cur.out32 !== null) {
    const wrap = (d: number): number => (d < 0 ? d + TWO_32 : d);
    return {
      ok: true,
      inOctets: wrap(cur.in32 - prev.in32),
      outOctets: wrap(cur.out32 - prev.out32),
      source: 'counter32',
    };
  }
  return { ok: false, reason: 'no-counters' };
}

/** Folds one reading into the state; returns the rates to record and why there are none. */
export function advanceRates(state: RateState, reading: CounterReading): RateOutcome {
  const prev = state.last;
  const none = (reason: NoRateReason, events: RateEvent[] = []): RateOutcome => ({
    // Whatever was held cannot be judged across a gap: it is dropped with the gap.
    state: { ...state, last: reading, held: null },
    rates: [],
    noRate: reason,
    events: state.held ? ['spike-discarded', ...events] : events,
    warnings: state.speedSuspect ? [SPEED_WARNING] : [],
  });
  if (prev === null) return none('first-sample');
  if (rebootedBetween(prev, reading)) return none('reboot');
  if (prev.ifIndex !== reading.ifIndex) return none('interface-changed');
  const intervalMs = reading.monotonicMs - prev.monotonicMs;
  if (intervalMs <= 0) return none('no-elapsed-time');
  const deltas = counterDeltas(prev, reading);
  if (!deltas.ok) return none(deltas.reason);

  const rate: Rate = {
    at: reading.at,
    intervalMs,
    inBps: (deltas.inOctets * 8 * 1000) / intervalMs,
    outBps: (deltas.outOctets * 8 * 1000) / intervalMs,
    inOctets: deltas.inOctets,
    outOctets: deltas.outOctets,
    inErrors: counter32Delta(prev.inErrors, reading.inErrors),
    outErrors: counter32Delta(prev.outErrors, reading.outErrors),
    inDiscards: counter32Delta(prev.inDiscards, reading.inDiscards),
    source: deltas.source,
  };
  const speedBps =
    reading.speedMbps !== null && reading.speedMbps > 0 ? reading.speedMbps * 1e6 : null;
  const warnings: string[] = [];
  if (
    deltas.source === 'counter32' &&
    speedBps !== null &&
    (speedBps / 8) * (intervalMs / 1000) >= TWO_32
  ) {
    warnings.push(COUNTER32_WARNING);
  }
  const base = { ...state, last: reading };
  if (speedBps === null) {
    return {
      state: { ...base, held: null },
      rates: released(state.held, rate),
      noRate: null,
      events: [],
      warnings,
    };
  }

  const peak = Math.max(rate.inBps, rate.outBps);
  const events: RateEvent[] = [];
  if (peak > 2 * speedBps && !state.speedSuspect) {
    if (state.held === null) {
      // Alone so far: hold it until the next reading says what it was.
      return { state: { ...base, held: rate }, rates: [], noRate: 'spike-held', events, warnings };
    }
    // Two implausible readings in a row: not a glitch, the reported speed is wrong.
    events.push('speed-flagged');
    return {
      state: {
        ...base,
        held: null,
        speedSuspect: true,
        highStreak: state.highStreak + 2,
        normalStreak: 0,
      },
      rates: [state.held, rate],
      noRate: null,
      events,
      warnings: [SPEED_WARNING, ...warnings],
    };
  }
  if (state.held !== null) events.push('spike-discarded');
  const high = peak > speedBps;
  const highStreak = high ? state.highStreak + 1 : 0;
  const normalStreak = high ? 0 : state.normalStreak + 1;
  let speedSuspect = state.speedSuspect;
  if (!speedSuspect && highStreak >= HIGH_STREAK_FOR_FLAG) {
    speedSuspect = true;
    events.push('speed-flagged');
  } else if (speedSuspect && normalStreak >= NORMAL_STREAK_FOR_CLEAR) {
    speedSuspect = false;
    events.push('speed-cleared');
  }
  return {
    state: { last: reading, held: null, highStreak, normalStreak, speedSuspect },
    rates: [rate],
    noRate: null,
    events,
    warnings: speedSuspect ? [SPEED_WARNING, ...warnings] : warnings,
  };
}

/** Without a speed to judge by, a held rate (from before the speed vanished) is simply released. */
function released(held: Rate | null, rate: Rate): Rate[] {
  return held ? [held, rate] : [rate];
}
