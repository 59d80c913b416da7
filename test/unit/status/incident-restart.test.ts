// Restart in the middle of an outage (issue 5): engine, incident tracker and state database together.
// Each row runs straight through, and again with the process "restarted" between `before` and
// `after`: the database closed, reopened, the engine restored from its stored snapshot and the
// tracker from its stored open incidents. The restart must add no event and no incident change,
// and change none after it.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type IncidentChange,
  IncidentTracker,
  type StatusEngine,
  type StatusEvent,
} from '../../../src/status/index.js';
import { StateDb } from '../../../src/state/index.js';
import { tempFiles } from '../../helpers/temp-files.js';
import {
  ALL_UP,
  batch,
  engine,
  KECAMATAN_OUTAGE,
  KECAMATAN_SITES,
  lines,
  S,
  type Step,
  T0,
} from './harness.js';
import { changeLines, incidentLine } from './incident-harness.js';

const SITES = KECAMATAN_SITES;
const UP = ALL_UP;
const OUTAGE = KECAMATAN_OUTAGE;

type Options = Parameters<typeof engine>[1];

/** What `pantau serve` does with each batch: engine, tracker, then one transaction. */
class Monitor {
  constructor(
    readonly engine: StatusEngine,
    readonly tracker: IncidentTracker,
    readonly db: StateDb,
  ) {}

  static start(path: string, options: Options): Monitor {
    return new Monitor(engine(SITES, options), new IncidentTracker(), StateDb.open(path));
  }

  /** A new process on the same file: resumes the engine and the tracker from what was stored. */
  static resume(path: string, options: Options, nowMs: number) {
    const db = StateDb.open(path);
    const stored = db.loadSnapshot();
    if (stored === null) throw new Error('no snapshot was stored');
    const e = engine(SITES, options);
    const tracker = new IncidentTracker(db.incidentState());
    const monitor = new Monitor(e, tracker, db);
    const events = e.restore(stored.snapshot, nowMs);
    return { monitor, events, changes: monitor.record(events) };
  }

  run(steps: readonly Step[]): { events: StatusEvent[]; changes: IncidentChange[] } {
    const events: StatusEvent[] = [];
    const changes: IncidentChange[] = [];
    for (const step of steps) {
      const out = this.engine.apply(batch(step), T0 + (step.arrive ?? step.t) * S);
      events.push(...out);
      changes.push(...this.record(out));
    }
    return { events, changes };
  }

  private record(events: readonly StatusEvent[]): IncidentChange[] {
    const changes = this.tracker.apply(events);
    // The snapshot goes with every batch, so the stored engine and incidents always agree.
    this.db.applyIncidentChanges(changes, this.engine.snapshot());
    return changes;
  }
}

interface Row {
  name: string;
  options?: Options;
  before: Step[];
  restartAt: number;
  after: Step[];
  /** The incidents stored at the end, by `incidentLine`. */
  stored: string[];
}

const rows: Row[] = [
  {
    name: 'a kecamatan outage: its incidents stay open, healing closes them with full durations',
    before: [
      { t: 0, icmp: UP },
      { t: 30, icmp: OUTAGE },
      { t: 60, icmp: OUTAGE },
    ],
    restartAt: 75,
    after: [
      { t: 90, icmp: OUTAGE },
      { t: 120, icmp: UP },
      { t: 150, icmp: UP },
    ],
    stored: [
      '#3 desa-2 unreachable(kec-a#1)@30 closed@150',
      '#2 desa-1 unreachable(kec-a#1)@30 closed@150',
      '#1 kec-a down@30 closed@150',
    ],
  },
  {
    name: 'half-way through recovery (1 of K = 2 good results): the next good one closes it',
    before: [
      { t: 0, icmp: UP },
      { t: 30, icmp: { 'desa-own': 'down' } },
      { t: 60, icmp: { 'desa-own': 'up' } },
    ],
    restartAt: 75,
    after: [{ t: 90, icmp: { 'desa-own': 'up' } }],
    stored: ['#1 desa-own down@30 closed@90'],
  },
  {
    name: 'a down still held at the restart opens its incident, at its probe time, once the hold is over',
    options: { isolation: { referenceIds: ['ref:gw'], sharePct: null, windowMs: 10_000 } },
    before: [
      { t: 0, icmp: { ...UP, 'ref:gw': 'up' } },
      { t: 30, icmp: { 'desa-own': 'down', 'ref:gw': 'up' }, arrive: 33 },
    ],
    restartAt: 35,
    after: [
      { t: 50, icmp: { 'ref:gw': 'up' } },
      { t: 60, icmp: { 'desa-own': 'up', 'ref:gw': 'up' } },
      { t: 90, icmp: { 'desa-own': 'up', 'ref:gw': 'up' } },
    ],
    stored: ['#1 desa-own down@30 closed@90'],
  },
  {
    name: 'isolated at the restart: the open incident stays open and closes when its site answers',
    options: { isolation: { referenceIds: ['ref:gw'], sharePct: null, holdMs: 0 } },
    before: [
      { t: 0, icmp: { ...UP, 'ref:gw': 'up' } },
      { t: 30, icmp: { 'desa-own': 'down', 'ref:gw': 'up' } },
      { t: 60, icmp: { 'desa-own': 'down', 'ref:gw': 'down' } },
    ],
    restartAt: 75,
    after: [
      { t: 90, icmp: { 'desa-own': 'down', 'ref:gw': 'down' } },
      { t: 120, icmp: { ...UP, 'ref:gw': 'up' } },
    ],
    stored: ['#1 desa-own down@30 closed@120'],
  },
];

describe('restart in the middle of an outage', () => {
  it.each(rows)('$name', (row) => {
    const dir = tempFiles();

    const straight = Monitor.start(join(dir, 'straight.db'), row.options);
    straight.run(row.before);
    const expected = straight.run(row.after);
    straight.db.close();
    expect(expected.changes.length).toBeGreaterThan(0); // the row tests something after the restart

    const path = join(dir, 'pantau.db');
    const first = Monitor.start(path, row.options);
    first.run(row.before);
    const openBefore = first.db.openIncidents();
    first.db.close();

    const {
      monitor: second,
      events,
      changes,
    } = Monitor.resume(path, row.options, T0 + row.restartAt * S);
    expect(lines(events)).toEqual([]);
    expect(changes).toEqual([]);
    expect(second.db.openIncidents()).toEqual(openBefore);

    const after = second.run(row.after);
    expect(lines(after.events)).toEqual(lines(expected.events));
    expect(changeLines(after.changes)).toEqual(changeLines(expected.changes));
    const stored = second.db.incidents({ fromMs: T0, toMs: T0 + 3600 * S, limit: 100 });
    expect(stored.incidents.map(incidentLine)).toEqual(row.stored);
    expect(second.db.openIncidents()).toEqual([]);
    second.db.close();
  });
});
