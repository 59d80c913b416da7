import { describe, expect, it } from 'vitest';
import { StatusInputError } from '../../../src/status/index.js';
import { changes, engine, MIN, run, S, shown, site, T0 } from './harness.js';

const at = (t: number) => T0 + t * S;

describe('maintenance', () => {
  it('shows maintenance whatever the probes say, and resumes from them at the end time', () => {
    const e = engine([site('a')]);
    run(e, [{ t: 0, icmp: { a: 'up' } }]);
    const started = e.setMaintenance('a', at(600), at(10));
    expect(changes(started)).toEqual(['a up→maintenance (maintenance-started)']);
    expect(e.stateOf('a')?.status).toEqual({ state: 'maintenance', until: at(600) });
    expect(
      run(e, [
        { t: 30, icmp: { a: 'down' } },
        { t: 60, icmp: { a: 'down' } },
      ]),
    ).toEqual([]);
    const ended = run(e, [{ t: 610, icmp: { a: 'down' } }]);
    expect(changes(ended)).toEqual(['a maintenance→down (maintenance-ended)']);
    expect(ended[0]?.type === 'state-changed' && ended[0].at).toBe(at(600));
  });

  it('ends at its time even when no result comes (apply with no results is the clock tick)', () => {
    const e = engine([site('a')]);
    run(e, [{ t: 0, icmp: { a: 'up' } }]);
    e.setMaintenance('a', at(600), at(10));
    expect(e.apply([], at(599))).toEqual([]);
    expect(changes(e.apply([], at(600)))).toEqual(['a maintenance→up (maintenance-ended)']);
  });

  it('can be extended and cleared early', () => {
    const e = engine([site('a')]);
    run(e, [{ t: 0, icmp: { a: 'up' } }]);
    e.setMaintenance('a', at(600), at(10));
    expect(changes(e.setMaintenance('a', at(1200), at(20)))).toEqual([
      'a maintenance→maintenance (maintenance-changed)',
    ]);
    expect(e.stateOf('a')?.status).toEqual({ state: 'maintenance', until: at(1200) });
    expect(changes(e.clearMaintenance('a', at(30)))).toEqual([
      'a maintenance→up (maintenance-ended)',
    ]);
    expect(e.clearMaintenance('a', at(40))).toEqual([]);
  });

  it('refuses an unknown site and an end that is not in the future', () => {
    const e = engine([site('a')]);
    expect(() => e.setMaintenance('nope', at(600), at(0))).toThrow(StatusInputError);
    expect(() => e.clearMaintenance('nope', at(0))).toThrow(StatusInputError);
    expect(() => e.setMaintenance('a', at(0), at(0))).toThrow(/must end after now/);
  });

  it('a parent in maintenance whose link is down is still the root cause of its children', () => {
    const e = engine([site('kec-a', null, 'kecamatan'), site('desa-1', 'kec-a')]);
    run(e, [{ t: 0, icmp: { 'kec-a': 'up', 'desa-1': 'up' } }]);
    e.setMaintenance('kec-a', at(60 * 60), at(5));
    const events = run(e, [{ t: 30, icmp: { 'kec-a': 'down', 'desa-1': 'down' } }]);
    expect(changes(events)).toEqual(['desa-1 up→unreachable:kec-a (ancestor-down)']);
    expect(shown(e, 'kec-a')).toBe('maintenance');
  });

  it('a site in maintenance keeps its end through an hour of results', () => {
    const e = engine([site('a')]);
    e.setMaintenance('a', T0 + 2 * 60 * MIN, T0);
    for (let t = 0; t < 3600; t += 30) run(e, [{ t, icmp: { a: t % 60 === 0 ? 'up' : 'down' } }]);
    expect(shown(e, 'a')).toBe('maintenance');
  });
});
