// The map (/map): every site at its coordinates in its live state's colour, clustered when zoomed
// out, the parent links and the kecamatan names drawn in place of a background map (a tile server
// only when the config names one). Around it: the states as a legend that filters, a kecamatan
// filter (both kept in the URL), a button to fit every site, and the sites in trouble as a list:
// the keyboard's way to the sites the canvas draws.

import { useComputed, useSignal, useSignalEffect } from '@preact/signals';
import { render } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { UiSettings } from '../../../src/api/ui-view.js';
import { getJson } from '../api.js';
import { now } from '../clock.js';
import { formatAgo, formatDateTime, formatNumber, lang, t, type TextKey } from '../i18n.js';
import { type InventorySite, inventory, inventoryError, sitesById } from '../inventory.js';
import { liveReady, liveSite, liveSites, liveVersion } from '../live.js';
import type { Mark } from '../map/cluster.js';
import { kecamatanCentres } from '../map/labels.js';
import {
  mapFilterOf,
  type ShownSites,
  shownSites,
  stateTally,
  troubleSites,
} from '../map/map-data.js';
import type { DrawnStats, MapData, MapView } from '../map/map-view.js';
import { tm } from '../map/texts.js';
import { tileLayerSpec } from '../map/tiles.js';
import { onLinkClick, queryParams, setQuery } from '../router.js';
import {
  STATE_ORDER,
  StateBadge,
  StateIcon,
  stateLabel,
  type SiteStateName,
  TROUBLE,
} from '../states.js';
import { theme } from '../theme.js';
import './map.css';

const stateOf = (id: string): SiteStateName => liveSites().get(id)?.state ?? 'unknown';
const kindLabel = (kind: string) => t(`kind.${kind}` as TextKey);

/** Sites in trouble listed before "show all". */
const TROUBLE_SHOWN = 30;

/** The Leaflet side, fetched once, from the moment the page is opened (while the data loads). */
let mapViewModule: Promise<typeof import('../map/map-view.js')> | null = null;
const loadMapView = () => {
  mapViewModule ??= import('../map/map-view.js');
  return mapViewModule;
};

export function MapPage() {
  void lang.value;
  void loadMapView();
  if (inventory.value === null || !liveReady.value)
    return (
      <section class="page">
        <p class="muted" role="status">
          {inventoryError.value === null
            ? tm('loading')
            : t('error.load', { message: inventoryError.value })}
        </p>
      </section>
    );
  return <MapScreen />;
}

