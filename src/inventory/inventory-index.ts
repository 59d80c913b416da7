// The inventory as every part looks it up, built once per inventory version (at start and at each
// reload): sites by id (the first of a duplicate id counts), by kecamatan (case-insensitive, as
// people type names, each kecamatan under the name the inventory first spells it), by kind, ISP
// and plan, and the parent tree.

import { SiteTree } from './hierarchy.js';
import type { Inventory, Site, SiteKind } from './types.js';

/** Appends to the list under `key`, making it on first use. */
function push<K>(map: Map<K, string[]>, key: K, id: string): void {
  const list = map.get(key);
  if (list) list.push(id);
  else map.set(key, [id]);
}

export class InventoryIndex {
  readonly tree: SiteTree;
  /** Every site once, in inventory order. */
  readonly all: readonly Site[];
  private readonly byId = new Map<string, Site>();
  private readonly byKecamatan = new Map<string, string[]>();
  /** Lower-cased kecamatan → the name as the inventory spells it. */
  private readonly kecamatanNames = new Map<string, string>();
  /** Site id → its kecamatan's one name: looked up for every live change and every metrics tag. */
  private readonly kecamatanBySite = new Map<string, string>();
  private readonly byKind = new Map<SiteKind, string[]>();
  private readonly byIsp = new Map<string, string[]>();
  private readonly byPlan = new Map<string, string[]>();

  constructor(readonly inventory: Inventory) {
    this.tree = new SiteTree(inventory.sites);
    const all: Site[] = [];
    for (const site of inventory.sites) {
      if (this.byId.has(site.id)) continue; // a duplicate id: the first one counts, as in SiteTree
      this.byId.set(site.id, site);
      all.push(site);
      const key = site.kecamatan.toLowerCase();
      const name = this.kecamatanNames.get(key) ?? site.kecamatan;
      this.kecamatanNames.set(key, name);
      this.kecamatanBySite.set(site.id, name);
      push(this.byKecamatan, key, site.id);
      push(this.byKind, site.kind, site.id);
      push(this.byIsp, site.isp.toLowerCase(), site.id);
      push(this.byPlan, site.planId, site.id);
    }
    this.all = all;
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

  /** A site's kecamatan under its one name (as the inventory first spells it); undefined for no site. */
  kecamatanOf(siteId: string): string | undefined {
    return this.kecamatanBySite.get(siteId);
  }

  /** A kecamatan's name as the inventory spells it, whatever the case of `name`; undefined for none. */
  kecamatanName(name: string): string | undefined {
    return this.kecamatanNames.get(name.toLowerCase());
  }

  /** Every kecamatan's name, as the inventory spells it, in order of first appearance. */
  kecamatans(): string[] {
    return [...this.kecamatanNames.values()];
  }

  ofKind(kind: SiteKind): readonly string[] {
    return this.byKind.get(kind) ?? [];
  }

  /** The ids of an ISP's sites, whatever the case of `isp`. */
  ofIsp(isp: string): readonly string[] {
    return this.byIsp.get(isp.toLowerCase()) ?? [];
  }

  ofPlan(planId: string): readonly string[] {
    return this.byPlan.get(planId) ?? [];
  }

  /** The sites with these ids that exist, in the order given. */
  sites(ids: readonly string[]): Site[] {
    return ids.flatMap((id) => this.byId.get(id) ?? []);
  }
}
