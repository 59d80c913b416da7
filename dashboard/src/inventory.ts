// The inventory as the dashboard holds it: every site's facts and plans from /api/inventory,
// fetched once and again after a reload changed it.

import { computed, effect, signal } from '@preact/signals';
import { type SiteColumns, sitesFromColumns } from '../../src/api/inventory-columns.js';
import type { InventorySite } from '../../src/api/inventory-view.js';
import type { Plan } from '../../src/inventory/types.js';
import { getJson } from './api.js';
import { inventoryChanges } from './live.js';

export type { InventorySite } from '../../src/api/inventory-view.js';
export type { Plan } from '../../src/inventory/types.js';

export interface Inventory {
  readonly sites: readonly InventorySite[];
  readonly plans: readonly Plan[];
}

export const inventory = signal<Inventory | null>(null);
export const inventoryError = signal<string | null>(null);

export const sitesById = computed(
  () => new Map((inventory.value?.sites ?? []).map((site) => [site.id, site])),
);
export const plansById = computed(
  () => new Map((inventory.value?.plans ?? []).map((plan) => [plan.id, plan])),
);

/** Children of each site, for "sites behind" counts and the detail page. */
export const childrenOf = computed(() => {
  const children = new Map<string, string[]>();
  for (const site of inventory.value?.sites ?? []) {
    if (site.parentId === null) continue;
    const list = children.get(site.parentId) ?? [];
    list.push(site.id);
    children.set(site.parentId, list);
  }
  return children;
});

/** The plan's monthly price in rupiah before tax, as the contract states it. */
export function monthlyPrice(plan: Plan): number {
  return plan.billing.model === 'per_mbps'
    ? plan.billing.idrPerMbps * plan.mbps
    : plan.billing.monthlyIdr;
}

/** Also preloaded by index.html while the script loads: keep the two the same. */
const INVENTORY_URL = '/api/inventory?form=columns';

async function load(): Promise<void> {
  try {
    // The column form: a quarter of the bytes, which is what a large body costs the page.
    const loaded = await getJson<{ sites: SiteColumns; plans: Plan[] }>(INVENTORY_URL);
    performance.mark('pantau:inventory');
    inventory.value = { sites: sitesFromColumns(loaded.sites), plans: loaded.plans };
    inventoryError.value = null;
  } catch (error) {
    inventoryError.value = (error as Error).message;
    setTimeout(load, 5000);
  }
}

let started = false;
export function startInventory(): void {
  if (started) return;
  started = true;
  void load();
  effect(() => {
    if (inventoryChanges.value !== null) void load();
  });
}
