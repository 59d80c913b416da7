// The availability report's rows: naming from the inventory, rounding once for the table and the
// CSV alike, filtering, sorting with empty figures last, totals weighted by time, and the CSV of
// exactly the rows given.

import { describe, expect, it } from 'vitest';
import {
  type AvailabilityFigures,
  type AvailabilityResponse,
  availabilityCsv,
  cellValue,
  type Column,
  columnsFor,
  filterRows,
  type ReportRow,
  roundTo,
  sortRows,
  toReportRows,
  totals,
} from '../../../dashboard/src/reports/availability-rows.js';
import { parseCsv } from '../../../dashboard/src/reports/csv.js';

const H = 3_600_000;

function figures(
  countedMs: number,
  ownDownMs: number,
  upDownMs: number,
  failures = ownDownMs > 0 ? 1 : 0,
): AvailabilityFigures {
  const pct = (down: number) => (countedMs === 0 ? null : (100 * (countedMs - down)) / countedMs);
  const lens = (down: number, n: number) => ({
    downMs: down,
    pct: pct(down),
    failures: n,
    mttrMs: n === 0 ? null : down / n,
    mtbfMs: n === 0 ? null : (countedMs - down) / n,
  });
  return {
    spanMs: countedMs + H,
    excludedMs: H,
    unmonitoredMs: 0,
    countedMs,
    own: lens(ownDownMs, failures),
    withUpstream: lens(upDownMs, upDownMs > 0 ? Math.max(failures, 1) : 0),
  };
}

const SITES: Record<string, { name: string; kecamatan: string; kind: string; isp: string }> = {
  'kec-cisoka': {
    name: 'Kantor Kecamatan Cisoka',
    kecamatan: 'Cisoka',
    kind: 'kecamatan',
    isp: 'Telkom',
  },
  'desa-cisoka-01': { name: 'Desa Cisoka 01', kecamatan: 'Cisoka', kind: 'desa', isp: 'Biznet' },
  'opd-bappeda': { name: 'Bappeda, Tigaraksa', kecamatan: 'Tigaraksa', kind: 'opd', isp: 'Telkom' },
};

const siteResponse: AvailabilityResponse = {
  period: 'month',
  from: '2026-11',
  to: '2026-11',
  groupBy: 'site',
  rows: [
    { siteId: 'kec-cisoka', period: '2026-11', ...figures(720 * H, 3 * H, 5 * H, 2) },
    { siteId: 'desa-cisoka-01', period: '2026-11', ...figures(720 * H, 0, 3 * H, 0) },
    { siteId: 'opd-bappeda', period: '2026-11', ...figures(720 * H, 0, 0) },
    { siteId: 'gone', period: '2026-11', ...figures(0, 0, 0) },
  ],
};

const kindLabel = (k: string) => ({ desa: 'Desa', kecamatan: 'Kecamatan', opd: 'OPD' })[k] ?? k;

const rows = toReportRows(siteResponse, (id) => SITES[id], kindLabel, 'Seluruh jaringan');
const column = (key: string, groupBy: 'site' | 'kecamatan' = 'site'): Column => {
  const c = columnsFor(groupBy).find((x) => x.key === key);
  if (!c) throw new Error(`no column ${key}`);
  return c;
};

