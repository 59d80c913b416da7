// The map's marks drawn on its canvas: a site as a dot in its state's colour with the state's icon
// (so it reads without colour), a cluster as a disc in its worst state's colour with its count and
// a ring showing its share of each state, and a kecamatan's name with a halo.

import { ICONS, STATE_HEX, type SiteStateName } from '../states.js';
import type { Mark } from './cluster.js';

export interface Palette {
  readonly state: Readonly<Record<SiteStateName, string>>;
  readonly panel: string;
  readonly bg: string;
  readonly text: string;
  readonly muted: string;
  readonly line: string;
}

/** The theme's colours as styles.css sets them (STATE_HEX when a variable is missing). */
export function readPalette(): Palette {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const state = Object.fromEntries(
    (Object.keys(STATE_HEX) as SiteStateName[]).map((s) => [s, read(`--state-${s}`, STATE_HEX[s])]),
  ) as Record<SiteStateName, string>;
  return {
    state,
    panel: read('--panel', '#ffffff'),
    bg: read('--bg', '#f5f6f8'),
    text: read('--text', '#1d232b'),
    muted: read('--muted', '#5d6673'),
    line: read('--line', '#d9dde3'),
  };
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif';
const icons = new Map<SiteStateName, Path2D>();
function icon(state: SiteStateName): Path2D {
  let path = icons.get(state);
  if (path === undefined) {
    path = new Path2D(ICONS[state]);
    icons.set(state, path);
  }
  return path;
}

/** Dark text on the light fills (amber, light grey), white on the others. */
function inkOn(hex: string): string {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return '#ffffff';
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => Number.parseInt(h ?? '0', 16) / 255) as [
    number,
    number,
    number,
  ];
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return luminance > 0.55 ? '#1d232b' : '#ffffff';
}

/** A site's dot: small for an up site, larger with its icon for any other state. */
export function siteRadius(state: SiteStateName): number {
  return state === 'up' ? 5.5 : 8.5;
}

/** A cluster's disc grows with the log of its count. */
export function clusterRadius(count: number): number {
  return Math.round(10 + 3.5 * Math.log10(count));
}

/** The ring around a cluster's disc. */
const RING = 3;

/** How far a mark's drawing reaches from its centre (its bounds and its hit area). */
export function markExtent(mark: Mark): number {
  return mark.siteId !== null ? siteRadius(mark.worst) + 1.5 : clusterRadius(mark.count) + RING + 1;
}

export function drawMark(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  mark: Mark,
  palette: Palette,
  order: readonly SiteStateName[],
): void {
  ctx.save();
  ctx.globalAlpha = 1;
  ctx.setLineDash([]);
  if (mark.siteId !== null) drawSite(ctx, x, y, mark.worst, palette);
  else drawCluster(ctx, x, y, mark, palette, order);
  ctx.restore();
}

function drawSite(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  state: SiteStateName,
  palette: Palette,
): void {
  const r = siteRadius(state);
  const fill = palette.state[state];
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = palette.panel;
  ctx.stroke();
  if (state === 'up') return;
  // The icon's 16-unit box in about 1.3 radii, centred.
  const scale = (r * 1.3) / 16;
  ctx.translate(x - 8 * scale, y - 8 * scale);
  ctx.scale(scale, scale);
  ctx.lineWidth = 2.4;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.strokeStyle = inkOn(fill);
  ctx.stroke(icon(state));
}

function drawCluster(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  mark: Mark,
  palette: Palette,
  order: readonly SiteStateName[],
): void {
  const r = clusterRadius(mark.count);
  const outer = r + RING;
  // The ring: each state's share of the cluster, worst first from twelve o'clock.
  ctx.beginPath();
  ctx.arc(x, y, outer + 0.75, 0, Math.PI * 2);
  ctx.fillStyle = palette.panel;
  ctx.fill();
  let start = -Math.PI / 2;
  for (const state of order) {
    const n = mark.counts[state] ?? 0;
    if (n === 0) continue;
    const end = start + (n / mark.count) * Math.PI * 2;
    ctx.beginPath();
    ctx.moveTo(x, y);
    ctx.arc(x, y, outer, start, end);
    ctx.closePath();
    ctx.fillStyle = palette.state[state];
    ctx.fill();
    start = end;
  }
  // The disc, in the worst state's colour, with the count.
  ctx.beginPath();
  ctx.arc(x, y, r, 0, Math.PI * 2);
  ctx.fillStyle = palette.panel;
  ctx.fill();
  ctx.beginPath();
  ctx.arc(x, y, r - 1.25, 0, Math.PI * 2);
  const fill = palette.state[mark.worst];
  ctx.fillStyle = fill;
  ctx.fill();
  ctx.fillStyle = inkOn(fill);
  ctx.font = `700 ${mark.count >= 1000 ? 10 : 12}px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(String(mark.count), x, y + 0.5);
}

/** The kecamatan names' font: small capitals, spaced, in the muted colour. */
export const LABEL_FONT = `600 11px ${FONT}`;
const LABEL_SPACING = '0.08em';

let measurer: CanvasRenderingContext2D | null = null;
const sizes = new Map<string, { width: number; height: number }>();

/** A label's size on screen, for placing names without overlap (measured once a name). */
export function labelSize(text: string): { width: number; height: number } {
  let size = sizes.get(text);
  if (size !== undefined) return size;
  measurer ??= document.createElement('canvas').getContext('2d');
  if (measurer === null) return { width: text.length * 8, height: 14 };
  measurer.font = LABEL_FONT;
  measurer.letterSpacing = LABEL_SPACING;
  size = { width: Math.ceil(measurer.measureText(text).width) + 6, height: 14 };
  sizes.set(text, size);
  return size;
}

export function drawLabel(
  ctx: CanvasRenderingContext2D,
  x: number,
  y: number,
  text: string,
  palette: Palette,
): void {
  ctx.save();
  ctx.globalAlpha = 1;
  ctx.setLineDash([]);
  ctx.font = LABEL_FONT;
  ctx.letterSpacing = LABEL_SPACING;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.lineJoin = 'round';
  ctx.lineWidth = 3.5;
  ctx.strokeStyle = palette.bg;
  ctx.strokeText(text, x, y);
  ctx.fillStyle = palette.muted;
  ctx.fillText(text, x, y);
  ctx.restore();
}
