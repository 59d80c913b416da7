import { describe, expect, it } from 'vitest';
import {
  checkInventory,
  formatInventoryProblem,
  type InventorySources,
  type Site,
  summarizeInventory,
} from '../../../src/inventory/index.js';
import { testPlan, testSite } from '../../helpers/inventory-fixtures.js';

const plan = testPlan({ id: 'astinet-20' });

let nextAddress = 0;

/** Sites with distinct addresses unless the test says otherwise. */
function site(id: string, overrides: Partial<Site> & { host?: string } = {}): Site {
  nextAddress++;
  return testSite({ id, host: `198.18.${nextAddress >> 8}.${nextAddress & 255}`, ...overrides });
}

/** Sources as loadConfig makes them: site i at line 10·i + 1 of sites.yaml. */
function sourcesFor(count: number): InventorySources {
  const at = (line: number, column = 5) => ({ file: 'sites.yaml', line, column });
  return {
    sites: Array.from({ length: count }, (_, i) => ({
      path: `sites[${i}]`,
      at: at(10 * i + 1),
      fields: {
        id: at(10 * i + 1, 9),
        parent: at(10 * i + 2, 13),
        'router.host': at(10 * i + 3, 13),
      },
    })),
    plans: [],
  };
}

const messages = (sites: Site[], sources?: InventorySources) =>
  checkInventory({ sites, plans: [plan] }, sources).map(formatInventoryProblem);

describe('checkInventory', () => {
  it('finds nothing wrong in a sound inventory', () => {
    expect(
      messages([
        site('core'),
        site('kec-a', { parentId: 'core' }),
        site('desa-a', { parentId: 'kec-a' }),
      ]),
    ).toEqual([]);
  });

  it('reports a duplicate site id at the second site, pointing at the first', () => {
    const sites = [site('desa-a'), site('desa-b'), site('desa-a', { host: '198.18.9.9' })];
    expect(messages(sites, sourcesFor(3))).toEqual([
      'sites.yaml:21:9: sites[2].id: site id "desa-a" is already used (sites.yaml:1:5)',
    ]);
    expect(messages(sites)).toEqual(['sites[2].id: site id "desa-a" is already used (sites[0])']);
  });

  it('reports two sites on the same router address and port, whatever the case of the name', () => {
    const sites = [
      site('a', { host: 'GW.example.go.id' }),
      site('b', { host: 'gw.example.go.id' }),
      site('c', { host: '198.18.0.5' }),
      site('d', {
        host: '198.18.0.5',
        router: { ...testSite().router, host: '198.18.0.5', snmpPort: 1161 },
      }),
    ];
    expect(messages(sites, sourcesFor(4))).toEqual([
      'sites.yaml:13:13: sites[1].router.host: router gw.example.go.id port 161 is also the router of site "a" (sites.yaml:1:5)',
    ]);
  });

  it('reports a parent that is no site, with a likely one', () => {
    const sites = [
      site('kec-cisoka'),
      site('desa-1', { parentId: 'kec-cisok' }),
      site('desa-2', { parentId: 'x' }),
    ];
    expect(messages(sites, sourcesFor(3))).toEqual([
      'sites.yaml:12:13: sites[1].parent: "kec-cisok" is not the id of any site (did you mean kec-cisoka?)',
      'sites.yaml:22:13: sites[2].parent: "x" is not the id of any site',
    ]);
  });

  it('names each loop in the parent chain once, from its first site', () => {
    const sites = [
      site('core'),
      site('a', { parentId: 'c' }),
      site('b', { parentId: 'a' }),
      site('c', { parentId: 'b' }),
      site('d', { parentId: 'b' }),
      site('e', { parentId: 'e' }),
    ];
    expect(messages(sites, sourcesFor(6))).toEqual([
      'sites.yaml:12:13: sites[1].parent: the parent chain is a loop that never reaches the core: a → c → b → a',
      'sites.yaml:52:13: sites[5].parent: the parent chain is a loop that never reaches the core: e → e',
    ]);
  });

  it('reports a plan that does not exist, and a plan id used twice', () => {
    const inventory = {
      sites: [site('a', { planId: 'astinet-2O' })],
      plans: [plan, testPlan({ id: 'vsat' }), testPlan({ id: 'vsat' })],
    };
    expect(checkInventory(inventory).map(formatInventoryProblem)).toEqual([
      'plans[2].id: plan id "vsat" is already used (plans[1])',
      'sites[0].plan: "astinet-2O" is not the id of any plan (did you mean astinet-20?)',
    ]);
  });

  it('reports SNMPv3 settings too weak for SNMP in an inventory built in code', () => {
    const router = testSite().router;
    const sites = [
      site('a', {
        router: {
          ...router,
          snmp: {
            version: '3',
            level: 'authPriv',
            user: 'u',
            authProtocol: 'sha',
            authKey: 'short',
            privProtocol: 'aes',
            privKey: 'long-enough',
          },
        },
      }),
      site('b', {
        router: {
          ...router,
          host: '198.18.7.7',
          snmp: {
            version: '3',
            level: 'authPriv',
            user: 'u',
            authProtocol: 'sha',
            authKey: 'long-enough',
            privProtocol: 'aes',
            privKey: '',
          },
        },
      }),
      site('c', {
        router: { ...router, host: '198.18.7.8', snmp: { version: '2c', community: '' } },
      }),
    ];
    expect(messages(sites)).toEqual([
      'sites[0].router.snmp: the SNMPv3 authKey must be at least 8 characters long',
      'sites[1].router.snmp: the SNMPv3 privKey must be at least 8 characters long',
      'sites[2].router.snmp: the SNMP community is empty',
    ]);
  });

  it('warns (not errs) about coordinates outside Indonesia, and suspects swapped ones', () => {
    const problems = checkInventory({
      sites: [
        site('jakarta', { location: { lat: -6.2, lon: 106.8 } }),
        site('merauke', { location: { lat: -8.5, lon: 140.4 } }),
        site('swapped', { location: { lat: 106.8, lon: -6.2 } }),
        site('singapore', { location: { lat: 1.35, lon: 103.8 } }),
        site('darwin', { location: { lat: -12.46, lon: 130.84 } }),
        site('nowhere', { location: null }),
      ],
      plans: [plan],
    });
    expect(problems.map((p) => p.severity)).toEqual(['warning', 'warning']);
    expect(problems.map(formatInventoryProblem)).toEqual([
      'warning: sites[2].location: lat 106.8, lon -6.2 is outside Indonesia (lat -11.1..6.1, lon 94.7..141.2); are lat and lon swapped?',
      'warning: sites[4].location: lat -12.46, lon 130.84 is outside Indonesia (lat -11.1..6.1, lon 94.7..141.2)',
    ]);
  });

  it('tells which site and field each problem is about', () => {
    const [problem] = checkInventory(
      { sites: [site('a', { parentId: 'zz' })], plans: [plan] },
      sourcesFor(1),
    );
    expect(problem).toEqual({
      severity: 'error',
      check: 'unknown-parent',
      subject: { type: 'site', index: 0, id: 'a' },
      field: 'parent',
      path: 'sites[0].parent',
      message: '"zz" is not the id of any site',
      at: { file: 'sites.yaml', line: 2, column: 13 },
    });
  });
});

