import { describe, expect, it } from 'vitest';
import type { IsolationSettings, StatusEvent } from '../../../src/status/index.js';
import { changes, engine, icmp, lines, run, S, type Step, shown, site, T0 } from './harness.js';

const ROOTS = Array.from({ length: 20 }, (_, i) => `desa-${String(i + 1).padStart(2, '0')}`);
const FIRST = ROOTS.slice(0, 10);
const SECOND = ROOTS.slice(10);
const SITES = [...ROOTS.map((id) => site(id)), site('pustu-1', 'desa-01')];

function all(ids: readonly string[], outcome: 'up' | 'down'): Record<string, 'up' | 'down'> {
  return Object.fromEntries(ids.map((id) => [id, outcome]));
}

const REFS: Partial<IsolationSettings> = {
  referenceIds: ['ref:gw', 'ref:upstream'],
  sharePct: null,
};
const SHARE: Partial<IsolationSettings> = {
  referenceIds: [],
  sharePct: 80,
  minSites: 10,
  windowMs: 10_000,
};

function isolationEvents(events: readonly StatusEvent[]): string[] {
  return lines(events).filter((l) => l.startsWith('monitor'));
}

describe('monitor isolation by reference targets', () => {
  const everything = (outcome: 'up' | 'down') => ({
    ...all(ROOTS, outcome),
    'pustu-1': outcome,
    'ref:gw': outcome,
    'ref:upstream': outcome,
  });

  it('declares isolation once, shows no site down, and resumes from new results when it clears', () => {
    const e = engine(SITES, { isolation: REFS });
    run(e, [{ t: 0, icmp: everything('up') }]);
    const cut = run(e, [
      { t: 30, icmp: everything('down'), arrive: 33 },
      { t: 60, icmp: everything('down'), arrive: 63 },
      { t: 90, icmp: everything('down'), arrive: 93 },
    ]);
    expect(lines(cut)).toEqual(['monitor-isolated (reference-targets)']);
    expect(e.isolated).toEqual({ since: T0 + 33 * S, trigger: 'reference-targets' });
    for (const id of [...ROOTS, 'pustu-1']) expect(shown(e, id)).toBe('unknown');
    expect(e.stateOf('desa-01')?.since).toBe(T0 + 33 * S);

    const healed = run(e, [{ t: 120, icmp: everything('up'), arrive: 121 }]);
    expect(isolationEvents(healed)).toEqual(['monitor-recovered']);
    // No hysteresis out of unknown: the first answered result shows the site up again.
    expect(changes(healed)).toHaveLength(21);
    expect(changes(healed)[0]).toBe('desa-01 unknown→up (icmp-answered)');
    expect(e.isolated).toBeNull();
  });

  it('site failures that arrive before the reference failure are held, then dropped', () => {
    const e = engine(SITES, { isolation: REFS });
    run(e, [{ t: 0, icmp: everything('up') }]);
    const cut = run(e, [
      { t: 30, icmp: { ...all(ROOTS, 'down'), 'pustu-1': 'down' }, arrive: 33 },
      { t: 35, icmp: { 'ref:gw': 'down', 'ref:upstream': 'down' }, arrive: 38 },
      { t: 60, icmp: everything('down'), arrive: 63 },
    ]);
    expect(lines(cut)).toEqual(['monitor-isolated (reference-targets)']);
  });

  it('one reference failing is not isolation: the sites are shown down after the hold', () => {
    const e = engine(SITES, { isolation: REFS });
    run(e, [{ t: 0, icmp: everything('up') }]);
    const held = run(e, [{ t: 30, icmp: { ...everything('down'), 'ref:gw': 'up' }, arrive: 33 }]);
    expect(held).toEqual([]);
    const shownLater = e.apply([], T0 + 43 * S);
    expect(changes(shownLater)).toHaveLength(21);
    expect(changes(shownLater)).toContain('pustu-1 up→unreachable:desa-01 (ancestor-down)');
    // The change is dated by the probe, not by the end of the hold.
    expect(shownLater.every((ev) => ev.type === 'state-changed' && ev.at === T0 + 30 * S)).toBe(
      true,
    );
  });

  it('a reference id may be a site: its results then feed both', () => {
    const e = engine([site('core', null, 'core'), site('desa-x')], {
      isolation: { referenceIds: ['core'], sharePct: null },
    });
    run(e, [{ t: 0, icmp: { core: 'up', 'desa-x': 'up' } }]);
    expect(shown(e, 'core')).toBe('up');
    expect(lines(run(e, [{ t: 30, icmp: { core: 'down', 'desa-x': 'down' } }]))).toEqual([
      'monitor-isolated (reference-targets)',
    ]);
  });

  it('a site in maintenance stays in maintenance through an isolation', () => {
    const e = engine(SITES, { isolation: REFS });
    run(e, [{ t: 0, icmp: everything('up') }]);
    e.setMaintenance('desa-05', T0 + 3600 * S, T0 + 10 * S);
    run(e, [{ t: 30, icmp: everything('down') }]);
    expect(e.isolated).not.toBeNull();
    expect(shown(e, 'desa-05')).toBe('maintenance');
    expect(shown(e, 'desa-06')).toBe('unknown');
  });
});

