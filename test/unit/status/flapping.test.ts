import { describe, expect, it } from 'vitest';
import { FlapTracker } from '../../../src/status/flapping.js';
import { engine, lines, MIN, run, S, type Step, site, T0 } from './harness.js';

const SETTINGS = { changes: 5, windowMs: 30 * MIN, stopAtMost: 2 };

describe('FlapTracker', () => {
  const rows: {
    name: string;
    changes: number[];
    checkAt?: number;
    started: boolean;
    after: boolean;
  }[] = [
    {
      name: '4 changes in the window: not flapping',
      changes: [0, 1, 2, 3],
      started: false,
      after: false,
    },
    {
      name: 'the 5th change in the window starts it',
      changes: [0, 1, 2, 3, 4],
      started: true,
      after: true,
    },
    {
      name: '5 changes spread wider than the window: not flapping',
      changes: [0, 10, 20, 30, 40],
      started: false,
      after: false,
    },
    {
      name: 'still 3 changes in the window: keeps flapping (hysteresis)',
      changes: [0, 1, 2, 3, 4],
      checkAt: 31.5,
      started: true,
      after: true,
    },
    {
      name: 'at most 2 left in the window: stops',
      changes: [0, 1, 2, 3, 4],
      checkAt: 32.5,
      started: true,
      after: false,
    },
  ];
  it.each(rows)('$name', (row) => {
    const flaps = new FlapTracker(SETTINGS);
    const verdicts = row.changes.map((m) => flaps.record(m * MIN));
    expect(verdicts.includes('started')).toBe(row.started);
    if (row.checkAt !== undefined) flaps.check(row.checkAt * MIN);
    expect(flaps.flapping).toBe(row.after);
  });

  it('says started once, and stopped once', () => {
    const flaps = new FlapTracker(SETTINGS);
    const verdicts = [0, 1, 2, 3, 4, 5, 6].map((m) => flaps.record(m * MIN));
    expect(verdicts.filter((v) => v === 'started')).toHaveLength(1);
    expect(flaps.check(40 * MIN)).toBe('stopped');
    expect(flaps.check(41 * MIN)).toBeNull();
  });
});

describe('flapping in the engine', () => {
  it('reports a site flapping once when it starts and once when it stops', () => {
    const e = engine([site('a')], { recoveryResults: 1 });
    const toggling: Step[] = [0, 30, 60, 90, 120, 150, 180, 210].map((t, i) => ({
      t,
      icmp: { a: i % 2 === 0 ? 'up' : 'down' },
    }));
    const calm: Step[] = [];
    for (let t = 240; t <= 2400; t += 60) calm.push({ t, icmp: { a: 'up' } });
    const events = run(e, [...toggling, ...calm]);
    expect(lines(events)).toEqual([
      'a unknown→up (icmp-answered)', // not counted: from unknown
      'a up→down (icmp-failed)',
      'a down→up (recovered)',
      'a up→down (icmp-failed)',
      'a down→up (recovered)',
      'a up→down (icmp-failed)',
      'a flapping-started',
      'a down→up (recovered)',
      'a up→down (icmp-failed)',
      'a down→up (recovered)',
      'a flapping-stopped',
    ]);
    const started = events.find((ev) => ev.type === 'flapping-started');
    const stopped = events.find((ev) => ev.type === 'flapping-stopped');
    expect(started?.at).toBe(T0 + 150 * S);
    // Changes at 180 s and 210 s are the last two: at most 2 remain once 30 min have passed since 150 s.
    expect(stopped?.at).toBe(T0 + 1980 * S);
    const flags = events.flatMap((ev) => (ev.type === 'state-changed' ? [ev.flapping] : []));
    expect(flags).toEqual([false, false, false, false, false, true, true, true, true]);
    expect(e.stateOf('a')?.flapping).toBe(false);
  });

  it('does not count maintenance and unknown as changes of the link', () => {
    const e = engine([site('a')], { recoveryResults: 1 });
    run(e, [{ t: 0, icmp: { a: 'up' } }]);
    const events = [];
    for (let i = 0; i < 6; i++) {
      const at = T0 + (10 + i * 10) * S;
      events.push(...e.setMaintenance('a', at + 60 * MIN, at), ...e.clearMaintenance('a', at + S));
    }
    expect(events.some((ev) => ev.type === 'flapping-started')).toBe(false);
  });

  it('takes its thresholds from the options', () => {
    const e = engine([site('a')], { recoveryResults: 1, flapping: { changes: 2, stopAtMost: 0 } });
    const events = run(e, [
      { t: 0, icmp: { a: 'up' } },
      { t: 30, icmp: { a: 'down' } },
      { t: 60, icmp: { a: 'up' } },
    ]);
    expect(lines(events).at(-1)).toBe('a flapping-started');
  });
});