function MapScreen() {
  const shown = useComputed(() => {
    void liveVersion.value;
    return shownSites(inventory.value?.sites ?? [], mapFilterOf(queryParams.value), stateOf);
  });
  const labels = useComputed(() => kecamatanCentres(inventory.value?.sites ?? []));
  const view = useSignal<MapView | null>(null);
  const stats = useSignal<DrawnStats | null>(null);
  const tilesOn = useSignal(false);
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let cancelled = false;
    let created: MapView | null = null;
    const settings = getJson<UiSettings>('/api/ui').catch(() => null);
    void loadMapView().then(async ({ createMapView }) => {
      if (cancelled || container.current === null) return;
      created = createMapView(container.current, {
        order: STATE_ORDER,
        texts: () => ({
          zoomIn: tm('zoomIn'),
          zoomOut: tm('zoomOut'),
          closePopup: tm('closePopup'),
        }),
        tooltip: markTooltip,
        popup: (id) => {
          const element = document.createElement('div');
          render(<SitePopup id={id} />, element);
          return { element, dispose: () => render(null, element) };
        },
        onDrawn: (drawn) => {
          stats.value = drawn;
        },
      });
      view.value = created;
      const spec = tileLayerSpec(await settings);
      if (cancelled) return;
      created.setTiles(spec);
      tilesOn.value = spec !== null;
    });
    return () => {
      cancelled = true;
      created?.destroy();
      view.value = null;
    };
  }, []);

  // Every change of states or filters redraws (the view gathers a burst of them into one).
  const kecamatanFitted = useRef<string | null>(null);
  useSignalEffect(() => {
    const current = view.value;
    const s = shown.value;
    if (current === null) return;
    current.setData(mapData(s, labels.value));
    const kecamatan = queryParams.value.get('kecamatan') ?? '';
    if (kecamatanFitted.current !== null && kecamatanFitted.current !== kecamatan) current.fit();
    kecamatanFitted.current = kecamatan;
  });
  useSignalEffect(() => {
    void theme.value;
    const current = view.value;
    // After the theme's attribute is set, so the colours read are the new theme's.
    if (current !== null) requestAnimationFrame(() => current.restyle());
  });
  useSignalEffect(() => {
    void lang.value;
    view.value?.relabel();
  });
  useEffect(() => {
    const element = container.current;
    if (element === null) return;
    element.setAttribute('role', 'region');
    element.setAttribute('aria-describedby', 'map-help');
  }, []);
  const drawnSites = stats.value?.sites ?? 0;
  useEffect(() => {
    container.current?.setAttribute(
      'aria-label',
      tm('mapLabel', { n: formatNumber(shown.value.points.length) }),
    );
  });

  const s = shown.value;
  return (
    <section
      class="page map-page"
      aria-labelledby="map-title"
      data-sites-located={s.points.length}
      data-sites-drawn={stats.value === null ? undefined : drawnSites}
      data-marks={stats.value?.marks}
      data-states={stats.value === null ? undefined : stateTally(stats.value.states, STATE_ORDER)}
      data-tiles={tilesOn.value ? 'on' : 'off'}
    >
      <h1 id="map-title" class="visually-hidden">
        {tm('title')}
      </h1>
      <Toolbar onFit={() => view.value?.fit()} />
      <div class="map-layout">
        <div class="map-frame">
          {/* Leaflet owns this element's classes: its props never change after the first render. */}
          <div ref={container} class="map-canvas" />
          <p class="map-status" role="status">
            {tm('shown', { n: formatNumber(s.points.length) })}
          </p>
          <p id="map-help" class="visually-hidden">
            {tm('mapHelp')}
          </p>
        </div>
        <aside class="map-side">
          <TroubleList sites={s.located} view={view.value} />
          <Unlocated sites={s.unlocated} />
          <Legend tilesOn={tilesOn.value} />
        </aside>
      </div>
    </section>
  );
}

function mapData(s: ShownSites, labels: MapData['labels']): MapData {
  const byId = sitesById.value;
  return {
    points: s.points,
    links: s.points.map((p) => ({
      id: p.id,
      parentId: byId.get(p.id)?.parentId ?? null,
      state: p.state,
    })),
    locationOf: (id) => byId.get(id)?.location ?? null,
    labels,
  };
}

function markTooltip(mark: Mark): HTMLElement {
  const element = document.createElement('span');
  const title = document.createElement('strong');
  const detail = document.createElement('span');
  element.append(title, document.createElement('br'), detail);
  if (mark.siteId !== null) {
    const site = sitesById.value.get(mark.siteId);
    title.textContent = site?.name ?? mark.siteId;
    detail.textContent = `${stateLabel(mark.worst)} · ${site ? kindLabel(site.kind) : ''}`;
  } else {
    title.textContent = tm('sites', { n: formatNumber(mark.count) });
    const parts = STATE_ORDER.filter((state) => mark.counts[state]).map(
      (state) => `${formatNumber(mark.counts[state] ?? 0)} ${stateLabel(state)}`,
    );
    detail.textContent = `${parts.join(', ')} · ${tm('zoomHint')}`;
  }
  return element;
}

