// The axes every site chart shares: time in the site's zone and the page's language, values from
// zero with their unit, and the incident shading and markers drawn under and over the series.

import type uPlot from 'uplot';
import { AXIS_FONT, type ChartColours } from './chart-theme.js';
import { withAlpha } from './colour.js';
import { ticksFromZero } from './scale.js';

export { tickDigits } from './scale.js';
import { formatTick } from './time-ticks.js';

export function timeAxis(colours: ChartColours, zone: string, locale: string): uPlot.Axis {
  return {
    stroke: colours.muted,
    font: AXIS_FONT,
    grid: { stroke: colours.grid, width: 1 },
    ticks: { stroke: colours.grid, width: 1, size: 4 },
    space: 64,
    size: 30,
    values: (_u, splits, _axis, _space, incr) =>
      splits.map((s) => formatTick(s * 1000, incr * 1000, zone, locale)),
  };
}

/** A value axis from zero, labelled by `labels` (the ticks and their step), as wide as its widest label. */
export function valueAxis(
  colours: ChartColours,
  labels: (ticks: number[], incr: number) => string[],
): uPlot.Axis {
  return {
    stroke: colours.muted,
    font: AXIS_FONT,
    grid: { stroke: colours.grid, width: 1 },
    ticks: { show: false },
    space: 28,
    splits: (_u, _axis, _min, max, incr) => ticksFromZero(max, incr),
    values: (_u, splits, _axis, _space, incr) => {
      const shown = labels(
        splits.filter((v) => v >= 0),
        incr,
      );
      return splits.map((v) => (v < 0 ? '' : (shown.shift() ?? '')));
    },
    size: (u, values) => {
      if (values == null || values.length === 0) return 40;
      u.ctx.font = AXIS_FONT;
      const widest = Math.max(...values.map((v) => u.ctx.measureText(String(v)).width));
      return Math.ceil(widest / devicePixelRatio) + 18;
    },
  };
}

/** The time scale fixed to the window the page shows, whatever the data covers. */
export function windowScale(window: () => { fromMs: number; toMs: number }): uPlot.Scale {
  return {
    time: true,
    range: () => {
      const { fromMs, toMs } = window();
      return [fromMs / 1000, toMs / 1000];
    },
  };
}

export interface ShadedSpan {
  readonly fromMs: number;
  readonly toMs: number;
  readonly kind: 'down' | 'unreachable';
}

/** Incidents as bands behind the series: red while down, grey while unreachable. */
export function shadeSpans(u: uPlot, spans: readonly ShadedSpan[], colours: ChartColours): void {
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  for (const span of spans) {
    const x0 = Math.max(left, u.valToPos(span.fromMs / 1000, 'x', true));
    const x1 = Math.min(left + width, u.valToPos(span.toMs / 1000, 'x', true));
    if (x1 <= x0) continue;
    ctx.fillStyle =
      span.kind === 'down'
        ? withAlpha(colours.down, colours.dark ? 0.24 : 0.13)
        : withAlpha(colours.unreachable, colours.dark ? 0.3 : 0.16);
    ctx.fillRect(x0, top, Math.max(1, x1 - x0), height);
  }
  ctx.restore();
}

/** Dashed vertical lines at moments (reboots), over the series. */
export function markTimes(u: uPlot, times: readonly number[], colour: string): void {
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  ctx.strokeStyle = colour;
  ctx.lineWidth = devicePixelRatio;
  ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
  for (const ms of times) {
    const x = Math.round(u.valToPos(ms / 1000, 'x', true));
    if (x < left || x > left + width) continue;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
  }
  ctx.restore();
}

/** A horizontal dashed line at a value (the plan's capacity). */
export function markLevel(u: uPlot, value: number, colour: string): void {
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  const y = Math.round(u.valToPos(value, 'y', true));
  if (y < top || y > top + height) return;
  ctx.save();
  ctx.strokeStyle = colour;
  ctx.lineWidth = 1.5 * devicePixelRatio;
  ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
  ctx.beginPath();
  ctx.moveTo(left, y);
  ctx.lineTo(left + width, y);
  ctx.stroke();
  ctx.restore();
}
