// Pure: the map's grid clustering. Sites are projected to the zoom's pixel plane (Web Mercator, as
// Leaflet draws it) and gathered by grid cell; a cell of fewer than `minCluster` sites shows them
// one by one. Run over
// every site at once (10,000 take a few ms), so clusters stay put while the map pans.

import type { SiteStateName } from '../../../src/status/types.js';

export interface MapPoint {
  readonly id: string;
  readonly lat: number;
  readonly lon: number;
  readonly state: SiteStateName;
}

export interface LatLonBounds {
  readonly south: number;
  readonly west: number;
  readonly north: number;
  readonly east: number;
}

/** One thing drawn: a site (siteId set) or a cluster of sites in one grid cell. */
export interface Mark {
  /** Stable while the mark means the same: `s:<site id>`, or `c:<zoom>:<column>:<row>`. */
  readonly key: string;
  /** The site's position, or the mean of the cluster's sites. */
  readonly lat: number;
  readonly lon: number;
  readonly count: number;
  /** Sites by state. */
  readonly counts: Readonly<Partial<Record<SiteStateName, number>>>;
  /** The worst state among its sites, by the order given. */
  readonly worst: SiteStateName;
  /** The site when the mark is one site; null for a cluster. */
  readonly siteId: string | null;
  readonly bounds: LatLonBounds;
}

export interface ClusterOptions {
  readonly zoom: number;
  /** The grid's cell, in screen pixels. */
  readonly cellPx: number;
  /** false: every site on its own (the highest zoom, where nothing can be told apart further). */
  readonly cluster: boolean;
  /** A cell with fewer sites shows them one by one (a "2" tells less than two dots). Default 2. */
  readonly minCluster?: number;
  /** Clusters of neighbouring cells whose centres are closer (in pixels) become one. Default 0. */
  readonly mergeWithinPx?: number;
  /** States worst first. */
  readonly order: readonly SiteStateName[];
}

export interface Clustering {
  readonly marks: readonly Mark[];
  /** Which mark shows each site. */
  readonly markOf: ReadonlyMap<string, Mark>;
}

const TILE = 256;
const MAX_LAT = 85.0511287798;

/** A point's pixel position on the whole world at `zoom` (Leaflet's EPSG:3857 with 256 px tiles). */
export function projectPx(lat: number, lon: number, zoom: number): { x: number; y: number } {
  const size = TILE * 2 ** zoom;
  const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  const sin = Math.sin((clamped * Math.PI) / 180);
  return {
    x: ((lon + 180) / 360) * size,
    y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * size,
  };
}

export function worstState(
  counts: Readonly<Partial<Record<SiteStateName, number>>>,
  order: readonly SiteStateName[],
): SiteStateName {
  return order.find((state) => (counts[state] ?? 0) > 0) ?? 'unknown';
}

interface Cell {
  readonly column: number;
  readonly row: number;
  readonly points: MapPoint[];
}

/** Rows per column in a cell's number: more than a world's rows at any zoom Leaflet reaches. */
const ROWS = 2 ** 24;

export function clusterPoints(points: readonly MapPoint[], options: ClusterOptions): Clustering {
  // Cells by number (column · ROWS + row): 10,000 string keys would cost more than the rest.
  const cells = new Map<number, Cell>();
  points.forEach((point, i) => {
    let key = i;
    let column = 0;
    let row = 0;
    if (options.cluster) {
      const { x, y } = projectPx(point.lat, point.lon, options.zoom);
      column = Math.floor(x / options.cellPx);
      row = Math.floor(y / options.cellPx);
      key = column * ROWS + row;
    }
    let cell = cells.get(key);
    if (cell === undefined) {
      cell = { column, row, points: [] };
      cells.set(key, cell);
    }
    cell.points.push(point);
  });
  const minCluster = Math.max(2, options.minCluster ?? 2);
  const groups: Cell[] = [];
  const clusters: Cell[] = [];
  for (const cell of cells.values()) {
    if (cell.points.length >= minCluster) clusters.push(cell);
    else for (const point of cell.points) groups.push({ ...cell, points: [point] });
  }
  groups.push(...mergeNeighbours(clusters, options));
  const marks: Mark[] = [];
  const markOf = new Map<string, Mark>();
  for (const group of groups) {
    const mark = markOfCell(group, options);
    marks.push(mark);
    for (const point of group.points) markOf.set(point.id, mark);
  }
  return { marks, markOf };
}

