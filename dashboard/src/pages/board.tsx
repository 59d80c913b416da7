// The status board (/): counts by state, the outages open now with their root causes, filters and
// search kept in the URL, and every site as a tile grouped by kecamatan (with its kelurahan and
// desa), then the OPD offices and the core.

import { useComputed, useSignal, useSignalEffect } from '@preact/signals';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { now } from '../clock.js';
import { formatAgo, formatNumber, lang, t } from '../i18n.js';
import {
  childrenOf,
  type InventorySite,
  inventory,
  inventoryError,
  sitesById,
} from '../inventory.js';
import { type LiveSite, liveReady, liveSites, liveVersion, onLiveChanges } from '../live.js';
import { queryParams, setQuery } from '../router.js';
import { groupSites, passes, type SiteFilter, type SiteGroup } from '../site-groups.js';
import { STATE_ORDER, StateIcon, stateLabel, type SiteStateName } from '../states.js';
import { escapeHtml, tileHtml, type TileContext } from '../tile-html.js';
import { shortAge } from '../tile-text.js';

const FILTER_KEYS = ['kind', 'kecamatan', 'isp', 'state', 'q'] as const;

function currentFilter(): SiteFilter {
  const params = queryParams.value;
  return {
    kind: params.get('kind') ?? '',
    kecamatan: params.get('kecamatan') ?? '',
    isp: params.get('isp') ?? '',
    state: params.get('state') ?? '',
    q: params.get('q') ?? '',
  };
}

export function BoardPage() {
  const inv = inventory.value;
  if (inv === null || !liveReady.value)
    return (
      <section class="page">
        <p class="muted" role="status">
          {inventoryError.value === null
            ? t('board.loading')
            : t('error.load', { message: inventoryError.value })}
        </p>
      </section>
    );
  return (
    <section class="page board" aria-labelledby="board-title">
      <h1 id="board-title" class="visually-hidden">
        {t('board.title')}
      </h1>
      <StateCounts sites={inv.sites} />
      <OpenOutages />
      <Filters sites={inv.sites} />
      <Groups sites={inv.sites} />
    </section>
  );
}

function countStates(sites: readonly InventorySite[]): Record<SiteStateName, number> {
  const counts = Object.fromEntries(STATE_ORDER.map((s) => [s, 0])) as Record<
    SiteStateName,
    number
  >;
  const live = liveSites();
  for (const site of sites) counts[live.get(site.id)?.state ?? 'unknown'] += 1;
  return counts;
}

function StateCounts({ sites }: { sites: readonly InventorySite[] }) {
  const counts = useComputed(() => {
    void liveVersion.value;
    return countStates(inventory.value?.sites ?? sites);
  }).value;
  const active = queryParams.value.get('state') ?? '';
  return (
    <fieldset class="counts">
      <legend class="visually-hidden">{t('board.counts')}</legend>
      {STATE_ORDER.map((state) => (
        <button
          type="button"
          class={`count state-${state}${active === state ? ' active' : ''}${counts[state] === 0 ? ' zero' : ''}`}
          aria-pressed={active === state}
          onClick={() => setQuery({ state: active === state ? '' : state })}
        >
          <StateIcon state={state} size={18} />
          <span class="count-n">{formatNumber(counts[state])}</span>
          <span class="count-label">{stateLabel(state)}</span>
        </button>
      ))}
    </fieldset>
  );
}

interface Outage {
  readonly site: InventorySite;
  readonly since: number | null;
  readonly behind: number;
}

/** The root causes listed before "show all": the largest outages first. */
const OUTAGES_SHOWN = 6;

