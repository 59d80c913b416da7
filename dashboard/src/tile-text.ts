// Pure: a tile's short name and its compact age, shared by the board's HTML tiles and SiteTile.

import type { LiveSite } from './live.js';

// An up site's age matters only while its recovery is recent; older, it is noise on the board.
const RECENT_MS = 3_600_000;

/** "3 mnt", "2 j", "4 hr" (or "3 min", "2 h", "4 d"); '' for a site up for over an hour. */
export function shortAge(live: LiveSite | undefined, nowMs: number, en: boolean): string {
  const since = live?.since ?? null;
  if (since === null) return '–';
  if (live?.state === 'up' && nowMs - since > RECENT_MS) return '';
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

/** The name as a tile shows it; the full name stays in its label and tooltip. */
export function tileName(name: string): string {
  let short = shortNames.get(name);
  if (short === undefined) {
    short = name;
    for (const [pattern, replacement] of SHORT_NAMES)
      if (pattern.test(name)) {
        short = name.replace(pattern, replacement);
        break;
      }
    shortNames.set(name, short);
  }
  return short;
}

// Names change only with the inventory: each shortened once, not at every draw of its tile.
const shortNames = new Map<string, string>();
