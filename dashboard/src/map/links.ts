// Pure: the parent links as the map draws them. Each shown site is joined to its parent; at the
// current clustering a link runs between the marks that hold the two, links between the same two
// marks are drawn once, and a link inside one mark is not drawn. A link whose site is down or
// unreachable is highlighted, the worst one winning. The faint `all` depends on where the sites
// are, not on their states, so a change of state redraws only the highlighted few.

import type { SiteStateName } from '../../../src/status/types.js';

export type LinkKind = 'normal' | 'unreachable' | 'down';

export interface LinkSite {
  readonly id: string;
  readonly parentId: string | null;
  readonly state: SiteStateName;
}

export interface LinkEnd {
  readonly key: string;
  readonly lat: number;
  readonly lon: number;
}

export type LatLon = readonly [number, number];
export type Segment = readonly [LatLon, LatLon];

/** Every link once (`all`, drawn faint), and those of down and unreachable sites again on top. */
export interface LinkSegments {
  readonly all: readonly Segment[];
  readonly unreachable: readonly Segment[];
  readonly down: readonly Segment[];
}

const RANK: Record<LinkKind, number> = { normal: 0, unreachable: 1, down: 2 };

export function linkKind(state: SiteStateName): LinkKind {
  return state === 'down' ? 'down' : state === 'unreachable' ? 'unreachable' : 'normal';
}

/**
 * `shown`: the sites drawn; `markOf`: where each shown site is drawn; `locationOf`: a site's own
 * position, for a parent that is not drawn (filtered out), so its children still point at it.
 */
export function linkSegments(
  shown: readonly LinkSite[],
  markOf: ReadonlyMap<string, LinkEnd>,
  locationOf: (id: string) => { readonly lat: number; readonly lon: number } | null,
): LinkSegments {
  const links = new Map<string, { from: LinkEnd; to: LinkEnd; kind: LinkKind }>();
  for (const site of shown) {
    if (site.parentId === null) continue;
    const from = markOf.get(site.id);
    if (from === undefined) continue;
    let to = markOf.get(site.parentId);
    if (to === undefined) {
      const place = locationOf(site.parentId);
      if (place === null) continue;
      to = { key: `p:${site.parentId}`, lat: place.lat, lon: place.lon };
    }
    if (from.key === to.key) continue;
    const key = from.key < to.key ? `${from.key}|${to.key}` : `${to.key}|${from.key}`;
    const kind = linkKind(site.state);
    const found = links.get(key);
    if (found === undefined) links.set(key, { from, to, kind });
    else if (RANK[kind] > RANK[found.kind]) found.kind = kind;
  }
  const all: Segment[] = [];
  const unreachable: Segment[] = [];
  const down: Segment[] = [];
  for (const { from, to, kind } of links.values()) {
    const segment: Segment = [
      [from.lat, from.lon],
      [to.lat, to.lon],
    ];
    all.push(segment);
    if (kind === 'down') down.push(segment);
    else if (kind === 'unreachable') unreachable.push(segment);
  }
  return { all, unreachable, down };
}
