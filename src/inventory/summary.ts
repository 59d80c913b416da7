// Counts that tell whether an inventory looks as intended: sites by kind and kecamatan, plans in use, depth.

import { SiteTree } from './hierarchy.js';
import { type Inventory, SITE_KINDS, type SiteKind } from './types.js';

export interface InventorySummary {
  readonly sites: number;
  readonly plans: number;
  readonly byKind: Readonly<Record<SiteKind, number>>;
  /** By kecamatan name, alphabetically. */
  readonly byKecamatan: readonly { readonly kecamatan: string; readonly sites: number }[];
  /** Plans with at least one site, most used first. */
  readonly plansUsed: readonly { readonly planId: string; readonly sites: number }[];
  readonly unusedPlans: readonly string[];
  /** Sites with their own ISP link (no parent). */
  readonly directLinks: number;
  /** Levels in the parent tree (a site with its own link is level 1). */
  readonly treeDepth: number;
  /** One longest chain, root first. */
  readonly longestChain: readonly string[];
}

export function summarizeInventory(inventory: Inventory): InventorySummary {
  const byKind = Object.fromEntries(SITE_KINDS.map((k) => [k, 0])) as Record<SiteKind, number>;
  const kecamatan = new Map<string, number>();
  const planUse = new Map<string, number>();
  for (const site of inventory.sites) {
    byKind[site.kind]++;
    kecamatan.set(site.kecamatan, (kecamatan.get(site.kecamatan) ?? 0) + 1);
    planUse.set(site.planId, (planUse.get(site.planId) ?? 0) + 1);
  }
  const tree = new SiteTree(inventory.sites);
  const chain = tree.longestChain();
  return {
    sites: inventory.sites.length,
    plans: inventory.plans.length,
    byKind,
    byKecamatan: [...kecamatan]
      .map(([name, sites]) => ({ kecamatan: name, sites }))
      .sort((a, b) => a.kecamatan.localeCompare(b.kecamatan, 'id')),
    plansUsed: [...planUse]
      .map(([planId, sites]) => ({ planId, sites }))
      .sort((a, b) => b.sites - a.sites || a.planId.localeCompare(b.planId)),
    unusedPlans: inventory.plans.map((p) => p.id).filter((id) => !planUse.has(id)),
    directLinks: inventory.sites.filter((s) => s.parentId === null).length,
    treeDepth: chain.length,
    longestChain: chain,
  };
}
