// The availability report (/availability): a month's availability by site, kecamatan, kind or ISP,
// the site's own downtime or including upstream outages, MTTR, MTBF and incidents; filtered and
// sorted in the URL, and exported as CSV with exactly the rows, columns and numbers shown.

import { useMemo } from 'preact/hooks';
import { formatDuration, formatNumber, lang, texts } from '../i18n.js';
import { sitesById } from '../inventory.js';
import { queryParams, setQuery } from '../router.js';
import { StateIcon } from '../states.js';
import {
  type AvailabilityResponse,
  availabilityCsv,
  type Column,
  type ColumnKey,
  cellValue,
  columnsFor,
  filterRows,
  GROUP_BYS,
  type GroupBy,
  type Lens,
  type ReportRow,
  type SortDir,
  sortRows,
  toReportRows,
  totals,
} from '../reports/availability-rows.js';
import { Segmented, SortableTh } from '../reports/controls.js';
import { csvFileName } from '../reports/csv.js';
import { downloadText } from '../reports/download.js';
import { useFetch } from '../reports/use-fetch.js';
import { addMonths, isMonth, wibMonth } from '../reports/wib.js';
import '../reports/report.css';
import './availability.css';

const tx = texts({
  id: {
    title: 'Ketersediaan',
    sub: 'Laporan bulanan per situs atau kelompok',
    month: 'Bulan',
    prevMonth: 'Bulan sebelumnya',
    nextMonth: 'Bulan berikutnya',
    groupBy: 'Kelompokkan per',
    gSite: 'Situs',
    gKecamatan: 'Kecamatan',
    gKind: 'Jenis',
    gIsp: 'ISP',
    gAll: 'Total',
    lens: 'Waktu putus dihitung',
    lensOwn: 'Gangguan sendiri',
    lensUpstream: 'Termasuk hulu',
    search: 'Saring baris',
    searchPlaceholder: 'Nama, kecamatan, ISP…',
    failedOnly: 'Hanya yang pernah putus',
    csv: 'Unduh CSV',
    csvTitle: 'Unduh {n} baris yang tampil sebagai CSV',
    loading: 'Memuat…',
    error: 'Gagal memuat laporan: {message}',
    none: 'Tidak ada baris yang cocok.',
    caption: 'Ketersediaan {month}, per {group}',
    shown: '{n} dari {total} baris',
    allGroup: 'Seluruh jaringan',
    kpiOwn: 'Ketersediaan (sendiri)',
    kpiUpstream: 'Ketersediaan (termasuk hulu)',
    kpiIncidents: 'Insiden',
    kpiDown: 'Total waktu putus',
    kpiSites: 'Situs',
    colName: 'Situs',
    colGroup: 'Kelompok',
    colKecamatan: 'Kecamatan',
    colKind: 'Jenis',
    colIsp: 'ISP',
    colSites: 'Situs',
    colPctOwn: 'Ketersediaan sendiri (%)',
    colPctUpstream: 'Ketersediaan termasuk hulu (%)',
    colDowntime: 'Waktu putus (jam)',
    colFailures: 'Insiden',
    colMttr: 'MTTR (menit)',
    colMtbf: 'MTBF (jam)',
    colExcluded: 'Tidak dihitung (jam)',
    lensSuffixOwn: 'sendiri',
    lensSuffixUpstream: 'termasuk hulu',
    titleMttr: 'Rata-rata waktu pemulihan per insiden',
    titleMtbf: 'Rata-rata waktu normal di antara insiden',
    titleExcluded: 'Pemeliharaan, Pantau terisolasi, atau belum dipantau: tidak dihitung',
    note: '“Gangguan sendiri” menghitung hanya saat situs itu sendiri putus; “termasuk hulu” juga saat situs tak terjangkau karena situs di atasnya putus. Waktu pemeliharaan, saat Pantau terisolasi, dan waktu tidak dipantau tidak dihitung. Bulan berjalan dihitung sampai sekarang.',
    badMonth: 'Bulan tidak valid: {month}',
  },
  en: {
    title: 'Availability',
    sub: 'Monthly report per site or group',
    month: 'Month',
    prevMonth: 'Previous month',
    nextMonth: 'Next month',
    groupBy: 'Group by',
    gSite: 'Site',
    gKecamatan: 'Kecamatan',
    gKind: 'Kind',
    gIsp: 'ISP',
    gAll: 'Total',
    lens: 'Downtime counted',
    lensOwn: 'Own fault',
    lensUpstream: 'Including upstream',
    search: 'Filter rows',
    searchPlaceholder: 'Name, kecamatan, ISP…',
    failedOnly: 'Only with outages',
    csv: 'Download CSV',
    csvTitle: 'Download the {n} rows shown as CSV',
    loading: 'Loading…',
    error: 'Could not load the report: {message}',
    none: 'No row matches.',
    caption: 'Availability {month}, by {group}',
    shown: '{n} of {total} rows',
    allGroup: 'Whole network',
    kpiOwn: 'Availability (own)',
    kpiUpstream: 'Availability (incl. upstream)',
    kpiIncidents: 'Incidents',
    kpiDown: 'Total downtime',
    kpiSites: 'Sites',
    colName: 'Site',
    colGroup: 'Group',
    colKecamatan: 'Kecamatan',
    colKind: 'Kind',
    colIsp: 'ISP',
    colSites: 'Sites',
    colPctOwn: 'Availability own (%)',
    colPctUpstream: 'Availability incl. upstream (%)',
    colDowntime: 'Downtime (h)',
    colFailures: 'Incidents',
    colMttr: 'MTTR (min)',
    colMtbf: 'MTBF (h)',
    colExcluded: 'Not counted (h)',
    lensSuffixOwn: 'own',
    lensSuffixUpstream: 'incl. upstream',
    titleMttr: 'Mean time to repair per incident',
    titleMtbf: 'Mean time up between incidents',
    titleExcluded: 'Maintenance, Pantau isolated, or not yet watched: not counted',
    note: '“Own fault” counts only the time the site itself was down; “including upstream” also the time it was unreachable because a site above it was down. Maintenance, time Pantau was isolated, and unwatched time are not counted. The current month counts up to now.',
    badMonth: 'Not a valid month: {month}',
  },
});

