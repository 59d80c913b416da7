// The latency chart in Smokeping's manner: the smoke (the usual least to the usual greatest RTT,
// then lighter up to the greatest seen), the average line coloured by packet loss, a loss strip
// along the bottom that shows loss also where no ping came back, and incidents shaded behind.

import { type Signal, useSignal } from '@preact/signals';
import { useCallback, useMemo, useRef } from 'preact/hooks';
import type uPlot from 'uplot';
import { formatDateTime, formatNumber, lang } from '../i18n.js';
import { formatLoss, formatRtt, formatRttRange } from '../site/format.js';
import { countValues, type LatencyData, stats } from '../site/history-data.js';
import { LOSS_BUCKETS, lossColour, lossGradientStops, lossRuns } from '../site/loss.js';
import { st } from '../site/texts.js';
import {
  type ShadedSpan,
  shadeSpans,
  tickDigits,
  timeAxis,
  valueAxis,
  windowScale,
} from './axes.js';
import { ChartFrame, type ChartStatus } from './chart-frame.js';
import type { ChartColours } from './chart-theme.js';
import { withAlpha } from './colour.js';
import { topOf } from './scale.js';
import { UPlotChart } from './uplot-chart.js';

/** The loss strip's height and the gap above it, CSS px. */
const STRIP_PX = 7;
const STRIP_GAP_PX = 3;

export interface ChartWindow {
  readonly fromMs: number;
  readonly toMs: number;
}

export interface LatencyChartProps {
  readonly data: LatencyData;
  /** Points with an average from stored history (not live). */
  readonly historyPoints: number;
  readonly window: ChartWindow;
  readonly spans: readonly ShadedSpan[];
  readonly zone: string;
  readonly locale: string;
  /** 'loading', an error's text, or null once the history is in. */
  readonly load:
    | { readonly kind: 'loading' }
    | { readonly kind: 'error'; readonly message: string }
    | null;
  readonly note: string;
  readonly rangeLabel: string;
}

const heightFor = (width: number) => (width < 560 ? 210 : 270);

/** Half the usual distance between points, in canvas px: a loss cell's half-width at most. */
function halfStep(u: uPlot, xs: readonly number[]): number {
  const steps: number[] = [];
  for (let i = 1; i < xs.length; i++)
    steps.push(u.valToPos(xs[i]!, 'x', true) - u.valToPos(xs[i - 1]!, 'x', true));
  steps.sort((a, b) => a - b);
  return Math.max(1.5 * devicePixelRatio, (steps[Math.floor(steps.length / 2)] ?? 6) / 2);
}

function drawLossStrip(u: uPlot, loss: readonly (number | null)[]): void {
  const xs = u.data[0] as number[];
  if (xs.length === 0) return;
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  const h = STRIP_PX * devicePixelRatio;
  const y = top + height - h;
  const half = halfStep(u, xs);
  const pos = (i: number) => u.valToPos(xs[i]!, 'x', true);
  ctx.save();
  for (const run of lossRuns(loss)) {
    const from = pos(run.from);
    const to = pos(run.to);
    const before = run.from > 0 ? (pos(run.from - 1) + from) / 2 : from - half;
    const after = run.to < xs.length - 1 ? (to + pos(run.to + 1)) / 2 : to + half;
    const x0 = Math.max(left, from - half, before);
    const x1 = Math.min(left + width, to + half, after);
    if (x1 <= x0) continue;
    ctx.fillStyle = LOSS_BUCKETS[run.bucket]!.colour;
    ctx.fillRect(x0, y, x1 - x0, h);
  }
  ctx.restore();
}