function SitePopup({ id }: { id: string }) {
  void lang.value;
  const site = sitesById.value.get(id);
  const live = liveSite(id).value;
  if (site === undefined) return null;
  const state = live?.state ?? 'unknown';
  const cause = live?.state === 'unreachable' ? live.causeId : null;
  return (
    <div class="map-popup">
      <p class="map-popup-name">{site.name}</p>
      <p class="muted">
        {kindLabel(site.kind)} · {site.kecamatan} · {site.isp}
      </p>
      <p class="map-popup-state">
        <StateBadge state={state} />
        {live?.since ? (
          <span class="muted" title={formatDateTime(live.since)}>
            {tm('since', { ago: formatAgo(live.since, now.value) })}
          </span>
        ) : null}
      </p>
      {cause !== null ? (
        <p>
          {tm('causeOf')}{' '}
          <a href={`/sites/${encodeURIComponent(cause)}`} onClick={onLinkClick}>
            {sitesById.value.get(cause)?.name ?? cause}
          </a>
        </p>
      ) : null}
      <p>
        <a
          class="map-popup-open"
          href={`/sites/${encodeURIComponent(id)}`}
          onClick={onLinkClick}
          data-focus
        >
          {tm('open')} →
        </a>
      </p>
    </div>
  );
}

function Toolbar({ onFit }: { onFit: () => void }) {
  const params = queryParams.value;
  const active = params.get('state') ?? '';
  const kecamatan = params.get('kecamatan') ?? '';
  // Counts under the kecamatan filter but not the state filter: each button says what it would show.
  const counts = useComputed(() => {
    void liveVersion.value;
    const k = queryParams.value.get('kecamatan') ?? '';
    const out = Object.fromEntries(STATE_ORDER.map((st) => [st, 0])) as Record<
      SiteStateName,
      number
    >;
    for (const site of inventory.value?.sites ?? [])
      if (k === '' || site.kecamatan === k) out[stateOf(site.id)] += 1;
    return out;
  }).value;
  const kecamatans = useComputed(() =>
    [...new Set((inventory.value?.sites ?? []).map((site) => site.kecamatan))]
      .filter((name) => name !== '')
      .sort(new Intl.Collator('id').compare),
  ).value;
  return (
    <div class="map-toolbar">
      <fieldset class="map-states">
        <legend class="visually-hidden">{tm('filterState')}</legend>
        {STATE_ORDER.map((state) => (
          <button
            type="button"
            class={`map-state state-${state}${active === state ? ' active' : ''}${counts[state] === 0 ? ' zero' : ''}`}
            aria-pressed={active === state}
            onClick={() => setQuery({ state: active === state ? '' : state })}
          >
            <span class="map-state-dot" aria-hidden="true">
              <StateIcon state={state} size={12} />
            </span>
            <span class="map-state-word">{stateLabel(state)}</span>
            <span class="map-state-n">{formatNumber(counts[state])}</span>
          </button>
        ))}
      </fieldset>
      <div class="map-tools">
        {/* Named by a label of its own, so the name is "Kecamatan", not the option chosen too. */}
        <label for="map-kecamatan" class="visually-hidden">
          {tm('kecamatan')}
        </label>
        <select
          id="map-kecamatan"
          value={kecamatan}
          onChange={(e) => setQuery({ kecamatan: e.currentTarget.value })}
        >
          <option value="">{tm('allKecamatan')}</option>
          {kecamatans.map((name) => (
            <option value={name}>{name}</option>
          ))}
        </select>
        <button type="button" class="ghost map-fit" title={tm('fitLabel')} onClick={onFit}>
          <svg
            width="14"
            height="14"
            viewBox="0 0 16 16"
            aria-hidden="true"
            fill="none"
            stroke="currentColor"
            stroke-width="1.8"
            stroke-linecap="round"
          >
            <path d="M2 6V2h4 M10 2h4v4 M14 10v4h-4 M6 14H2v-4" />
          </svg>
          {tm('fit')}
        </button>
        {active !== '' || kecamatan !== '' ? (
          <button
            type="button"
            class="ghost"
            onClick={() => setQuery({ state: '', kecamatan: '' })}
          >
            {tm('clear')}
          </button>
        ) : null}
      </div>
    </div>
  );
}

