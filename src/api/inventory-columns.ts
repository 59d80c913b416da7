// The inventory's sites as columns, for the dashboard (/api/inventory?form=columns): a list per field
// instead of an object per site, and the fields that repeat (kind, kecamatan, ISP, plan, time zone,
// dates) as an index into their distinct values. 10,000 sites are 0.8 MB instead of 3.2 MB, and
// Chromium takes a large body into the page at about 25 MB/s here: that was a tenth of the board's
// first render. Pure, so the dashboard's build shares the decoder.

import type { InventorySite } from './inventory-view.js';

/** A field that repeats: its distinct values, and each site's index into them (-1: null). */
export interface DictionaryColumn {
  readonly values: readonly string[];
  readonly index: readonly number[];
}

export interface SiteColumns {
  readonly count: number;
  readonly id: readonly string[];
  readonly name: readonly string[];
  readonly host: readonly string[];
  /** The parent's position in these columns; -1: a direct ISP link. */
  readonly parent: readonly number[];
  /** null where the site has no location. */
  readonly lat: readonly (number | null)[];
  readonly lon: readonly (number | null)[];
  readonly kind: DictionaryColumn;
  readonly kecamatan: DictionaryColumn;
  readonly timezone: DictionaryColumn;
  readonly isp: DictionaryColumn;
  readonly planId: DictionaryColumn;
  readonly contractStart: DictionaryColumn;
  readonly contractEnd: DictionaryColumn;
  readonly liveness: DictionaryColumn;
}

function dictionary(values: readonly (string | null)[]): DictionaryColumn {
  const positions = new Map<string, number>();
  const distinct: string[] = [];
  const index = values.map((value) => {
    if (value === null) return -1;
    let at = positions.get(value);
    if (at === undefined) {
      at = distinct.length;
      distinct.push(value);
      positions.set(value, at);
    }
    return at;
  });
  return { values: distinct, index };
}

export function siteColumns(sites: readonly InventorySite[]): SiteColumns {
  const position = new Map(sites.map((s, i) => [s.id, i]));
  return {
    count: sites.length,
    id: sites.map((s) => s.id),
    name: sites.map((s) => s.name),
    host: sites.map((s) => s.host),
    parent: sites.map((s) => (s.parentId === null ? -1 : (position.get(s.parentId) ?? -1))),
    lat: sites.map((s) => s.location?.lat ?? null),
    lon: sites.map((s) => s.location?.lon ?? null),
    kind: dictionary(sites.map((s) => s.kind)),
    kecamatan: dictionary(sites.map((s) => s.kecamatan)),
    timezone: dictionary(sites.map((s) => s.timezone)),
    isp: dictionary(sites.map((s) => s.isp)),
    planId: dictionary(sites.map((s) => s.planId)),
    contractStart: dictionary(sites.map((s) => s.contract.start)),
    contractEnd: dictionary(sites.map((s) => s.contract.end)),
    liveness: dictionary(sites.map((s) => s.liveness)),
  };
}

/** The sites again, as /api/inventory gives them row by row. */
export function sitesFromColumns(columns: SiteColumns): InventorySite[] {
  const at = (column: DictionaryColumn, i: number): string | null => {
    const index = column.index[i] ?? -1;
    return index < 0 ? null : (column.values[index] ?? null);
  };
  const sites: InventorySite[] = new Array(columns.count);
  for (let i = 0; i < columns.count; i++) {
    const parent = columns.parent[i] ?? -1;
    const lat = columns.lat[i] ?? null;
    const lon = columns.lon[i] ?? null;
    sites[i] = {
      id: columns.id[i] as string,
      name: columns.name[i] as string,
      kind: at(columns.kind, i) as string,
      kecamatan: at(columns.kecamatan, i) as string,
      parentId: parent < 0 ? null : (columns.id[parent] ?? null),
      location: lat === null || lon === null ? null : { lat, lon },
      timezone: at(columns.timezone, i) as string,
      host: columns.host[i] as string,
      isp: at(columns.isp, i) as string,
      planId: at(columns.planId, i) as string,
      contract: { start: at(columns.contractStart, i) as string, end: at(columns.contractEnd, i) },
      liveness: at(columns.liveness, i) as string,
    };
  }
  return sites;
}
