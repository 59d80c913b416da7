// Pure: the faint grid of meridians and parallels behind the sites when there is no tile layer, so
// the panel still reads as a map. Its step is the roundest one that keeps lines `minPx` apart.

const STEPS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30];

/** Degrees between lines at `zoom` (256 px tiles: 256 · 2^zoom pixels per 360°). */
export function graticuleStep(zoom: number, minPx = 110): number {
  const pxPerDegree = (256 * 2 ** zoom) / 360;
  return STEPS.find((step) => step * pxPerDegree >= minPx) ?? 30;
}

export interface Bounds {
  readonly south: number;
  readonly west: number;
  readonly north: number;
  readonly east: number;
}

type LatLon = readonly [number, number];

/** The lines crossing `bounds`, each from edge to edge, at multiples of `step`. */
export function graticuleLines(bounds: Bounds, step: number): LatLon[][] {
  const lines: LatLon[][] = [];
  const south = Math.max(-85, bounds.south);
  const north = Math.min(85, bounds.north);
  // Multiples counted in whole steps, so 0.1 · 3 does not come out as 0.30000000000000004.
  const fix = (n: number) => Number((n * step).toFixed(6));
  for (let i = Math.ceil(bounds.west / step); i * step <= bounds.east; i += 1)
    lines.push([
      [south, fix(i)],
      [north, fix(i)],
    ]);
  for (let i = Math.ceil(south / step); i * step <= north; i += 1)
    lines.push([
      [fix(i), bounds.west],
      [fix(i), bounds.east],
    ]);
  return lines;
}
