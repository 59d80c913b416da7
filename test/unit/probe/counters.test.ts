import { describe, expect, it } from 'vitest';
import {
  advanceRates,
  COUNTER32_WARNING,
  type CounterReading,
  INITIAL_RATE_STATE,
  type RateOutcome,
  type RateState,
  rebootedBetween,
  SPEED_WARNING,
} from '../../../src/probe/snmp/counters.js';

const T0 = Date.UTC(2026, 10, 25, 3, 0);
const MBPS = 1e6 / 8; // bytes per second at 1 Mbps

interface Step {
  /** seconds since the first reading */
  t: number;
  /** bytes since the counters' start, for both directions (out = in / 4) */
  bytes?: number;
  uptimeS?: number;
  speedMbps?: number | null;
  ifIndex?: number;
  hc?: boolean;
  c32?: boolean;
  /** raw 32-bit values, to place wraps exactly */
  in32?: number;
}

/** Readings of an interface that booted 1000 s before the first one, 64- and 32-bit counters. */
function reading(step: Step): CounterReading {
  const bytes = step.bytes ?? 0;
  const hc = step.hc ?? true;
  const c32 = step.c32 ?? true;
  return {
    at: T0 + step.t * 1000,
    monotonicMs: 50_000 + step.t * 1000,
    uptimeTicks: Math.round((step.uptimeS ?? 1000 + step.t) * 100),
    ifIndex: step.ifIndex ?? 1,
    speedMbps: step.speedMbps === undefined ? 100 : step.speedMbps,
    hcIn: hc ? 10_000_000_000n + BigInt(bytes) : null,
    hcOut: hc ? 10_000_000_000n + BigInt(Math.floor(bytes / 4)) : null,
    in32: c32 ? (step.in32 ?? (1_000_000 + bytes) % 2 ** 32) : null,
    out32: c32 ? (1_000_000 + Math.floor(bytes / 4)) % 2 ** 32 : null,
  };
}

/** Runs readings through the state machine; returns every outcome. */
function run(steps: readonly Step[], start: RateState = INITIAL_RATE_STATE): RateOutcome[] {
  let state = start;
  return steps.map((step) => {
    const outcome = advanceRates(state, reading(step));
    state = outcome.state;
    return outcome;
  });
}

