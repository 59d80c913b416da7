// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are written literally here, as in config files
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/commands/command.js';
import { importSitesCommand } from '../../../src/commands/import-sites.js';
import { loadConfig } from '../../../src/config/index.js';
import { captureOutput } from '../../helpers/capture-output.js';
import { lines, tempFiles } from '../../helpers/temp-files.js';

const SITES = lines(
  'site_id,name,kind,kecamatan,parent_id,lat,lon,router_host,snmp_version,snmp_community_env,wan_ifname,isp,plan_id,contract_start',
  'dc,Data Center,core,Tigaraksa,,-6.262,106.481,198.18.0.2,2c,SNMP_COMMUNITY,ether1,telkom,astinet-10,2024-01-01',
  'desa-a,Desa A,desa,Tigaraksa,dc,-6.27,106.49,198.18.0.3,2c,SNMP_COMMUNITY,ether1,telkom,astinet-10,2025-01-01',
);
const PLANS = lines(
  'plan_id,isp,product,billing,mbps,monthly_idr,idr_per_mbps,commit_mbps,burst_mbps,overage_idr_per_mbps,quota_gb,overage_idr_per_gb,sla_pct,sla_credit_pct_per_step,sla_step_pct',
  'astinet-10,Telkom,Astinet 10 Mbps,flat,10,3300000,,,,,,,99.5,5,0.5',
);

describe('pantau import-sites', () => {
  it('writes the inventory file, which then loads', async () => {
    const dir = tempFiles({
      'sites.csv': SITES,
      'plans.csv': PLANS,
      'main.yaml': 'inventory: { files: [inv.yaml] }\n',
    });
    const out = join(dir, 'inv.yaml');
    const { result, stdout, stderr } = await captureOutput(() =>
      importSitesCommand.run([
        join(dir, 'sites.csv'),
        '--plans',
        join(dir, 'plans.csv'),
        '-o',
        out,
      ]),
    );
    expect(result).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).toBe(`wrote 2 sites and 1 plan to ${out}\n`);
    const config = await loadConfig(join(dir, 'main.yaml'), { SNMP_COMMUNITY: 'public' });
    expect(config.inventory.sites.map((s) => [s.id, s.parentId, s.router.snmp])).toEqual([
      ['dc', null, { version: '2c', community: 'public' }],
      ['desa-a', 'dc', { version: '2c', community: 'public' }],
    ]);
  });

  it('writes to standard output with -o - or no -o', async () => {
    const dir = tempFiles({ 'sites.csv': SITES, 'plans.csv': PLANS });
    const dash = await captureOutput(() =>
      importSitesCommand.run([join(dir, 'sites.csv'), '-p', join(dir, 'plans.csv'), '-o', '-']),
    );
    const none = await captureOutput(() =>
      importSitesCommand.run([join(dir, 'sites.csv'), '-p', join(dir, 'plans.csv')]),
    );
    expect(dash.result).toBe(0);
    expect(dash.stdout).toContain('  - id: desa-a\n');
    expect(dash.stdout).toContain('      snmp: { version: 2c, community: "${SNMP_COMMUNITY}" }\n');
    expect(none.stdout).toBe(dash.stdout);
  });

  it('writes nothing, not even over an old file, when any row is bad, and lists every bad row', async () => {
    const bad = `${SITES}desa-b,Desa B,desa,Tigaraksa,dc,"-6,25",106.5,198.18.0.4,2c,SNMP_COMMUNITY,ether1,telkom,astinet-10,2025-01-01\nx,X,dusun,T,,,,198.18.0.5,2c,C,ether1,telkom,astinet-10,2025-01-01\n`;
    const dir = tempFiles({ 'sites.csv': bad, 'plans.csv': PLANS, 'old.yaml': 'plans: []\n' });
    const fresh = join(dir, 'new.yaml');
    for (const out of [fresh, join(dir, 'old.yaml')]) {
      const { result, stdout, stderr } = await captureOutput(() =>
        importSitesCommand.run([
          join(dir, 'sites.csv'),
          '--plans',
          join(dir, 'plans.csv'),
          '-o',
          out,
        ]),
      );
      expect(result).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.replaceAll(`${dir}/`, '')).toBe(
        lines(
          'sites.csv:4: column lat: "-6,25" is not a number',
          'sites.csv:5: column kind: "dusun" is not one of core, opd, kecamatan, kelurahan, desa',
          '2 errors; nothing written',
        ),
      );
    }
    expect(existsSync(fresh)).toBe(false);
    expect(readFileSync(join(dir, 'old.yaml'), 'utf8')).toBe('plans: []\n');
  });

  it('writes nothing when the plans are bad', async () => {
    const dir = tempFiles({
      'sites.csv': SITES,
      'plans.csv': PLANS.replace('flat,10,3300000', 'flat,10,3.300.000'),
    });
    const out = join(dir, 'inv.yaml');
    const { result, stderr } = await captureOutput(() =>
      importSitesCommand.run([
        join(dir, 'sites.csv'),
        '--plans',
        join(dir, 'plans.csv'),
        '-o',
        out,
      ]),
    );
    expect(result).toBe(1);
    expect(stderr.split('\n')[0]?.replaceAll(`${dir}/`, '')).toBe(
      'plans.csv:2: column monthly_idr: "3.300.000" is not a number',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('needs exactly one sites file that exists, and known options', async () => {
    const dir = tempFiles({ 'sites.csv': SITES });
    await expect(importSitesCommand.run([])).rejects.toThrow(new UsageError('which sites CSV?'));
    await expect(importSitesCommand.run(['a.csv', 'b.csv'])).rejects.toThrow(
      new UsageError('give one sites CSV'),
    );
    await expect(importSitesCommand.run([join(dir, 'nope.csv')])).rejects.toThrow(
      new UsageError(`cannot read ${join(dir, 'nope.csv')}: no such file`),
    );
    await expect(
      importSitesCommand.run([join(dir, 'sites.csv'), '--plan', 'x']),
    ).rejects.toBeInstanceOf(UsageError);
  });

  it('documents the columns in --help', () => {
    expect(importSitesCommand.usage).toContain(
      'Usage: pantau import-sites SITES.csv [--plans PLANS.csv] [-o FILE]',
    );
    for (const column of [
      'snmp_community_env',
      'snmp_priv_env',
      'overage_idr_per_gb',
      'sla_step_pct',
    ]) {
      expect(importSitesCommand.usage).toContain(column);
    }
    expect(
      Math.max(...importSitesCommand.usage.split('\n').map((l) => l.length)),
    ).toBeLessThanOrEqual(100);
  });
});