type TextKey = Parameters<typeof tx>[0];

const COLUMN_TEXT: Record<ColumnKey, TextKey> = {
  name: 'colName',
  kecamatan: 'colKecamatan',
  kind: 'colKind',
  isp: 'colIsp',
  sites: 'colSites',
  pctOwn: 'colPctOwn',
  pctUpstream: 'colPctUpstream',
  downtime: 'colDowntime',
  failures: 'colFailures',
  mttr: 'colMttr',
  mtbf: 'colMtbf',
  excluded: 'colExcluded',
};

const COLUMN_HINT: Partial<Record<ColumnKey, TextKey>> = {
  mttr: 'titleMttr',
  mtbf: 'titleMtbf',
  excluded: 'titleExcluded',
};

const GROUP_TEXT: Record<GroupBy, TextKey> = {
  site: 'gSite',
  kecamatan: 'gKecamatan',
  kind: 'gKind',
  isp: 'gIsp',
  all: 'gAll',
};

const KIND_WORDS = {
  id: { core: 'Inti', opd: 'OPD', kecamatan: 'Kecamatan', kelurahan: 'Kelurahan', desa: 'Desa' },
  en: { core: 'Core', opd: 'OPD', kecamatan: 'Kecamatan', kelurahan: 'Kelurahan', desa: 'Desa' },
} as const;

function kindWord(kind: string): string {
  return (KIND_WORDS[lang.value] as Record<string, string>)[kind] ?? kind;
}

/** A column's title as the table head and the CSV header show it: lensed ones name their lens. */
function columnTitle(column: Column, groupBy: GroupBy, lens: Lens): string {
  const base =
    column.key === 'name' && groupBy !== 'site' ? tx('colGroup') : tx(COLUMN_TEXT[column.key]);
  if (!column.lensed) return base;
  return `${base}, ${tx(lens === 'own' ? 'lensSuffixOwn' : 'lensSuffixUpstream')}`;
}