describe('advanceRates', () => {
  it('counts the errors and discards of the interval, across a Counter32 wrap, and none where unreported', () => {
    const first = advanceRates(INITIAL_RATE_STATE, {
      ...reading({ t: 0 }),
      inErrors: 2 ** 32 - 3,
      outErrors: 10,
      inDiscards: null,
    });
    const second = advanceRates(first.state, {
      ...reading({ t: 60, bytes: 1000 }),
      inErrors: 4,
      outErrors: 10,
      inDiscards: 7,
    });
    expect(second.rates[0]).toMatchObject({ inErrors: 7, outErrors: 0, inDiscards: null });
  });

  it('gives no rate for the first reading, then the rate between readings', () => {
    const [first, second] = run([
      { t: 0, bytes: 0 },
      { t: 60, bytes: 60 * 10 * MBPS },
    ]);
    expect(first?.noRate).toBe('first-sample');
    expect(first?.rates).toEqual([]);
    expect(second?.noRate).toBeNull();
    expect(second?.rates).toHaveLength(1);
    const rate = second?.rates[0];
    expect(rate?.inBps).toBeCloseTo(10e6, 3);
    expect(rate?.outBps).toBeCloseTo(2.5e6, 3);
    expect(rate?.inOctets).toBe(60 * 10 * MBPS);
    expect(rate?.intervalMs).toBe(60_000);
    expect(rate?.at).toBe(T0 + 60_000);
    expect(rate?.source).toBe('counter64');
  });

  it('measures the interval on the monotonic clock, not the wall clock', () => {
    const a = reading({ t: 0, bytes: 0 });
    const b = { ...reading({ t: 30, bytes: 30 * MBPS }), at: T0 + 3_600_000 };
    const out = advanceRates(advanceRates(INITIAL_RATE_STATE, a).state, b);
    expect(out.rates[0]?.inBps).toBeCloseTo(1e6, 3);
  });

  it('falls back to Counter32 and handles a wrap', () => {
    const outcomes = run([
      { t: 0, hc: false, in32: 2 ** 32 - 1_000_000 },
      { t: 60, hc: false, in32: 2_000_000, bytes: 3_000_000 - 1_000_000 },
    ]);
    const rate = outcomes[1]?.rates[0];
    expect(rate?.source).toBe('counter32');
    expect(rate?.inOctets).toBe(3_000_000);
    expect(rate?.inBps).toBeCloseTo((3_000_000 * 8) / 60, 6);
  });

  it('prefers Counter64 when both readings have it', () => {
    const outcomes = run([
      { t: 0, bytes: 0 },
      { t: 60, bytes: 5_000_000, in32: 12345 },
    ]);
    expect(outcomes[1]?.rates[0]?.source).toBe('counter64');
    expect(outcomes[1]?.rates[0]?.inOctets).toBe(5_000_000);
  });

  it.each([
    ['uptime went back (reboot)', { t: 60, bytes: 100, uptimeS: 20 }, 'reboot'],
    ['64-bit counter went back (reset)', { t: 60, bytes: -5000 }, 'counter-reset'],
    ['the interface was renumbered', { t: 60, bytes: 100, ifIndex: 7 }, 'interface-changed'],
    ['no counters at all', { t: 60, hc: false, c32: false }, 'no-counters'],
    ['no time passed', { t: 0, bytes: 100 }, 'no-elapsed-time'],
  ] as const)('gives no rate when %s', (_name, step, reason) => {
    const outcomes = run([{ t: 0, bytes: 10_000 }, step]);
    expect(outcomes[1]?.noRate).toBe(reason);
    expect(outcomes[1]?.rates).toEqual([]);
  });

  it('sees a reboot when uptime advanced less than the time that passed', () => {
    // Up 30 s at the first poll; at the next, a minute later, up 45 s: it restarted in between.
    const outcomes = run([
      { t: 0, bytes: 10_000, uptimeS: 30 },
      { t: 60, bytes: 20_000, uptimeS: 45 },
    ]);
    expect(outcomes[1]?.noRate).toBe('reboot');
    // Slow replies and drifting agent clocks are not reboots.
    const drift = run([
      { t: 0, bytes: 10_000, uptimeS: 30 },
      { t: 60, bytes: 20_000, uptimeS: 30 + 57 },
    ]);
    expect(drift[1]?.rates).toHaveLength(1);
  });

  it('resumes rates after a reboot from the new counters, never negative', () => {
    const outcomes = run([
      { t: 0, bytes: 900_000_000 },
      { t: 60, bytes: 1000, uptimeS: 30 },
      { t: 120, bytes: 1000 + 60 * MBPS, uptimeS: 90 },
    ]);
    expect(outcomes[1]?.noRate).toBe('reboot');
    expect(outcomes[2]?.rates[0]?.inBps).toBeCloseTo(1e6, 3);
  });

  it('does not take a TimeTicks wrap (497 days up) for a reboot', () => {
    const prev = { ...reading({ t: 0 }), uptimeTicks: 2 ** 32 - 1000 };
    const cur = { ...reading({ t: 60 }), uptimeTicks: 5000 };
    expect(rebootedBetween(prev, cur)).toBe(false);
    expect(rebootedBetween(prev, { ...cur, uptimeTicks: 100 })).toBe(true);
  });

  it('holds a lone spike above twice the speed and discards it when the next rate is plausible', () => {
    const outcomes = run([
      { t: 0, bytes: 0 },
      { t: 60, bytes: 60 * 10 * MBPS },
      // 500 Mbps on a 100 Mbps port: a glitch
      { t: 120, bytes: 60 * 10 * MBPS + 60 * 500 * MBPS },
      { t: 180, bytes: 60 * 20 * MBPS + 60 * 500 * MBPS },
    ]);
    expect(outcomes[2]?.noRate).toBe('spike-held');
    expect(outcomes[2]?.rates).toEqual([]);
    expect(outcomes[3]?.events).toContain('spike-discarded');
    expect(outcomes[3]?.rates).toHaveLength(1);
    expect(outcomes[3]?.rates[0]?.inBps).toBeCloseTo(10e6, 3);
    expect(outcomes[3]?.warnings).toEqual([]);
  });

  it('discards a misread Counter32 wrap (a reset without a reboot) as a spike', () => {
    const outcomes = run([
      { t: 0, hc: false, in32: 3_000_000_000, speedMbps: 10 },
      { t: 60, hc: false, in32: 3_000_000_000 + 60 * 5 * MBPS, speedMbps: 10 },
      // counters cleared: 32-bit arithmetic reads it as a wrap of ~1.3 GB in a minute on a 10 Mbps port
      { t: 120, hc: false, in32: 1000, speedMbps: 10 },
      { t: 180, hc: false, in32: 1000 + 60 * 5 * MBPS, speedMbps: 10 },
    ]);
    expect(outcomes[2]?.noRate).toBe('spike-held');
    expect(outcomes[3]?.events).toContain('spike-discarded');
    expect(outcomes[3]?.rates[0]?.inBps).toBeCloseTo(5e6, 3);
  });

  it('keeps rates that stay above twice a wrongly reported speed, and flags the speed', () => {
    // A 100 Mbps link whose router reports 10 Mbps, carrying 60 Mbps.
    const steps: Step[] = [0, 60, 120, 180, 240].map((t) => ({
      t,
      bytes: t * 60 * MBPS,
      speedMbps: 10,
    }));
    const outcomes = run(steps);
    expect(outcomes[1]?.noRate).toBe('spike-held');
    expect(outcomes[2]?.events).toContain('speed-flagged');
    expect(outcomes[2]?.rates.map((r) => r.at)).toEqual([T0 + 60_000, T0 + 120_000]);
    expect(outcomes[2]?.warnings).toContain(SPEED_WARNING);
    expect(outcomes[3]?.rates).toHaveLength(1);
    expect(outcomes[4]?.rates[0]?.inBps).toBeCloseTo(60e6, 3);
    // Nothing is lost and nothing is capped: every interval after the first has its rate.
    expect(outcomes.flatMap((o) => o.rates).map((r) => Math.round(r.inBps))).toEqual([
      60e6, 60e6, 60e6, 60e6,
    ]);
  });

  it('keeps rates between the speed and twice it, and flags the speed after three in a row', () => {
    const steps: Step[] = [0, 60, 120, 180].map((t) => ({
      t,
      bytes: t * 15 * MBPS,
      speedMbps: 10,
    }));
    const outcomes = run(steps);
    expect(outcomes.slice(1).map((o) => o.rates.length)).toEqual([1, 1, 1]);
    expect(outcomes[2]?.warnings).toEqual([]);
    expect(outcomes[3]?.events).toEqual(['speed-flagged']);
    expect(outcomes[3]?.warnings).toEqual([SPEED_WARNING]);
  });

  it('clears the speed flag after ten plausible readings', () => {
    const flagged: RateState = { ...INITIAL_RATE_STATE, speedSuspect: true };
    const steps: Step[] = Array.from({ length: 12 }, (_, i) => ({
      t: i * 60,
      bytes: i * 60 * MBPS,
    }));
    const outcomes = run(steps, flagged);
    expect(outcomes[10]?.events).toEqual(['speed-cleared']);
    expect(outcomes[9]?.warnings).toEqual([SPEED_WARNING]);
    expect(outcomes[11]?.warnings).toEqual([]);
  });

  it('judges nothing without a speed, and warns when 32-bit counters are too small for the speed', () => {
    const noSpeed = run([
      { t: 0, bytes: 0, speedMbps: null },
      { t: 60, bytes: 60 * 900 * MBPS, speedMbps: null },
    ]);
    expect(noSpeed[1]?.rates).toHaveLength(1);
    const fast32 = run([
      { t: 0, hc: false, speedMbps: 1000 },
      { t: 60, hc: false, bytes: 60 * 10 * MBPS, speedMbps: 1000 },
    ]);
    expect(fast32[1]?.warnings).toEqual([COUNTER32_WARNING]);
  });

  it('drops a held spike when the next reading has no rate (a reboot)', () => {
    const outcomes = run([
      { t: 0, bytes: 0 },
      { t: 60, bytes: 60 * 500 * MBPS },
      { t: 120, bytes: 10, uptimeS: 5 },
    ]);
    expect(outcomes[1]?.noRate).toBe('spike-held');
    expect(outcomes[2]?.noRate).toBe('reboot');
    expect(outcomes[2]?.events).toEqual(['spike-discarded']);
    expect(outcomes[2]?.state.held).toBeNull();
  });
});
