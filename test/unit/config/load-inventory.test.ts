// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are written literally here, as in config files
// Sites and plans in inventory files and inline: their typed form, and every schema error's exact text.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadConfig } from '../../../src/config/index.js';
import type { Plan, Site } from '../../../src/inventory/index.js';
import { configProblems } from '../../helpers/config-problems.js';
import { lines, tempFiles } from '../../helpers/temp-files.js';

const problems = configProblems;

const MAIN = lines('inventory:', '  files: [sites.yaml]');

/** One site, its router block replaced by `router` (lines at 4 spaces of indent). */
function siteWith(router: string[]): string {
  return lines(
    'sites:',
    '  - id: desa-a',
    '    name: Desa A',
    '    kind: desa',
    '    kecamatan: Cisoka',
    '    router:',
    ...router.map((line) => `      ${line}`),
    '    isp: telkom',
    '    plan: p',
    '    contract: { start: 2025-01-01 }',
  );
}

describe('loadConfig: inventory', () => {
  it('reads a site and plans of every billing model into the inventory types', async () => {
    const dir = tempFiles({
      'main.yaml': lines(
        'server: { timezone: Asia/Makassar }',
        'inventory: { files: [a.yaml, b.yaml] }',
      ),
      'a.yaml': lines(
        'plans:',
        '  - { id: flat-10, isp: Telkom, product: Astinet 10, mbps: 10, billing: { model: flat, monthlyIdr: 3300000 }, sla: { pct: 99.5, creditPctPerStep: 5, stepPct: 0.5 } }',
        '  - { id: per-30, isp: ICON+, product: Dedicated 30, mbps: 30, billing: { model: per_mbps, idrPerMbps: 265000 } }',
        '  - id: burst-50',
        '    isp: Lintasarta',
        '    product: Burstable 20/50',
        '    mbps: 50',
        '    billing: { model: burstable, monthlyIdr: 5200000, commitMbps: 20, burstMbps: 50, overageIdrPerMbps: 310000 }',
        '  - { id: vsat-4, isp: BAKTI, product: VSAT, mbps: 4, billing: { model: quota, monthlyIdr: 2100000, quotaGb: 300, overageIdrPerGb: 9500 } }',
      ),
      'b.yaml': lines(
        'sites:',
        '  - id: kec-cisoka',
        '    name: Kantor Kecamatan Cisoka',
        '    kind: kecamatan',
        '    kecamatan: Cisoka',
        '    location: { lat: -6.27, lon: 106.42 }',
        '    router:',
        '      host: gw.cisoka.example.go.id',
        '      snmpPort: 1161',
        '      snmp: { version: 3, user: pantau, level: authPriv, authProtocol: sha256, authKey: "${AUTH}", privProtocol: aes, privKey: "${PRIV}" }',
        '      wan: { ifDescr: "WAN port" }',
        '      lan: { ifIndex: 3 }',
        '    isp: telkom',
        '    plan: flat-10',
        '    contract: { start: 2025-01-01, end: 2027-12-31 }',
        '  - id: desa-cisoka-01',
        '    name: Desa Cisoka 01',
        '    kind: desa',
        '    kecamatan: Cisoka',
        '    parent: kec-cisoka',
        '    timezone: Asia/Jakarta',
        '    router:',
        '      host: 198.18.1.2',
        '      snmp: { version: 1, community: public }',
        '      wan: { ifAlias: uplink }',
        '    isp: bakti',
        '    plan: vsat-4',
        '    contract: { start: 2025-03-01 }',
      ),
    });
    const config = await loadConfig(join(dir, 'main.yaml'), {
      AUTH: 'auth-key-1',
      PRIV: 'priv-key-1',
    });
    expect(config.inventory.plans).toEqual<Plan[]>([
      {
        id: 'flat-10',
        isp: 'Telkom',
        product: 'Astinet 10',
        mbps: 10,
        billing: { model: 'flat', monthlyIdr: 3_300_000 },
        sla: { pct: 99.5, creditPctPerStep: 5, stepPct: 0.5 },
      },
      {
        id: 'per-30',
        isp: 'ICON+',
        product: 'Dedicated 30',
        mbps: 30,
        billing: { model: 'per_mbps', idrPerMbps: 265_000 },
        sla: null,
      },
      {
        id: 'burst-50',
        isp: 'Lintasarta',
        product: 'Burstable 20/50',
        mbps: 50,
        billing: {
          model: 'burstable',
          monthlyIdr: 5_200_000,
          commitMbps: 20,
          burstMbps: 50,
          overageIdrPerMbps: 310_000,
        },
        sla: null,
      },
      {
        id: 'vsat-4',
        isp: 'BAKTI',
        product: 'VSAT',
        mbps: 4,
        billing: { model: 'quota', monthlyIdr: 2_100_000, quotaGb: 300, overageIdrPerGb: 9500 },
        sla: null,
      },
    ]);
    expect(config.inventory.sites).toEqual<Site[]>([
      {
        id: 'kec-cisoka',
        name: 'Kantor Kecamatan Cisoka',
        kind: 'kecamatan',
        kecamatan: 'Cisoka',
        parentId: null,
        location: { lat: -6.27, lon: 106.42 },
        timezone: 'Asia/Makassar',
        router: {
          host: 'gw.cisoka.example.go.id',
          snmpPort: 1161,
          snmp: {
            version: '3',
            user: 'pantau',
            level: 'authPriv',
            authProtocol: 'sha256',
            authKey: 'auth-key-1',
            privProtocol: 'aes',
            privKey: 'priv-key-1',
          },
          wan: { by: 'ifDescr', value: 'WAN port' },
          lan: { by: 'ifIndex', value: 3 },
        },
        isp: 'telkom',
        planId: 'flat-10',
        contract: { start: '2025-01-01', end: '2027-12-31' },
      },
      {
        id: 'desa-cisoka-01',
        name: 'Desa Cisoka 01',
        kind: 'desa',
        kecamatan: 'Cisoka',
        parentId: 'kec-cisoka',
        location: null,
        timezone: 'Asia/Jakarta',
        router: {
          host: '198.18.1.2',
          snmpPort: 161,
          snmp: { version: '1', community: 'public' },
          wan: { by: 'ifAlias', value: 'uplink' },
          lan: null,
        },
        isp: 'bakti',
        planId: 'vsat-4',
        contract: { start: '2025-03-01', end: null },
      },
    ]);
    expect(config.inventoryFiles).toEqual([join(dir, 'a.yaml'), join(dir, 'b.yaml')]);
    // Where each site and some of its fields are written, for the inventory checks.
    expect(config.inventorySources.sites[1]).toEqual({
      path: 'sites[1]',
      at: { file: join(dir, 'b.yaml'), line: 16, column: 5 },
      fields: {
        id: { file: join(dir, 'b.yaml'), line: 16, column: 9 },
        parent: { file: join(dir, 'b.yaml'), line: 20, column: 13 },
        plan: { file: join(dir, 'b.yaml'), line: 27, column: 11 },
        'router.host': { file: join(dir, 'b.yaml'), line: 23, column: 13 },
        'router.snmp': { file: join(dir, 'b.yaml'), line: 24, column: 13 },
      },
    });
    expect(config.inventorySources.plans[2]?.at).toEqual({
      file: join(dir, 'a.yaml'),
      line: 4,
      column: 5,
    });
  });

  it('reads the SNMPv3 levels that need fewer keys', async () => {
    const dir = tempFiles({
      'main.yaml': MAIN,
      'sites.yaml': siteWith([
        'host: 198.18.0.10',
        'snmp: { version: 3, user: mon, level: authNoPriv, authProtocol: md5, authKey: abcdefgh }',
        'wan: { ifName: ether1 }',
      ]),
    });
    expect((await loadConfig(join(dir, 'main.yaml'), {})).inventory.sites[0]?.router.snmp).toEqual({
      version: '3',
      user: 'mon',
      level: 'authNoPriv',
      authProtocol: 'md5',
      authKey: 'abcdefgh',
    });
    const none = tempFiles({
      'main.yaml': MAIN,
      'sites.yaml': siteWith([
        'host: 198.18.0.10',
        "snmp: { version: '3', user: mon, level: noAuthNoPriv }",
        'wan: { ifIndex: 1 }',
      ]),
    });
    expect((await loadConfig(join(none, 'main.yaml'), {})).inventory.sites[0]?.router.snmp).toEqual(
      {
        version: '3',
        user: 'mon',
        level: 'noAuthNoPriv',
      },
    );
  });

  it('reports every site and plan error of every file at once, naming the file and line', async () => {
    expect(
      await problems(
        {
          'main.yaml': MAIN,
          'sites.yaml': lines(
            'plans:',
            '  - id: p1',
            '    isp: Telkom',
            '    product: P1',
            '    mbps: 10',
            '    billing: { model: flat, monthlyIdr: 100, commitMbps: 5 }',
            '  - id: p2',
            '    isp: X',
            '    product: Y',
            '    mbps: -1',
            '    billing: { model: burstable, monthlyIdr: 1.5 }',
            '    sla: { pct: 99 }',
            'sites:',
            '  - id: a',
            '    name: A',
            '    kind: village',
            '    kecamatan: K',
            '    router:',
            '      host: 10.1.1',
            '      snmp: { version: 3, user: u, level: authPriv, authProtocol: sha, authKey: "${AUTH:-12345678}" }',
            '      wan: { ifName: ether1, ifIndex: 2 }',
            '    isp: telkom',
            '    plan: p1',
            '    contract: { start: 2025-02-30 }',
            '  - id: B',
            '    name: B',
            '    kind: desa',
            '    kecamatan: K',
            '    parent: a',
            '    locaton: { lat: 1, lon: 2 }',
            '    router:',
            '      host: 198.18.0.1',
            '      snmp: { version: 2c, community: "${COMM}", user: x }',
            '      wan: { ifName: ether1 }',
            '    isp: telkom',
            '    plan: p1',
            '    contract: { start: 2025-01-01, end: 2024-01-01 }',
            '  - name: C',
            '    kind: kelurahan',
            '    kecamatan: K',
            '    location: { lat: -6.1 }',
            '    router: { host: 198.18.0.2, snmp: { version: 4 }, wan: {} }',
            '    isp: telkom',
            '    plan: p1',
            '    contract: { start: 2025-01-01 }',
          ),
        },
        { COMM: 'public' },
      ),
    ).toEqual([
      'sites.yaml:6:46: plans[0].billing.commitMbps: not used by billing model flat (it takes monthlyIdr)',
      'sites.yaml:10:11: plans[1].mbps: -1 is not more than 0',
      'sites.yaml:11:5: plans[1].billing.commitMbps: required for billing model burstable',
      'sites.yaml:11:5: plans[1].billing.burstMbps: required for billing model burstable',
      'sites.yaml:11:5: plans[1].billing.overageIdrPerMbps: required for billing model burstable',
      'sites.yaml:11:46: plans[1].billing.monthlyIdr: 1.5 is not a whole number',
      'sites.yaml:12:5: plans[1].sla.creditPctPerStep: required',
      'sites.yaml:12:5: plans[1].sla.stepPct: required',
      'sites.yaml:16:11: sites[0].kind: "village" is not one of core, opd, kecamatan, kelurahan, desa',
      'sites.yaml:19:13: sites[0].router.host: "10.1.1" is not an IP address or host name',
      'sites.yaml:20:7: sites[0].router.snmp.privProtocol: required when level is authPriv',
      'sites.yaml:20:7: sites[0].router.snmp.privKey: required when level is authPriv',
      'sites.yaml:21:30: sites[0].router.wan.ifIndex: give only one of ifName, ifDescr, ifAlias, ifIndex (ifName is already given)',
      'sites.yaml:24:24: sites[0].contract.start: "2025-02-30" is not a date like "2025-01-31"',
      'sites.yaml:25:9: sites[1].id: "B" is not an id: use lowercase letters, digits, "-", "_" and ".", starting with a letter or digit',
      'sites.yaml:30:5: sites[1].locaton: unknown key (did you mean location?)',
      'sites.yaml:33:50: sites[1].router.snmp.user: not used with version 2c (only community is)',
      'sites.yaml:37:41: sites[1].contract.end: 2024-01-01 is before start 2025-01-01',
      'sites.yaml:38:5: sites[2].id: required',
      'sites.yaml:41:5: sites[2].location.lon: required',
      'sites.yaml:42:50: sites[2].router.snmp.version: 4 is not one of 1, 2c, 3',
      'sites.yaml:42:60: sites[2].router.wan: give one of ifName, ifDescr, ifAlias, ifIndex',
    ]);
  });

  it.each([
    [
      'community with version 3',
      'snmp: { version: 3, user: u, level: noAuthNoPriv, community: c }',
      'sites.yaml:8:57: sites[0].router.snmp.community: not used with version 3 (it takes user and level)',
    ],
    [
      'keys with noAuthNoPriv',
      'snmp: { version: 3, user: u, level: noAuthNoPriv, authKey: abcdefgh }',
      'sites.yaml:8:57: sites[0].router.snmp.authKey: not used when level is noAuthNoPriv',
    ],
    [
      'a priv key with authNoPriv',
      'snmp: { version: 3, user: u, level: authNoPriv, authProtocol: sha, authKey: abcdefgh, privKey: abcdefgh }',
      'sites.yaml:8:93: sites[0].router.snmp.privKey: not used when level is authNoPriv',
    ],
    [
      'a short key',
      'snmp: { version: 3, user: u, level: authNoPriv, authProtocol: sha, authKey: short }',
      'sites.yaml:8:83: sites[0].router.snmp.authKey: must be at least 8 characters long',
    ],
    [
      'no level',
      'snmp: { version: 3, user: u }',
      'sites.yaml:8:7: sites[0].router.snmp.level: required with version 3: one of noAuthNoPriv, authNoPriv, authPriv',
    ],
    [
      'no community',
      'snmp: { version: 2c }',
      'sites.yaml:8:7: sites[0].router.snmp.community: required with version 2c',
    ],
    [
      'an unknown auth protocol',
      'snmp: { version: 3, user: u, level: authNoPriv, authProtocol: sha1, authKey: abcdefgh }',
      'sites.yaml:8:69: sites[0].router.snmp.authProtocol: "sha1" is not one of md5, sha, sha224, sha256, sha384, sha512 (did you mean sha?)',
    ],
  ])('explains SNMP settings that do not fit: %s', async (_, snmp, expected) => {
    expect(
      await problems({
        'main.yaml': MAIN,
        'sites.yaml': siteWith(['host: 198.18.0.10', snmp, 'wan: { ifName: ether1 }']),
      }),
    ).toEqual([expected]);
  });

  it('reads sites and plans written inline in the main config, paths under inventory', async () => {
    const text = lines(
      'inventory:',
      '  plans:',
      '    - { id: p, isp: T, product: P, mbps: 5, billing: { model: flat, monthlyIdr: 1 } }',
      '  sites:',
      ...siteWith([
        'host: 198.18.0.10',
        'snmp: { version: 2c, community: public }',
        'wan: { ifName: ether1 }',
      ])
        .split('\n')
        .slice(1, -1)
        .map((line) => `  ${line}`),
    );
    const dir = tempFiles({ 'main.yaml': text });
    const config = await loadConfig(join(dir, 'main.yaml'), {});
    expect(config.inventory.sites.map((s) => s.id)).toEqual(['desa-a']);
    expect(config.inventory.plans.map((p) => p.id)).toEqual(['p']);
    expect(config.inventorySources.sites[0]?.path).toBe('inventory.sites[0]');
    expect(await problems({ 'main.yaml': text.replace('kind: desa', 'kind: dusun') })).toEqual([
      'main.yaml:7:13: inventory.sites[0].kind: "dusun" is not one of core, opd, kecamatan, kelurahan, desa',
    ]);
  });

  it('rejects unknown keys at the top of an inventory file', async () => {
    expect(await problems({ 'main.yaml': MAIN, 'sites.yaml': lines('site: []') })).toEqual([
      'sites.yaml:1:1: site: unknown key (did you mean sites?)',
    ]);
  });

  it('warns about an empty inventory file', async () => {
    const dir = tempFiles({ 'main.yaml': MAIN, 'sites.yaml': '# nothing yet\n' });
    const config = await loadConfig(join(dir, 'main.yaml'), {});
    expect(
      config.warnings.map(formatProblem).map((line) => line.replaceAll(`${dir}/`, '')),
    ).toEqual([
      'sites.yaml: warning: the file is empty',
      'main.yaml: warning: the inventory has no sites',
    ]);
  });

  it('takes a plain list under inventory as the list of files', async () => {
    const site = siteWith([
      'host: 198.18.0.10',
      'snmp: { version: 2c, community: public }',
      'wan: { ifName: ether1 }',
    ]);
    const dir = tempFiles({ 'main.yaml': lines('inventory: [a.yaml]'), 'a.yaml': site });
    expect((await loadConfig(join(dir, 'main.yaml'), {})).inventoryFiles).toEqual([
      join(dir, 'a.yaml'),
    ]);
    expect(
      await problems({
        'main.yaml': lines('inventory:', '  - a.yaml', '  - b.yaml'),
        'a.yaml': site,
      }),
    ).toEqual(['main.yaml:3:5: inventory[1]: cannot read b.yaml: no such file']);
  });

  it('says which structure it expected where another was written', async () => {
    expect(
      await problems({
        'main.yaml': MAIN,
        'sites.yaml': lines(
          'plans: { id: p }',
          'sites:',
          '  - desa-a',
          '  -',
          '  - { id: x, router: [] }',
        ),
      }),
    ).toEqual([
      'sites.yaml:1:8: plans: expected a list, found a mapping',
      'sites.yaml:3:5: sites[0]: expected a mapping (key: value lines), found "desa-a"',
      'sites.yaml:4:4: sites[1]: expected a mapping (key: value lines), found nothing',
      'sites.yaml:5:5: sites[2].name: required',
      'sites.yaml:5:5: sites[2].kind: required',
      'sites.yaml:5:5: sites[2].kecamatan: required',
      'sites.yaml:5:5: sites[2].isp: required',
      'sites.yaml:5:5: sites[2].plan: required',
      'sites.yaml:5:5: sites[2].contract: required',
      'sites.yaml:5:22: sites[2].router: expected a mapping (key: value lines), found a list',
    ]);
    expect(await problems({ 'main.yaml': lines('- just', '- a list') })).toEqual([
      'main.yaml:1:1: expected a mapping (key: value lines), found a list',
    ]);
  });
});