function latencyOptions(
  colours: ChartColours,
  zone: string,
  locale: string,
  spans: readonly ShadedSpan[],
  window: () => ChartWindow,
  loss: () => readonly (number | null)[],
): Omit<uPlot.Options, 'width' | 'height'> {
  const edge = withAlpha(colours.accent, colours.dark ? 0.55 : 0.4);
  const avgStroke = (u: uPlot): CanvasRenderingContext2D['strokeStyle'] => {
    const { left, width } = u.bbox;
    const xs = u.data[0] as number[];
    if (width <= 0 || xs.length === 0) return colours.text;
    const positions = xs.map((x) => (u.valToPos(x, 'x', true) - left) / width);
    const gradient = u.ctx.createLinearGradient(left, 0, left + width, 0);
    for (const [offset, colour] of lossGradientStops(positions, loss(), colours.text))
      gradient.addColorStop(offset, colour);
    return gradient;
  };
  return {
    legend: { show: false },
    cursor: {
      drag: { x: false, y: false, setScale: false },
      points: {
        size: 9,
        width: 2,
        fill: (u) => {
          const pct = loss()[u.cursor.idx ?? -1];
          return pct === null || pct === undefined ? colours.text : lossColour(pct);
        },
        stroke: () => colours.panel,
      },
    },
    padding: [12, 22, 0, 0],
    scales: {
      x: windowScale(window),
      y: {
        range: (u) => {
          const top = topOf([u.data[2], u.data[3], u.data[4]] as (number | null)[][]);
          const plotPx =
            u.bbox.height > 0 ? u.bbox.height / devicePixelRatio : heightFor(u.width) - 40;
          const reserve = STRIP_PX + STRIP_GAP_PX;
          return [(-top * reserve) / Math.max(40, plotPx - reserve), top];
        },
      },
    },
    axes: [
      timeAxis(colours, zone, locale),
      valueAxis(colours, (ticks, incr) =>
        ticks.map((v) => `${formatNumber(v, v === 0 ? 0 : tickDigits(incr))} ms`),
      ),
    ],
    series: [
      {},
      { stroke: edge, width: 1, points: { show: false }, class: 'edge' },
      { stroke: edge, width: 1, points: { show: false }, class: 'edge' },
      { stroke: 'transparent', width: 0, points: { show: false }, class: 'edge' },
      {
        stroke: avgStroke,
        width: 2,
        points: {
          show: (u, _i, i0, i1) => (i1 - i0) * 8 < u.bbox.width / devicePixelRatio,
          size: 5,
        },
      },
    ],
    bands: [
      { series: [2, 1], fill: withAlpha(colours.accent, colours.dark ? 0.42 : 0.3) },
      { series: [3, 2], fill: withAlpha(colours.accent, colours.dark ? 0.2 : 0.12) },
    ],
    hooks: {
      drawClear: [(u) => shadeSpans(u, spans, colours)],
      draw: [(u) => drawLossStrip(u, loss())],
    },
  };
}

export function LatencyChart(props: LatencyChartProps) {
  const { data, zone, locale, spans } = props;
  const cursor = useSignal<number | null>(null);
  const windowRef = useRef(props.window);
  windowRef.current = props.window;
  const lossRef = useRef(data.loss);
  lossRef.current = data.loss;
  const aligned = useMemo(
    (): uPlot.AlignedData => [
      data.x.map((ms) => ms / 1000),
      data.low,
      data.high,
      data.peak,
      data.avg,
    ],
    [data],
  );
  const build = useCallback(
    (colours: ChartColours) =>
      latencyOptions(
        colours,
        zone,
        locale,
        spans,
        () => windowRef.current,
        () => lossRef.current,
      ),
    [zone, locale, spans],
  );
  const onCursor = useCallback((i: number | null) => {
    cursor.value = i;
  }, []);
  void lang.value;
  // The legend names only what shows: incidents within the window.
  const shown = spans.filter((x) => x.toMs > props.window.fromMs && x.fromMs < props.window.toMs);

  const avg = stats(data.avg);
  const lossStats = stats(data.loss);
  const peak = stats(data.peak);
  const status: ChartStatus =
    props.load?.kind === 'loading' && data.x.length === 0
      ? { kind: 'loading', text: st('chart.loading') }
      : props.load?.kind === 'error'
        ? { kind: 'error', text: st('chart.error', { message: props.load.message }) }
        : props.historyPoints === 0 && countValues(data.avg) + countValues(data.loss) < 2
          ? { kind: 'empty', text: st('chart.noData'), hint: st('latency.noData') }
          : { kind: 'ready' };
  const label = st('latency.aria', {
    range: props.rangeLabel,
    avg: formatRtt(avg.mean),
    max: formatRtt(peak.max ?? avg.max),
    loss: formatLoss(lossStats.mean),
  });
  return (
    <ChartFrame
      id="latency"
      title={st('latency.title')}
      note={props.note}
      status={status}
      label={label}
      points={props.historyPoints}
      drawn={data.x.length}
      legend={
        <LatencyLegend
          data={data}
          cursor={cursor}
          zone={zone}
          rangeLabel={props.rangeLabel}
          spans={shown}
        />
      }
    >
      <UPlotChart build={build} data={aligned} height={heightFor} onCursor={onCursor} zone={zone} />
    </ChartFrame>
  );
}

