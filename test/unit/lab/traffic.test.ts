import { describe, expect, it } from 'vitest';
import { shapeAt, shapeIntegral, type TrafficProfile } from '../../../src/lab/traffic.js';
import { hash32 } from '../../../src/stable-hash.js';

const wib: TrafficProfile = {
  curve: 'office',
  texture: 3,
  offsetMinutes: 420,
  peakInBytesPerS: 1_000_000,
  outRatio: 0.3,
};
// Wednesday 2026-11-25 in WIB (UTC+7).
const wibTime = (day: number, h: number, m = 0): number => Date.UTC(2026, 10, day, h - 7, m);

describe('traffic shape', () => {
  it('integrates to the sum of its per-minute values', () => {
    const from = wibTime(25, 6);
    let sum = 0;
    for (let t = from; t < from + 180 * 60_000; t += 60_000) sum += shapeAt(wib, t) * 60;
    const integral = shapeIntegral(wib, from + 180 * 60_000) - shapeIntegral(wib, from);
    expect(integral).toBeCloseTo(sum, 6);
  });

  it('interpolates linearly within a minute', () => {
    const t = wibTime(25, 10, 17);
    const half = shapeIntegral(wib, t + 30_000) - shapeIntegral(wib, t);
    expect(half).toBeCloseTo(shapeAt(wib, t) * 30, 6);
  });

  it('never decreases, millisecond by millisecond, across a week boundary', () => {
    // Monday 00:00 WIB: the week boundary of the prefix sums.
    const boundary = Date.UTC(2026, 10, 29, 17, 0); // Sunday 17:00 UTC = Monday 00:00 WIB
    let previous = shapeIntegral(wib, boundary - 50);
    for (let t = boundary - 49; t <= boundary + 50; t++) {
      const value = shapeIntegral(wib, t);
      expect(value).toBeGreaterThan(previous);
      previous = value;
    }
  });

  it('is busy in office hours, quiet at night and on Sunday', () => {
    const mean = (from: number, minutes: number): number =>
      (shapeIntegral(wib, from + minutes * 60_000) - shapeIntegral(wib, from)) / (minutes * 60);
    const morning = mean(wibTime(25, 9), 120);
    const night = mean(wibTime(25, 1), 120);
    const sunday = mean(wibTime(29, 9), 120);
    expect(morning).toBeGreaterThan(0.6);
    expect(night).toBeLessThan(0.1);
    expect(sunday).toBeLessThan(0.1);
  });

  it('follows the site’s local time: a WIT site (UTC+9) is busy two hours earlier in UTC', () => {
    const wit = { ...wib, offsetMinutes: 540 };
    const utc0100 = Date.UTC(2026, 10, 25, 1, 0); // 08:00 WIB, 10:00 WIT
    expect(shapeAt(wit, utc0100 + 3_600_000)).toBeGreaterThan(shapeAt(wib, utc0100 - 3_600_000));
  });

  it('hashes ids stably', () => {
    expect(hash32('desa-cisoka-02')).toBe(hash32('desa-cisoka-02'));
    expect(hash32('desa-cisoka-02')).not.toBe(hash32('desa-cisoka-03'));
  });
});
