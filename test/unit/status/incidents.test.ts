import { describe, expect, it } from 'vitest';
import {
  type IncidentChange,
  IncidentTracker,
  type StatusEvent,
} from '../../../src/status/index.js';
import { engine, run, S, type Step, site, T0 } from './harness.js';
import { changeLines, event, incidentLine } from './incident-harness.js';

interface Row {
  name: string;
  events: string[];
  changes: string[];
}

// Events in, changes out: `opened #id site phases`, where a phase is down@t or
// unreachable(cause-site#cause-incident)@t, t in seconds after T0.
const rows: Row[] = [
  {
    name: 'down opens an incident, up closes it at the probe time',
    events: ['a up→down @30', 'a down→up @90'],
    changes: ['opened #1 a down@30', 'closed #1 a down@30 closed@90'],
  },
  {
    name: 'degraded and snmp-failed are back too',
    events: ['a up→down @30', 'b up→down @30', 'a down→degraded @60', 'b down→snmp-failed @70'],
    changes: [
      'opened #1 a down@30',
      'opened #2 b down@30',
      'closed #1 a down@30 closed@60',
      'closed #2 b down@30 closed@70',
    ],
  },
  {
    name: "an unreachable site's incident points to its root cause's incident",
    events: [
      'kec up→down @30',
      'd1 up→unreachable:kec @30',
      'kec down→up @90',
      'd1 unreachable:kec→up @90',
    ],
    changes: [
      'opened #1 kec down@30',
      'opened #2 d1 unreachable(kec#1)@30',
      'closed #1 kec down@30 closed@90',
      'closed #2 d1 unreachable(kec#1)@30 closed@90',
    ],
  },
  {
    name: "a root cause whose incident opens after its child's is linked then",
    events: ['d1 up→unreachable:kec @30', 'd2 up→unreachable:kec @30', 'kec up→down @30'],
    changes: [
      'opened #1 d1 unreachable(kec#-)@30',
      'opened #2 d2 unreachable(kec#-)@30',
      'opened #3 kec down@30',
      'changed #1 d1 unreachable(kec#3)@30',
      'changed #2 d2 unreachable(kec#3)@30',
    ],
  },
  {
    name: 'root-cause-moved: the link follows, in a new phase',
    events: [
      'kec up→down @30',
      'd1 up→unreachable:kec @30',
      'kab up→down @60',
      'kec down→unreachable:kab @60',
      'd1 unreachable:kec→unreachable:kab @60',
    ],
    changes: [
      'opened #1 kec down@30',
      'opened #2 d1 unreachable(kec#1)@30',
      'opened #3 kab down@60',
      'changed #1 kec down@30 unreachable(kab#3)@60',
      'changed #2 d1 unreachable(kec#1)@30 unreachable(kab#3)@60',
    ],
  },
  {
    name: 'down → unreachable → down keeps one incident, with a phase each',
    events: [
      'a up→down @30',
      'a down→unreachable:p @60',
      'a unreachable:p→down @90',
      'a down→up @120',
    ],
    changes: [
      'opened #1 a down@30',
      'changed #1 a down@30 unreachable(p#-)@60',
      'changed #1 a down@30 unreachable(p#-)@60 down@90',
      'closed #1 a down@30 unreachable(p#-)@60 down@90 closed@120',
    ],
  },
  {
    name: 'a phase that lasted no time is replaced, and a return within it resumes the one before',
    events: [
      'a up→down @30',
      'a down→unreachable:p @30',
      'b up→down @30',
      'b down→unreachable:p @50',
      'b unreachable:p→down @50',
    ],
    changes: [
      'opened #1 a down@30',
      'changed #1 a unreachable(p#-)@30',
      'opened #2 b down@30',
      'changed #2 b down@30 unreachable(p#-)@50',
      'changed #2 b down@30',
    ],
  },
  {
    name: 'the root cause back and down again: its children follow to the new incident',
    events: ['kec up→down @30', 'd1 up→unreachable:kec @30', 'kec down→up @90', 'kec up→down @120'],
    changes: [
      'opened #1 kec down@30',
      'opened #2 d1 unreachable(kec#1)@30',
      'closed #1 kec down@30 closed@90',
      'opened #3 kec down@120',
      'changed #2 d1 unreachable(kec#1)@30 unreachable(kec#3)@120',
    ],
  },
  {
    name: 'maintenance opens nothing; its period is recorded',
    events: ['a up→maintenance @10', 'a maintenance→up @100'],
    changes: ['maintenance-started a 10-', 'maintenance-ended a 10-100'],
  },
  {
    name: 'a site still down when maintenance ends opens an incident then',
    events: ['a up→maintenance @10', 'a maintenance→down @100'],
    changes: ['maintenance-started a 10-', 'maintenance-ended a 10-100', 'opened #1 a down@100'],
  },
  {
    name: 'an incident open when maintenance starts stays open through it',
    events: [
      'a up→down @30',
      'a down→maintenance @40',
      'a maintenance→down @100',
      'a down→up @130',
    ],
    changes: [
      'opened #1 a down@30',
      'maintenance-started a 40-',
      'maintenance-ended a 40-100',
      'closed #1 a down@30 closed@130',
    ],
  },
  {
    name: 'isolation: the open incident stays open and closes when the site is seen back',
    events: ['a up→down @30', 'isolated @40', 'recovered @100 since 40', 'a unknown→up @110'],
    changes: [
      'opened #1 a down@30',
      'isolation-started 40- (reference-targets)',
      'isolation-ended 40-100 (reference-targets)',
      'closed #1 a down@30 closed@110',
    ],
  },
  {
    name: 'isolation: a site still down afterwards keeps its incident, its cause brought up to date',
    events: [
      'a up→down @30',
      'b up→unreachable:p @30',
      'isolated @40',
      'recovered @100 since 40',
      'a unknown→down @110',
      'b unknown→down @110',
    ],
    changes: [
      'opened #1 a down@30',
      'opened #2 b unreachable(p#-)@30',
      'isolation-started 40- (reference-targets)',
      'isolation-ended 40-100 (reference-targets)',
      'changed #2 b unreachable(p#-)@30 down@110',
    ],
  },
  {
    name: 'an isolation whose start was never stored is recorded from its end',
    events: ['recovered @100 since 40'],
    changes: ['isolation-ended 40-100 (?)'],
  },
  {
    name: 'replayed events change nothing twice',
    events: [
      'a up→down @30',
      'a up→down @30',
      'a down→up @60',
      'a down→up @60',
      'a unknown→up @70',
    ],
    changes: ['opened #1 a down@30', 'closed #1 a down@30 closed@60'],
  },
  {
    name: 'times never run backwards within an incident',
    events: ['a up→down @30', 'a down→unreachable:p @20', 'a unreachable:p→up @10'],
    changes: [
      'opened #1 a down@30',
      'changed #1 a unreachable(p#-)@30',
      'closed #1 a unreachable(p#-)@30 closed@30',
    ],
  },
];

