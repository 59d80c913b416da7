// A synthetic inventory of any size, shaped like a province (one data centre, a kecamatan office
// per ~12 villages, half the villages behind their kecamatan office): for benchmarks at scale.

import type { Inventory, Plan, Site } from '../inventory/index.js';
import { nthLabAddress } from './addresses.js';

const PLANS: readonly Plan[] = [
  {
    id: 'syn-metro-1g',
    isp: 'Telkom',
    product: 'Metro Ethernet 1 Gbps',
    mbps: 1000,
    billing: { model: 'flat', monthlyIdr: 42_000_000 },
    sla: { pct: 99.9, creditPctPerStep: 10, stepPct: 0.1 },
  },
  {
    id: 'syn-astinet-50',
    isp: 'Telkom',
    product: 'Astinet 50 Mbps',
    mbps: 50,
    billing: { model: 'flat', monthlyIdr: 11_500_000 },
    sla: { pct: 99.5, creditPctPerStep: 5, stepPct: 0.5 },
  },
  {
    id: 'syn-bisnis-30',
    isp: 'Telkom',
    product: 'IndiHome Bisnis 30 Mbps',
    mbps: 30,
    billing: { model: 'flat', monthlyIdr: 690_000 },
    sla: null,
  },
  {
    id: 'syn-vsat-4',
    isp: 'BAKTI',
    product: 'VSAT 4 Mbps',
    mbps: 4,
    billing: { model: 'quota', monthlyIdr: 2_100_000, quotaGb: 300, overageIdrPerGb: 9500 },
    sla: { pct: 98, creditPctPerStep: 5, stepPct: 1 },
  },
];

function site(
  index: number,
  fields: Pick<Site, 'id' | 'name' | 'kind' | 'kecamatan' | 'parentId' | 'planId' | 'isp'>,
  wan: string,
): Site {
  return {
    ...fields,
    location: null,
    timezone: 'Asia/Jakarta',
    router: {
      host: nthLabAddress(index),
      snmpPort: 161,
      snmp: { version: '2c', community: 'public' },
      wan: { by: 'ifName', value: wan },
      lan: null,
    },
    contract: { start: '2025-01-01', end: null },
  };
}

/** `count` sites (at least 1); ids and addresses are stable for a given count. */
export function syntheticInventory(count: number): Inventory {
  const sites: Site[] = [];
  sites.push(
    site(
      0,
      {
        id: 'syn-core',
        name: 'Data Center',
        kind: 'core',
        kecamatan: 'Pusat',
        parentId: null,
        planId: 'syn-metro-1g',
        isp: 'telkom',
      },
      'sfp-sfpplus1',
    ),
  );
  let kecamatan = 0;
  let office = 'syn-core';
  for (let i = 1; i < count; i++) {
    if ((i - 1) % 13 === 0) {
      kecamatan += 1;
      office = `syn-kec-${kecamatan}`;
      sites.push(
        site(
          i,
          {
            id: office,
            name: `Kantor Kecamatan ${kecamatan}`,
            kind: 'kecamatan',
            kecamatan: `Kecamatan ${kecamatan}`,
            parentId: 'syn-core',
            planId: 'syn-astinet-50',
            isp: 'telkom',
          },
          'ether1',
        ),
      );
      continue;
    }
    const vsat = i % 50 === 0;
    sites.push(
      site(
        i,
        {
          id: `syn-desa-${i}`,
          name: `Desa ${i}`,
          kind: 'desa',
          kecamatan: `Kecamatan ${kecamatan}`,
          parentId: i % 2 === 0 ? office : null,
          planId: vsat ? 'syn-vsat-4' : 'syn-bisnis-30',
          isp: vsat ? 'bakti' : 'indihome',
        },
        vsat ? 'wan0' : 'ether1',
      ),
    );
  }
  return { sites, plans: PLANS };
}