interface Settings {
  readonly month: string;
  readonly groupBy: GroupBy;
  readonly lens: Lens;
  readonly q: string;
  readonly failedOnly: boolean;
  readonly sort: ColumnKey;
  readonly dir: SortDir;
}

function settingsFromUrl(params: URLSearchParams, nowMs: number): Settings {
  const groupBy = params.get('by') as GroupBy | null;
  const by: GroupBy = groupBy !== null && GROUP_BYS.includes(groupBy) ? groupBy : 'site';
  const columns = columnsFor(by);
  const sort = params.get('sort');
  const sortKey = columns.find((c) => c.key === sort)?.key ?? 'pctOwn';
  return {
    month: params.get('month') ?? wibMonth(nowMs),
    groupBy: by,
    lens: params.get('lens') === 'upstream' ? 'upstream' : 'own',
    q: params.get('q') ?? '',
    failedOnly: params.get('failed') === '1',
    sort: sortKey,
    dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
  };
}

export function AvailabilityPage() {
  void lang.value;
  const settings = settingsFromUrl(queryParams.value, Date.now());
  const monthOk = isMonth(settings.month);
  const apiGroup = settings.groupBy;
  const fetched = useFetch<AvailabilityResponse>(
    monthOk ? `/api/availability?period=month&from=${settings.month}&groupBy=${apiGroup}` : null,
    { refreshMs: 60_000 },
  );
  const columns = columnsFor(settings.groupBy);
  const sortColumn = columns.find((c) => c.key === settings.sort) ?? (columns[0] as Column);
  const data = fetched.data;
  const byId = sitesById.value;
  const language = lang.value;
  const allRows = useMemo(
    () => (data === null ? [] : toReportRows(data, (id) => byId.get(id), kindWord, tx('allGroup'))),
    [data, byId, language],
  );
  // The rows from a previous grouping stay only until the new answer: never mixed with its columns.
  const current =
    fetched.data !== null &&
    fetched.data.groupBy === settings.groupBy &&
    fetched.data.from === settings.month;
  const rows = current
    ? sortRows(
        filterRows(allRows, { q: settings.q, failedOnly: settings.failedOnly }, settings.lens),
        sortColumn,
        settings.dir,
        settings.lens,
      )
    : [];
  const sum = totals(rows, settings.lens);
  const title = (c: Column) => columnTitle(c, settings.groupBy, settings.lens);
  const exportCsv = () => {
    const text = availabilityCsv(columns, rows, settings.lens, title);
    const name = csvFileName([
      'availability',
      settings.month,
      settings.groupBy,
      ...(settings.lens === 'upstream' ? ['upstream'] : []),
    ]);
    downloadText(name, text, 'text/csv;charset=utf-8');
  };
  const onSort = (key: ColumnKey) => {
    const column = columns.find((c) => c.key === key);
    if (column === undefined) return;
    const dir: SortDir =
      settings.sort === key
        ? settings.dir === 'asc'
          ? 'desc'
          : 'asc'
        : column.type === 'text' || key.startsWith('pct')
          ? 'asc'
          : 'desc';
    setQuery({ sort: key === 'pctOwn' && dir === 'asc' ? '' : key, dir: dir === 'asc' ? '' : dir });
  };
  return (
    <section class="page availability" aria-labelledby="availability-title">
      <div class="report-head">
        <h1 id="availability-title">{tx('title')}</h1>
        <span class="sub">{tx('sub')}</span>
        <div class="end">
          <button
            type="button"
            class="primary csv"
            disabled={!current}
            title={tx('csvTitle', { n: rows.length })}
            onClick={exportCsv}
          >
            <DownloadIcon />
            {tx('csv')}
          </button>
        </div>
      </div>
      <Controls settings={settings} />
      {!monthOk ? (
        <p class="report-error" role="alert">
          {tx('badMonth', { month: settings.month })}
        </p>
      ) : fetched.error !== null ? (
        <p class="report-error" role="alert">
          {tx('error', { message: fetched.error })}
        </p>
      ) : null}
      {current ? <Kpis sum={sum} showSites={settings.groupBy !== 'site'} /> : null}
      <p class="shown muted" role="status" aria-live="polite">
        {current
          ? tx('shown', { n: formatNumber(rows.length), total: formatNumber(allRows.length) })
          : tx('loading')}
      </p>
      <div class="table-wrap" aria-busy={fetched.loading || !current}>
        <table class="data availability-table" data-ready={current ? 'true' : 'false'}>
          <caption class="visually-hidden">
            {tx('caption', {
              month: settings.month,
              group: tx(GROUP_TEXT[settings.groupBy]).toLowerCase(),
            })}
          </caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <SortableTh
                  label={title(c)}
                  active={c.key === sortColumn.key}
                  dir={settings.dir}
                  numeric={c.type === 'number'}
                  title={COLUMN_HINT[c.key] ? tx(COLUMN_HINT[c.key] as TextKey) : undefined}
                  onSort={() => onSort(c.key)}
                />
              ))}
            </tr>
          </thead>
          <tbody>
            {current && rows.length === 0 ? (
              <tr class="empty-row">
                <td colSpan={columns.length}>{tx('none')}</td>
              </tr>
            ) : (
              rows.map((row) => <Row row={row} columns={columns} lens={settings.lens} />)
            )}
          </tbody>
        </table>
      </div>
      <p class="report-note">{tx('note')}</p>
    </section>
  );
}