function TroubleList({ sites, view }: { sites: readonly InventorySite[]; view: MapView | null }) {
  const showAll = useSignal(false);
  const list = useComputed(() => {
    void liveVersion.value;
    return troubleSites(sites, stateOf, STATE_ORDER, TROUBLE);
  }).value;
  const listed = showAll.value ? list : list.slice(0, TROUBLE_SHOWN);
  return (
    <details class="map-trouble panel" open>
      <summary>
        <h2>
          {tm('trouble')} <span class="pill">{formatNumber(list.length)}</span>
        </h2>
      </summary>
      {list.length === 0 ? (
        <p class="muted">{tm('noTrouble')}</p>
      ) : (
        <ul>
          {listed.map(({ site, state }) => (
            <li class={`state-${state}`} key={site.id}>
              <span class="map-trouble-icon" title={stateLabel(state)}>
                <StateIcon state={state} size={14} />
                <span class="visually-hidden">{stateLabel(state)}</span>
              </span>
              <span class="map-trouble-name">
                <a href={`/sites/${encodeURIComponent(site.id)}`}>{site.name}</a>
                <span class="muted">
                  {stateLabel(state)} · {site.kecamatan}
                </span>
              </span>
              <button
                type="button"
                class="ghost"
                aria-label={tm('showOnMapLabel', { name: site.name })}
                disabled={view === null}
                onClick={(e) => view?.focusSite(site.id, e.currentTarget)}
              >
                {tm('showOnMap')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {list.length > TROUBLE_SHOWN ? (
        <button type="button" class="ghost more" onClick={() => (showAll.value = !showAll.value)}>
          {showAll.value ? t('board.showFewer') : tm('showAll', { n: formatNumber(list.length) })}
        </button>
      ) : null}
    </details>
  );
}

function Unlocated({ sites }: { sites: readonly InventorySite[] }) {
  if (sites.length === 0) return null;
  return (
    <details class="map-unlocated panel">
      <summary>{tm('unlocated', { n: formatNumber(sites.length) })}</summary>
      <p class="muted">{tm('unlocatedHint')}</p>
      <ul>
        {sites.slice(0, 200).map((site) => (
          <li key={site.id}>
            <a href={`/sites/${encodeURIComponent(site.id)}`}>{site.name}</a>
          </li>
        ))}
      </ul>
    </details>
  );
}

function Legend({ tilesOn }: { tilesOn: boolean }) {
  return (
    <section class="map-legend panel" aria-labelledby="map-legend-title">
      <h2 id="map-legend-title">{tm('legend')}</h2>
      <ul>
        <li>
          <svg class="legend-line" viewBox="0 0 28 8" aria-hidden="true">
            <line x1="1" y1="4" x2="27" y2="4" class="link-normal" />
          </svg>
          {tm('linkNormal')}
        </li>
        <li>
          <svg class="legend-line" viewBox="0 0 28 8" aria-hidden="true">
            <line x1="1" y1="4" x2="27" y2="4" class="link-down" />
          </svg>
          {tm('linkDown')}
        </li>
        <li>
          <svg class="legend-line" viewBox="0 0 28 8" aria-hidden="true">
            <line x1="1" y1="4" x2="27" y2="4" class="link-unreachable" />
          </svg>
          {tm('linkUnreachable')}
        </li>
        <li>
          <svg class="legend-cluster" viewBox="0 0 28 28" aria-hidden="true">
            <circle cx="14" cy="14" r="13" class="ring-up" />
            <path d="M14 1 A13 13 0 0 1 26.4 10 L14 14Z" class="ring-down" />
            <circle cx="14" cy="14" r="9.5" class="disc" />
            <text x="14" y="14.5">
              12
            </text>
          </svg>
          {tm('cluster')}
        </li>
        {tilesOn ? null : (
          <li>
            <span class="legend-kecamatan" aria-hidden="true">
              ABC
            </span>
            {tm('kecamatanName')}
          </li>
        )}
      </ul>
    </section>
  );
}