describe('summarizeInventory', () => {
  it('counts sites by kind and kecamatan, plans in use, and the tree', () => {
    const summary = summarizeInventory({
      sites: [
        site('core', { kind: 'core', kecamatan: 'Tigaraksa' }),
        site('kec-b', {
          kind: 'kecamatan',
          kecamatan: 'Balaraja',
          parentId: 'core',
          planId: 'vsat',
        }),
        site('desa-b1', { kind: 'desa', kecamatan: 'Balaraja', parentId: 'kec-b' }),
        site('desa-b2', { kind: 'desa', kecamatan: 'Balaraja', parentId: 'kec-b', planId: 'vsat' }),
        site('desa-c', { kind: 'desa', kecamatan: 'Cisoka', planId: 'vsat' }),
      ],
      plans: [plan, testPlan({ id: 'vsat' }), testPlan({ id: 'unused' })],
    });
    expect(summary).toEqual({
      sites: 5,
      plans: 3,
      byKind: { core: 1, opd: 0, kecamatan: 1, kelurahan: 0, desa: 3 },
      byKecamatan: [
        { kecamatan: 'Balaraja', sites: 3 },
        { kecamatan: 'Cisoka', sites: 1 },
        { kecamatan: 'Tigaraksa', sites: 1 },
      ],
      plansUsed: [
        { planId: 'vsat', sites: 3 },
        { planId: 'astinet-20', sites: 2 },
      ],
      unusedPlans: ['unused'],
      directLinks: 2,
      treeDepth: 3,
      longestChain: ['core', 'kec-b', 'desa-b1'],
    });
  });
});