function DownloadIcon() {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 16 16"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      stroke-width="1.8"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      <path d="M8 2v8 M4.5 6.5L8 10l3.5-3.5 M2.5 13.5h11" />
    </svg>
  );
}

/** How a percentage reads at a glance: the bar's colour follows the usual SLA steps. */
function pctClass(pct: number): string {
  if (pct >= 99.5) return 'good';
  if (pct >= 98) return 'fair';
  return 'poor';
}

function Row({ row, columns, lens }: { row: ReportRow; columns: readonly Column[]; lens: Lens }) {
  return (
    <tr data-key={row.key}>
      {columns.map((column) => {
        const value = cellValue(column, row, lens);
        if (column.key === 'name')
          return (
            <th scope="row" class="name-cell" title={row.name}>
              {row.siteId !== null ? (
                <a href={`/sites/${encodeURIComponent(row.siteId)}`}>{row.name}</a>
              ) : (
                row.name
              )}
            </th>
          );
        if (column.type === 'text') return <td>{value ?? '—'}</td>;
        const shown = typeof value === 'number' ? formatNumber(value, column.digits) : '—';
        if ((column.key === 'pctOwn' || column.key === 'pctUpstream') && typeof value === 'number')
          return (
            <td class={`num pct ${pctClass(value)}`}>
              <span
                class="bar"
                aria-hidden="true"
                style={{ '--w': `${Math.max(0, value - 90) * 10}%` }}
              />
              <span class="v">{shown}</span>
            </td>
          );
        const title =
          column.key === 'downtime' || column.key === 'excluded' || column.key === 'mtbf'
            ? typeof value === 'number' && value > 0
              ? formatDuration(value * 3_600_000)
              : undefined
            : column.key === 'mttr' && typeof value === 'number'
              ? formatDuration(value * 60_000)
              : undefined;
        return (
          <td
            class={`num${typeof value !== 'number' ? ' none' : value === 0 ? ' zero' : ''}`}
            title={title}
          >
            {shown}
          </td>
        );
      })}
    </tr>
  );
}

