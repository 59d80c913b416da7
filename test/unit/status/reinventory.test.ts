import { describe, expect, it } from 'vitest';
import { IncidentTracker, type SitesChangedEvent } from '../../../src/status/index.js';
import {
  ALL_UP,
  changes,
  engine,
  KECAMATAN_SITES,
  run,
  S,
  shown,
  site,
  T0,
  thresholds,
} from './harness.js';

const sitesChanged = (events: readonly { type: string }[]) =>
  events.filter((e): e is SitesChangedEvent => e.type === 'sites-changed');

describe('StatusEngine.reinventory (a reload)', () => {
  it('adds sites unknown, forgets removed ones, keeps the state of the rest', () => {
    const target = engine(KECAMATAN_SITES);
    run(target, [{ t: 0, icmp: ALL_UP }]);
    const version = target.currentVersion;
    const next = [...KECAMATAN_SITES.filter((s) => s.id !== 'desa-2'), site('desa-3', 'kec-a')];
    const events = target.reinventory(next, thresholds(), T0 + 10 * S);
    expect(sitesChanged(events)).toEqual([
      {
        type: 'sites-changed',
        version: version + 1,
        at: T0 + 10 * S,
        added: ['desa-3'],
        removed: ['desa-2'],
        changed: [],
      },
    ]);
    expect(changes(events)).toEqual([]);
    expect(target.stateOf('desa-2')).toBeUndefined();
    expect(shown(target, 'desa-3')).toBe('unknown');
    expect(target.stateOf('kec-a')).toMatchObject({ status: { state: 'up' }, since: T0 });
    expect(target.shown().sites.map((s) => s.siteId)).toEqual(next.map((s) => s.id));
    // The new site is judged by its results from now on; the removed one's are ignored.
    const later = run(target, [{ t: 30, icmp: { 'desa-3': 'up', 'desa-2': 'down' } }]);
    expect(changes(later)).toEqual(['desa-3 unknown→up (icmp-answered)']);
  });

  it('a site moved under a down parent becomes unreachable through it at once', () => {
    const target = engine(KECAMATAN_SITES);
    run(target, [
      { t: 0, icmp: ALL_UP },
      { t: 30, icmp: { 'kec-a': 'down', 'desa-1': 'down', 'desa-2': 'down', 'desa-own': 'down' } },
    ]);
    expect(shown(target, 'desa-own')).toBe('down');
    const moved = KECAMATAN_SITES.map((s) => (s.id === 'desa-own' ? site('desa-own', 'kec-a') : s));
    const events = target.reinventory(moved, thresholds(), T0 + 40 * S);
    expect(sitesChanged(events)[0]?.changed).toEqual(['desa-own']);
    expect(changes(events)).toEqual(['desa-own down→unreachable:kec-a (ancestor-down)']);
  });

  it('a changed kind takes its thresholds and keeps its results', () => {
    const target = engine(KECAMATAN_SITES);
    const slow = { loss: 0, rtt: 200 };
    run(target, [
      { t: 0, icmp: ALL_UP },
      { t: 30, icmp: { 'desa-own': slow } },
      { t: 60, icmp: { 'desa-own': slow } },
      { t: 90, icmp: { 'desa-own': slow } },
    ]);
    expect(shown(target, 'desa-own')).toBe('degraded');
    const asOpd = KECAMATAN_SITES.map((s) =>
      s.id === 'desa-own' ? site('desa-own', null, 'opd') : s,
    );
    // OPD links may be slower: 300 ms before they count as degraded.
    target.reinventory(asOpd, thresholds({ opd: { rttMs: 300 } }), T0 + 100 * S);
    expect(shown(target, 'desa-own')).toBe('degraded');
    const after = run(target, [{ t: 120, icmp: { 'desa-own': slow } }]);
    expect(changes(after)).toEqual(['desa-own degraded→up (quality-restored)']);
  });

  it('a held down of a removed site never shows', () => {
    const target = engine(KECAMATAN_SITES, {
      isolation: { referenceIds: ['ref:gw'], sharePct: null, holdMs: 10 * S },
    });
    const up = { ...ALL_UP, 'ref:gw': 'up' } as const;
    run(target, [{ t: 0, icmp: up }]);
    const held = run(target, [{ t: 30, icmp: { 'desa-own': 'down', 'ref:gw': 'up' } }]);
    expect(changes(held)).toEqual([]);
    target.reinventory(
      KECAMATAN_SITES.filter((s) => s.id !== 'desa-own'),
      thresholds(),
      T0 + 35 * S,
    );
    expect(changes(run(target, [{ t: 45, icmp: { 'kec-a': 'up', 'ref:gw': 'up' } }]))).toEqual([]);
    expect(target.stateOf('desa-own')).toBeUndefined();
  });
});

describe('IncidentTracker on a reload', () => {
  it('closes the open incident of a removed site as removed, and leaves the others open', () => {
    const target = engine(KECAMATAN_SITES);
    const tracker = new IncidentTracker();
    tracker.apply(run(target, [{ t: 0, icmp: ALL_UP }]));
    tracker.apply(
      run(target, [{ t: 30, icmp: { 'desa-own': 'down', 'kec-a': 'down', 'desa-1': 'down' } }]),
    );
    const events = target.reinventory(
      KECAMATAN_SITES.filter((s) => s.id !== 'desa-own'),
      thresholds(),
      T0 + 60 * S,
    );
    const closed = tracker.apply(events);
    expect(closed).toEqual([
      {
        type: 'incident-closed',
        incident: expect.objectContaining({
          siteId: 'desa-own',
          closedAt: T0 + 60 * S,
          closedBy: 'removed',
        }),
      },
    ]);
    expect(
      tracker
        .state()
        .open.map((i) => i.siteId)
        .sort(),
    ).toEqual(['desa-1', 'kec-a']);
  });
});