function LatencyLegend({
  data,
  cursor,
  zone,
  rangeLabel,
  spans,
}: {
  data: LatencyData;
  cursor: Signal<number | null>;
  zone: string;
  rangeLabel: string;
  spans: readonly ShadedSpan[];
}) {
  const i = cursor.value;
  const at = i === null ? undefined : data.x[i];
  const hovered = i !== null && at !== undefined;
  const pick = (column: readonly (number | null)[]) => (hovered ? (column[i] ?? null) : null);
  const low = hovered ? pick(data.low) : stats(data.low).min;
  const high = hovered ? pick(data.high) : stats(data.high).max;
  const peak = hovered ? pick(data.peak) : stats(data.peak).max;
  const avg = hovered ? pick(data.avg) : stats(data.avg).mean;
  const loss = hovered ? pick(data.loss) : stats(data.loss).mean;
  const band = formatRttRange(low, high);
  return (
    <>
      <div class="legend-values">
        <span class="legend-when">
          {hovered ? formatDateTime(at, zone) : st('chart.range', { range: rangeLabel })}
        </span>
        <span class="legend-item">
          <span class="swatch smoke" aria-hidden="true" />
          {st('latency.band')} <b>{band}</b>
        </span>
        <span class="legend-item">
          <span class="swatch smoke-peak" aria-hidden="true" />
          {st('latency.peak')} <b>{formatRtt(peak)}</b>
        </span>
        <span class="legend-item">
          <span class="swatch line" aria-hidden="true" />
          {st('latency.avg')} <b>{formatRtt(avg)}</b>
        </span>
        <span class="legend-item">
          <span
            class="swatch dot"
            aria-hidden="true"
            style={loss === null ? undefined : { background: lossColour(loss) }}
          />
          {st('latency.loss')} <b>{formatLoss(loss)}</b>
        </span>
      </div>
      <div class="legend-key">
        <span class="loss-scale" title={st('latency.lossScale')}>
          <span class="muted">{st('latency.loss')}:</span>
          {LOSS_BUCKETS.map((bucket, n) => (
            <span class="loss-step">
              <span class="swatch" aria-hidden="true" style={{ background: bucket.colour }} />
              {n === 0
                ? '0'
                : n === LOSS_BUCKETS.length - 1
                  ? `≥${LOSS_BUCKETS[n - 1]!.below}%`
                  : `<${bucket.below}`}
            </span>
          ))}
        </span>
        <IncidentKey spans={spans} />
      </div>
    </>
  );
}

export function IncidentKey({ spans }: { spans: readonly ShadedSpan[] }) {
  const down = spans.some((s) => s.kind === 'down');
  const unreachable = spans.some((s) => s.kind === 'unreachable');
  return (
    <>
      {down ? (
        <span class="legend-item">
          <span class="swatch shade-down" aria-hidden="true" />
          {st('chart.down')}
        </span>
      ) : null}
      {unreachable ? (
        <span class="legend-item">
          <span class="swatch shade-unreachable" aria-hidden="true" />
          {st('chart.unreachable')}
        </span>
      ) : null}
    </>
  );
}
