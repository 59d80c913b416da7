import { describe, expect, it } from 'vitest';
import type {
  SnapshotChanges,
  StatusEngine,
  StatusSite,
  StatusSnapshot,
} from '../../../src/status/index.js';
import {
  ALL_UP,
  engine,
  KECAMATAN_OUTAGE,
  KECAMATAN_SITES,
  run,
  S,
  type Step,
  site,
  T0,
} from './harness.js';

/** Rows kept the way the state database keeps them: a whole save replaces, changes overwrite. */
class Rows {
  private readonly sites = new Map<string, SnapshotChanges['sites'][number]>();
  private last: SnapshotChanges | null = null;

  save(changes: SnapshotChanges): void {
    if (changes.whole) this.sites.clear();
    for (const row of changes.sites) this.sites.set(row.state.siteId, row);
    this.last = changes;
  }

  asSnapshot(): StatusSnapshot {
    const rows = [...this.sites.values()];
    return {
      version: this.last?.version ?? 0,
      isolation: this.last?.isolation ?? null,
      sites: rows.map((r) => r.state),
      memory: {
        references: this.last?.references ?? {},
        shareExceeded: this.last?.shareExceeded ?? false,
        sites: Object.fromEntries(rows.map((r) => [r.state.siteId, r.memory])),
      },
    };
  }
}

/** An engine whose rows were saved at its start and again after the first step. */
function savedAfter(
  first: Step,
  sites: readonly StatusSite[] = KECAMATAN_SITES,
  options: Parameters<typeof engine>[1] = {},
): { e: StatusEngine; rows: Rows } {
  const e = engine(sites, options);
  const rows = new Rows();
  rows.save(e.snapshotChanges());
  run(e, [first]);
  rows.save(e.snapshotChanges());
  return { e, rows };
}

const ids = (changes: SnapshotChanges) => changes.sites.map((r) => r.state.siteId).sort();
const sorted = (snapshot: StatusSnapshot) => ({
  ...snapshot,
  sites: [...snapshot.sites].sort((a, b) => a.siteId.localeCompare(b.siteId)),
});

function expectSame(rows: Rows, e: StatusEngine): void {
  expect(sorted(JSON.parse(JSON.stringify(rows.asSnapshot())))).toEqual(
    sorted(JSON.parse(JSON.stringify(e.snapshot()))),
  );
}

describe('StatusEngine.snapshotChanges: only what moved since the last save', () => {
  it('gives every site first, then only the sites a result or a propagated change touched', () => {
    const e = engine(KECAMATAN_SITES);
    const rows = new Rows();
    const first = e.snapshotChanges();
    expect(first.whole).toBe(true);
    expect(ids(first)).toEqual(['desa-1', 'desa-2', 'desa-own', 'kec-a']);
    rows.save(first);
    expect(e.snapshotChanges()).toMatchObject({ whole: false, sites: [] });

    run(e, [{ t: 0, icmp: { 'desa-own': 'up' } }]);
    const one = e.snapshotChanges();
    expect(one.whole).toBe(false);
    expect(ids(one)).toEqual(['desa-own']);
    rows.save(one);
    expectSame(rows, e);

    run(e, [{ t: 30, icmp: ALL_UP }]);
    rows.save(e.snapshotChanges());
    run(e, [{ t: 60, icmp: { 'desa-1': 'down', 'desa-2': 'down' } }]);
    rows.save(e.snapshotChanges());
    // Then the office fails: the desa behind it turn unreachable without a result of their own.
    run(e, [{ t: 90, icmp: { 'kec-a': 'down' } }]);
    const propagated = e.snapshotChanges();
    expect(ids(propagated)).toEqual(['desa-1', 'desa-2', 'kec-a']);
    rows.save(propagated);
    expectSame(rows, e);
    expect(rows.asSnapshot().sites.find((s) => s.siteId === 'desa-1')?.status).toEqual(
      e.stateOf('desa-1')?.status,
    );
  });

  it('with memoryRows, the sites whose shown state changed and that many others, oldest first', () => {
    const { e, rows } = savedAfter({ t: 0, icmp: ALL_UP });
    // Results that change no shown state move only memory: kec-a first, desa-own last.
    run(e, [{ t: 30, icmp: ALL_UP }]);
    expect(ids(e.snapshotChanges({ memoryRows: 0 }))).toEqual([]);
    run(e, [{ t: 60, icmp: { 'desa-own': 'down' } }]);
    const shown = e.snapshotChanges({ memoryRows: 2 });
    expect(ids(shown)).toEqual(['desa-1', 'desa-own', 'kec-a']);
    expect(shown.sites.find((r) => r.state.siteId === 'desa-own')?.state.status).toEqual({
      state: 'down',
    });
    rows.save(shown);
    const rest = e.snapshotChanges({ memoryRows: 5 });
    expect(ids(rest)).toEqual(['desa-2']);
    rows.save(rest);
    expectSame(rows, e);
    expect(e.snapshotChanges().sites).toEqual([]);
  });

  it('after snapshotLost (a save that failed) gives the whole fleet again', () => {
    const { e, rows } = savedAfter({ t: 0, icmp: ALL_UP });
    run(e, [{ t: 30, icmp: { 'desa-own': 'down' } }]);
    e.snapshotChanges({ memoryRows: 0 }); // taken, but never stored
    e.snapshotLost();
    const again = e.snapshotChanges({ memoryRows: 0 });
    expect(again.whole).toBe(true);
    expect(ids(again)).toEqual(['desa-1', 'desa-2', 'desa-own', 'kec-a']);
    rows.save(again);
    expectSame(rows, e);
  });

  it('a reload gives the whole fleet again, without the removed site', () => {
    const { e, rows } = savedAfter({ t: 0, icmp: KECAMATAN_OUTAGE });
    e.reinventory(
      [...KECAMATAN_SITES.filter((s) => s.id !== 'desa-2'), site('desa-new')],
      {} as never,
      T0 + 10 * S,
    );
    const reload = e.snapshotChanges();
    expect(reload.whole).toBe(true);
    expect(ids(reload)).toEqual(['desa-1', 'desa-new', 'desa-own', 'kec-a']);
    rows.save(reload);
    expectSame(rows, e);
  });

  it('an isolation, which resets every site, gives the whole fleet again', () => {
    const { e, rows } = savedAfter(
      { t: 0, icmp: { a: 'up', b: 'up', c: 'up' } },
      [site('a'), site('b'), site('c')],
      { isolation: { sharePct: 50, minSites: 3, windowMs: 60 * S, holdMs: 0, referenceIds: [] } },
    );
    run(e, [{ t: 30, icmp: { a: 'down', b: 'down', c: 'down' } }]);
    expect(e.isolated).not.toBeNull();
    const isolated = e.snapshotChanges();
    expect(isolated.whole).toBe(true);
    expect(isolated.isolation).toEqual(e.isolated);
    rows.save(isolated);
    expectSame(rows, e);
  });
});
