// The inventory as the routes look it up, built once when the API starts: sites by id, the parent
// graph, and site ids by kecamatan (case-insensitive, as people type names).

import { SiteTree } from './hierarchy.js';
import type { Inventory, Site } from './types.js';

export class InventoryIndex {
  readonly tree: SiteTree;
  private readonly byId = new Map<string, Site>();
  private readonly byKecamatan = new Map<string, string[]>();

  constructor(readonly inventory: Inventory) {
    this.tree = new SiteTree(inventory.sites);
    for (const site of inventory.sites) {
      if (this.byId.has(site.id)) continue; // a duplicate id: the first one counts, as in SiteTree
      this.byId.set(site.id, site);
      const key = site.kecamatan.toLowerCase();
      const ids = this.byKecamatan.get(key);
      if (ids) ids.push(site.id);
      else this.byKecamatan.set(key, [site.id]);
    }
  }

  site(id: string): Site | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The ids of a kecamatan's sites, whatever the case of `name`; undefined for none. */
  kecamatan(name: string): readonly string[] | undefined {
    return this.byKecamatan.get(name.toLowerCase());
  }

  /** The sites with these ids that exist, in the order given. */
  sites(ids: readonly string[]): Site[] {
    return ids.flatMap((id) => this.byId.get(id) ?? []);
  }
}
