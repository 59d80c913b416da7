// The availability report's rows and columns: what /api/availability answers, turned into the rows
// the table shows, filtered, sorted, and written as CSV with the very values shown. Pure.
//
// A column's value is rounded once (`cellValue`); the table formats that value in the page's
// language and the CSV writes it with '.' decimals, so the file holds exactly the numbers on screen.

import { type CsvValue, toCsv } from './csv.js';

import type { AvailabilityFigures, DowntimeFigures } from '../../../src/status/availability.js';

export type { AvailabilityFigures, DowntimeFigures } from '../../../src/status/availability.js';

export interface SiteAvailabilityRow extends AvailabilityFigures {
  readonly siteId: string;
  readonly period: string;
}

export interface GroupAvailabilityRow extends AvailabilityFigures {
  readonly groupBy: string;
  readonly group: string;
  readonly period: string;
  readonly sites: number;
}

export type GroupBy = 'site' | 'kecamatan' | 'kind' | 'isp' | 'all';
export const GROUP_BYS: readonly GroupBy[] = ['site', 'kecamatan', 'kind', 'isp', 'all'];

export interface AvailabilityResponse {
  readonly period: 'day' | 'month';
  readonly from: string;
  readonly to: string;
  readonly groupBy: GroupBy;
  readonly rows: readonly (SiteAvailabilityRow | GroupAvailabilityRow)[];
}

/** Which downtime the figures count: the site's own, or also the time an upstream outage cut it off. */
export type Lens = 'own' | 'upstream';

/** A row as the table shows it; texts already in the page's language. */
export interface ReportRow {
  /** Unique within the report: the site id or the group. */
  readonly key: string;
  readonly name: string;
  /** The site's page, for site rows. */
  readonly siteId: string | null;
  readonly kecamatan: string;
  readonly kind: string;
  readonly isp: string;
  readonly sites: number;
  readonly period: string;
  readonly figures: AvailabilityFigures;
}

export interface SiteFacts {
  readonly name: string;
  readonly kecamatan: string;
  readonly kind: string;
  readonly isp: string;
}

/** The API's rows as table rows: site rows get their names from the inventory, kinds their word. */
export function toReportRows(
  response: AvailabilityResponse,
  siteFacts: (id: string) => SiteFacts | undefined,
  kindLabel: (kind: string) => string,
  allLabel: string,
): ReportRow[] {
  return response.rows.map((row): ReportRow => {
    if ('siteId' in row) {
      const facts = siteFacts(row.siteId);
      return {
        key: `${row.siteId}/${row.period}`,
        name: facts?.name ?? row.siteId,
        siteId: row.siteId,
        kecamatan: facts?.kecamatan ?? '',
        kind: facts ? kindLabel(facts.kind) : '',
        isp: facts?.isp ?? '',
        sites: 1,
        period: row.period,
        figures: row,
      };
    }
    const name =
      row.groupBy === 'kind' ? kindLabel(row.group) : row.groupBy === 'all' ? allLabel : row.group;
    return {
      key: `${row.group}/${row.period}`,
      name,
      siteId: null,
      kecamatan: row.groupBy === 'kecamatan' ? row.group : '',
      kind: row.groupBy === 'kind' ? name : '',
      isp: row.groupBy === 'isp' ? row.group : '',
      sites: row.sites,
      period: row.period,
      figures: row,
    };
  });
}

export type ColumnKey =
  | 'name'
  | 'kecamatan'
  | 'kind'
  | 'isp'
  | 'sites'
  | 'pctOwn'
  | 'pctUpstream'
  | 'downtime'
  | 'failures'
  | 'mttr'
  | 'mtbf'
  | 'excluded';

