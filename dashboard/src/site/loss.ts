// Packet loss in Smokeping's manner: a colour per loss bucket (0, under 5, under 10, under 20, 20 %
// and over), on the latency chart's average line and its loss strip. Pure.

export interface LossBucket {
  /** Loss below this (percent) falls in the bucket; the first holds exactly none. */
  readonly below: number;
  /** The same colour in both themes: mid tones that read on white and on the dark panel. */
  readonly colour: string;
}

export const LOSS_BUCKETS: readonly LossBucket[] = [
  { below: 0, colour: '#2a9d57' },
  { below: 5, colour: '#3b8fd0' },
  { below: 10, colour: '#9a62c2' },
  { below: 20, colour: '#e69f00' },
  { below: Number.POSITIVE_INFINITY, colour: '#e0412f' },
];

/** The bucket's index: 0 for no loss at all, 4 for 20 % and over. */
export function lossBucket(pct: number): number {
  if (pct <= 0) return 0;
  for (let i = 1; i < LOSS_BUCKETS.length; i++) if (pct < LOSS_BUCKETS[i]!.below) return i;
  return LOSS_BUCKETS.length - 1;
}

export function lossColour(pct: number): string {
  return LOSS_BUCKETS[lossBucket(pct)]!.colour;
}

/** One run of points in the same bucket: [from, to] indexes, inclusive. */
export interface LossRun {
  readonly from: number;
  readonly to: number;
  readonly bucket: number;
}

/** Consecutive points of one bucket joined, points without a loss figure left out. */
export function lossRuns(loss: readonly (number | null)[]): LossRun[] {
  const runs: LossRun[] = [];
  let from = -1;
  let bucket = -1;
  for (let i = 0; i <= loss.length; i++) {
    const pct = i < loss.length ? loss[i] : null;
    const next = pct === null || pct === undefined ? -1 : lossBucket(pct);
    if (next === bucket && next !== -1) continue;
    if (bucket !== -1) runs.push({ from, to: i - 1, bucket });
    from = i;
    bucket = next;
  }
  return runs;
}

/**
 * Stops of a horizontal gradient (offset 0–1 along the plot, colour) that colour a line by the loss
 * at each point, changing colour halfway between two points of different buckets. `xPos` is each
 * point's position as a share of the plot's width.
 */
export function lossGradientStops(
  xPos: readonly number[],
  loss: readonly (number | null)[],
  fallback: string,
): [number, string][] {
  const clamp = (v: number) => Math.min(1, Math.max(0, v));
  const colours = loss.map((pct) => (pct === null ? null : lossColour(pct)));
  const stops: [number, string][] = [];
  let previous: string | null = null;
  for (let i = 0; i < xPos.length; i++) {
    const colour: string = colours[i] ?? previous ?? fallback;
    if (previous === null) stops.push([0, colour]);
    else if (colour !== previous) {
      const edge = clamp((xPos[i - 1]! + xPos[i]!) / 2);
      stops.push([edge, previous], [edge, colour]);
    }
    previous = colour;
  }
  stops.push([1, previous ?? fallback]);
  return stops;
}