/**
 * Clusters in neighbouring cells whose centres lie closer than mergeWithinPx, joined (and so on
 * along a chain): two discs half over each other read as one crowd, and one of them would hide
 * the other's count. The joined cluster keeps the key of its top-left cell.
 */
function mergeNeighbours(clusters: readonly Cell[], options: ClusterOptions): Cell[] {
  const within = options.mergeWithinPx ?? 0;
  if (within <= 0 || clusters.length < 2) return [...clusters];
  const byCell = new Map(clusters.map((cell, i) => [cell.column * ROWS + cell.row, i]));
  const centre = clusters.map((cell) => {
    let x = 0;
    let y = 0;
    for (const p of cell.points) {
      const px = projectPx(p.lat, p.lon, options.zoom);
      x += px.x;
      y += px.y;
    }
    return { x: x / cell.points.length, y: y / cell.points.length };
  });
  const parent = clusters.map((_, i) => i);
  const root = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    return r;
  };
  clusters.forEach((cell, i) => {
    for (let dx = -1; dx <= 1; dx += 1)
      for (let dy = -1; dy <= 1; dy += 1) {
        const j = byCell.get((cell.column + dx) * ROWS + cell.row + dy);
        if (j === undefined || j <= i) continue;
        const a = centre[i] as { x: number; y: number };
        const b = centre[j] as { x: number; y: number };
        if (Math.hypot(a.x - b.x, a.y - b.y) < within) parent[root(j)] = root(i);
      }
  });
  const joined = new Map<number, Cell>();
  clusters.forEach((cell, i) => {
    const r = root(i);
    const found = joined.get(r);
    if (found === undefined) {
      joined.set(r, { column: cell.column, row: cell.row, points: [...cell.points] });
      return;
    }
    const first = found.row < cell.row || (found.row === cell.row && found.column <= cell.column);
    joined.set(r, {
      column: first ? found.column : cell.column,
      row: first ? found.row : cell.row,
      points: [...found.points, ...cell.points],
    });
  });
  return [...joined.values()];
}

function markOfCell(cell: Cell, options: ClusterOptions): Mark {
  const only = cell.points.length === 1 ? cell.points[0] : undefined;
  if (only !== undefined)
    return {
      key: `s:${only.id}`,
      lat: only.lat,
      lon: only.lon,
      count: 1,
      counts: { [only.state]: 1 },
      worst: only.state,
      siteId: only.id,
      bounds: { south: only.lat, west: only.lon, north: only.lat, east: only.lon },
    };
  const counts: Partial<Record<SiteStateName, number>> = {};
  let lat = 0;
  let lon = 0;
  let south = Number.POSITIVE_INFINITY;
  let west = Number.POSITIVE_INFINITY;
  let north = Number.NEGATIVE_INFINITY;
  let east = Number.NEGATIVE_INFINITY;
  for (const p of cell.points) {
    counts[p.state] = (counts[p.state] ?? 0) + 1;
    lat += p.lat;
    lon += p.lon;
    south = Math.min(south, p.lat);
    north = Math.max(north, p.lat);
    west = Math.min(west, p.lon);
    east = Math.max(east, p.lon);
  }
  const count = cell.points.length;
  const single = count === 1 ? (cell.points[0] ?? null) : null;
  return {
    key: single !== null ? `s:${single.id}` : `c:${options.zoom}:${cell.column}:${cell.row}`,
    lat: lat / count,
    lon: lon / count,
    count,
    counts,
    worst: worstState(counts, options.order),
    siteId: single?.id ?? null,
    bounds: { south, west, north, east },
  };
}

/** What a mark looks like: when it is unchanged, its drawing is kept. */
export function markLook(mark: Mark, order: readonly SiteStateName[]): string {
  const parts = [mark.worst, mark.lat.toFixed(6), mark.lon.toFixed(6)];
  for (const state of order) if (mark.counts[state]) parts.push(`${state}=${mark.counts[state]}`);
  return parts.join(' ');
}