export interface Column {
  readonly key: ColumnKey;
  readonly type: 'text' | 'number';
  /** Decimals shown (and written). */
  readonly digits: number;
  /** Whether the figure depends on the lens (its header says which). */
  readonly lensed: boolean;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

const text = (key: ColumnKey): Column => ({ key, type: 'text', digits: 0, lensed: false });
const num = (key: ColumnKey, digits: number, lensed = false): Column => ({
  key,
  type: 'number',
  digits,
  lensed,
});

const FIGURE_COLUMNS: readonly Column[] = [
  num('pctOwn', 2),
  num('pctUpstream', 2),
  num('downtime', 2, true),
  num('failures', 0, true),
  num('mttr', 1, true),
  num('mtbf', 1, true),
  num('excluded', 1),
];

/** The columns shown for a grouping, in order. */
export function columnsFor(groupBy: GroupBy): Column[] {
  // Figures right after the name: on a phone they are what shows before scrolling sideways.
  if (groupBy === 'site')
    return [text('name'), ...FIGURE_COLUMNS, text('kecamatan'), text('kind'), text('isp')];
  return [text('name'), num('sites', 0), ...FIGURE_COLUMNS];
}

function lensFigures(row: ReportRow, lens: Lens): DowntimeFigures {
  return lens === 'own' ? row.figures.own : row.figures.withUpstream;
}

/**
 * Rounds to `digits`. Availability is rounded down: 99.996 % must not read "100,00" while the site
 * was down for a while.
 */
export function roundTo(value: number, digits: number, down = false): number {
  const scale = 10 ** digits;
  // The epsilon keeps 99.95 (stored as 99.9499999…) at 99.95 when rounding down.
  return (down ? Math.floor(value * scale + 1e-9) : Math.round(value * scale)) / scale;
}

/** The raw figure of a cell, before rounding: for sorting. */
export function rawValue(column: Column, row: ReportRow, lens: Lens): string | number | null {
  const figures = lensFigures(row, lens);
  switch (column.key) {
    case 'name':
      return row.name;
    case 'kecamatan':
      return row.kecamatan;
    case 'kind':
      return row.kind;
    case 'isp':
      return row.isp;
    case 'sites':
      return row.sites;
    case 'pctOwn':
      return row.figures.own.pct;
    case 'pctUpstream':
      return row.figures.withUpstream.pct;
    case 'downtime':
      return figures.downMs / HOUR;
    case 'failures':
      return figures.failures;
    case 'mttr':
      return figures.mttrMs === null ? null : figures.mttrMs / MINUTE;
    case 'mtbf':
      return figures.mtbfMs === null ? null : figures.mtbfMs / HOUR;
    case 'excluded':
      return row.figures.excludedMs / HOUR;
  }
}

/** The value a cell shows (and the CSV holds): numbers rounded to the column's decimals. */
export function cellValue(column: Column, row: ReportRow, lens: Lens): string | number | null {
  const raw = rawValue(column, row, lens);
  if (typeof raw !== 'number') return raw;
  return roundTo(raw, column.digits, column.key === 'pctOwn' || column.key === 'pctUpstream');
}

export interface RowFilter {
  /** Words that must all appear in the row's name, kecamatan, kind or ISP (any case). */
  readonly q: string;
  /** Only rows with at least one incident under the lens. */
  readonly failedOnly: boolean;
}

export function filterRows(rows: readonly ReportRow[], filter: RowFilter, lens: Lens): ReportRow[] {
  const words = filter.q.toLocaleLowerCase('id').split(/\s+/).filter(Boolean);
  return rows.filter((row) => {
    if (filter.failedOnly && lensFigures(row, lens).failures === 0) return false;
    if (words.length === 0) return true;
    const hay = [row.name, row.siteId ?? '', row.kecamatan, row.kind, row.isp]
      .join(' ')
      .toLocaleLowerCase('id');
    return words.every((w) => hay.includes(w));
  });
}

export type SortDir = 'asc' | 'desc';

const collator = new Intl.Collator('id', { numeric: true, sensitivity: 'base' });

/** Sorted by a column; empty figures (no failures, nothing counted) last either way; then by name. */
export function sortRows(
  rows: readonly ReportRow[],
  column: Column,
  dir: SortDir,
  lens: Lens,
): ReportRow[] {
  const sign = dir === 'asc' ? 1 : -1;
  return rows
    .map((row) => ({ row, value: rawValue(column, row, lens) }))
    .sort((a, b) => {
      if (a.value === null || b.value === null) {
        if (a.value !== b.value) return a.value === null ? 1 : -1;
      } else if (typeof a.value === 'number' && typeof b.value === 'number') {
        if (a.value !== b.value) return sign * (a.value - b.value);
      } else {
        const c = collator.compare(String(a.value), String(b.value));
        if (c !== 0) return sign * c;
      }
      return collator.compare(a.row.name, b.row.name);
    })
    .map((entry) => entry.row);
}

/** Figures over the rows shown, weighted by time as the API weighs groups. */
export interface Totals {
  readonly rows: number;
  readonly sites: number;
  readonly pctOwn: number | null;
  readonly pctUpstream: number | null;
  readonly downMs: number;
  readonly failures: number;
}

export function totals(rows: readonly ReportRow[], lens: Lens): Totals {
  let counted = 0;
  let ownDown = 0;
  let upDown = 0;
  let sites = 0;
  let failures = 0;
  for (const row of rows) {
    counted += row.figures.countedMs;
    ownDown += row.figures.own.downMs;
    upDown += row.figures.withUpstream.downMs;
    sites += row.sites;
    failures += lensFigures(row, lens).failures;
  }
  const pct = (down: number) => (counted > 0 ? (100 * (counted - down)) / counted : null);
  return {
    rows: rows.length,
    sites,
    pctOwn: pct(ownDown),
    pctUpstream: pct(upDown),
    downMs: lens === 'own' ? ownDown : upDown,
    failures,
  };
}

/** A cell as the CSV holds it: numbers with exactly the decimals shown, '.' as the separator. */
export function csvCell(column: Column, value: string | number | null): CsvValue {
  if (value === null) return null;
  return typeof value === 'number' ? value.toFixed(column.digits) : value;
}

/** The CSV of exactly the rows and columns given, headed by the table's own column titles. */
export function availabilityCsv(
  columns: readonly Column[],
  rows: readonly ReportRow[],
  lens: Lens,
  title: (column: Column) => string,
): string {
  return toCsv(
    columns.map(title),
    rows.map((row) => columns.map((c) => csvCell(c, cellValue(c, row, lens)))),
  );
}
