// The WAN traffic chart: in (an area) and out (a line) in bit/s against the plan's capacity (a
// dashed line), with incidents shaded behind and the router's reboots marked.

import { type Signal, useSignal } from '@preact/signals';
import { useCallback, useMemo, useRef } from 'preact/hooks';
import type uPlot from 'uplot';
import { formatDateTime, lang } from '../i18n.js';
import { formatBps, formatShare } from '../site/format.js';
import { countValues, stats, type TrafficData } from '../site/history-data.js';
import { st } from '../site/texts.js';
import { scaleBps } from '../site/units.js';
import { formatNumber } from '../i18n.js';
import {
  markLevel,
  tickDigits,
  markTimes,
  type ShadedSpan,
  shadeSpans,
  timeAxis,
  valueAxis,
  windowScale,
} from './axes.js';
import { ChartFrame, type ChartStatus } from './chart-frame.js';
import type { ChartColours } from './chart-theme.js';
import { withAlpha } from './colour.js';
import { IncidentKey, type ChartWindow } from './latency-chart.js';
import { topOf } from './scale.js';
import { UPlotChart } from './uplot-chart.js';

/** In and out: a colour-blind-safe pair (Okabe–Ito blue and orange). */
export const IN_COLOUR = '#2b7bba';
export const OUT_COLOUR = '#e08a00';

export interface TrafficChartProps {
  readonly data: TrafficData;
  readonly historyPoints: number;
  readonly window: ChartWindow;
  readonly spans: readonly ShadedSpan[];
  readonly reboots: readonly number[];
  /** The plan's capacity in bit/s; null when the plan is unknown. */
  readonly capacityBps: number | null;
  readonly zone: string;
  readonly locale: string;
  readonly load:
    | { readonly kind: 'loading' }
    | { readonly kind: 'error'; readonly message: string }
    | null;
  readonly note: string;
  readonly rangeLabel: string;
}

const heightFor = (width: number) => (width < 560 ? 190 : 240);

/** Axis labels in one unit, the top tick's: "0", "5 Mbps", "10 Mbps" or "0", "0,5 Mbps", "1,0 Mbps". */
function bpsTicks(ticks: number[], incr: number): string[] {
  const top = scaleBps(Math.max(...ticks, incr));
  const size = top.value === 0 ? 1 : Math.max(...ticks, incr) / top.value;
  const digits = tickDigits(incr / size);
  return ticks.map((v) => (v === 0 ? '0' : `${formatNumber(v / size, digits)} ${top.unit}`));
}

function trafficOptions(
  colours: ChartColours,
  zone: string,
  locale: string,
  spans: readonly ShadedSpan[],
  reboots: readonly number[],
  capacity: number | null,
  toCapacity: boolean,
  window: () => ChartWindow,
): Omit<uPlot.Options, 'width' | 'height'> {
  return {
    legend: { show: false },
    cursor: {
      drag: { x: false, y: false, setScale: false },
      points: { size: 8, width: 2, stroke: () => colours.panel },
    },
    padding: [12, 22, 0, 0],
    scales: {
      x: windowScale(window),
      y: {
        range: (u) => [
          0,
          topOf(
            [u.data[1], u.data[2]] as (number | null)[][],
            toCapacity ? (capacity ?? 0) * 1.04 : 0,
          ),
        ],
      },
    },
    axes: [timeAxis(colours, zone, locale), valueAxis(colours, bpsTicks)],
    series: [
      {},
      {
        stroke: IN_COLOUR,
        width: 1.5,
        fill: withAlpha(IN_COLOUR, colours.dark ? 0.3 : 0.2),
        points: {
          show: (u, _i, i0, i1) => (i1 - i0) * 8 < u.bbox.width / devicePixelRatio,
          size: 5,
        },
      },
      {
        stroke: OUT_COLOUR,
        width: 2,
        points: {
          show: (u, _i, i0, i1) => (i1 - i0) * 8 < u.bbox.width / devicePixelRatio,
          size: 5,
        },
      },
    ],
    hooks: {
      drawClear: [(u) => shadeSpans(u, spans, colours)],
      draw: [
        (u) => {
          if (capacity !== null) markLevel(u, capacity, colours.down);
          markTimes(u, reboots, colours.muted);
        },
      ],
    },
  };
}

