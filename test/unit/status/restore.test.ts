import { describe, expect, it } from 'vitest';
import {
  type StatusEngine,
  StatusInputError,
  type StatusSite,
  type StatusSnapshot,
} from '../../../src/status/index.js';
import {
  ALL_UP,
  engine,
  KECAMATAN_OUTAGE,
  KECAMATAN_SITES,
  lines,
  run,
  S,
  type Step,
  shown,
  site,
  T0,
} from './harness.js';

const SITES = KECAMATAN_SITES;
const UP = ALL_UP;
const OUTAGE = KECAMATAN_OUTAGE;
const LOSSY = { loss: 40, rtt: 30 };

/** A stored snapshot comes back as JSON: make sure nothing relies on more than that. */
function throughJson(snapshot: StatusSnapshot): StatusSnapshot {
  return JSON.parse(JSON.stringify(snapshot)) as StatusSnapshot;
}

function restarted(
  before: StatusEngine,
  at: number,
  sites: readonly StatusSite[] = SITES,
  options: Parameters<typeof engine>[1] = {},
): { engine: StatusEngine; events: string[] } {
  const after = engine(sites, options);
  const events = lines(after.restore(throughJson(before.snapshot()), T0 + at * S));
  return { engine: after, events };
}

interface Row {
  name: string;
  before: Step[];
  restartAt: number;
  after: Step[];
  options?: Parameters<typeof engine>[1];
}

// Each row runs twice: once straight through, once with a restart (snapshot → JSON → new engine)
// between `before` and `after`. The restart must add no event and change none after it.
const rows: Row[] = [
  {
    name: 'in the middle of an outage: no false "recovered" or "down", healing as usual',
    before: [
      { t: 0, icmp: UP },
      { t: 30, icmp: OUTAGE },
    ],
    restartAt: 45,
    after: [
      { t: 60, icmp: OUTAGE },
      { t: 90, icmp: UP },
      { t: 120, icmp: UP },
    ],
  },
  {
    name: 'half-way through recovery (1 of K = 2 good results): the next good one recovers',
    before: [
      { t: 0, icmp: OUTAGE },
      { t: 30, icmp: UP },
    ],
    restartAt: 45,
    after: [{ t: 60, icmp: UP }],
  },
  {
    name: 'degraded with its window: a lossy result keeps it degraded, clean ones restore it',
    before: [0, 30, 60].map((t) => ({ t, icmp: { 'desa-own': LOSSY } })),
    restartAt: 75,
    after: [90, 120, 400, 430, 460].map((t) => ({
      t,
      icmp: { 'desa-own': t < 200 ? LOSSY : 'up' },
    })),
  },
  {
    name: 'snmp-failed stays until the agent answers',
    before: [
      { t: 0, icmp: UP },
      { t: 10, snmp: { 'desa-own': 'timeout' } },
    ],
    restartAt: 20,
    after: [
      { t: 30, icmp: UP },
      { t: 70, snmp: { 'desa-own': 'ok' } },
    ],
  },
  {
    name: 'flapping: not reported again, and stops as it would have',
    options: { recoveryResults: 1 },
    before: [0, 30, 60, 90, 120, 150, 180].map((t, i) => ({
      t,
      icmp: { 'desa-own': i % 2 ? 'down' : 'up' },
    })),
    restartAt: 200,
    after: [210, 240, 1800, 1900, 2000].map((t) => ({ t, icmp: { 'desa-own': 'up' } })),
  },
  {
    name: 'a down held at the restart is shown once its hold is over',
    options: { isolation: { referenceIds: ['ref:gw'], sharePct: null, windowMs: 10_000 } },
    before: [
      { t: 0, icmp: { ...UP, 'ref:gw': 'up' } },
      { t: 30, icmp: { 'desa-own': 'down', 'ref:gw': 'up' }, arrive: 33 },
    ],
    restartAt: 35,
    after: [{ t: 50, icmp: { 'ref:gw': 'up' } }],
  },
  {
    name: 'isolated at the restart: stays isolated, recovers once',
    options: { isolation: { referenceIds: ['ref:gw'], sharePct: null } },
    before: [
      { t: 0, icmp: { ...UP, 'ref:gw': 'up' } },
      { t: 30, icmp: { 'desa-own': 'down', 'ref:gw': 'down' } },
    ],
    restartAt: 40,
    after: [
      { t: 60, icmp: { 'desa-own': 'down', 'ref:gw': 'down' } },
      { t: 90, icmp: { ...UP, 'ref:gw': 'up' } },
    ],
  },
];