describe('availability rows', () => {
  it('names site rows from the inventory, and keeps an unknown id as its name', () => {
    expect(rows.map((r) => r.name)).toEqual([
      'Kantor Kecamatan Cisoka',
      'Desa Cisoka 01',
      'Bappeda, Tigaraksa',
      'gone',
    ]);
    expect(rows[1]).toMatchObject({ siteId: 'desa-cisoka-01', kecamatan: 'Cisoka', kind: 'Desa' });
  });

  it('names group rows by their group, kinds in words, the whole network by its label', () => {
    const grouped = toReportRows(
      {
        ...siteResponse,
        groupBy: 'kind',
        rows: [
          { groupBy: 'kind', group: 'desa', period: '2026-11', sites: 200, ...figures(H, 0, 0) },
          { groupBy: 'all', group: 'all', period: '2026-11', sites: 342, ...figures(H, 0, 0) },
        ],
      },
      () => undefined,
      kindLabel,
      'Seluruh jaringan',
    );
    expect(grouped.map((r) => [r.name, r.sites, r.siteId])).toEqual([
      ['Desa', 200, null],
      ['Seluruh jaringan', 342, null],
    ]);
  });

  it('rounds availability down, so an outage never shows as 100.00', () => {
    expect(roundTo(99.996, 2, true)).toBe(99.99);
    expect(roundTo(99.95, 2, true)).toBe(99.95);
    expect(roundTo(100, 2, true)).toBe(100);
    expect(roundTo(0.075, 2)).toBe(0.08);
    const almost: ReportRow = {
      ...(rows[2] as ReportRow),
      figures: figures(720 * H, 60_000, 60_000),
    };
    expect(cellValue(column('pctOwn'), almost, 'own')).toBe(99.99);
  });

  it('gives the lens’s downtime in hours, MTTR in minutes, MTBF in hours; none without failures', () => {
    const kec = rows[0] as ReportRow;
    expect(cellValue(column('downtime'), kec, 'own')).toBe(3);
    expect(cellValue(column('failures'), kec, 'own')).toBe(2);
    expect(cellValue(column('mttr'), kec, 'own')).toBe(90);
    expect(cellValue(column('mtbf'), kec, 'own')).toBe(358.5);
    const desa = rows[1] as ReportRow;
    expect(cellValue(column('downtime'), desa, 'own')).toBe(0);
    expect(cellValue(column('mttr'), desa, 'own')).toBeNull();
    expect(cellValue(column('downtime'), desa, 'upstream')).toBe(3);
    expect(cellValue(column('pctUpstream'), desa, 'own')).toBe(99.58);
  });

  it('filters by every word over name, kecamatan, kind and ISP, and by failures under the lens', () => {
    const names = (list: ReportRow[]) => list.map((r) => r.siteId);
    expect(names(filterRows(rows, { q: 'cisoka', failedOnly: false }, 'own'))).toEqual([
      'kec-cisoka',
      'desa-cisoka-01',
    ]);
    expect(names(filterRows(rows, { q: 'CISOKA biznet', failedOnly: false }, 'own'))).toEqual([
      'desa-cisoka-01',
    ]);
    expect(names(filterRows(rows, { q: '', failedOnly: true }, 'own'))).toEqual(['kec-cisoka']);
    expect(names(filterRows(rows, { q: '', failedOnly: true }, 'upstream'))).toEqual([
      'kec-cisoka',
      'desa-cisoka-01',
    ]);
  });

  it('sorts numbers either way with empty figures last, ties by name', () => {
    const byMttr = (dir: 'asc' | 'desc') =>
      sortRows(rows, column('mttr'), dir, 'upstream').map((r) => r.siteId);
    // Upstream MTTR: kec-cisoka 150 min (2 failures), desa 180 min; the others have none.
    expect(byMttr('asc')).toEqual(['kec-cisoka', 'desa-cisoka-01', 'opd-bappeda', 'gone']);
    expect(byMttr('desc')).toEqual(['desa-cisoka-01', 'kec-cisoka', 'opd-bappeda', 'gone']);
    // Names compare without regard to case: K, g, D, B.
    expect(sortRows(rows, column('name'), 'desc', 'own').map((r) => r.siteId)).toEqual([
      'kec-cisoka',
      'gone',
      'desa-cisoka-01',
      'opd-bappeda',
    ]);
  });

  it('totals the rows weighted by counted time', () => {
    const sum = totals(rows, 'upstream');
    expect(sum.rows).toBe(4);
    expect(sum.failures).toBe(3);
    expect(sum.downMs).toBe(8 * H);
    expect(sum.pctUpstream).toBeCloseTo(100 * (1 - 8 / 2160), 10);
    expect(sum.pctOwn).toBeCloseTo(100 * (1 - 3 / 2160), 10);
    expect(totals([], 'own').pctOwn).toBeNull();
  });

  it('writes the CSV of exactly the rows and columns given, with the decimals shown', () => {
    const columns = columnsFor('site');
    const shown = sortRows(
      filterRows(rows, { q: 'cisoka', failedOnly: false }, 'own'),
      column('pctUpstream'),
      'asc',
      'own',
    );
    const parsed = parseCsv(availabilityCsv(columns, shown, 'own', (c) => `T:${c.key}`));
    expect(parsed[0]).toEqual(columns.map((c) => `T:${c.key}`));
    expect(parsed.slice(1)).toEqual([
      [
        'Kantor Kecamatan Cisoka',
        '99.58',
        '99.30',
        '3.00',
        '2',
        '90.0',
        '358.5',
        '1.0',
        'Cisoka',
        'Kecamatan',
        'Telkom',
      ],
      ['Desa Cisoka 01', '100.00', '99.58', '0.00', '0', '', '', '1.0', 'Cisoka', 'Desa', 'Biznet'],
    ]);
  });

  it('quotes a name with a comma in the CSV', () => {
    const text = availabilityCsv([column('name')], [rows[2] as ReportRow], 'own', () => 'Situs');
    expect(text).toContain('"Bappeda, Tigaraksa"\r\n');
  });
});
