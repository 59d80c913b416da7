// Incidents (/incidents): every outage over a range (24 h, 7 d, 30 d or chosen days), by kecamatan,
// site search and open only, all kept in the URL; each with its site, start and end in WIB, its
// duration (still running for an open one) and its root cause when it was cut off upstream.

import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { getJson } from '../api.js';
import { now } from '../clock.js';
import { formatDateTime, formatDuration, formatNumber, lang, texts } from '../i18n.js';
import { inventory, sitesById } from '../inventory.js';
import { queryParams, setQuery } from '../router.js';
import { StateIcon } from '../states.js';
import { Segmented } from '../reports/controls.js';
import {
  causeOf,
  durationMs,
  filterFromParams,
  type Incident,
  type IncidentFilter,
  type IncidentPage,
  incidentsPath,
  pageCount,
  PAGE_SIZE,
  type RangeChoice,
  rangeOf,
} from '../reports/incident-query.js';
import { useFetch } from '../reports/use-fetch.js';
import { wibDate } from '../reports/wib.js';
import '../reports/report.css';
import './incidents.css';

const tx = texts({
  id: {
    title: 'Insiden',
    sub: 'Gangguan per situs, dengan durasi dan akar masalahnya',
    range: 'Rentang',
    r24h: '24 jam',
    r7d: '7 hari',
    r30d: '30 hari',
    rCustom: 'Pilih tanggal',
    from: 'Dari tanggal',
    to: 'Sampai tanggal',
    kecamatan: 'Kecamatan',
    all: 'Semua',
    search: 'Cari situs',
    searchPlaceholder: 'Nama atau ID situs…',
    openOnly: 'Hanya yang berlangsung',
    clear: 'Hapus filter',
    summary: '{n} insiden',
    summaryOpen: '{n} masih berlangsung',
    loading: 'Memuat…',
    badDate: 'Tanggal tidak valid.',
    reversed: 'Tanggal akhir harus sesudah tanggal awal.',
    error: 'Gagal memuat insiden: {message}',
    none: 'Tidak ada insiden pada rentang dan filter ini.',
    tableCaption: 'Daftar insiden',
    colStatus: 'Status',
    colSite: 'Situs',
    colKind: 'Jenis',
    colKecamatan: 'Kecamatan',
    colStart: 'Mulai',
    colEnd: 'Selesai',
    colDuration: 'Durasi',
    colCause: 'Penyebab',
    open: 'Berlangsung',
    closed: 'Selesai',
    running: 'masih berlangsung',
    removed: 'situs dihapus dari inventaris',
    own: 'Gangguan sendiri',
    upstream: 'Terputus di hulu:',
    phases: '{n} fase',
    phasesTitle: 'Penyebab berganti selama insiden: {list}',
    page: 'Halaman {page} dari {pages}',
    prev: '‹ Sebelumnya',
    next: 'Berikutnya ›',
    pager: 'Halaman insiden',
    rows: '{from}–{to} dari {total}',
  },
  en: {
    title: 'Incidents',
    sub: 'Outages per site, with their durations and root causes',
    range: 'Range',
    r24h: '24 hours',
    r7d: '7 days',
    r30d: '30 days',
    rCustom: 'Pick dates',
    from: 'From date',
    to: 'To date',
    kecamatan: 'Kecamatan',
    all: 'All',
    search: 'Search sites',
    searchPlaceholder: 'Site name or ID…',
    openOnly: 'Open only',
    clear: 'Clear filters',
    summary: '{n} incidents',
    summaryOpen: '{n} still open',
    loading: 'Loading…',
    badDate: 'Not a valid date.',
    reversed: 'The end date must be after the start date.',
    error: 'Could not load incidents: {message}',
    none: 'No incident in this range with these filters.',
    tableCaption: 'Incidents',
    colStatus: 'Status',
    colSite: 'Site',
    colKind: 'Kind',
    colKecamatan: 'Kecamatan',
    colStart: 'Started',
    colEnd: 'Ended',
    colDuration: 'Duration',
    colCause: 'Cause',
    open: 'Open',
    closed: 'Closed',
    running: 'still open',
    removed: 'site removed from the inventory',
    own: 'Own fault',
    upstream: 'Cut off upstream:',
    phases: '{n} phases',
    phasesTitle: 'The cause changed during the incident: {list}',
    page: 'Page {page} of {pages}',
    prev: '‹ Previous',
    next: 'Next ›',
    pager: 'Incident pages',
    rows: '{from}–{to} of {total}',
  },
});

