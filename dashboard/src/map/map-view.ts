// The map itself, in Leaflet with canvas renderers (10,000 sites draw in milliseconds, not as
// 10,000 DOM nodes). Under the sites, on a canvas of its own that takes no pointer events: a faint
// graticule (no tile layer by default), the parent links, and the kecamatan names. On top: the
// sites and clusters of the current zoom (cluster.ts), drawn by draw.ts, those near the view only.
// Loaded on demand, so Leaflet stays out of the other pages' bundle.

import * as L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import type { SiteStateName } from '../states.js';
import { type Clustering, clusterPoints, type Mark, type MapPoint, markLook } from './cluster.js';
import { drawLabel, drawMark, labelSize, markExtent, type Palette, readPalette } from './draw.js';
import { graticuleLines, graticuleStep } from './graticule.js';
import { type KecamatanCentre, placeLabels } from './labels.js';
import { type LinkSite, linkSegments, type Segment } from './links.js';
import { MAX_ZOOM_WITHOUT_TILES, type TileLayerSpec } from './tiles.js';

export interface MapTexts {
  readonly zoomIn: string;
  readonly zoomOut: string;
  readonly closePopup: string;
}

export interface MapData {
  /** The sites drawn (filtered, located), with their states. */
  readonly points: readonly MapPoint[];
  /** The same sites with their parents, for the links. */
  readonly links: readonly LinkSite[];
  /** Any site's position (a filtered-out parent's too); null without one. */
  locationOf(id: string): { readonly lat: number; readonly lon: number } | null;
  readonly labels: readonly KecamatanCentre[];
}

export interface DrawnStats {
  /** Sites the marks stand for (at this zoom, in or out of view). */
  readonly sites: number;
  /** The same by state: what the marks are coloured by. */
  readonly states: Readonly<Partial<Record<SiteStateName, number>>>;
  /** Marks at this zoom, and those drawn near the view. */
  readonly marks: number;
  readonly marksInView: number;
}

export interface Popup {
  readonly element: HTMLElement;
  dispose(): void;
}

export interface MapViewOptions {
  /** States worst first. */
  readonly order: readonly SiteStateName[];
  texts(): MapTexts;
  /** The hover tooltip of a site or cluster. */
  tooltip(mark: Mark): HTMLElement;
  /** A site's popup (name, kind, state, link to its page). */
  popup(siteId: string): Popup;
  onDrawn(stats: DrawnStats): void;
}

export interface MapView {
  setData(data: MapData): void;
  setTiles(spec: TileLayerSpec | null): void;
  /** Fits the view to every site drawn. */
  fit(): void;
  /** Zooms to a site until it stands alone, and opens its popup with the focus in it. */
  focusSite(id: string, returnFocus?: HTMLElement | null): void;
  /** The theme changed: colours are read again. */
  restyle(): void;
  /** The language changed. */
  relabel(): void;
  destroy(): void;
}

/** The grid's cell in screen pixels: dots apart stay dots, crowds become clusters. */
const CELL_PX = 40;
/** Fewer sites in a cell are drawn one by one. */
const MIN_CLUSTER = 4;
/** Clusters closer than this would overlap: they become one. */
const MERGE_WITHIN_PX = 34;
/** Redraws at most this often while states change (a flood of changes is one redraw). */
const MIN_RENDER_GAP_MS = 250;
/** Unreachable links are dashed up to this many (each dashed line costs a software canvas dear). */
const MAX_DASHED = 300;
/** Where to look before any site is known: the middle of Indonesia. */
const NOWHERE: L.LatLngTuple = [-2.5, 118];

interface Look {
  palette: Palette;
  readonly order: readonly SiteStateName[];
}

interface MarkOptions extends L.CircleMarkerOptions {
  mark: Mark;
  look: Look;
}

interface LabelOptions extends L.CircleMarkerOptions {
  text: string;
  halfWidth: number;
  halfHeight: number;
  look: Look;
}

/** The parts of Leaflet's canvas path that drawing one's own needs (not in its types). */
interface CanvasPath {
  _renderer: { _drawing: boolean; _ctx: CanvasRenderingContext2D };
  _point: L.Point;
  _pxBounds: L.Bounds;
  _empty(): boolean;
}