describe('IncidentTracker', () => {
  it.each(rows)('$name', ({ events, changes }) => {
    const tracker = new IncidentTracker();
    expect(changeLines(tracker.apply(events.map(event)))).toEqual(changes);
  });

  it('ignores flapping events', () => {
    const tracker = new IncidentTracker();
    const flapping: StatusEvent = {
      type: 'flapping-started',
      version: 1,
      siteId: 'a',
      at: T0,
      changes: 5,
    };
    expect(tracker.apply([flapping])).toEqual([]);
  });

  it('resumes from its state: open records kept, ids continue, closed ones ignored', () => {
    const first = new IncidentTracker();
    first.apply(
      [
        'a up→down @30',
        'b up→down @30',
        'b down→up @40',
        'm up→maintenance @50',
        'isolated @60',
      ].map(event),
    );
    const state = first.state();
    expect(state.open.map(incidentLine)).toEqual(['#1 a down@30']);
    expect(state.nextId).toBe(3);

    const second = new IncidentTracker(state);
    expect(second.state()).toEqual(state);
    expect(
      changeLines(
        second.apply(
          [
            'recovered @90 since 60',
            'm maintenance→up @95',
            'a unknown→up @100',
            'c up→down @110',
          ].map(event),
        ),
      ),
    ).toEqual([
      'isolation-ended 60-90 (reference-targets)',
      'maintenance-ended m 50-95',
      'closed #1 a down@30 closed@100',
      'opened #3 c down@110',
    ]);
  });

  it('takes the next id past any open incident given', () => {
    const tracker = new IncidentTracker({
      nextId: 1,
      open: [
        { id: 7, siteId: 'a', openedAt: T0, closedAt: null, phases: [{ kind: 'down', from: T0 }] },
      ],
      maintenance: [],
      isolation: null,
    });
    expect(changeLines(tracker.apply([event('b up→down @30')]))).toEqual(['opened #8 b down@30']);
    expect(tracker.openIncidentOf('a')?.id).toBe(7);
  });
});

