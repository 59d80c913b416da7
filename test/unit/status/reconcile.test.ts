// A crash leaves a snapshot older than the incidents (they are written at once, the snapshot at most
// every few seconds). Resuming from the snapshot made to agree with the incidents must emit nothing
// at the restart and afterwards exactly what an engine that never stopped emits.

import { describe, expect, it } from 'vitest';
import {
  type Incident,
  IncidentTracker,
  reconcileSnapshot,
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
  T0,
} from './harness.js';
import { changeLines } from './incident-harness.js';

const SITES = KECAMATAN_SITES;
const UP = ALL_UP;
const OUTAGE = KECAMATAN_OUTAGE;

interface Row {
  name: string;
  before: Step[];
  /** The last step of `before` after which the snapshot was saved. */
  savedAfter: number;
  restartAt: number;
  after: Step[];
  corrected: string[];
  /** Shown right after the restart. */
  resumed: Record<string, string>;
}

const rows: Row[] = [
  {
    name: 'down after the last save: resumes down, its incident open, closed by the recovery',
    before: [
      { t: 0, icmp: UP },
      { t: 30, icmp: { 'desa-own': 'down' } },
    ],
    savedAfter: 0,
    restartAt: 45,
    after: [
      { t: 60, icmp: { 'desa-own': 'down' } },
      { t: 90, icmp: { 'desa-own': 'up' } },
      { t: 120, icmp: { 'desa-own': 'up' } },
    ],
    corrected: ['desa-own'],
    resumed: { 'desa-own': 'down' },
  },
  {
    name: 'recovered after the last save: resumes up, no second recovery',
    before: [
      { t: 0, icmp: UP },
      { t: 30, icmp: { 'desa-own': 'down' } },
      { t: 60, icmp: { 'desa-own': 'up' } },
      { t: 90, icmp: { 'desa-own': 'up' } },
    ],
    savedAfter: 1,
    restartAt: 100,
    after: [
      { t: 120, icmp: { 'desa-own': 'up' } },
      { t: 150, icmp: { 'desa-own': 'down' } },
    ],
    corrected: ['desa-own'],
    resumed: { 'desa-own': 'up' },
  },
  {
    name: 'a kecamatan outage after the last save: the office down, its dependants unreachable by it',
    before: [
      { t: 0, icmp: UP },
      { t: 30, icmp: OUTAGE },
    ],
    savedAfter: 0,
    restartAt: 45,
    after: [
      { t: 60, icmp: OUTAGE },
      { t: 90, icmp: UP },
      { t: 120, icmp: UP },
    ],
    corrected: ['kec-a', 'desa-1', 'desa-2'],
    resumed: { 'kec-a': 'down', 'desa-1': 'unreachable:kec-a', 'desa-2': 'unreachable:kec-a' },
  },
];

/** One straight run, and one that crashed after `savedAfter` and resumed from that save. */
function crashAndResume(row: Row, reconcile: boolean) {
  const straight = engine(SITES);
  const straightTracker = new IncidentTracker();
  straightTracker.apply(run(straight, row.before));
  const straightAfter = run(straight, row.after);
  const straightChanges = straightTracker.apply(straightAfter);

  const first = engine(SITES);
  const tracker = new IncidentTracker();
  const closed: Incident[] = [];
  let saved: StatusSnapshot | null = null;
  row.before.forEach((step, i) => {
    for (const change of tracker.apply(run(first, [step])))
      if (change.type === 'incident-closed') closed.push(change.incident);
    if (i === row.savedAfter) saved = JSON.parse(JSON.stringify(first.snapshot()));
  });
  if (saved === null) throw new Error('nothing saved');
  const lastClosedAt = (siteId: string) =>
    closed.filter((i) => i.siteId === siteId).at(-1)?.closedAt ?? null;
  const outcome = reconcile
    ? reconcileSnapshot(saved, tracker.state().open, lastClosedAt)
    : { snapshot: saved, corrected: [] };
  const resumed = engine(SITES);
  const atRestart = resumed.restore(outcome.snapshot, T0 + row.restartAt * S);
  const shownAtRestart = Object.fromEntries(
    Object.keys(row.resumed).map((id) => [id, shown(resumed, id)]),
  );
  const resumedTracker = new IncidentTracker(tracker.state());
  const after = [...atRestart, ...run(resumed, row.after)];
  return {
    corrected: outcome.corrected,
    atRestart: lines(atRestart),
    shownAtRestart,
    after: lines(after),
    straightAfter: lines(straightAfter),
    changes: changeLines(resumedTracker.apply(after)),
    straightChanges: changeLines(straightChanges),
  };
}

describe('reconcileSnapshot: resuming after a crash from a save older than the incidents', () => {
  it.each(rows)('$name', (row) => {
    const r = crashAndResume(row, true);
    expect(r.corrected).toEqual(row.corrected);
    expect(r.atRestart).toEqual([]);
    expect(r.shownAtRestart).toEqual(row.resumed);
    expect(r.after).toEqual(r.straightAfter);
    expect(r.changes).toEqual(r.straightChanges);
  });

  it.each(rows)('without it, $name goes wrong', (row) => {
    const r = crashAndResume(row, false);
    expect(r.after).not.toEqual(r.straightAfter);
  });

  it('leaves a snapshot that agrees with the incidents as it is, the same object', () => {
    const e = engine(SITES);
    run(e, [{ t: 0, icmp: UP }]);
    const snapshot = e.snapshot();
    const outcome = reconcileSnapshot(snapshot, [], () => null);
    expect(outcome.snapshot).toBe(snapshot);
    expect(outcome.corrected).toEqual([]);
  });
});