export function TrafficChart(props: TrafficChartProps) {
  const { data, zone, locale, spans, reboots, capacityBps } = props;
  const cursor = useSignal<number | null>(null);
  // The capacity's scale shows how full the link is; the data's shows the traffic's shape.
  const toCapacity = useSignal(true);
  const windowRef = useRef(props.window);
  windowRef.current = props.window;
  const aligned = useMemo(
    (): uPlot.AlignedData => [data.x.map((ms) => ms / 1000), data.inBps, data.outBps],
    [data],
  );
  const build = useCallback(
    (colours: ChartColours) =>
      trafficOptions(
        colours,
        zone,
        locale,
        spans,
        reboots,
        capacityBps,
        toCapacity.value,
        () => windowRef.current,
      ),
    [zone, locale, spans, reboots, capacityBps, toCapacity.value],
  );
  const onCursor = useCallback((i: number | null) => {
    cursor.value = i;
  }, []);
  void lang.value;
  // The legend names only what shows: incidents within the window.
  const shown = spans.filter((x) => x.toMs > props.window.fromMs && x.fromMs < props.window.toMs);

  const status: ChartStatus =
    props.load?.kind === 'loading' && data.x.length === 0
      ? { kind: 'loading', text: st('chart.loading') }
      : props.load?.kind === 'error'
        ? { kind: 'error', text: st('chart.error', { message: props.load.message }) }
        : props.historyPoints === 0 && countValues(data.inBps) + countValues(data.outBps) < 2
          ? { kind: 'empty', text: st('chart.noData'), hint: st('traffic.noData') }
          : { kind: 'ready' };
  const label = st('traffic.aria', {
    range: props.rangeLabel,
    in: formatBps(stats(data.inBps).mean),
    out: formatBps(stats(data.outBps).mean),
    cap: formatBps(capacityBps),
  });
  return (
    <ChartFrame
      id="traffic"
      title={st('traffic.title')}
      note={props.note}
      status={status}
      label={label}
      points={props.historyPoints}
      drawn={data.x.length}
      tools={
        capacityBps === null ? null : (
          <label class="chart-switch">
            <input
              type="checkbox"
              checked={toCapacity.value}
              onChange={(event) => {
                toCapacity.value = event.currentTarget.checked;
              }}
            />
            {st('traffic.toCapacity')}
          </label>
        )
      }
      legend={
        <TrafficLegend
          data={data}
          cursor={cursor}
          zone={zone}
          rangeLabel={props.rangeLabel}
          capacityBps={capacityBps}
          spans={shown}
          reboots={reboots.some((ms) => ms >= props.window.fromMs)}
        />
      }
    >
      <UPlotChart build={build} data={aligned} height={heightFor} onCursor={onCursor} zone={zone} />
    </ChartFrame>
  );
}

function TrafficLegend({
  data,
  cursor,
  zone,
  rangeLabel,
  capacityBps,
  spans,
  reboots,
}: {
  data: TrafficData;
  cursor: Signal<number | null>;
  zone: string;
  rangeLabel: string;
  capacityBps: number | null;
  spans: readonly ShadedSpan[];
  reboots: boolean;
}) {
  const i = cursor.value;
  const at = i === null ? undefined : data.x[i];
  const hovered = i !== null && at !== undefined;
  const inStats = stats(data.inBps);
  const outStats = stats(data.outBps);
  const inPeak = stats(data.inPeak).max ?? inStats.max;
  const outPeak = stats(data.outPeak).max ?? outStats.max;
  const inValue = hovered ? (data.inBps[i] ?? null) : inStats.mean;
  const outValue = hovered ? (data.outBps[i] ?? null) : outStats.mean;
  const share = (v: number | null) =>
    v === null || capacityBps === null || capacityBps <= 0 ? null : (v / capacityBps) * 100;
  const peakShare = share(Math.max(inPeak ?? 0, outPeak ?? 0));
  return (
    <>
      <div class="legend-values">
        <span class="legend-when">
          {hovered ? formatDateTime(at, zone) : st('chart.range', { range: rangeLabel })}
        </span>
        <span class="legend-item">
          <span class="swatch area" aria-hidden="true" style={{ '--c': IN_COLOUR }} />
          {st('traffic.in')} <b>{formatBps(inValue)}</b>
          {hovered ? null : (
            <span class="muted">{st('traffic.peak', { value: formatBps(inPeak) })}</span>
          )}
        </span>
        <span class="legend-item">
          <span class="swatch line" aria-hidden="true" style={{ '--c': OUT_COLOUR }} />
          {st('traffic.out')} <b>{formatBps(outValue)}</b>
          {hovered ? null : (
            <span class="muted">{st('traffic.peak', { value: formatBps(outPeak) })}</span>
          )}
        </span>
        <span class="legend-item">
          <span class="swatch dashed" aria-hidden="true" />
          {st('traffic.capacity')} <b>{formatBps(capacityBps)}</b>
          {peakShare === null || hovered ? null : (
            <span class="muted">{st('traffic.peakShare', { pct: formatShare(peakShare) })}</span>
          )}
        </span>
      </div>
      {spans.length > 0 || reboots ? (
        <div class="legend-key">
          <IncidentKey spans={spans} />
          {reboots ? (
            <span class="legend-item">
              <span class="swatch reboot" aria-hidden="true" />
              {st('chart.reboot')}
            </span>
          ) : null}
        </div>
      ) : null}
    </>
  );
}
