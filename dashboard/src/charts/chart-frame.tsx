// A chart's panel: its title and where its points come from, the chart (or a clear message when
// there is nothing to draw), and its legend as the figure's caption.

import type { ComponentChildren } from 'preact';

export type ChartStatus =
  | { readonly kind: 'loading'; readonly text: string }
  | { readonly kind: 'error'; readonly text: string }
  | { readonly kind: 'empty'; readonly text: string; readonly hint: string }
  | { readonly kind: 'ready' };

export function ChartFrame({
  id,
  title,
  note,
  status,
  label,
  points,
  drawn,
  children,
  legend,
  tools,
}: {
  id: string;
  title: string;
  note: ComponentChildren;
  status: ChartStatus;
  /** The chart's accessible name: what it shows, with its figures. */
  label: string;
  /** Points from stored history (the end-to-end test reads it). */
  points: number;
  /** Points drawn, live ones included. */
  drawn: number;
  children: ComponentChildren;
  legend: ComponentChildren;
  /** Controls beside the title (a scale switch). */
  tools?: ComponentChildren;
}) {
  return (
    <figure
      class={`panel chart chart-${id}`}
      aria-labelledby={`chart-${id}-title`}
      data-status={status.kind}
      data-points={points}
      data-drawn={drawn}
    >
      <div class="chart-head">
        <h2 id={`chart-${id}-title`}>{title}</h2>
        <span class="chart-note">{note}</span>
        {status.kind === 'ready' ? tools : null}
      </div>
      {status.kind === 'ready' ? (
        <div class="chart-body" role="img" aria-label={label}>
          {children}
        </div>
      ) : (
        <div class={`chart-message chart-${status.kind}`} role="status">
          {status.kind === 'empty' ? (
            <>
              <svg viewBox="0 0 48 24" width="48" height="24" aria-hidden="true">
                <path d="M2 20h44M4 14l8-5 8 6 8-9 8 7 8-4" />
              </svg>
              <strong>{status.text}</strong>
              <span>{status.hint}</span>
            </>
          ) : (
            <span>{status.text}</span>
          )}
        </div>
      )}
      {status.kind === 'ready' ? <figcaption class="chart-legend">{legend}</figcaption> : null}
    </figure>
  );
}
