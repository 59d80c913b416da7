import { describe, expect, it } from 'vitest';
import {
  dayNumber,
  localDate,
  monthStartDay,
  nextMonthStartDay,
  offsetMs,
  startOfDay,
  TimeZoneError,
} from '../../../src/status/time-zone.js';

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);
const dayStart = (date: string, zone: string) => startOfDay(dayNumber(date), zone);
const dayLength = (date: string, zone: string) =>
  startOfDay(dayNumber(date) + 1, zone) - dayStart(date, zone);

describe('time zones', () => {
  it.each([
    ['Asia/Jakarta', 7],
    ['Asia/Makassar', 8],
    ['Asia/Jayapura', 9],
    ['UTC', 0],
  ])('%s is UTC+%i', (zone, hours) => {
    expect(offsetMs(at('2026-11-25T12:00:00Z'), zone)).toBe(hours * H);
  });

  it.each([
    ['2026-11-25T16:59:59.999Z', 'Asia/Jakarta', '2026-11-25'],
    ['2026-11-25T17:00:00Z', 'Asia/Jakarta', '2026-11-26'],
    ['2026-11-25T17:00:00Z', 'UTC', '2026-11-25'],
    ['2026-12-31T16:00:00Z', 'Asia/Makassar', '2027-01-01'],
  ])('%s is %s on %s', (iso, zone, date) => {
    expect(localDate(at(iso), zone)).toBe(date);
  });

  it.each([
    ['2026-11-25', 'Asia/Jakarta', '2026-11-24T17:00:00Z', 24],
    ['2026-11-25', 'UTC', '2026-11-25T00:00:00Z', 24],
    ['2026-03-29', 'Europe/Berlin', '2026-03-28T23:00:00Z', 23],
    ['2026-10-25', 'Europe/Berlin', '2026-10-24T22:00:00Z', 25],
    // Chile skips midnight: the day begins at 01:00 local, when the clocks jump.
    ['2026-09-06', 'America/Santiago', '2026-09-06T04:00:00Z', 23],
  ])('%s in %s begins at %s and lasts %i hours', (date, zone, iso, hours) => {
    expect(new Date(dayStart(date, zone)).toISOString()).toBe(new Date(at(iso)).toISOString());
    expect(dayLength(date, zone)).toBe(hours * H);
  });

  it('counts months by the calendar', () => {
    const next = (month: string) =>
      new Date(nextMonthStartDay(monthStartDay(month)) * 24 * H).toISOString().slice(0, 10);
    expect(next('2026-01')).toBe('2026-02-01');
    expect(next('2026-12')).toBe('2027-01-01');
  });

  it('refuses a zone that does not exist, and dates that do not', () => {
    expect(() => offsetMs(0, 'Asia/Atlantis')).toThrow(TimeZoneError);
    expect(() => offsetMs(0, 'Asia/Atlantis')).toThrow(/"Asia\/Atlantis" is not an IANA time zone/);
    for (const bad of ['2026-02-30', '2026-13-01', '25-11-2026', '2026-1-5', ''])
      expect(() => dayNumber(bad), bad).toThrow(RangeError);
    expect(() => monthStartDay('2026-13')).toThrow(/not a month/);
    expect(() => monthStartDay('2026-11-01')).toThrow(/not a month/);
  });
});
