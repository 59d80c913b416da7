// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are written literally here, as in config files
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import {
  formatImportProblem,
  importInventory,
  type Plan,
  type Site,
} from '../../../src/inventory/index.js';
import { lines, tempFiles } from '../../helpers/temp-files.js';

const SITES_HEADER =
  'site_id,name,kind,kecamatan,parent_id,lat,lon,router_host,snmp_version,snmp_community_env,wan_ifname,isp,plan_id,contract_start';
const PLANS_HEADER =
  'plan_id,isp,product,billing,mbps,monthly_idr,idr_per_mbps,commit_mbps,burst_mbps,overage_idr_per_mbps,quota_gb,overage_idr_per_gb,sla_pct,sla_credit_pct_per_step,sla_step_pct';

const PLANS = lines(
  PLANS_HEADER,
  'astinet-10,Telkom,Astinet 10 Mbps,flat,10,3300000,,,,,,,99.5,5,0.5',
  'icon-30,ICON+,Dedicated 30 Mbps,per_mbps,30,,265000,,,,,,,,',
  'burst-50,Lintasarta,"Burstable 20/50 Mbps (95th percentile)",burstable,50,5200000,,20,50,310000,,,99.7,5,0.3',
  'vsat-4,BAKTI,"VSAT 4 Mbps, quota 300 GB",quota,4,2100000,,,,,300,9500,98.0,5,1.0',
);

const SITES = lines(
  SITES_HEADER,
  'dc,Data Center,core,Tigaraksa,,-6.262,106.481,198.18.0.2,2c,SNMP_COMMUNITY,sfp-sfpplus1,telkom,astinet-10,2024-01-01',
  'kec-jambe,"Kantor Kecamatan Jambe, Lt. 2",kecamatan,Jambe,dc,-6.3,106.5,198.18.0.3,2c,SNMP_COMMUNITY,ether1,telkom,burst-50,2025-01-01',
  'desa-jambe-01,"Desa ""Jambe"" 01",desa,Jambe,kec-jambe,,,198.18.0.4,1,COMMUNITY_DESA,wan0,bakti,vsat-4,2025-02-01',
);

const csv = (sites: string, plans: string | null = PLANS) =>
  importInventory(
    { name: 'sites.csv', text: sites },
    plans === null ? null : { name: 'plans.csv', text: plans },
  );

const problemsOf = (sites: string, plans: string | null = PLANS) =>
  csv(sites, plans).problems.map(formatImportProblem);

