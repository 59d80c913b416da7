// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are written literally here, as in config files
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfigCommand } from '../../../src/commands/check-config.js';
import { UsageError } from '../../../src/commands/command.js';
import { captureOutput } from '../../helpers/capture-output.js';
import { lines, tempFiles } from '../../helpers/temp-files.js';

const PLANS = lines(
  'plans:',
  '  - { id: astinet-10, isp: Telkom, product: Astinet 10, mbps: 10, billing: { model: flat, monthlyIdr: 3300000 } }',
  '  - { id: unused, isp: Telkom, product: Unused, mbps: 1, billing: { model: flat, monthlyIdr: 1 } }',
);

function site(
  id: string,
  kind: string,
  kecamatan: string,
  parent: string | null,
  host: string,
  extra: string[] = [],
): string[] {
  return [
    `  - id: ${id}`,
    `    name: ${id}`,
    `    kind: ${kind}`,
    `    kecamatan: ${kecamatan}`,
    ...(parent ? [`    parent: ${parent}`] : []),
    ...extra,
    '    router: { host: ' +
      host +
      ', snmp: { version: 2c, community: "${SNMP_COMMUNITY}" }, wan: { ifName: ether1 } }',
    '    isp: telkom',
    '    plan: astinet-10',
    '    contract: { start: 2025-01-01 }',
  ];
}

async function run(
  files: Record<string, string>,
  env: Record<string, string> = { SNMP_COMMUNITY: 'public' },
) {
  const dir = tempFiles(files);
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const output = await captureOutput(() =>
      checkConfigCommand.run(['-c', join(dir, 'main.yaml')]),
    );
    return { ...output, stdout: output.stdout.replaceAll(`${dir}/`, '') };
  } finally {
    for (const key of Object.keys(env)) if (!(key in saved)) delete process.env[key];
  }
}

describe('pantau check-config', () => {
  it('prints warnings and the summary, and exits 0, when there is no error', async () => {
    const { result, stdout } = await run({
      'main.yaml': lines('inventory: { files: [inv.yaml] }'),
      'inv.yaml':
        PLANS +
        lines(
          'sites:',
          ...site('core', 'core', 'Tigaraksa', null, '198.18.0.2'),
          ...site('kec-b', 'kecamatan', 'Balaraja', 'core', '198.18.0.3'),
          ...site('desa-b1', 'desa', 'Balaraja', 'kec-b', '198.18.0.4', [
            '    location: { lat: 10.5, lon: 106.8 }',
          ]),
        ),
    });
    expect(result).toBe(0);
    expect(stdout).toBe(
      lines(
        'inv.yaml:27:15: warning: sites[2].location: lat 10.5, lon 106.8 is outside Indonesia (lat -11.1..6.1, lon 94.7..141.2)',
        '',
        'main.yaml: 3 sites, 2 plans (from inv.yaml)',
        '',
        'Sites by kind:',
        '  core       1',
        '  opd        0',
        '  kecamatan  1',
        '  kelurahan  0',
        '  desa       1',
        '',
        'Sites by kecamatan (2):',
        '  Balaraja   2    Tigaraksa  1',
        '',
        'Plans used (1 of 2):',
        '  astinet-10  3 sites',
        'Plans not used: unused',
        '',
        'Parent tree: 3 levels; 1 site with their own ISP link; longest chain core → kec-b → desa-b1',
        '',
        '0 errors, 1 warning',
      ),
    );
  });

  it('prints every problem, inventory checks included, and exits 1 on an error', async () => {
    const { result, stdout } = await run({
      'main.yaml': lines('inventory: { files: [inv.yaml] }'),
      'inv.yaml':
        PLANS +
        lines(
          'sites:',
          ...site('a', 'desa', 'K', 'b', '198.18.0.2'),
          ...site('b', 'desa', 'K', 'a', '198.18.0.2'),
        ),
    });
    expect(result).toBe(1);
    expect(stdout).toBe(
      lines(
        'inv.yaml:9:13: sites[0].parent: the parent chain is a loop that never reaches the core: a → b → a',
        'inv.yaml:19:21: sites[1].router.host: router 198.18.0.2 port 161 is also the router of site "a" (inv.yaml:5:5)',
        '',
        '2 errors, 0 warnings: main.yaml is not usable',
      ),
    );
  });

  it('prints the problems that stop loading, and exits 1', async () => {
    const { result, stdout } = await run(
      {
        'main.yaml': lines('inventory: { files: [inv.yaml] }'),
        'inv.yaml': PLANS + lines('sites:', ...site('a', 'desa', 'K', null, '198.18.0.2')),
      },
      {},
    );
    expect(result).toBe(1);
    expect(stdout).toBe(
      lines(
        'inv.yaml:9:65: sites[0].router.snmp.community: environment variable SNMP_COMMUNITY is not set',
        '',
        '1 error, 0 warnings: main.yaml is not usable',
      ),
    );
  });

  it('refuses unknown options and arguments as usage errors', async () => {
    await expect(checkConfigCommand.run(['--bogus'])).rejects.toBeInstanceOf(UsageError);
    await expect(checkConfigCommand.run(['extra.yaml'])).rejects.toThrow(
      'unexpected argument "extra.yaml"',
    );
  });

  it('says what it does in --help', () => {
    expect(checkConfigCommand.usage).toContain('Usage: pantau check-config [-c FILE]');
    expect(checkConfigCommand.usage).toContain('$PANTAU_CONFIG or config/pantau.yaml');
  });
});