/** Root causes open now: sites down in their own right, with the count of sites unreachable behind them. */
function OpenOutages() {
  const outages = useComputed((): Outage[] => {
    void liveVersion.value;
    const byId = sitesById.value;
    const behind = new Map<string, number>();
    const roots: { id: string; since: number | null }[] = [];
    for (const live of liveSites().values()) {
      if (live.state === 'down') roots.push({ id: live.siteId, since: live.since });
      else if (live.state === 'unreachable')
        behind.set(live.causeId, (behind.get(live.causeId) ?? 0) + 1);
    }
    return roots
      .flatMap(({ id, since }) => {
        const site = byId.get(id);
        return site === undefined ? [] : [{ site, since, behind: behind.get(id) ?? 0 }];
      })
      .sort((a, b) => b.behind - a.behind || (a.since ?? 0) - (b.since ?? 0));
  }).value;
  const showAll = useSignal(false);
  return (
    <section
      class={outages.length === 0 ? 'outages none' : 'outages'}
      aria-labelledby="outages-title"
    >
      <h2 id="outages-title">
        {t('board.openIncidents')} <span class="pill">{outages.length}</span>
      </h2>
      {outages.length === 0 ? (
        <p class="muted">{t('board.noIncidents')}</p>
      ) : (
        <ul>
          {(showAll.value ? outages : outages.slice(0, OUTAGES_SHOWN)).map((o) => (
            <li class="outage state-down">
              <StateIcon state="down" size={16} />
              <a href={`/sites/${encodeURIComponent(o.site.id)}`}>{o.site.name}</a>
              <span class="muted">
                {t(`kind.${o.site.kind}` as 'kind.desa')} · {o.site.kecamatan} · {o.site.isp}
              </span>
              <span>{formatAgo(o.since, now.value)}</span>
              {o.behind > 0 ? (
                <span class="behind">
                  <StateIcon state="unreachable" size={14} /> {t('board.behind', { n: o.behind })}
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {outages.length > OUTAGES_SHOWN ? (
        <button
          type="button"
          class="ghost more"
          aria-expanded={showAll.value}
          onClick={() => (showAll.value = !showAll.value)}
        >
          {showAll.value ? t('board.showFewer') : t('board.showAll', { n: outages.length })}
        </button>
      ) : null}
    </section>
  );
}

// One collator: localeCompare with a locale builds one per call (slow over a thousand kecamatan).
const collator = new Intl.Collator('id', { numeric: true });

function options(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(collator.compare);
}

function Filters({ sites }: { sites: readonly InventorySite[] }) {
  const filter = currentFilter();
  const kinds = options(sites.map((s) => s.kind));
  const kecamatans = options(
    sites.filter((s) => s.kind !== 'opd' && s.kind !== 'core').map((s) => s.kecamatan),
  );
  const isps = options(sites.map((s) => s.isp));
  const any = FILTER_KEYS.some((key) => filter[key] !== '');
  const select = (
    key: 'kind' | 'kecamatan' | 'isp' | 'state',
    label: string,
    values: readonly string[],
    show: (v: string) => string,
  ) => (
    <label class="field">
      <span>{label}</span>
      <select value={filter[key]} onChange={(e) => setQuery({ [key]: e.currentTarget.value })}>
        <option value="">{t('board.all')}</option>
        {values.map((v) => (
          <option value={v}>{show(v)}</option>
        ))}
      </select>
    </label>
  );
  return (
    <search>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label class="field grow">
          <span>{t('board.search')}</span>
          <input
            type="search"
            value={filter.q}
            placeholder={t('board.searchPlaceholder')}
            onInput={(e) => setQuery({ q: e.currentTarget.value })}
          />
        </label>
        {select('kind', t('board.filterKind'), kinds, (v) => t(`kind.${v}` as 'kind.desa'))}
        {select('kecamatan', t('board.filterKecamatan'), kecamatans, (v) => v)}
        {select('isp', t('board.filterIsp'), isps, (v) => v)}
        {select('state', t('board.filterState'), STATE_ORDER, (v) =>
          stateLabel(v as SiteStateName),
        )}
        {any ? (
          <button
            type="button"
            class="ghost"
            onClick={() => setQuery(Object.fromEntries(FILTER_KEYS.map((k) => [k, ''])))}
          >
            {t('board.clear')}
          </button>
        ) : null}
      </form>
    </search>
  );
}

/** Past this many sites, off-screen groups are skipped by the browser until scrolled to. */
const LARGE_BOARD = 1500;

function Groups({ sites }: { sites: readonly InventorySite[] }) {
  const en = lang.value === 'en';
  // Signals only (the URL's filters, the inventory): a computed keeps its first closure.
  // Only a state filter makes the visible set follow live changes; otherwise tiles update alone.
  const groups = useComputed((): SiteGroup[] => {
    const filter = currentFilter();
    if (filter.state !== '') void liveVersion.value;
    const live = liveSites();
    const all = inventory.value?.sites ?? [];
    const shown = all.filter((site) => passes(site, live.get(site.id)?.state ?? 'unknown', filter));
    return groupSites(shown);
  }).value;
  const shownCount = groups.reduce((n, g) => n + g.sites.length, 0);
  useTilePatching(en);
  const ref = useRef<HTMLDivElement>(null);
  // Every group and tile as one HTML text, drawn at once (tile-html.ts says why not components):
  // a component and an innerHTML per group cost 10,000 sites about a tenth of their first render.
  useLayoutEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const live = liveSites();
    const context = tileContext(en);
    performance.mark('pantau:tiles-start');
    const html = groups.map((group) => groupHtml(group, live, context)).join('');
    performance.mark('pantau:tiles-html');
    element.innerHTML = html;
    performance.mark('pantau:tiles-parsed');
    const tiles = element.querySelectorAll('.tile[data-site]');
    let i = 0;
    for (const group of groups)
      for (const site of group.sites) {
        const tile = tiles[i++];
        if (tile) drawn.set(site.id, { site, element: tile });
      }
    return () => drawn.clear();
  }, [groups, en]);
  return (
    <div class={sites.length > LARGE_BOARD ? 'groups large' : 'groups'}>
      <p class="muted shown" aria-live="polite">
        {t('board.shown', { n: formatNumber(shownCount), total: formatNumber(sites.length) })}
      </p>
      {groups.length === 0 ? <p>{t('board.none')}</p> : null}
      <div class="group-list" ref={ref} />
    </div>
  );
}

function groupHtml(
  group: SiteGroup,
  live: ReadonlyMap<string, LiveSite>,
  context: TileContext,
): string {
  const title = escapeHtml(groupTitle(group));
  const tiles = group.sites.map((site) => tileHtml(site, live.get(site.id), context)).join('');
  return (
    `<section class="group" aria-label="${title}"><h2>${title} ` +
    `<span class="muted">${formatNumber(group.sites.length)}</span></h2>` +
    `<div class="tiles">${tiles}</div></section>`
  );
}

/** The board's tiles drawn now, by site: patched in place when their site changes. */
interface DrawnTile {
  readonly site: InventorySite;
  element: Element;
}
const drawn = new Map<string, DrawnTile>();
const template = document.createElement('template');

function tileContext(en: boolean): TileContext {
  const byId = sitesById.peek();
  return { nowMs: now.peek(), en, nameOf: (id) => byId.get(id)?.name };
}

function redraw(tile: DrawnTile, live: LiveSite | undefined, context: TileContext): void {
  template.innerHTML = tileHtml(tile.site, live, context);
  const next = template.content.firstElementChild;
  if (next === null) return;
  tile.element.replaceWith(next);
  tile.element = next;
}

/** Keeps the drawn tiles current: each change redraws its tile, and ages move with the clock. */
function useTilePatching(en: boolean): void {
  useEffect(
    () =>
      onLiveChanges((changed) => {
        const live = liveSites();
        const context = tileContext(en);
        if (changed === null) {
          for (const [id, tile] of drawn) redraw(tile, live.get(id), context);
          return;
        }
        for (const site of changed) {
          const tile = drawn.get(site.siteId);
          if (tile) redraw(tile, site, context);
        }
      }),
    [en],
  );
  useSignalEffect(() => {
    const nowMs = now.value;
    const live = liveSites();
    for (const [id, tile] of drawn) {
      const text = shortAge(live.get(id), nowMs, en);
      if ((tile.element.getAttribute('data-age') ?? '') === text) continue;
      if (text === '') tile.element.removeAttribute('data-age');
      else tile.element.setAttribute('data-age', text);
    }
  });
}

function groupTitle(group: SiteGroup): string {
  if (group.kind === 'opd') return t('board.opdGroup');
  if (group.kind === 'core') return t('board.coreGroup');
  return `${t('kind.kecamatan')} ${group.kecamatan}`;
}
