// A site's facts as the dashboard gets them (/api/inventory). Pure, and importing only the
// inventory's types, so the dashboard's build can share it.

import type { Site } from '../inventory/types.js';

export interface InventorySite {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly kecamatan: string;
  readonly parentId: string | null;
  readonly location: { readonly lat: number; readonly lon: number } | null;
  readonly timezone: string;
  /** The router's address, which an engineer needs when calling the ISP or logging in. */
  readonly host: string;
  readonly isp: string;
  readonly planId: string;
  readonly contract: { readonly start: string; readonly end: string | null };
  /** `tcp:PORT` when the site is judged alive by a TCP connect; `icmp` otherwise. */
  readonly liveness: string;
}

export function inventorySite(site: Site): InventorySite {
  return {
    id: site.id,
    name: site.name,
    kind: site.kind,
    kecamatan: site.kecamatan,
    parentId: site.parentId,
    location: site.location,
    timezone: site.timezone,
    host: site.router.host,
    isp: site.isp,
    planId: site.planId,
    contract: site.contract,
    liveness: site.liveness ? `tcp:${site.liveness.tcp}` : 'icmp',
  };
}