type MarkLayer = L.CircleMarker & { options: MarkOptions };

const MarkLayer = L.CircleMarker.extend({
  _updatePath(this: CanvasPath & { options: MarkOptions }) {
    const renderer = this._renderer;
    if (!renderer._drawing || this._empty()) return;
    const { mark, look } = this.options;
    drawMark(renderer._ctx, this._point.x, this._point.y, mark, look.palette, look.order);
  },
}) as unknown as new (
  latlng: L.LatLngExpression,
  options: MarkOptions,
) => MarkLayer;

const LabelLayer = L.CircleMarker.extend({
  _updateBounds(this: CanvasPath & { options: LabelOptions }) {
    const { halfWidth, halfHeight } = this.options;
    this._pxBounds = L.bounds(
      this._point.subtract([halfWidth, halfHeight]),
      this._point.add([halfWidth, halfHeight]),
    );
  },
  _updatePath(this: CanvasPath & { options: LabelOptions }) {
    const renderer = this._renderer;
    if (!renderer._drawing || this._empty()) return;
    const { text, look } = this.options;
    drawLabel(renderer._ctx, this._point.x, this._point.y, text, look.palette);
  },
  _containsPoint: () => false,
}) as unknown as new (
  latlng: L.LatLngExpression,
  options: LabelOptions,
) => L.CircleMarker;

