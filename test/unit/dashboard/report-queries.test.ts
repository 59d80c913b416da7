// The incidents page's filters and API request, durations and causes; WIB days and months for the
// reports' pickers.

import { describe, expect, it } from 'vitest';
import {
  causeOf,
  durationMs,
  filterFromParams,
  type Incident,
  incidentsPath,
  PAGE_SIZE,
  pageCount,
  rangeOf,
} from '../../../dashboard/src/reports/incident-query.js';
import {
  addMonths,
  isMonth,
  wibDate,
  wibDayEnd,
  wibDayStart,
  wibMonth,
} from '../../../dashboard/src/reports/wib.js';

const NOW = Date.parse('2026-12-05T23:30:00Z'); // 6 Dec 2026 06.30 WIB
const H = 3_600_000;

describe('WIB days and months', () => {
  it('takes the date and month in WIB, not UTC', () => {
    expect(wibDate(NOW)).toBe('2026-12-06');
    expect(wibMonth(Date.parse('2026-11-30T17:00:00Z'))).toBe('2026-12');
    expect(wibMonth(Date.parse('2026-11-30T16:59:59Z'))).toBe('2026-11');
  });

  it('starts and ends a WIB day at 17:00 UTC, and refuses what is not a date', () => {
    expect(wibDayStart('2026-12-06')).toBe(Date.parse('2026-12-05T17:00:00Z'));
    expect(wibDayEnd('2026-12-06')).toBe(Date.parse('2026-12-06T17:00:00Z'));
    expect(wibDayStart('2026-02-31')).toBeNull();
    expect(wibDayStart('6/12/2026')).toBeNull();
  });

  it('steps months over year ends, and knows a month', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-05', -17)).toBe('2024-12');
    expect(isMonth('2026-12')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-1')).toBe(false);
  });
});

describe('incident filters', () => {
  it('reads the URL with defaults: 7 days, first page, everything', () => {
    expect(filterFromParams(new URLSearchParams(''))).toEqual({
      range: '7d',
      from: '',
      to: '',
      kecamatan: '',
      q: '',
      openOnly: false,
      page: 1,
    });
    expect(
      filterFromParams(new URLSearchParams('range=24h&kecamatan=Cisoka&q=desa&open=1&page=3')),
    ).toMatchObject({ range: '24h', kecamatan: 'Cisoka', q: 'desa', openOnly: true, page: 3 });
    expect(filterFromParams(new URLSearchParams('range=1y&page=-2'))).toMatchObject({
      range: '7d',
      page: 1,
    });
  });

  it('turns presets into spans back from now, and chosen dates into whole WIB days', () => {
    const f = filterFromParams(new URLSearchParams('range=24h'));
    expect(rangeOf(f, NOW)).toEqual({ ok: true, fromMs: NOW - 24 * H, toMs: NOW });
    const days = filterFromParams(
      new URLSearchParams('range=custom&from=2026-12-01&to=2026-12-03'),
    );
    expect(rangeOf(days, NOW)).toEqual({
      ok: true,
      fromMs: Date.parse('2026-11-30T17:00:00Z'),
      toMs: Date.parse('2026-12-03T17:00:00Z'),
    });
    const reversed = filterFromParams(
      new URLSearchParams('range=custom&from=2026-12-04&to=2026-12-01'),
    );
    expect(rangeOf(reversed, NOW)).toEqual({ ok: false, problem: 'reversed' });
    const bad = filterFromParams(new URLSearchParams('range=custom&from=2026-12-40'));
    expect(rangeOf(bad, NOW)).toEqual({ ok: false, problem: 'bad-date' });
  });

  it('asks the API for the page, the kecamatan, the search and open only', () => {
    const f = filterFromParams(new URLSearchParams('kecamatan=Cisoka&q= desa &open=1&page=2'));
    const path = incidentsPath(f, { fromMs: 1000, toMs: 2000 });
    const params = new URL(path, 'http://x').searchParams;
    expect(new URL(path, 'http://x').pathname).toBe('/api/incidents');
    expect(Object.fromEntries(params)).toEqual({
      from: '1000',
      to: '2000',
      limit: String(PAGE_SIZE),
      offset: String(PAGE_SIZE),
      kecamatan: 'Cisoka',
      q: 'desa',
      open: 'true',
    });
    const plain = new URL(
      incidentsPath(filterFromParams(new URLSearchParams('')), { fromMs: 1, toMs: 2 }),
      'http://x',
    ).searchParams;
    expect([...plain.keys()].sort()).toEqual(['from', 'limit', 'offset', 'to']);
  });

  it('counts pages, one at least', () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(PAGE_SIZE)).toBe(1);
    expect(pageCount(PAGE_SIZE + 1)).toBe(2);
  });
});

describe('an incident in the table', () => {
  const closed: Incident = {
    id: 1,
    siteId: 'desa-cisoka-01',
    openedAt: NOW - 3 * H,
    closedAt: NOW - H,
    phases: [
      { kind: 'down', from: NOW - 3 * H },
      { kind: 'unreachable', causeSiteId: 'kec-cisoka', causeIncidentId: 7, from: NOW - 2 * H },
    ],
  };

  it('lasts to its end, or to now while open', () => {
    expect(durationMs(closed, NOW)).toBe(2 * H);
    expect(durationMs({ ...closed, closedAt: null }, NOW)).toBe(3 * H);
  });

  it('has the cause of its last phase', () => {
    expect(causeOf(closed)).toMatchObject({ kind: 'unreachable', causeSiteId: 'kec-cisoka' });
    expect(causeOf({ ...closed, phases: [{ kind: 'down', from: NOW }] }).kind).toBe('down');
  });
});
