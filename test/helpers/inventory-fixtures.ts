// Small inventory objects for tests, with every field filled and overridable.

import type { Plan, Site } from '../../src/inventory/index.js';

export function testPlan(overrides: Partial<Plan> = {}): Plan {
  return {
    id: 'astinet-20',
    isp: 'Telkom',
    product: 'Astinet 20 Mbps',
    mbps: 20,
    billing: { model: 'flat', monthlyIdr: 5_600_000 },
    sla: { pct: 99.5, creditPctPerStep: 5, stepPct: 0.5 },
    ...overrides,
  };
}

export function testSite(overrides: Partial<Site> & { host?: string; wan?: string } = {}): Site {
  const { host, wan, ...rest } = overrides;
  return {
    id: 'desa-uji-01',
    name: 'Desa Uji 01',
    kind: 'desa',
    kecamatan: 'Uji',
    parentId: null,
    location: { lat: -6.2, lon: 106.5 },
    timezone: 'Asia/Jakarta',
    router: {
      host: host ?? '198.18.0.10',
      snmpPort: 161,
      snmp: { version: '2c', community: 'public' },
      wan: { by: 'ifName', value: wan ?? 'ether1' },
      lan: null,
    },
    isp: 'telkom',
    planId: 'astinet-20',
    contract: { start: '2025-01-01', end: null },
    ...rest,
  };
}

/**
 * Two kecamatan, each office with its desa: Cisoka spelled three ways ("Cisoka" first, so the
 * index's one name for it), Cisauk one way. For the case rule of kecamatan names.
 */
export function cisokaAndCisauk(): Site[] {
  return [
    testSite({ id: 'kec-cisoka', kind: 'kecamatan', kecamatan: 'Cisoka' }),
    testSite({ id: 'desa-cisoka-01', kecamatan: 'CISOKA', parentId: 'kec-cisoka' }),
    testSite({ id: 'kec-cisauk', kind: 'kecamatan', kecamatan: 'Cisauk' }),
    testSite({ id: 'desa-cisauk-01', kecamatan: 'Cisauk', parentId: 'kec-cisauk' }),
    testSite({ id: 'desa-cisoka-02', kecamatan: 'cisoka', parentId: 'kec-cisoka' }),
  ];
}

/** The Cisoka sites of cisokaAndCisauk(), in inventory order. */
export const CISOKA_IDS: readonly string[] = ['kec-cisoka', 'desa-cisoka-01', 'desa-cisoka-02'];
