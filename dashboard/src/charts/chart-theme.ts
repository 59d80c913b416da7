// The charts' colours and fonts, read from the page's CSS variables so that a chart drawn on a
// canvas follows the light or dark theme like the rest of the page.

export interface ChartColours {
  readonly text: string;
  readonly muted: string;
  readonly grid: string;
  readonly panel: string;
  readonly accent: string;
  readonly down: string;
  readonly unreachable: string;
  readonly dark: boolean;
}

export function chartColours(): ChartColours {
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: read('--text', '#1d232b'),
    muted: read('--muted', '#5d6673'),
    grid: read('--line', '#d9dde3'),
    panel: read('--panel', '#ffffff'),
    accent: read('--accent', '#1b4f72'),
    down: read('--state-down', '#d7301f'),
    unreachable: read('--state-unreachable', '#6b7280'),
    dark: document.documentElement.dataset.theme === 'dark',
  };
}

/** The axes' font: the page's own (system) font, small. */
export const AXIS_FONT =
  '12px system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif';
