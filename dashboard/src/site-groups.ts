// Pure: sites grouped as the board shows them. Each kecamatan with its office first and its
// kelurahan and desa after it; then the OPD offices; then the network core.

import type { InventorySite } from './inventory.js';

export interface SiteGroup {
  readonly key: string;
  /** The kecamatan's name; null for the OPD and core groups (their headings are texts). */
  readonly kecamatan: string | null;
  readonly kind: 'kecamatan' | 'opd' | 'core';
  readonly sites: readonly InventorySite[];
}

// "Desa 9" before "Desa 10". One collator: localeCompare with options builds one per call, which
// took seconds over 10,000 sites.
const collator = new Intl.Collator('id', { numeric: true });

const KIND_RANK: Record<string, number> = { kecamatan: 0, kelurahan: 1, desa: 1, opd: 2, core: 3 };

const byName = (a: InventorySite, b: InventorySite): number =>
  collator.compare(a.name, b.name) || collator.compare(a.id, b.id);

export function groupSites(sites: readonly InventorySite[]): SiteGroup[] {
  const kecamatans = new Map<string, InventorySite[]>();
  const opd: InventorySite[] = [];
  const core: InventorySite[] = [];
  for (const site of sites) {
    if (site.kind === 'opd') opd.push(site);
    else if (site.kind === 'core') core.push(site);
    else {
      const list = kecamatans.get(site.kecamatan) ?? [];
      list.push(site);
      kecamatans.set(site.kecamatan, list);
    }
  }
  const groups: SiteGroup[] = [...kecamatans.entries()]
    .sort(([a], [b]) => collator.compare(a, b))
    .map(([kecamatan, list]) => ({
      key: `kec:${kecamatan}`,
      kecamatan,
      kind: 'kecamatan' as const,
      sites: list.sort(
        (a, b) => (KIND_RANK[a.kind] ?? 9) - (KIND_RANK[b.kind] ?? 9) || byName(a, b),
      ),
    }));
  if (opd.length > 0)
    groups.push({ key: 'opd', kecamatan: null, kind: 'opd', sites: opd.sort(byName) });
  if (core.length > 0)
    groups.push({ key: 'core', kecamatan: null, kind: 'core', sites: core.sort(byName) });
  return groups;
}

export interface SiteFilter {
  readonly kind: string;
  readonly kecamatan: string;
  readonly isp: string;
  readonly state: string;
  readonly q: string;
}

/** Whether a site passes the filters; `state` is its live state name. Empty filters pass all. */
export function passes(site: InventorySite, state: string, filter: SiteFilter): boolean {
  if (filter.kind !== '' && site.kind !== filter.kind) return false;
  if (filter.kecamatan !== '' && site.kecamatan.toLowerCase() !== filter.kecamatan.toLowerCase())
    return false;
  if (filter.isp !== '' && site.isp.toLowerCase() !== filter.isp.toLowerCase()) return false;
  if (filter.state !== '' && state !== filter.state) return false;
  if (filter.q !== '') {
    const needle = filter.q.toLowerCase();
    if (!site.name.toLowerCase().includes(needle) && !site.id.toLowerCase().includes(needle))
      return false;
  }
  return true;
}
