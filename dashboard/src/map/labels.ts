// Pure: the kecamatan names the map draws in place of a background map. Each name sits at the
// centre of its kecamatan's own sites (its office, kelurahan and desa; the OPD offices in the
// regency's seat would pull it off), and names that would overlap on screen are left out, the
// kecamatan with more sites first.

export interface LabelSite {
  readonly kind: string;
  readonly kecamatan: string;
  readonly location: { readonly lat: number; readonly lon: number } | null;
}

export interface KecamatanCentre {
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  readonly sites: number;
}

const LOCAL_KINDS = new Set(['kecamatan', 'kelurahan', 'desa']);

export function kecamatanCentres(sites: readonly LabelSite[]): KecamatanCentre[] {
  const local = new Map<string, { lat: number; lon: number; n: number }>();
  const other = new Map<string, { lat: number; lon: number; n: number }>();
  for (const site of sites) {
    if (site.location === null || site.kecamatan === '') continue;
    const into = LOCAL_KINDS.has(site.kind) ? local : other;
    const sum = into.get(site.kecamatan) ?? { lat: 0, lon: 0, n: 0 };
    sum.lat += site.location.lat;
    sum.lon += site.location.lon;
    sum.n += 1;
    into.set(site.kecamatan, sum);
  }
  // A kecamatan with only OPD or core sites still gets its name, at their centre.
  for (const [name, sum] of other) if (!local.has(name)) local.set(name, sum);
  return [...local.entries()].map(([name, { lat, lon, n }]) => ({
    name,
    lat: lat / n,
    lon: lon / n,
    sites: n,
  }));
}

export interface LabelBox {
  readonly name: string;
  /** Where the label belongs (its kecamatan's centre), in screen pixels. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Higher is placed first. */
  readonly weight: number;
}

/** Something drawn that a label should not cover: a site or cluster, as a circle in pixels. */
export interface Obstacle {
  readonly x: number;
  readonly y: number;
  readonly r: number;
}

export interface PlacedLabel {
  readonly name: string;
  readonly x: number;
  readonly y: number;
}

/** Where a label may go, nearest first: on its centre, then below, above, and further. */
const OFFSETS: readonly (readonly [number, number])[] = [
  [0, 0],
  [0, 1],
  [0, -1],
  [0, 2],
  [0, -2],
  [1, 0],
  [-1, 0],
];

/**
 * Places names heaviest first, each at the nearest spot (steps of its own height below or above,
 * or half its width aside) that covers neither a placed name nor a mark; failing that, on its
 * centre if no name is there; failing that, not at all.
 */
export function placeLabels(
  boxes: readonly LabelBox[],
  obstacles: readonly Obstacle[] = [],
  gap = 4,
): PlacedLabel[] {
  const near = obstacleGrid(obstacles);
  const placed: (PlacedLabel & { width: number; height: number })[] = [];
  const sorted = [...boxes].sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name));
  for (const box of sorted) {
    const candidates = OFFSETS.map(([dx, dy]) => ({
      x: box.x + (dx * box.width) / 2,
      y: box.y + dy * (box.height + gap),
    }));
    const clearOfNames = (c: { x: number; y: number }) =>
      placed.every(
        (p) =>
          Math.abs(p.x - c.x) * 2 >= p.width + box.width + gap * 2 ||
          Math.abs(p.y - c.y) * 2 >= p.height + box.height + gap * 2,
      );
    const clearOfMarks = (c: { x: number; y: number }) =>
      near(c.x, c.y, box.width / 2, box.height / 2).every(
        (o) =>
          Math.abs(o.x - c.x) >= o.r + box.width / 2 || Math.abs(o.y - c.y) >= o.r + box.height / 2,
      );
    const spot =
      candidates.find((c) => clearOfNames(c) && clearOfMarks(c)) ??
      (clearOfNames(candidates[0] as { x: number; y: number }) ? candidates[0] : undefined);
    if (spot !== undefined)
      placed.push({ name: box.name, x: spot.x, y: spot.y, width: box.width, height: box.height });
  }
  return placed.map(({ name, x, y }) => ({ name, x, y }));
}

/** Obstacles by grid cell: a label looks only at those near it (10,000 sites, 30 names). */
function obstacleGrid(
  obstacles: readonly Obstacle[],
): (x: number, y: number, halfWidth: number, halfHeight: number) => Obstacle[] {
  const CELL = 64;
  const maxR = obstacles.reduce((m, o) => Math.max(m, o.r), 0);
  const grid = new Map<string, Obstacle[]>();
  for (const o of obstacles) {
    const key = `${Math.floor(o.x / CELL)}:${Math.floor(o.y / CELL)}`;
    const list = grid.get(key);
    if (list === undefined) grid.set(key, [o]);
    else list.push(o);
  }
  return (x, y, halfWidth, halfHeight) => {
    const found: Obstacle[] = [];
    const x0 = Math.floor((x - halfWidth - maxR) / CELL);
    const x1 = Math.floor((x + halfWidth + maxR) / CELL);
    const y0 = Math.floor((y - halfHeight - maxR) / CELL);
    const y1 = Math.floor((y + halfHeight + maxR) / CELL);
    for (let cx = x0; cx <= x1; cx += 1)
      for (let cy = y0; cy <= y1; cy += 1) found.push(...(grid.get(`${cx}:${cy}`) ?? []));
    return found;
  };
}
