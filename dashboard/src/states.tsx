// Each site state's colour, icon and word: the same everywhere (tiles, map, charts, legends), so a
// state reads without colour too. Colours come from a colour-blind-safe palette (Okabe–Ito based).

import type { SiteStateName } from '../../src/status/types.js';
import { t } from './i18n.js';

export type { SiteStateName } from '../../src/status/types.js';

/** Worst first: the order of counts, legends and the wall's "in trouble" list. */
export const STATE_ORDER: readonly SiteStateName[] = [
  'down',
  'unreachable',
  'snmp-failed',
  'degraded',
  'maintenance',
  'unknown',
  'up',
];

export const TROUBLE: ReadonlySet<SiteStateName> = new Set([
  'down',
  'unreachable',
  'snmp-failed',
  'degraded',
]);

/** CSS custom property holding the state's colour (styles.css sets them for both themes). */
export function stateColor(state: SiteStateName): string {
  return `var(--state-${state})`;
}

/** The same colours as plain values, for canvas drawing (map, charts), light theme. */
export const STATE_HEX: Record<SiteStateName, string> = {
  up: '#1b9e4b',
  degraded: '#e69f00',
  'snmp-failed': '#8856a7',
  down: '#d7301f',
  unreachable: '#6b7280',
  maintenance: '#0072b2',
  unknown: '#b8bec8',
};

// 16×16 paths, drawn in currentColor (the map draws them on its canvas too).
export const ICONS: Record<SiteStateName, string> = {
  up: 'M3 8.5l3.2 3.2L13 4.8',
  degraded: 'M8 2.5L14.5 13.5H1.5Z M8 6.5v3.5 M8 11.6v.4',
  'snmp-failed': 'M3 3h10v7H3z M5.5 13h5 M8 10v3 M5 5.5l6 3 M11 5.5l-6 3',
  down: 'M4 4l8 8 M12 4l-8 8',
  unreachable:
    'M6.5 9.5l-2 2a2.1 2.1 0 01-3-3l2-2 M9.5 6.5l2-2a2.1 2.1 0 013 3l-2 2 M5.5 2v2 M2 5.5h2 M10.5 14v-2 M14 10.5h-2',
  maintenance:
    'M10.5 2.5a3 3 0 00-3.4 4L2.5 11.1a1.3 1.3 0 001.9 1.9L9 8.4a3 3 0 004-3.4l-1.9 1.9-1.6-.4-.4-1.6z',
  unknown: 'M5.8 5.8a2.3 2.3 0 114 1.6c-.8.7-1.8 1.2-1.8 2.6 M8 12.3v.4',
};

/**
 * The icons as CSS masks, `.state-mark.state-X::before`: for the thousands of tiles, where an
 * inline SVG each costs seconds of DOM and layout at 10,000 sites.
 */
export function installStateMarks(): void {
  const rules = (Object.keys(ICONS) as SiteStateName[]).map((state) => {
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16" fill="none" stroke="black" ` +
      `stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"><path d="${ICONS[state]}"/></svg>`;
    const url = `url("data:image/svg+xml,${encodeURIComponent(svg)}")`;
    return `.state-mark.state-${state}::before{-webkit-mask-image:${url};mask-image:${url}}`;
  });
  const style = document.createElement('style');
  style.textContent = rules.join('\n');
  document.head.append(style);
}

export function StateIcon({ state, size = 16 }: { state: SiteStateName; size?: number }) {
  return (
    <svg
      class="state-icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      aria-hidden="true"
      focusable="false"
      fill="none"
      stroke="currentColor"
      stroke-width="1.8"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      <path d={ICONS[state]} />
    </svg>
  );
}

export function stateLabel(state: SiteStateName): string {
  return t(`state.${state}`);
}

/** A state as a coloured pill with its icon and word. */
export function StateBadge({ state }: { state: SiteStateName }) {
  return (
    <span class={`badge state-${state}`}>
      <StateIcon state={state} size={14} />
      {stateLabel(state)}
    </span>
  );
}