describe('importInventory', () => {
  it('converts the rows, keeping secrets as ${VAR} references', () => {
    const result = csv(SITES);
    expect(result.problems).toEqual([]);
    expect(result.inventory?.plans).toEqual<Plan[]>([
      {
        id: 'astinet-10',
        isp: 'Telkom',
        product: 'Astinet 10 Mbps',
        mbps: 10,
        billing: { model: 'flat', monthlyIdr: 3_300_000 },
        sla: { pct: 99.5, creditPctPerStep: 5, stepPct: 0.5 },
      },
      {
        id: 'icon-30',
        isp: 'ICON+',
        product: 'Dedicated 30 Mbps',
        mbps: 30,
        billing: { model: 'per_mbps', idrPerMbps: 265_000 },
        sla: null,
      },
      {
        id: 'burst-50',
        isp: 'Lintasarta',
        product: 'Burstable 20/50 Mbps (95th percentile)',
        mbps: 50,
        billing: {
          model: 'burstable',
          monthlyIdr: 5_200_000,
          commitMbps: 20,
          burstMbps: 50,
          overageIdrPerMbps: 310_000,
        },
        sla: { pct: 99.7, creditPctPerStep: 5, stepPct: 0.3 },
      },
      {
        id: 'vsat-4',
        isp: 'BAKTI',
        product: 'VSAT 4 Mbps, quota 300 GB',
        mbps: 4,
        billing: { model: 'quota', monthlyIdr: 2_100_000, quotaGb: 300, overageIdrPerGb: 9500 },
        sla: { pct: 98, creditPctPerStep: 5, stepPct: 1 },
      },
    ]);
    expect(result.inventory?.sites[2]).toEqual<Site>({
      id: 'desa-jambe-01',
      name: 'Desa "Jambe" 01',
      kind: 'desa',
      kecamatan: 'Jambe',
      parentId: 'kec-jambe',
      location: null,
      timezone: 'Asia/Jakarta',
      router: {
        host: '198.18.0.4',
        snmpPort: 161,
        snmp: { version: '1', community: '${COMMUNITY_DESA}' },
        wan: { by: 'ifName', value: 'wan0' },
        lan: null,
      },
      isp: 'bakti',
      planId: 'vsat-4',
      contract: { start: '2025-02-01', end: null },
    });
  });

  it('round-trips: CSV → YAML → loadConfig gives the typed sites and plans, secrets from the environment', async () => {
    const result = csv(SITES);
    const dir = tempFiles({ 'main.yaml': lines('inventory:', '  files: [inventory.yaml]') });
    writeFileSync(join(dir, 'inventory.yaml'), result.yaml as string);
    const config = await loadConfig(join(dir, 'main.yaml'), {
      SNMP_COMMUNITY: 'public',
      COMMUNITY_DESA: 'desa',
    });
    const desa = result.inventory?.sites[2] as Site;
    expect(config.warnings).toEqual([]);
    expect(config.inventory.plans).toEqual(result.inventory?.plans);
    expect(config.inventory.sites).toEqual<Site[]>([
      {
        id: 'dc',
        name: 'Data Center',
        kind: 'core',
        kecamatan: 'Tigaraksa',
        parentId: null,
        location: { lat: -6.262, lon: 106.481 },
        timezone: 'Asia/Jakarta',
        router: {
          host: '198.18.0.2',
          snmpPort: 161,
          snmp: { version: '2c', community: 'public' },
          wan: { by: 'ifName', value: 'sfp-sfpplus1' },
          lan: null,
        },
        isp: 'telkom',
        planId: 'astinet-10',
        contract: { start: '2024-01-01', end: null },
      },
      {
        id: 'kec-jambe',
        name: 'Kantor Kecamatan Jambe, Lt. 2',
        kind: 'kecamatan',
        kecamatan: 'Jambe',
        parentId: 'dc',
        location: { lat: -6.3, lon: 106.5 },
        timezone: 'Asia/Jakarta',
        router: {
          host: '198.18.0.3',
          snmpPort: 161,
          snmp: { version: '2c', community: 'public' },
          wan: { by: 'ifName', value: 'ether1' },
          lan: null,
        },
        isp: 'telkom',
        planId: 'burst-50',
        contract: { start: '2025-01-01', end: null },
      },
      { ...desa, router: { ...desa.router, snmp: { version: '1', community: 'desa' } } },
    ]);
  });

  it('round-trips the optional columns and SNMPv3 rows', async () => {
    const header = `${SITES_HEADER},snmp_port,lan_ifname,contract_end,timezone,snmp_user,snmp_level,snmp_auth_protocol,snmp_auth_env,snmp_priv_protocol,snmp_priv_env`;
    const result = csv(
      lines(
        header,
        'a,A,opd,K,,,,10.0.0.1,3,,ether1,telkom,astinet-10,2025-01-01,1161,bridge1,2026-12-31,Asia/Jayapura,mon,authPriv,sha256,AUTH_KEY,aes,PRIV_KEY',
        'b,B,opd,K,,,,10.0.0.2,3,,ether1,telkom,astinet-10,2025-01-01,,,,,mon,authNoPriv,md5,AUTH_KEY,,',
        'c,C,opd,K,,,,10.0.0.3,3,,ether1,telkom,astinet-10,2025-01-01,,,,,mon,noAuthNoPriv,,,,',
      ),
    );
    expect(result.problems).toEqual([]);
    const dir = tempFiles({ 'main.yaml': lines('inventory: { files: [inventory.yaml] }') });
    writeFileSync(join(dir, 'inventory.yaml'), result.yaml as string);
    const config = await loadConfig(join(dir, 'main.yaml'), {
      AUTH_KEY: 'auth-secret',
      PRIV_KEY: 'priv-secret',
    });
    const [a, b, c] = config.inventory.sites;
    expect(a?.router).toEqual({
      host: '10.0.0.1',
      snmpPort: 1161,
      snmp: {
        version: '3',
        user: 'mon',
        level: 'authPriv',
        authProtocol: 'sha256',
        authKey: 'auth-secret',
        privProtocol: 'aes',
        privKey: 'priv-secret',
      },
      wan: { by: 'ifName', value: 'ether1' },
      lan: { by: 'ifName', value: 'bridge1' },
    });
    expect(a?.timezone).toBe('Asia/Jayapura');
    expect(a?.contract).toEqual({ start: '2025-01-01', end: '2026-12-31' });
    expect(b?.router.snmp).toEqual({
      version: '3',
      user: 'mon',
      level: 'authNoPriv',
      authProtocol: 'md5',
      authKey: 'auth-secret',
    });
    expect(c?.router.snmp).toEqual({ version: '3', user: 'mon', level: 'noAuthNoPriv' });
  });

  it('writes the YAML in a stable, readable form', () => {
    const yaml = csv(SITES).yaml as string;
    expect(csv(SITES).yaml).toBe(yaml);
    expect(yaml.split('\n').slice(0, 4)).toEqual([
      '# Sites and plans for Pantau, made by `pantau import-sites` from sites.csv and plans.csv.',
      '# Change the spreadsheets and import again; `pantau check-config` checks this file.',
      '# No secrets here: ${NAME} is replaced by the environment variable NAME when Pantau reads it.',
      '',
    ]);
    expect(yaml).toContain(
      lines(
        '  - id: desa-jambe-01',
        '    name: Desa "Jambe" 01',
        '    kind: desa',
        '    kecamatan: Jambe',
        '    parent: kec-jambe',
        '    router:',
        '      host: 198.18.0.4',
        '      snmp: { version: 1, community: "${COMMUNITY_DESA}" }',
        '      wan: { ifName: wan0 }',
        '    isp: bakti',
        '    plan: vsat-4',
        '    contract: { start: 2025-02-01 }',
      ),
    );
    // A mapping too long for one line of 100 characters is written as a block.
    expect(yaml).toContain(
      lines(
        '    billing:',
        '      model: burstable',
        '      monthlyIdr: 5200000',
        '      commitMbps: 20',
        '      burstMbps: 50',
        '      overageIdrPerMbps: 310000',
        '    sla: { pct: 99.7, creditPctPerStep: 5, stepPct: 0.3 }',
      ),
    );
    expect(yaml).toContain(
      '    billing: { model: quota, monthlyIdr: 2100000, quotaGb: 300, overageIdrPerGb: 9500 }\n',
    );
    expect(Math.max(...yaml.split('\n').map((line) => line.length))).toBeLessThanOrEqual(100);
  });

  it('reports every bad row with its line and column, and gives no inventory', () => {
    const result = csv(
      lines(
        SITES_HEADER,
        'dc,Data Center,core,Tigaraksa,,-6.262,106.481,198.18.0.2,2c,SNMP_COMMUNITY,ether1,telkom,astinet-10,2024-01-01',
        'desa-x,"Desa X, Kidul",village,Tigaraksa,,"-6,25",106.5,10.1.1,2c,SNMP_COMMUNITY,ether1,telkom,astinet-10,2025-13-01',
        'Desa-Y,,desa,,dc,-6.2,,198.18.0.9,4,snmp community,,telkom,,2025-01-01',
        'desa-z,Desa Z,desa,Tigaraksa,dc,-6.2,106.5,198.18.0.10,3,SNMP_COMMUNITY,ether1,telkom,astinet-10,2025-01-01',
        'short,row',
      ),
    );
    expect(result.inventory).toBeNull();
    expect(result.yaml).toBeNull();
    expect(result.problems.map(formatImportProblem)).toEqual([
      'sites.csv:3: column kind: "village" is not one of core, opd, kecamatan, kelurahan, desa',
      'sites.csv:3: column lat: "-6,25" is not a number',
      'sites.csv:3: column router_host: "10.1.1" is not an IP address or host name',
      'sites.csv:3: column contract_start: "2025-13-01" is not a date like 2025-01-31',
      'sites.csv:4: column site_id: "Desa-Y" is not an id: use lowercase letters, digits, "-", "_" and ".", starting with a letter or digit',
      'sites.csv:4: column name: required',
      'sites.csv:4: column kecamatan: required',
      'sites.csv:4: column lon: required when lat is given',
      'sites.csv:4: column snmp_version: "4" is not one of 1, 2c, 3',
      'sites.csv:4: column wan_ifname: required',
      'sites.csv:4: column plan_id: required',
      'sites.csv:5: column snmp_community_env: not used with snmp_version 3; leave it empty',
      'sites.csv:5: column snmp_user: required',
      'sites.csv:5: column snmp_level: required',
      'sites.csv:6: the row has 2 fields, the header 14',
    ]);
  });

  it('checks the rows together: duplicates, unknown parents and plans, loops', () => {
    expect(
      problemsOf(
        lines(
          SITES_HEADER,
          'dc,DC,core,T,,,,198.18.0.2,2c,C,ether1,telkom,astinet-10,2024-01-01',
          'a,A,desa,T,b,,,198.18.0.3,2c,C,ether1,telkom,astinet-10,2024-01-01',
          'b,B,desa,T,a,,,198.18.0.4,2c,C,ether1,telkom,astinet-10,2024-01-01',
          'dc,DC again,desa,T,dcc,,,198.18.0.2,2c,C,ether1,telkom,astinet-100,2024-01-01',
        ),
      ),
    ).toEqual([
      'sites.csv:3: column parent_id: the parent chain is a loop that never reaches the core: a → b → a',
      'sites.csv:5: column site_id: site id "dc" is already used (sites.csv:2)',
      'sites.csv:5: column router_host: router 198.18.0.2 port 161 is also the router of site "dc" (sites.csv:2)',
      'sites.csv:5: column parent_id: "dcc" is not the id of any site (did you mean dc?)',
      'sites.csv:5: column plan_id: "astinet-100" is not the id of any plan (did you mean astinet-10?)',
    ]);
  });

  it('checks SNMPv3 rows level by level', () => {
    const header = `${SITES_HEADER},snmp_user,snmp_level,snmp_auth_protocol,snmp_auth_env,snmp_priv_protocol,snmp_priv_env`;
    expect(
      problemsOf(
        lines(
          header,
          'a,A,opd,K,,,,10.0.0.1,3,,ether1,telkom,astinet-10,2025-01-01,mon,authPriv,sha1,AUTH,,',
          'b,B,opd,K,,,,10.0.0.2,3,,ether1,telkom,astinet-10,2025-01-01,mon,noAuthNoPriv,sha,AUTH,,',
          'c,C,opd,K,,,,10.0.0.3,2c,C,ether1,telkom,astinet-10,2025-01-01,mon,,,,,',
          'd,D,opd,K,,,,10.0.0.4,3,,ether1,telkom,astinet-10,2025-01-01,mon,authNoPriv,sha,auth key,,',
        ),
      ),
    ).toEqual([
      'sites.csv:2: column snmp_auth_protocol: "sha1" is not one of md5, sha, sha224, sha256, sha384, sha512 (did you mean sha?)',
      'sites.csv:2: column snmp_priv_protocol: required',
      'sites.csv:2: column snmp_priv_env: required',
      'sites.csv:3: column snmp_auth_protocol: not used with snmp_level noAuthNoPriv; leave it empty',
      'sites.csv:3: column snmp_auth_env: not used with snmp_level noAuthNoPriv; leave it empty',
      'sites.csv:4: column snmp_user: not used with snmp_version 2c; leave it empty',
      'sites.csv:5: column snmp_auth_env: "auth key" is not an environment variable name (letters, digits and _)',
    ]);
  });

  it('checks the plans: each billing model’s columns exactly, whole rupiah, SLA all or nothing', () => {
    const plans = lines(
      PLANS_HEADER,
      'a,T,A,flat,10,100,,5,,,,,,,',
      'b,T,B,burstable,50,1.5,,60,50,x,,,99,,',
      'c,T,C,monthly,10,100,,,,,,,,,',
      'a,T,A again,per_mbps,0,,200,,,,,,,,',
    );
    expect(problemsOf(lines(SITES_HEADER), plans)).toEqual([
      'plans.csv:2: column commit_mbps: not used by billing flat; leave it empty',
      'plans.csv:3: column monthly_idr: "1.5" is not a whole number',
      'plans.csv:3: column overage_idr_per_mbps: "x" is not a number',
      'plans.csv:3: column sla_credit_pct_per_step: required when sla_pct is given',
      'plans.csv:3: column sla_step_pct: required when sla_pct is given',
      'plans.csv:4: column billing: "monthly" is not one of flat, per_mbps, burstable, quota',
      'plans.csv:5: column mbps: "0" is not more than 0',
    ]);
    expect(
      problemsOf(
        lines(SITES_HEADER),
        lines(PLANS_HEADER, 'a,T,A,burstable,50,100,,60,50,1,,,,,', 'a,T,A,flat,1,1,,,,,,,,,'),
      ),
    ).toEqual(['plans.csv:2: column commit_mbps: 60 is more than burst_mbps 50']);
    expect(
      problemsOf(
        lines(SITES_HEADER),
        lines(PLANS_HEADER, 'a,T,A,flat,1,1,,,,,,,,,', 'a,T,B,flat,1,1,,,,,,,,,'),
      ),
    ).toEqual(['plans.csv:3: column plan_id: plan id "a" is already used (plans.csv:2)']);
  });

  it('checks the header: missing, unknown, repeated and unnamed columns', () => {
    expect(
      problemsOf(
        lines(
          'site_id,name,kind,kecamatan,router_host,snmp_versoin,wan_ifname,isp,plan_id,contract_start,name,,notes',
        ),
      ),
    ).toEqual([
      'sites.csv:1: column snmp_versoin: unknown column (did you mean snmp_version?)',
      'sites.csv:1: column name: appears twice in the header',
      'sites.csv:1: column 12 has no name',
      'sites.csv:1: column notes: unknown column',
      'sites.csv:1: column snmp_version: missing from the header',
    ]);
    expect(problemsOf('')).toEqual(['sites.csv:1: the file is empty: expected a header row']);
  });

  it('skips rows that spreadsheets export empty, and reports CSV syntax errors by line', () => {
    expect(
      problemsOf(
        lines(
          SITES_HEADER,
          ',,,,,,,,,,,,,',
          'dc,"Data "Center",core,T,,,,198.18.0.2,2c,C,ether1,telkom,astinet-10,2024-01-01',
        ),
      ),
    ).toEqual([
      'sites.csv:3: text after a closing quote; a quote inside a quoted field is written ""',
    ]);
  });

  it('leaves plan ids unchecked without a plans file, and writes no plans', () => {
    const result = csv(SITES, null);
    expect(result.problems).toEqual([]);
    expect(result.inventory?.plans).toEqual([]);
    expect(result.yaml).toContain('plans: []');
  });

  it('imports the sample regency: 342 sites, 11 plans', () => {
    // A copy of the planners' sample spreadsheets (../shared/data), so the test runs on any clone.
    const data = (name: string) =>
      readFileSync(new URL(`../../fixtures/sample-data/${name}`, import.meta.url), 'utf8');
    const result = importInventory(
      { name: 'sites-kabupaten.csv', text: data('sites-kabupaten.csv') },
      { name: 'plans.csv', text: data('plans.csv') },
    );
    expect(result.problems).toEqual([]);
    expect(result.inventory?.sites).toHaveLength(342);
    expect(result.inventory?.plans).toHaveLength(11);
    // The committed demo inventory is exactly what the import makes today.
    const demo = readFileSync(
      new URL('../../../config/demo-inventory.yaml', import.meta.url),
      'utf8',
    );
    expect(result.yaml).toBe(demo);
  });
});
