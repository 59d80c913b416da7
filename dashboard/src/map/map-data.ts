// Pure: which sites the map shows. The filters (state, kecamatan) come from the URL; a site is drawn
// at its location, and one without a location is counted for the note under the map.

import type { InventorySite } from '../../../src/api/inventory-view.js';
import type { SiteStateName } from '../../../src/status/types.js';
import type { MapPoint } from './cluster.js';

export interface MapFilter {
  readonly state: string;
  readonly kecamatan: string;
}

export function mapFilterOf(params: URLSearchParams): MapFilter {
  return { state: params.get('state') ?? '', kecamatan: params.get('kecamatan') ?? '' };
}

export interface ShownSites {
  /** The sites that pass the filter and have a location: what the map draws. */
  readonly points: readonly MapPoint[];
  readonly located: readonly InventorySite[];
  /** The sites that pass the filter but have no location. */
  readonly unlocated: readonly InventorySite[];
}

export function shownSites(
  sites: readonly InventorySite[],
  filter: MapFilter,
  stateOf: (id: string) => SiteStateName,
): ShownSites {
  const points: MapPoint[] = [];
  const located: InventorySite[] = [];
  const unlocated: InventorySite[] = [];
  for (const site of sites) {
    if (filter.kecamatan !== '' && site.kecamatan !== filter.kecamatan) continue;
    const state = stateOf(site.id);
    if (filter.state !== '' && state !== filter.state) continue;
    if (site.location === null) {
      unlocated.push(site);
      continue;
    }
    located.push(site);
    points.push({ id: site.id, lat: site.location.lat, lon: site.location.lon, state });
  }
  return { points, located, unlocated };
}

export interface TroubleSite {
  readonly site: InventorySite;
  readonly state: SiteStateName;
}

const collator = new Intl.Collator('id', { numeric: true });

/** The sites in `trouble` states, worst first and by name: the list beside the map. */
export function troubleSites(
  sites: readonly InventorySite[],
  stateOf: (id: string) => SiteStateName,
  order: readonly SiteStateName[],
  trouble: ReadonlySet<SiteStateName>,
): TroubleSite[] {
  const rank = new Map(order.map((state, i) => [state, i]));
  return sites
    .map((site) => ({ site, state: stateOf(site.id) }))
    .filter(({ state }) => trouble.has(state))
    .sort(
      (a, b) =>
        (rank.get(a.state) ?? 99) - (rank.get(b.state) ?? 99) ||
        collator.compare(a.site.name, b.site.name),
    );
}

/** Sites by state as text, worst first, states with none left out: e.g. "down:1 up:341". */
export function stateTally(
  counts: Readonly<Partial<Record<SiteStateName, number>>>,
  order: readonly SiteStateName[],
): string {
  return order
    .filter((state) => (counts[state] ?? 0) > 0)
    .map((state) => `${state}:${counts[state]}`)
    .join(' ');
}
