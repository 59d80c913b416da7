// The board's tiles as HTML text, patched in place when their site changes: at 10,000 sites a
// component with its own signals per tile cost about a second of rendering and collection on
// first load; one string per group and a map from site to element cost a fraction of it. The
// markup is the same as SiteTile's (tile.tsx), which the wall still uses: the age in `data-age`
// (drawn by CSS), the state in words in `aria-label`.

import { formatAgo, t } from './i18n.js';
import type { InventorySite } from './inventory.js';
import type { LiveSite } from './live.js';
import { stateLabel } from './states.js';
import { shortAge, tileName } from './tile-text.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML content and attribute values (names come from the inventory). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

export interface TileContext {
  readonly nowMs: number;
  readonly en: boolean;
  /** A site's name by id, for an unreachable site's cause. */
  readonly nameOf: (id: string) => string | undefined;
}

/** What a tile says: its state, its visible age, and the words read out after its name. */
export function tileText(live: LiveSite | undefined, context: TileContext) {
  const state = live?.state ?? 'unknown';
  const since = live?.since ?? null;
  const cause =
    live?.state === 'unreachable' ? (context.nameOf(live.causeId) ?? live.causeId) : null;
  const details = [
    stateLabel(state),
    cause === null ? null : t('board.causeOf', { cause }),
    live?.flapping ? t('board.flapping') : null,
    formatAgo(since, context.nowMs),
  ]
    .filter((part) => part !== null)
    .join(', ');
  return { state, age: shortAge(live, context.nowMs, context.en), details };
}

export function tileHtml(
  site: InventorySite,
  live: LiveSite | undefined,
  context: TileContext,
): string {
  const { state, age, details } = tileText(live, context);
  const id = escapeHtml(site.id);
  const flapping = live?.flapping ? ' flapping' : '';
  // Two nodes a tile, not seven: the age is drawn from data-age, the words are the link's label
  // (its tooltip too, set on hover by tile-title.ts). HTML parsing was a third of 10,000 tiles' render.
  return (
    `<a href="/sites/${escapeHtml(encodeURIComponent(site.id))}" class="tile state-mark state-${state}${flapping}"` +
    ` aria-label="${escapeHtml(tileLabel(site.name, details))}" data-site="${id}" data-state="${state}"` +
    `${age === '' ? '' : ` data-age="${escapeHtml(age)}"`}>` +
    `<span class="tile-name">${escapeHtml(tileName(site.name))}</span></a>`
  );
}

/**
 * What a tile reads out and shows on hover: its name as drawn (a label must hold the visible text,
 * WCAG 2.5.3), the full name where the tile shortens it, then the state in words.
 */
export function tileLabel(name: string, details: string): string {
  const short = tileName(name);
  return short === name ? `${name}: ${details}` : `${short} — ${name}: ${details}`;
}