export function createMapView(container: HTMLElement, options: MapViewOptions): MapView {
  const look: Look = { palette: readPalette(), order: options.order };
  const map = L.map(container, {
    preferCanvas: true,
    zoomControl: false,
    attributionControl: false,
    minZoom: 3,
    maxZoom: MAX_ZOOM_WITHOUT_TILES,
    // Quarter steps: the regency fills the map rather than half of it.
    zoomSnap: 0.25,
  });
  // No view until the first sites arrive (fit() sets it): a tile layer fetches nothing before.
  let viewSet = false;
  // Two canvases under the sites, neither taking pointer events: what moves only with the view or
  // the sites (graticule, every link faint, names), and the highlighted links, which change with
  // states: a flood of changes redraws only those.
  const underRenderer = L.canvas({ pane: pane('pantau-under', 350), padding: 0.1 });
  const troubleRenderer = L.canvas({ pane: pane('pantau-trouble', 360), padding: 0.1 });
  const markRenderer = L.canvas({ padding: 0.1, tolerance: 5 });

  function pane(name: string, zIndex: number): string {
    const element = map.createPane(name);
    element.style.zIndex = String(zIndex);
    element.style.pointerEvents = 'none';
    return name;
  }

  const graticule = L.polyline([], {
    renderer: underRenderer,
    interactive: false,
    weight: 1,
    opacity: 0.8,
  });
  const links = {
    all: L.polyline([], { renderer: underRenderer, interactive: false, weight: 1 }),
    unreachable: L.polyline([], { renderer: troubleRenderer, interactive: false, weight: 2 }),
    down: L.polyline([], { renderer: troubleRenderer, interactive: false, weight: 2.5 }),
  };
  graticule.addTo(map);
  for (const line of Object.values(links)) line.addTo(map);
  const labels = L.layerGroup().addTo(map);
  const marks = L.featureGroup().addTo(map);
  const drawn = new Map<string, { layer: MarkLayer; look: string }>();

  let data: MapData = { points: [], links: [], locationOf: () => null, labels: [] };
  /** Bumped by every setData; layoutVersion only when sites came, went or moved. */
  let version = 0;
  let layoutVersion = 0;
  let clustering: { zoom: number; version: number; maxZoom: number; result: Clustering } | null =
    null;
  let linksFor: Clustering | null = null;
  let allLinksFor = '';
  let labelsFor = '';
  let tiles: L.TileLayer | null = null;
  let attribution: L.Control.Attribution | null = null;
  let zoomControl: L.Control.Zoom | null = null;
  let destroyed = false;

  function colour(): void {
    const { palette } = look;
    graticule.setStyle({ color: palette.line });
    links.all.setStyle({ color: palette.muted, opacity: 0.45 });
    links.unreachable.setStyle({ color: palette.state.unreachable, opacity: 0.95 });
    links.down.setStyle({ color: palette.state.down, opacity: 0.95 });
  }
  colour();

  function clusterAt(zoom: number, maxZoom: number): Clustering {
    return clusterPoints(data.points, {
      zoom,
      cellPx: CELL_PX,
      cluster: zoom < maxZoom,
      minCluster: MIN_CLUSTER,
      mergeWithinPx: MERGE_WITHIN_PX,
      order: look.order,
    });
  }

  function clusteringNow(): Clustering {
    const zoom = map.getZoom();
    const maxZoom = map.getMaxZoom();
    if (
      clustering === null ||
      clustering.zoom !== zoom ||
      clustering.version !== version ||
      clustering.maxZoom !== maxZoom
    )
      clustering = {
        zoom,
        version,
        maxZoom,
        result: clusterAt(zoom, maxZoom),
      };
    return clustering.result;
  }

  function render(): void {
    if (destroyed || !viewSet) return;
    lastRender = performance.now();
    const result = clusteringNow();
    const near = map.getBounds().pad(0.5);
    const wanted = new Map<string, Mark>();
    for (const mark of result.marks)
      if (near.contains([mark.lat, mark.lon])) wanted.set(mark.key, mark);
    for (const [key, entry] of drawn)
      if (!wanted.has(key)) {
        marks.removeLayer(entry.layer);
        drawn.delete(key);
      }
    // New marks go on top in order of their worst state, the worst last: trouble is never hidden.
    const rank = new Map(look.order.map((state, i) => [state, i]));
    const added = [...wanted.values()]
      .filter((mark) => !drawn.has(mark.key))
      .sort((a, b) => (rank.get(b.worst) ?? 0) - (rank.get(a.worst) ?? 0));
    for (const [key, mark] of wanted) {
      const entry = drawn.get(key);
      if (entry === undefined) continue;
      const markLooks = markLook(mark, look.order);
      if (entry.look === markLooks) continue;
      entry.look = markLooks;
      entry.layer.options.mark = mark;
      entry.layer.setRadius(markExtent(mark));
      entry.layer.setLatLng([mark.lat, mark.lon]);
      if (mark.worst !== 'up') entry.layer.bringToFront();
    }
    for (const mark of added) {
      const layer = new MarkLayer([mark.lat, mark.lon], {
        renderer: markRenderer,
        radius: markExtent(mark),
        stroke: false,
        fill: false,
        mark,
        look,
      });
      marks.addLayer(layer);
      drawn.set(mark.key, { layer, look: markLook(mark, look.order) });
    }
    if (linksFor !== result) {
      linksFor = result;
      const segments = linkSegments(data.links, result.markOf, data.locationOf);
      const key = `${clustering?.zoom}/${layoutVersion}/${clustering?.maxZoom}`;
      if (allLinksFor !== key) {
        allLinksFor = key;
        links.all.setLatLngs(latLngs(segments.all));
      }
      links.down.setLatLngs(latLngs(segments.down));
      // Dashes cost much in a canvas: past a few hundred links, the unreachable ones go solid.
      links.unreachable.setStyle({
        dashArray: segments.unreachable.length <= MAX_DASHED ? [5, 4] : [],
      });
      links.unreachable.setLatLngs(latLngs(segments.unreachable));
    }
    renderLabels(result);
    renderGraticule();
    // Counted from the marks, so a site the clustering lost, or a stale state, would show here.
    let sites = 0;
    const states: Partial<Record<SiteStateName, number>> = {};
    for (const mark of result.marks) {
      sites += mark.count;
      for (const [state, n] of Object.entries(mark.counts) as [SiteStateName, number][])
        states[state] = (states[state] ?? 0) + n;
    }
    options.onDrawn({
      sites,
      states,
      marks: result.marks.length,
      marksInView: drawn.size,
    });
  }

  function renderLabels(result: Clustering): void {
    // Marks move only with the zoom or the sites: a change of state leaves the names in place.
    const zoom = map.getZoom();
    const key = `${zoom}/${layoutVersion}`;
    if (labelsFor === key) return;
    labelsFor = key;
    labels.clearLayers();
    const boxes = data.labels.map((centre) => {
      const text = centre.name.toLocaleUpperCase('id');
      const point = map.project([centre.lat, centre.lon], zoom);
      return {
        name: centre.name,
        text,
        x: point.x,
        y: point.y,
        weight: centre.sites,
        ...labelSize(text),
      };
    });
    const obstacles = result.marks.map((mark) => {
      const point = map.project([mark.lat, mark.lon], zoom);
      return { x: point.x, y: point.y, r: markExtent(mark) };
    });
    const byName = new Map(boxes.map((box) => [box.name, box]));
    for (const spot of placeLabels(boxes, obstacles)) {
      const box = byName.get(spot.name);
      if (box === undefined) continue;
      labels.addLayer(
        new LabelLayer(map.unproject([spot.x, spot.y], zoom), {
          renderer: underRenderer,
          interactive: false,
          radius: box.width / 2,
          text: box.text,
          halfWidth: box.width / 2 + 3,
          halfHeight: box.height / 2 + 3,
          look,
        }),
      );
    }
  }

  function renderGraticule(): void {
    if (tiles !== null) {
      graticule.setLatLngs([]);
      return;
    }
    const b = map.getBounds().pad(0.5);
    const lines = graticuleLines(
      { south: b.getSouth(), west: b.getWest(), north: b.getNorth(), east: b.getEast() },
      graticuleStep(map.getZoom()),
    );
    graticule.setLatLngs(
      lines.map((line) => line.map(([lat, lon]) => [lat, lon] as L.LatLngTuple)),
    );
  }

  let lastRender = 0;
  let pending: ReturnType<typeof setTimeout> | null = null;
  function schedule(): void {
    if (pending !== null) return;
    const wait = Math.max(0, MIN_RENDER_GAP_MS - (performance.now() - lastRender));
    pending = setTimeout(() => {
      pending = null;
      requestAnimationFrame(render);
    }, wait);
  }

  function bounds(): L.LatLngBounds | null {
    if (data.points.length === 0) return null;
    return L.latLngBounds(data.points.map((p) => [p.lat, p.lon] as L.LatLngTuple));
  }

  function fitView(): void {
    const b = bounds();
    if (b !== null) map.fitBounds(b, { padding: [24, 24], maxZoom: 15, animate: false });
    else if (!viewSet) map.setView(NOWHERE, 5);
    viewSet = true;
  }

  // Hover: the site's or cluster's summary; click: a site's popup, or into a cluster.
  const tooltip = L.tooltip({ direction: 'top', opacity: 1, className: 'map-tooltip' });
  marks.on('mouseover', (event) => {
    const mark = (event.propagatedFrom as MarkLayer).options.mark;
    tooltip.setContent(options.tooltip(mark));
    tooltip.options.offset = [0, -markExtent(mark)];
    tooltip.setLatLng([mark.lat, mark.lon]);
    map.openTooltip(tooltip);
  });
  marks.on('mouseout', () => map.closeTooltip(tooltip));
  marks.on('click', (event) => {
    map.closeTooltip(tooltip);
    const mark = (event.propagatedFrom as MarkLayer).options.mark;
    if (mark.siteId !== null) openPopup(mark.siteId, null);
    else zoomInto(mark);
  });

  function zoomInto(mark: Mark): void {
    const b = L.latLngBounds(
      [mark.bounds.south, mark.bounds.west],
      [mark.bounds.north, mark.bounds.east],
    );
    const zoom = Math.min(
      map.getMaxZoom(),
      Math.max(map.getZoom() + 1, map.getBoundsZoom(b, false, L.point(60, 60))),
    );
    map.setView(b.getCenter(), zoom);
  }

  let popupOpen: { popup: L.Popup; content: Popup; returnFocus: HTMLElement | null } | null = null;
  function openPopup(siteId: string, returnFocus: HTMLElement | null): void {
    const point = data.points.find((p) => p.id === siteId);
    if (point === undefined) return;
    const content = options.popup(siteId);
    const popup = L.popup({
      maxWidth: 300,
      minWidth: 200,
      offset: [0, -4],
      autoPanPadding: [24, 24],
    })
      .setLatLng([point.lat, point.lon])
      .setContent(content.element);
    popupOpen?.content.dispose();
    popupOpen = { popup, content, returnFocus };
    // Leaflet hears Escape only while the map itself has the focus, not a link in its popup.
    content.element.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') map.closePopup(popup);
    });
    popup.openOn(map);
    popup
      .getElement()
      ?.querySelector('.leaflet-popup-close-button')
      ?.setAttribute('aria-label', options.texts().closePopup);
  }
  map.on('popupclose', (event) => {
    if (popupOpen === null || event.popup !== popupOpen.popup) return;
    const { content, returnFocus } = popupOpen;
    popupOpen = null;
    content.dispose();
    if (
      returnFocus?.isConnected &&
      (document.activeElement === document.body || container.contains(document.activeElement))
    )
      returnFocus.focus();
  });

  function relabel(): void {
    zoomControl?.remove();
    const texts = options.texts();
    zoomControl = L.control
      .zoom({ position: 'topleft', zoomInTitle: texts.zoomIn, zoomOutTitle: texts.zoomOut })
      .addTo(map);
  }
  relabel();

  map.on('moveend', schedule);
  const resize = new ResizeObserver(() => map.invalidateSize({ animate: false }));
  resize.observe(container);

  return {
    setData(next) {
      if (!sameLayout(data.points, next.points) || data.labels !== next.labels) layoutVersion += 1;
      data = next;
      version += 1;
      if (!viewSet) {
        fitView();
        render();
      } else schedule();
    },
    setTiles(spec) {
      tiles?.remove();
      tiles = null;
      if (spec === null) {
        attribution?.remove();
        attribution = null;
        map.setMaxZoom(MAX_ZOOM_WITHOUT_TILES);
      } else {
        if (attribution === null && spec.options.attribution !== '')
          attribution = L.control.attribution({ prefix: false }).addTo(map);
        map.setMaxZoom(spec.options.maxZoom);
        tiles = L.tileLayer(spec.url, spec.options).addTo(map);
      }
      container.dataset.tiles = tiles === null ? 'off' : 'on';
      schedule();
    },
    fit: fitView,
    focusSite(id, returnFocus = null) {
      const point = data.points.find((p) => p.id === id);
      if (point === undefined) return;
      // The least zoom (from 14, or the current one if closer) at which the site stands alone.
      let zoom = Math.max(map.getZoom(), 14);
      const maxZoom = map.getMaxZoom();
      while (zoom < maxZoom && clusterAt(zoom, maxZoom).markOf.get(id)?.siteId !== id) zoom += 1;
      map.setView([point.lat, point.lon], zoom, { animate: false });
      render();
      openPopup(id, returnFocus);
      // Into the content (not onto Leaflet's close button): its [data-focus] or first link.
      const element = popupOpen?.content.element;
      (
        element?.querySelector<HTMLElement>('[data-focus]') ??
        element?.querySelector<HTMLElement>('a[href]')
      )?.focus();
    },
    restyle() {
      look.palette = readPalette();
      colour();
      for (const { layer } of drawn.values()) layer.redraw();
      labelsFor = '';
      if (viewSet) renderLabels(clusteringNow());
    },
    relabel,
    destroy() {
      destroyed = true;
      if (pending !== null) clearTimeout(pending);
      resize.disconnect();
      popupOpen?.content.dispose();
      map.remove();
    },
  };
}

function latLngs(segments: readonly Segment[]): L.LatLngTuple[][] {
  return segments.map(([a, b]) => [
    [a[0], a[1]],
    [b[0], b[1]],
  ]);
}

/** The same sites at the same places (their states aside). */
function sameLayout(a: readonly MapPoint[], b: readonly MapPoint[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) {
    const p = a[i] as MapPoint;
    const q = b[i] as MapPoint;
    if (p.id !== q.id || p.lat !== q.lat || p.lon !== q.lon) return false;
  }
  return true;
}
