// loadCheckedConfigApart: the server's config loaded in a thread of its own (dist/ built first, as
// npm test does) comes back the same as loaded in place, and its errors keep their file:line.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCheckedConfig, loadCheckedConfigApart } from '../../src/commands/checked-config.js';
import { ConfigError, formatProblem } from '../../src/config/index.js';
import { lines, tempFiles } from '../helpers/temp-files.js';

const site = (id: string, host: string): string[] => [
  `  - id: ${id}`,
  `    name: Desa ${id}`,
  '    kind: desa',
  '    kecamatan: Cisoka',
  `    router: { host: ${host}, snmp: { version: 2c, community: public }, wan: { ifName: ether1 } }`,
  '    isp: telkom',
  '    plan: flat-10',
  '    contract: { start: 2025-01-01 }',
];

function configDir(sites: string[]): string {
  return tempFiles({
    'pantau.yaml': lines(
      'server: { timezone: Asia/Makassar }',
      'inventory: { files: [sites.yaml] }',
    ),
    'sites.yaml': lines(
      'plans:',
      '  - { id: flat-10, isp: Telkom, product: Astinet 10, mbps: 10, billing: { model: flat, monthlyIdr: 3300000 } }',
      'sites:',
      ...sites,
    ),
  });
}

describe('loadCheckedConfigApart', () => {
  it('gives the config loadCheckedConfig gives, without the positions only the checks read', async () => {
    const file = join(
      configDir([...site('a', '10.0.0.1'), ...site('b', '10.0.0.2')]),
      'pantau.yaml',
    );
    const here = await loadCheckedConfig(file);
    const apart = await loadCheckedConfigApart(file);
    expect(here.inventorySources.sites.length).toBe(2);
    expect(apart.inventorySources).toEqual({ sites: [], plans: [] });
    expect({ ...apart, inventorySources: null }).toEqual({ ...here, inventorySources: null });
    expect(apart.inventory.sites.map((s) => s.id)).toEqual(['a', 'b']);
    expect(apart.server.timezone).toBe('Asia/Makassar');
  });

  it('refuses a config with inventory errors, each with its file:line', async () => {
    const dir = configDir([...site('a', '10.0.0.1'), ...site('a', '10.0.0.2')]);
    const error = await loadCheckedConfigApart(join(dir, 'pantau.yaml')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const messages = (error as ConfigError).problems.map(formatProblem);
    expect(messages).toEqual([
      `${join(dir, 'sites.yaml')}:12:9: sites[1].id: site id "a" is already used (${join(dir, 'sites.yaml')}:4:5)`,
    ]);
  });

  it('refuses YAML it cannot read, and a file that is not there, naming them', async () => {
    const dir = tempFiles({ 'pantau.yaml': lines('server: {', '  timezone: [') });
    const broken = await loadCheckedConfigApart(join(dir, 'pantau.yaml')).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(ConfigError);
    expect((broken as ConfigError).problems[0]?.file).toContain('pantau.yaml');
    const missing = await loadCheckedConfigApart(join(dir, 'nope.yaml')).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ConfigError);
    expect((missing as ConfigError).message).toContain('nope.yaml');
  });
});
