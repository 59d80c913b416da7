// Pure: whether the map gets a tile layer. Only when the config names a tile server (an intranet's
// own): by default the dashboard fetches nothing from anywhere.

import type { UiSettings } from '../../../src/api/ui-view.js';

export interface TileLayerSpec {
  readonly url: string;
  readonly options: { readonly attribution: string; readonly maxZoom: number };
}

/** The highest zoom without tiles: a street's width, past which sites only spread further. */
export const MAX_ZOOM_WITHOUT_TILES = 18;

/** null (no layer) unless the settings name a tile server; the attribution is text, not HTML. */
export function tileLayerSpec(settings: UiSettings | null): TileLayerSpec | null {
  const tiles = settings?.map.tiles ?? null;
  if (tiles === null || tiles.url.trim() === '') return null;
  return {
    url: tiles.url,
    options: { attribution: escapeHtml(tiles.attribution), maxZoom: tiles.maxZoom },
  };
}

/** Leaflet sets the attribution as HTML: the config's text is shown as written. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}
