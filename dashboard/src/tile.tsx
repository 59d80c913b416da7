// One site as a tile component (the wall's): colour, icon and a short word for its state, its
// name, and how long ago the state began. Each tile follows only its own site's signal, so a
// change re-renders one tile. The board draws the same markup as text (tile-html.ts).

import { useComputed } from '@preact/signals';
import { now } from './clock.js';
import type { InventorySite } from './inventory.js';
import { sitesById } from './inventory.js';
import { liveSite } from './live.js';
import { tileLabel, tileText } from './tile-html.js';
import { shortAge, tileName } from './tile-text.js';

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
  const age = useComputed(() => shortAge(live.value, now.value, en));
  const { state, details } = tileText(live.value, {
    nowMs: now.peek(),
    en,
    nameOf: (id) => sitesById.value.get(id)?.name,
  });
  return (
    <a
      href={`/sites/${encodeURIComponent(site.id)}`}
      class={`tile state-mark state-${state}${large ? ' large' : ''}${live.value?.flapping ? ' flapping' : ''}`}
      aria-label={tileLabel(site.name, details)}
      data-site={site.id}
      data-state={state}
      data-age={age.value === '' ? undefined : age.value}
    >
      <span class="tile-name">{tileName(site.name)}</span>
    </a>
  );
}