describe('restore', () => {
  it.each(rows)('$name', (row) => {
    const straight = engine(SITES, row.options);
    run(straight, row.before);
    const expected = run(straight, row.after);
    expect(expected.length).toBeGreaterThan(0); // the row tests something after the restart

    const first = engine(SITES, row.options);
    run(first, row.before);
    const { engine: second, events } = restarted(first, row.restartAt, SITES, row.options);
    expect(events).toEqual([]);
    expect(second.snapshot().sites).toEqual(first.snapshot().sites);
    const got = run(second, row.after);
    expect(lines(got)).toEqual(lines(expected));
    expect(got.map((e) => e.version)).toEqual(expected.map((e) => e.version));
    expect(second.snapshot().sites).toEqual(straight.snapshot().sites);
  });

  it('a maintenance that ended while the process was away ends at its own time', () => {
    const first = engine(SITES);
    run(first, [{ t: 0, icmp: UP }]);
    first.setMaintenance('desa-own', T0 + 100 * S, T0 + 10 * S);
    const { events } = restarted(first, 200);
    expect(events).toEqual(['desa-own maintenance→up (maintenance-ended)']);
  });

  it('follows the inventory: gone sites are dropped, new ones start unknown, a new parent graph is re-derived', () => {
    const first = engine(SITES);
    run(first, [
      { t: 0, icmp: UP },
      { t: 30, icmp: OUTAGE },
    ]);
    // kec-a left the inventory; desa-1 now has its own link; desa-new is new.
    const sites = [
      site('desa-1', null),
      site('desa-2', 'kec-a'),
      site('desa-own', null),
      site('desa-new'),
    ];
    const { engine: second, events } = restarted(first, 45, sites);
    expect(events).toEqual([
      'desa-1 unreachable:kec-a→down (ancestor-recovered)',
      'desa-2 unreachable:kec-a→down (ancestor-recovered)',
    ]);
    expect(second.stateOf('kec-a')).toBeUndefined();
    expect(shown(second, 'desa-new')).toBe('unknown');
  });

  it('a snapshot without memory resumes from the shown states', () => {
    const first = engine(SITES);
    run(first, [
      { t: 0, icmp: UP },
      { t: 30, icmp: OUTAGE },
    ]);
    const bare = {
      ...first.snapshot(),
      memory: { references: {}, shareExceeded: false, sites: {} },
    };
    const second = engine(SITES);
    expect(second.restore(bare, T0 + 45 * S)).toEqual([]);
    expect(run(second, [{ t: 60, icmp: OUTAGE }])).toEqual([]);
  });

  it('continues the version sequence', () => {
    const first = engine(SITES);
    run(first, [{ t: 0, icmp: UP }]);
    const { engine: second } = restarted(first, 10);
    expect(second.currentVersion).toBe(4);
    expect(run(second, [{ t: 30, icmp: { 'desa-own': 'down' } }])[0]?.version).toBe(5);
  });

  it('refuses to restore into an engine that has emitted events', () => {
    const used = engine(SITES);
    run(used, [{ t: 0, icmp: UP }]);
    expect(() => used.restore(used.snapshot(), T0)).toThrow(StatusInputError);
  });

  it('the snapshot lists every site with its state, since and flapping flag', () => {
    const e = engine(SITES);
    run(e, [
      { t: 0, icmp: UP },
      { t: 30, icmp: OUTAGE },
    ]);
    const snap = e.snapshot();
    expect(snap.version).toBe(e.currentVersion);
    expect(snap.isolation).toBeNull();
    expect(snap.sites).toContainEqual({
      siteId: 'desa-1',
      status: { state: 'unreachable', causeId: 'kec-a' },
      since: T0 + 30 * S,
      flapping: false,
    });
  });
});