const KIND_WORDS = {
  id: { core: 'Inti', opd: 'OPD', kecamatan: 'Kecamatan', kelurahan: 'Kelurahan', desa: 'Desa' },
  en: { core: 'Core', opd: 'OPD', kecamatan: 'Kecamatan', kelurahan: 'Kelurahan', desa: 'Desa' },
} as const;

function kindWord(kind: string): string {
  return (KIND_WORDS[lang.value] as Record<string, string>)[kind] ?? kind;
}

/** A refresh every 30 s keeps open incidents and new ones current without a reload. */
const REFRESH_MS = 30_000;

export function IncidentsPage() {
  void lang.value;
  const filter = filterFromParams(queryParams.value);
  // Presets move with the clock: each fetch computes its range; the key changes only with filters.
  const range = rangeOf(filter, Date.now());
  const key = range.ok ? JSON.stringify(filter) : null;
  const fetched = useFetch<IncidentPage>(key, {
    refreshMs: REFRESH_MS,
    load: (_key, signal) => {
      const r = rangeOf(filter, Date.now());
      if (!r.ok) throw new Error(tx(r.problem === 'bad-date' ? 'badDate' : 'reversed'));
      return getJson<IncidentPage>(incidentsPath(filter, r), signal);
    },
  });
  // How many are open in the same range and filters: one more request of one row.
  const openCount = useFetch<IncidentPage>(key === null || filter.openOnly ? null : `${key}#open`, {
    refreshMs: REFRESH_MS,
    load: (_key, signal) => {
      const r = rangeOf(filter, Date.now());
      if (!r.ok) throw new Error('range');
      const path = incidentsPath({ ...filter, openOnly: true, page: 1 }, r).replace(
        `limit=${PAGE_SIZE}`,
        'limit=1',
      );
      return getJson<IncidentPage>(path, signal);
    },
  });
  const page = fetched.data;
  const total = page?.total ?? 0;
  const open = filter.openOnly ? total : (openCount.data?.total ?? null);
  return (
    <section class="page incidents" aria-labelledby="incidents-title">
      <div class="report-head">
        <h1 id="incidents-title">{tx('title')}</h1>
        <span class="sub">{tx('sub')}</span>
      </div>
      <Filters filter={filter} />
      {!range.ok ? (
        <p class="report-error" role="alert">
          {tx(range.problem === 'bad-date' ? 'badDate' : 'reversed')}
        </p>
      ) : fetched.error !== null ? (
        <p class="report-error" role="alert">
          {tx('error', { message: fetched.error })}
        </p>
      ) : null}
      <p class="summary" role="status" aria-live="polite">
        {page === null ? (
          tx('loading')
        ) : (
          <>
            <b>{tx('summary', { n: formatNumber(total) })}</b>
            {open !== null && open > 0 ? (
              <span class="open-count">
                <StateIcon state="down" size={14} /> {tx('summaryOpen', { n: formatNumber(open) })}
              </span>
            ) : null}
          </>
        )}
      </p>
      <div class="table-wrap" aria-busy={fetched.loading}>
        <table class="data incidents-table">
          <caption class="visually-hidden">{tx('tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{tx('colStatus')}</th>
              <th scope="col">{tx('colSite')}</th>
              <th scope="col">{tx('colKind')}</th>
              <th scope="col">{tx('colKecamatan')}</th>
              <th scope="col">{tx('colStart')}</th>
              <th scope="col">{tx('colEnd')}</th>
              <th scope="col" class="num">
                {tx('colDuration')}
              </th>
              <th scope="col">{tx('colCause')}</th>
            </tr>
          </thead>
          <tbody>
            {page !== null && page.incidents.length === 0 ? (
              <tr class="empty-row">
                <td colSpan={8}>{tx('none')}</td>
              </tr>
            ) : (
              (page?.incidents ?? []).map((incident) => (
                <IncidentRow incident={incident} nowMs={now.value} />
              ))
            )}
          </tbody>
        </table>
      </div>
      {page !== null && total > PAGE_SIZE ? <Pager filter={filter} total={total} /> : null}
    </section>
  );
}

function IncidentRow({ incident, nowMs }: { incident: Incident; nowMs: number }) {
  const site = sitesById.value.get(incident.siteId);
  const isOpen = incident.closedAt === null;
  const cause = causeOf(incident);
  const siteName = (id: string) => sitesById.value.get(id)?.name ?? id;
  return (
    <tr
      class={isOpen ? `open open-${cause.kind}` : undefined}
      data-incident={incident.id}
      data-site={incident.siteId}
    >
      <td data-label={tx('colStatus')} class="nowrap status-cell">
        {isOpen ? (
          <span class={`badge state-${cause.kind}`}>
            <StateIcon state={cause.kind} size={14} />
            {tx('open')}
          </span>
        ) : (
          <span class="status-word state-up closed-word">
            <StateIcon state="up" size={14} />
            {tx('closed')}
          </span>
        )}
      </td>
      <td data-label={tx('colSite')} class="site-cell">
        <div>
          <a href={`/sites/${encodeURIComponent(incident.siteId)}`}>
            {site?.name ?? incident.siteId}
          </a>
          <span class="site-id muted">{incident.siteId}</span>
        </div>
      </td>
      <td data-label={tx('colKind')}>{site ? kindWord(site.kind) : '—'}</td>
      <td data-label={tx('colKecamatan')}>{site?.kecamatan ?? '—'}</td>
      <td data-label={tx('colStart')} class="nowrap">
        {formatDateTime(incident.openedAt)}
      </td>
      <td data-label={tx('colEnd')} class="nowrap">
        {incident.closedAt === null ? (
          <span class="running">{tx('running')}</span>
        ) : (
          <>
            {formatDateTime(incident.closedAt)}
            {incident.closedBy === 'removed' ? (
              <span class="muted removed"> · {tx('removed')}</span>
            ) : null}
          </>
        )}
      </td>
      <td data-label={tx('colDuration')} class="num nowrap duration">
        {formatDuration(durationMs(incident, nowMs))}
      </td>
      <td data-label={tx('colCause')} class="cause-cell">
        <div>
          {cause.kind === 'down' ? (
            <span class="status-word state-down">
              <StateIcon state="down" size={14} />
              {tx('own')}
            </span>
          ) : (
            <span class="cause-upstream">
              <span class="status-word state-unreachable">
                <StateIcon state="unreachable" size={14} />
                {tx('upstream')}
              </span>{' '}
              <a href={`/sites/${encodeURIComponent(cause.causeSiteId)}`} class="cause-link">
                {siteName(cause.causeSiteId)}
              </a>
            </span>
          )}
          {incident.phases.length > 1 ? (
            <span
              class="pill phases"
              title={tx('phasesTitle', {
                list: incident.phases
                  .map(
                    (p) =>
                      `${formatDateTime(p.from)}: ${p.kind === 'down' ? tx('own') : `${tx('upstream')} ${siteName(p.causeSiteId)}`}`,
                  )
                  .join('; '),
              })}
            >
              {tx('phases', { n: incident.phases.length })}
            </span>
          ) : null}
        </div>
      </td>
    </tr>
  );
}

function Filters({ filter }: { filter: IncidentFilter }) {
  const kecamatans = [
    ...new Set(
      (inventory.value?.sites ?? [])
        .filter((s) => s.kind !== 'opd' && s.kind !== 'core')
        .map((s) => s.kecamatan),
    ),
  ].sort((a, b) => a.localeCompare(b, 'id'));
  // The search box types freely; the URL (and the request) follow a moment after the last key.
  const q = useSignal(filter.q);
  useEffect(() => {
    if (q.peek() !== filter.q && document.activeElement?.id !== 'incidents-q') q.value = filter.q;
  }, [filter.q]);
  useEffect(() => {
    if (q.value === filter.q) return;
    const timer = setTimeout(() => setQuery({ q: q.value, page: '' }), 300);
    return () => clearTimeout(timer);
  }, [q.value]);
  const today = wibDate(Date.now());
  const setRange = (range: RangeChoice) =>
    setQuery(
      range === 'custom'
        ? {
            range,
            from: filter.from || wibDate(Date.now() - 7 * 86_400_000),
            to: filter.to || today,
            page: '',
          }
        : { range: range === '7d' ? '' : range, from: '', to: '', page: '' },
    );
  const any =
    filter.range !== '7d' || filter.kecamatan !== '' || filter.q !== '' || filter.openOnly;
  return (
    <search>
      <form class="toolbar" onSubmit={(e) => e.preventDefault()}>
        <Segmented<RangeChoice>
          legend={tx('range')}
          value={filter.range}
          options={[
            { value: '24h', label: tx('r24h') },
            { value: '7d', label: tx('r7d') },
            { value: '30d', label: tx('r30d') },
            { value: 'custom', label: tx('rCustom') },
          ]}
          onChange={setRange}
        />
        {filter.range === 'custom' ? (
          <>
            <label class="field">
              <span>{tx('from')}</span>
              <input
                type="date"
                value={filter.from}
                max={today}
                onChange={(e) => setQuery({ from: e.currentTarget.value, page: '' })}
              />
            </label>
            <label class="field">
              <span>{tx('to')}</span>
              <input
                type="date"
                value={filter.to}
                max={today}
                onChange={(e) => setQuery({ to: e.currentTarget.value, page: '' })}
              />
            </label>
          </>
        ) : null}
        <label class="field">
          <span>{tx('kecamatan')}</span>
          <select
            value={filter.kecamatan}
            onChange={(e) => setQuery({ kecamatan: e.currentTarget.value, page: '' })}
          >
            <option value="">{tx('all')}</option>
            {kecamatans.map((k) => (
              <option value={k}>{k}</option>
            ))}
          </select>
        </label>
        <label class="field grow">
          <span>{tx('search')}</span>
          <input
            id="incidents-q"
            type="search"
            value={q.value}
            placeholder={tx('searchPlaceholder')}
            onInput={(e) => (q.value = e.currentTarget.value)}
          />
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={filter.openOnly}
            onChange={(e) => setQuery({ open: e.currentTarget.checked ? '1' : '', page: '' })}
          />
          {tx('openOnly')}
        </label>
        {any ? (
          <button
            type="button"
            class="ghost"
            onClick={() => {
              q.value = '';
              setQuery({ range: '', from: '', to: '', kecamatan: '', q: '', open: '', page: '' });
            }}
          >
            {tx('clear')}
          </button>
        ) : null}
      </form>
    </search>
  );
}

function Pager({ filter, total }: { filter: IncidentFilter; total: number }) {
  const pages = pageCount(total);
  const page = Math.min(filter.page, pages);
  const go = (n: number) => {
    setQuery({ page: n === 1 ? '' : String(n) });
    document.getElementById('incidents-title')?.scrollIntoView({ block: 'start' });
  };
  return (
    <nav class="pager" aria-label={tx('pager')}>
      <span class="muted">
        {tx('rows', {
          from: formatNumber((page - 1) * PAGE_SIZE + 1),
          to: formatNumber(Math.min(page * PAGE_SIZE, total)),
          total: formatNumber(total),
        })}
      </span>
      <span class="pages">
        <button type="button" class="ghost" disabled={page <= 1} onClick={() => go(page - 1)}>
          {tx('prev')}
        </button>
        <span>{tx('page', { page: formatNumber(page), pages: formatNumber(pages) })}</span>
        <button type="button" class="ghost" disabled={page >= pages} onClick={() => go(page + 1)}>
          {tx('next')}
        </button>
      </span>
    </nav>
  );
}