describe('monitor isolation by the share of independent sites down', () => {
  // Two collector workers: FIRST probed at 0, 30, 60 …; SECOND at 15, 45, 75 …; downs arrive 3 s late.
  const steady: Step[] = [
    { t: 0, icmp: all(FIRST, 'up'), arrive: 1 },
    { t: 15, icmp: all(SECOND, 'up'), arrive: 16 },
  ];

  interface Row {
    name: string;
    steps: Step[];
    isolated: boolean;
    /** Seconds after T0 at which nothing more can be held. */
    settle: number;
    expect: string[];
  }

  const rows: Row[] = [
    {
      name: 'every independent site fails within one window: isolated, no site down',
      steps: [
        { t: 30, icmp: all(FIRST, 'down'), arrive: 33 },
        { t: 45, icmp: all(SECOND, 'down'), arrive: 48 },
      ],
      isolated: true,
      settle: 60,
      expect: ['monitor-isolated (share)'],
    },
    {
      name: 'a few independent sites fail: shown down once the hold is over',
      steps: [
        {
          t: 30,
          icmp: { ...all(FIRST.slice(0, 7), 'up'), ...all(FIRST.slice(7), 'down') },
          arrive: 33,
        },
      ],
      isolated: false,
      settle: 43,
      expect: [
        'desa-08 up→down (icmp-failed)',
        'desa-09 up→down (icmp-failed)',
        'desa-10 up→down (icmp-failed)',
      ],
    },
    {
      name: 'too few heard to judge a share (5 < minSites 10): they are shown down',
      steps: [{ t: 30, icmp: all(FIRST.slice(0, 5), 'down'), arrive: 33 }],
      isolated: false,
      settle: 43,
      expect: [
        'desa-01 up→down (icmp-failed)',
        'desa-02 up→down (icmp-failed)',
        'desa-03 up→down (icmp-failed)',
        'desa-04 up→down (icmp-failed)',
        'desa-05 up→down (icmp-failed)',
      ],
    },
    {
      name: 'sites behind a parent do not count towards the share',
      steps: [{ t: 30, icmp: { ...all(FIRST, 'up'), 'pustu-1': 'down' }, arrive: 33 }],
      isolated: false,
      settle: 43,
      expect: ['pustu-1 unknown→down (icmp-failed)'],
    },
  ];

  it.each(rows)('$name', (row) => {
    const e = engine(SITES, { isolation: SHARE });
    run(e, steady);
    const events = [...run(e, row.steps), ...e.apply([], T0 + row.settle * S)];
    expect(lines(events)).toEqual(row.expect);
    expect(e.isolated !== null).toBe(row.isolated);
  });

  it('only independent sites weigh: many failing children behind answering parents are no isolation', () => {
    const children = FIRST.flatMap((parent) =>
      [1, 2, 3, 4, 5].map((n) => site(`${parent}-pustu-${n}`, parent)),
    );
    const e = engine([...FIRST.map((id) => site(id)), ...children], { isolation: SHARE });
    const failing = all(
      children.map((c) => c.id),
      'down',
    );
    run(e, [{ t: 0, icmp: { ...all(FIRST, 'up'), ...all(Object.keys(failing), 'up') } }]);
    // 50 of 60 sites fail (83 %), but all 10 independent ones answer.
    run(e, [{ t: 30, icmp: { ...all(FIRST, 'up'), ...failing }, arrive: 33 }]);
    expect(e.isolated).toBeNull();
    expect(changes(e.apply([], T0 + 43 * S))).toHaveLength(50);
  });

  it('a quiet moment between cycles neither clears isolation nor declares it again', () => {
    const e = engine(SITES, { isolation: SHARE });
    run(e, steady);
    run(e, [{ t: 30, icmp: all(FIRST, 'down'), arrive: 33 }]);
    expect(e.isolated?.trigger).toBe('share');
    expect(e.apply([], T0 + 44 * S)).toEqual([]);
    expect(run(e, [{ t: 45, icmp: all(SECOND, 'down'), arrive: 48 }])).toEqual([]);
    expect(e.isolated).not.toBeNull();
  });

  it('clears when the independent sites answer again, and states resume from the new results', () => {
    const e = engine(SITES, { isolation: SHARE });
    run(e, steady);
    run(e, [
      { t: 30, icmp: all(FIRST, 'down'), arrive: 33 },
      { t: 45, icmp: all(SECOND, 'down'), arrive: 48 },
    ]);
    // Uplink back at 55 s: the next cycle answers, except one site that is really down.
    const events = run(e, [
      { t: 60, icmp: { ...all(FIRST.slice(1), 'up'), 'desa-01': 'down' }, arrive: 63 },
    ]);
    expect(lines(events)[0]).toBe('monitor-recovered');
    expect(changes(events)).toHaveLength(9); // the nine that answered
    expect(shown(e, 'desa-01')).toBe('unknown'); // its down waits out the hold
    expect(changes(e.apply([], T0 + 73 * S))).toEqual(['desa-01 unknown→down (icmp-failed)']);
  });

  it('with no hold, downs are shown at once', () => {
    const e = engine(SITES, { isolation: { ...SHARE, holdMs: 0 } });
    run(e, steady);
    expect(changes(run(e, [{ t: 30, icmp: { 'desa-01': 'down' }, arrive: 33 }]))).toEqual([
      'desa-01 up→down (icmp-failed)',
    ]);
  });

  it('an isolation event says how much it saw', () => {
    const e = engine(SITES, { isolation: SHARE });
    run(e, steady);
    const [event] = e.apply(
      FIRST.map((id) => icmp(id, T0 + 30 * S, 'down')),
      T0 + 33 * S,
    );
    expect(event).toMatchObject({
      type: 'monitor-isolated',
      trigger: 'share',
      downPct: 100,
      probed: 10,
    });
  });
});
