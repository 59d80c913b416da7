// What a reload changes in the inventory: sites added, removed, and changed in any field. Pure.

import type { Inventory, Site } from './types.js';

export interface InventoryDiff {
  readonly added: readonly Site[];
  readonly removed: readonly Site[];
  /** Sites whose id stayed but whose fields (address, parent, kind, plan, ...) did not. */
  readonly changed: readonly Site[];
  readonly unchanged: number;
}

/** Sites by id, the first of a duplicate id counting, as everywhere else. */
function byId(sites: readonly Site[]): Map<string, Site> {
  const map = new Map<string, Site>();
  for (const site of sites) if (!map.has(site.id)) map.set(site.id, site);
  return map;
}

export function diffInventory(before: Inventory, after: Inventory): InventoryDiff {
  const old = byId(before.sites);
  const now = byId(after.sites);
  const added: Site[] = [];
  const changed: Site[] = [];
  let unchanged = 0;
  for (const [id, site] of now) {
    const was = old.get(id);
    if (was === undefined) added.push(site);
    else if (sameSite(was, site)) unchanged++;
    else changed.push(site);
  }
  const removed = [...old.values()].filter((site) => !now.has(site.id));
  return { added, removed, changed, unchanged };
}

export function isEmptyDiff(diff: InventoryDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length === 0;
}

/** Sites are plain data read from YAML: equal when their JSON is (keys come in schema order). */
function sameSite(a: Site, b: Site): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