function Kpis({ sum, showSites }: { sum: ReturnType<typeof totals>; showSites: boolean }) {
  const pct = (value: number | null) =>
    value === null ? '—' : formatNumber(Math.floor(value * 100 + 1e-9) / 100, 2);
  return (
    <div class="kpis">
      <div class="kpi">
        <span class="kpi-label">{tx('kpiOwn')}</span>
        <span class="kpi-value">
          {pct(sum.pctOwn)}
          <span class="kpi-unit">%</span>
        </span>
      </div>
      <div class="kpi">
        <span class="kpi-label">{tx('kpiUpstream')}</span>
        <span class="kpi-value">
          {pct(sum.pctUpstream)}
          <span class="kpi-unit">%</span>
        </span>
      </div>
      <div class="kpi">
        <span class="kpi-label">{tx('kpiIncidents')}</span>
        <span class="kpi-value">
          {sum.failures > 0 ? <StateIcon state="down" size={16} /> : null}
          {formatNumber(sum.failures)}
        </span>
      </div>
      <div class="kpi">
        <span class="kpi-label">{tx('kpiDown')}</span>
        <span class="kpi-value">{formatDuration(sum.downMs)}</span>
      </div>
      {showSites ? (
        <div class="kpi">
          <span class="kpi-label">{tx('kpiSites')}</span>
          <span class="kpi-value">{formatNumber(sum.sites)}</span>
        </div>
      ) : null}
    </div>
  );
}

function Controls({ settings }: { settings: Settings }) {
  const month = isMonth(settings.month) ? settings.month : wibMonth(Date.now());
  const thisMonth = wibMonth(Date.now());
  return (
    <search>
      <form class="toolbar" onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for="availability-month">{tx('month')}</label>
          <div class="month-picker">
            <button
              type="button"
              class="ghost"
              aria-label={tx('prevMonth')}
              onClick={() => setQuery({ month: addMonths(month, -1) })}
            >
              ‹
            </button>
            {/* A list, not <input type=month>: the browser would name the months in its own
                language, not the page's. */}
            <select
              id="availability-month"
              value={month}
              onChange={(e) => {
                const next = e.currentTarget.value;
                if (isMonth(next)) setQuery({ month: next === thisMonth ? '' : next });
              }}
            >
              {monthChoices(thisMonth, month).map((choice) => (
                <option value={choice}>{monthName(choice)}</option>
              ))}
            </select>
            <button
              type="button"
              class="ghost"
              aria-label={tx('nextMonth')}
              disabled={month >= thisMonth}
              onClick={() => {
                const next = addMonths(month, 1);
                setQuery({ month: next === thisMonth ? '' : next });
              }}
            >
              ›
            </button>
          </div>
        </div>
        <Segmented<GroupBy>
          legend={tx('groupBy')}
          value={settings.groupBy}
          options={GROUP_BYS.map((g) => ({ value: g, label: tx(GROUP_TEXT[g]) }))}
          onChange={(g) => setQuery({ by: g === 'site' ? '' : g, sort: '', dir: '' })}
        />
        <Segmented<Lens>
          legend={tx('lens')}
          value={settings.lens}
          options={[
            { value: 'own', label: tx('lensOwn') },
            { value: 'upstream', label: tx('lensUpstream') },
          ]}
          onChange={(l) => setQuery({ lens: l === 'own' ? '' : l })}
        />
        <label class="field grow">
          <span>{tx('search')}</span>
          <input
            type="search"
            value={settings.q}
            placeholder={tx('searchPlaceholder')}
            onInput={(e) => setQuery({ q: e.currentTarget.value })}
          />
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={settings.failedOnly}
            onChange={(e) => setQuery({ failed: e.currentTarget.checked ? '1' : '' })}
          />
          {tx('failedOnly')}
        </label>
      </form>
    </search>
  );
}

/** The last three years of months, newest first, and the chosen one should it be older. */
function monthChoices(thisMonth: string, chosen: string): string[] {
  const months = Array.from({ length: 36 }, (_, i) => addMonths(thisMonth, -i));
  if (!months.includes(chosen)) months.push(chosen);
  return months;
}

/** "Desember 2026" / "December 2026", in the page's language. */
function monthName(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(lang.value === 'id' ? 'id-ID' : 'en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(Date.UTC(year ?? 1970, (m ?? 1) - 1, 1));
}