describe('incidents from the engine', () => {
  const SITES = [
    site('kec-a', null, 'kecamatan'),
    site('desa-1', 'kec-a'),
    site('desa-2', 'kec-a'),
    site('desa-own', null),
  ];
  const UP = { 'kec-a': 'up', 'desa-1': 'up', 'desa-2': 'up', 'desa-own': 'up' } as const;
  const OUTAGE = { 'kec-a': 'down', 'desa-1': 'down', 'desa-2': 'down', 'desa-own': 'up' } as const;

  function drive(steps: readonly Step[], options: Parameters<typeof engine>[1] = {}) {
    const e = engine(SITES, options);
    const tracker = new IncidentTracker();
    const changes: IncidentChange[] = [];
    for (const step of steps) changes.push(...tracker.apply(run(e, [step])));
    return { engine: e, tracker, changes: changeLines(changes) };
  }

  it('a kecamatan outage: one down incident, unreachable ones for its children, all closed with their durations', () => {
    const { changes } = drive([
      { t: 0, icmp: UP },
      { t: 30, icmp: OUTAGE },
      { t: 60, icmp: OUTAGE },
      { t: 90, icmp: UP },
      { t: 120, icmp: UP },
    ]);
    expect(changes).toEqual([
      'opened #1 kec-a down@30',
      'opened #2 desa-1 unreachable(kec-a#1)@30',
      'opened #3 desa-2 unreachable(kec-a#1)@30',
      'closed #1 kec-a down@30 closed@120',
      'closed #2 desa-1 unreachable(kec-a#1)@30 closed@120',
      'closed #3 desa-2 unreachable(kec-a#1)@30 closed@120',
    ]);
  });

  const REFS = { isolation: { referenceIds: ['ref:gw'], sharePct: null } } as const;

  it('monitor isolation: no incident opens, the open one stays and closes when its site answers again', () => {
    const { changes, tracker } = drive(
      [
        { t: 0, icmp: { ...UP, 'ref:gw': 'up' } },
        { t: 30, icmp: { 'desa-own': 'down', 'ref:gw': 'up' }, arrive: 31 },
        { t: 60, icmp: { 'desa-own': 'down', 'ref:gw': 'up' } },
        { t: 90, icmp: { ...OUTAGE, 'desa-own': 'down', 'ref:gw': 'down' } },
        { t: 120, icmp: { ...OUTAGE, 'desa-own': 'down', 'ref:gw': 'down' } },
        { t: 150, icmp: { ...UP, 'ref:gw': 'up' } },
      ],
      REFS,
    );
    expect(changes).toEqual([
      'opened #1 desa-own down@30',
      'isolation-started 90- (reference-targets)',
      'isolation-ended 90-150 (reference-targets)',
      'closed #1 desa-own down@30 closed@150',
    ]);
    expect(tracker.state().open).toEqual([]);
  });

  it('monitor isolation: a site still down afterwards keeps its incident', () => {
    const { changes, tracker } = drive(
      [
        { t: 0, icmp: { ...UP, 'ref:gw': 'up' } },
        { t: 30, icmp: { 'desa-own': 'down', 'ref:gw': 'up' } },
        { t: 60, icmp: { 'desa-own': 'down', 'ref:gw': 'up' } },
        { t: 90, icmp: { 'desa-own': 'down', 'ref:gw': 'down' } },
        { t: 150, icmp: { 'desa-own': 'down', 'ref:gw': 'up' } },
        { t: 180, icmp: { 'desa-own': 'down', 'ref:gw': 'up' } },
      ],
      REFS,
    );
    expect(changes).toEqual([
      'opened #1 desa-own down@30',
      'isolation-started 90- (reference-targets)',
      'isolation-ended 90-150 (reference-targets)',
    ]);
    expect(tracker.openIncidentOf('desa-own')?.openedAt).toBe(T0 + 30 * S);
  });

  it('maintenance: no incident while in it; one from its end when the site is still down', () => {
    const e = engine(SITES);
    const tracker = new IncidentTracker();
    const out: IncidentChange[] = [];
    out.push(...tracker.apply(run(e, [{ t: 0, icmp: UP }])));
    out.push(...tracker.apply(e.setMaintenance('desa-own', T0 + 300 * S, T0 + 10 * S)));
    out.push(...tracker.apply(run(e, [{ t: 30, icmp: { 'desa-own': 'down' } }])));
    out.push(...tracker.apply(run(e, [{ t: 310, icmp: { 'desa-own': 'down' } }])));
    expect(changeLines(out)).toEqual([
      'maintenance-started desa-own 10-',
      'maintenance-ended desa-own 10-300',
      'opened #1 desa-own down@300',
    ]);
  });

  it('retire: closes what sites removed from the inventory left open, and nothing else', () => {
    const tracker = new IncidentTracker();
    tracker.apply(
      [
        'desa-1 up→down @30',
        'desa-2 up→down @40',
        'desa-own up→maintenance @50',
        'kec-a up→maintenance @60',
      ].map(event),
    );
    const changes = tracker.retire(new Set(['kec-a', 'desa-1']), T0 + 100 * S);
    expect(changeLines(changes)).toEqual([
      'closed #2 desa-2 down@40 closed@100',
      'maintenance-ended desa-own 50-100',
    ]);
    expect(tracker.state().open.map((i) => i.siteId)).toEqual(['desa-1']);
    expect(tracker.state().maintenance.map((m) => m.siteId)).toEqual(['kec-a']);
    expect(tracker.retire(new Set(['kec-a', 'desa-1']), T0 + 200 * S)).toEqual([]);
  });
});
