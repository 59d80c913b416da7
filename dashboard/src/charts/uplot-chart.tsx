// One uPlot chart in a Preact component: built at the container's width, resized with it, built
// again when the theme or the language changes (its colours and labels come from both), and fed
// new data without a rebuild. The cursor's index is reported for the chart's own legend.

import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import type uPlot from 'uplot';
import { lang } from '../i18n.js';
import { theme } from '../theme.js';
import { type ChartColours, chartColours } from './chart-theme.js';

type UPlotClass = typeof uPlot;
let loading: Promise<UPlotClass> | null = null;

/** uPlot and its CSS come in a chunk of their own, when a chart is first shown (not on the board). */
function loadUPlot(): Promise<UPlotClass> {
  loading ??= Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(
    ([module]) => module.default,
  );
  return loading;
}

export interface UPlotChartProps {
  /** The options but size and data; a new function (new identity) rebuilds the chart. */
  readonly build: (colours: ChartColours) => Omit<uPlot.Options, 'width' | 'height'>;
  readonly data: uPlot.AlignedData;
  /** Height in CSS px for a width: charts are lower on a phone. */
  readonly height: (width: number) => number;
  /** The hovered point's index, or null when the cursor leaves. */
  readonly onCursor?: (index: number | null) => void;
  /** The time zone ticks fall in (the site's). */
  readonly zone: string;
}

export function UPlotChart({ build, data, height, onCursor, zone }: UPlotChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef({ data, onCursor, height });
  latest.current = { data, onCursor, height };
  // Read so that a theme or language switch rebuilds the chart.
  const themeNow = theme.value;
  const langNow = lang.value;

  useLayoutEffect(() => {
    const element = box.current;
    if (element === null) return;
    let chart: uPlot | null = null;
    let observer: ResizeObserver | null = null;
    let cancelled = false;
    void loadUPlot().then((UPlot) => {
      if (cancelled) return;
      const width = Math.max(200, element.clientWidth);
      const options = build(chartColours());
      const made = new UPlot(
        {
          ...options,
          width,
          height: latest.current.height(width),
          // Ticks on the site's own hours and midnights, not the browser's or UTC's.
          tzDate: (ts) => UPlot.tzDate(new Date(ts * 1000), zone),
          hooks: {
            ...options.hooks,
            setCursor: [
              ...(options.hooks?.setCursor ?? []),
              (u) => latest.current.onCursor?.(u.cursor.idx ?? null),
            ],
          },
        },
        latest.current.data,
        element,
      );
      chart = made;
      plot.current = made;
      let lastWidth = width;
      observer = new ResizeObserver(() => {
        const next = Math.max(200, element.clientWidth);
        if (next === lastWidth) return;
        lastWidth = next;
        made.setSize({ width: next, height: latest.current.height(next) });
      });
      observer.observe(element);
    });
    return () => {
      cancelled = true;
      observer?.disconnect();
      chart?.destroy();
      plot.current = null;
    };
  }, [build, zone, themeNow, langNow]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  return <div class="uplot-box" ref={box} />;
}
