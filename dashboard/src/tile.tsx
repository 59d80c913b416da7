// One site as a tile: colour, icon and a short word for its state, its name, and how long ago the
// state began. Each tile follows only its own site's signal, so a change re-renders one tile.

import { useComputed } from '@preact/signals';
import { now } from './clock.js';
import { formatAgo, t } from './i18n.js';
import type { InventorySite } from './inventory.js';
import { sitesById } from './inventory.js';
import { liveSite } from './live.js';
import { stateLabel } from './states.js';

/** "3 mnt", "2 j", "4 hr" (or "3 min", "2 h", "4 d"): a tile's compact age. */
function shortAge(since: number | null, nowMs: number, en: boolean): string {
  if (since === null) return '–';
  const s = Math.max(0, Math.floor((nowMs - since) / 1000));
  if (s < 60) return en ? `${s} s` : `${s} dtk`;
  if (s < 3600) return en ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 60)} mnt`;
  if (s < 86_400) return `${Math.floor(s / 3600)} ${en ? 'h' : 'j'}`;
  return `${Math.floor(s / 86_400)} ${en ? 'd' : 'hr'}`;
}

// Office names say their kind at length; on a tile the short form leaves room for the place.
const SHORT_NAMES: readonly [RegExp, string][] = [
  [/^Kantor Kecamatan\s+/i, 'Kec. '],
  [/^Kantor Kelurahan\s+/i, 'Kel. '],
  [/^Kelurahan\s+/i, 'Kel. '],
  [/^Kantor Desa\s+/i, 'Desa '],
];

const RECENT_MS = 3_600_000;

/** The name as a tile shows it; the full name stays in its label and tooltip. */
export function tileName(name: string): string {
  for (const [pattern, short] of SHORT_NAMES)
    if (pattern.test(name)) return name.replace(pattern, short);
  return name;
}

export function SiteTile({
  site,
  en,
  large = false,
}: {
  site: InventorySite;
  en: boolean;
  large?: boolean;
}) {
  const live = liveSite(site.id);
  const state = live.value?.state ?? 'unknown';
  const since = live.value?.since ?? null;
  // An up site's age matters only while its recovery is recent; older, it is noise on the board.
  const age = useComputed(() => {
    const current = live.value;
    if (current?.state === 'up' && current.since !== null && now.value - current.since > RECENT_MS)
      return '';
    return shortAge(current?.since ?? null, now.value, en);
  });
  const cause =
    live.value?.state === 'unreachable'
      ? (sitesById.value.get(live.value.causeId)?.name ?? live.value.causeId)
      : null;
  const details = [
    stateLabel(state),
    cause === null ? null : t('board.causeOf', { cause }),
    live.value?.flapping ? t('board.flapping') : null,
    formatAgo(since, now.peek()),
  ]
    .filter((part) => part !== null)
    .join(', ');
  return (
    <a
      href={`/sites/${encodeURIComponent(site.id)}`}
      class={`tile state-mark state-${state}${large ? ' large' : ''}${live.value?.flapping ? ' flapping' : ''}`}
      title={`${site.name} — ${details}`}
      data-site={site.id}
      data-state={state}
    >
      <span class="tile-name">{tileName(site.name)}</span>
      <span class="tile-age">{age}</span>
      {/* Read out after the name: the state in words, its cause, since when. */}
      <span class="visually-hidden">{`: ${details}`}</span>
    </a>
  );
}
