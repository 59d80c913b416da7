// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are written literally here, as in config files
// How files are read: YAML syntax errors, ${VAR} substitution, aliases, empty values, secrets in messages.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  formatProblem,
  formatProblems,
  loadConfig,
} from '../../../src/config/index.js';
import { configProblems } from '../../helpers/config-problems.js';
import { lines, tempFiles } from '../../helpers/temp-files.js';

const problems = configProblems;

const SITE = [
  'sites:',
  '  - id: desa-a',
  '    name: Desa A',
  '    kind: desa',
  '    kecamatan: Cisoka',
  '    router:',
  '      host: ${ROUTER_HOST:-198.18.0.10}',
  '      snmp: { version: 2c, community: "${SNMP_COMMUNITY}" }',
  '      wan: { ifName: ether1 }',
  '    isp: telkom',
  '    plan: p',
  '    contract: { start: 2025-01-01 }',
];

describe('loadConfig: YAML and ${VAR}s', () => {
  it('reports YAML syntax errors with their position', async () => {
    expect(
      await problems({
        'main.yaml': lines('server:', '  listen: 1.2.3.4:80', '  listen: 1.2.3.4:81'),
      }),
    ).toEqual(['main.yaml:3:3: YAML: map keys must be unique']);
  });

  it('substitutes variables that are set, and defaults where they are not', async () => {
    const dir = tempFiles({
      'main.yaml': lines('inventory: { files: [inv.yaml] }'),
      'inv.yaml': lines(...SITE),
    });
    const config = await loadConfig(join(dir, 'main.yaml'), { SNMP_COMMUNITY: 'rahasia' });
    expect(config.inventory.sites[0]?.router.snmp).toEqual({ version: '2c', community: 'rahasia' });
    expect(config.inventory.sites[0]?.router.host).toBe('198.18.0.10');
    const overridden = await loadConfig(join(dir, 'main.yaml'), {
      SNMP_COMMUNITY: 'rahasia',
      ROUTER_HOST: '10.0.0.1',
    });
    expect(overridden.inventory.sites[0]?.router.host).toBe('10.0.0.1');
  });

  it('names a missing variable once a file, at its first use, with the count of uses', async () => {
    const second = SITE.slice(1).map((line) => line.replace('desa-a', 'desa-b'));
    expect(
      await problems({
        'main.yaml': lines('inventory: { files: [inv.yaml] }', 'influx: { url: "${INFLUX_URL}" }'),
        'inv.yaml': lines(...SITE, ...second),
      }),
    ).toEqual([
      'main.yaml:2:16: influx.url: environment variable INFLUX_URL is not set',
      'inv.yaml:8:39: sites[0].router.snmp.community: environment variable SNMP_COMMUNITY is not set (used 2 times in this file; this is the first)',
    ]);
  });

  it('reports a reference it cannot read', async () => {
    expect(await problems({ 'main.yaml': lines('influx: { password: "${PASS WORD}" }') })).toEqual([
      'main.yaml:1:21: influx.password: "${PASS WORD}" is not a valid ${VAR} or ${VAR:-default} reference',
    ]);
  });

  it('never repeats a substituted value in a message: it names the variable instead', async () => {
    const message = await problems(
      { 'main.yaml': lines('server: { listen: "${LISTEN}" }') },
      { LISTEN: 'hunter2' },
    );
    expect(message).toEqual([
      'main.yaml:1:19: server.listen: the value of ${LISTEN} is not a host:port address like "0.0.0.0:3000"',
    ]);
    expect(message.join()).not.toContain('hunter2');
  });

  it('takes text from the environment as a number or a boolean where one is wanted', async () => {
    const dir = tempFiles({
      'main.yaml': lines(
        'influx: { batch: { maxPoints: "${BATCH:-5000}" } }',
        'status: { isolation: { enabled: "${ISOLATION:-true}" } }',
      ),
    });
    const config = await loadConfig(join(dir, 'main.yaml'), { BATCH: '250', ISOLATION: 'false' });
    expect(config.influx.batch.maxPoints).toBe(250);
    expect(config.status.isolation).toBeNull();
  });

  it('lets an unset ${VAR:-} leave an optional setting empty', async () => {
    const dir = tempFiles({ 'main.yaml': lines('influx: { username: "${INFLUX_USER:-}" }') });
    expect((await loadConfig(join(dir, 'main.yaml'), {})).influx.username).toBeNull();
  });

  it('follows aliases and merge keys, the mapping’s own keys winning', async () => {
    const dir = tempFiles({
      'main.yaml': lines(
        'probe:',
        '  icmp: &fast { interval: 10s, count: 5 }',
        '  kinds:',
        '    core: { icmp: *fast }',
        '    opd: { icmp: { <<: *fast, count: 2 } }',
      ),
    });
    const config = await loadConfig(join(dir, 'main.yaml'), {});
    expect(config.probe.kinds.core).toEqual({ icmp: { intervalMs: 10_000, count: 5 } });
    expect(config.probe.kinds.opd).toEqual({ icmp: { intervalMs: 10_000, count: 2 } });
  });

  it('treats an empty value as not set, but still catches a misspelt empty key', async () => {
    const dir = tempFiles({ 'main.yaml': lines('server:', '  timezone:', 'lab:') });
    expect((await loadConfig(join(dir, 'main.yaml'), {})).server.timezone).toBe('Asia/Jakarta');
    expect(await problems({ 'main.yaml': lines('server:', '  timzone:') })).toEqual([
      'main.yaml:2:3: server.timzone: unknown key (did you mean timezone?)',
    ]);
  });

  it('rejects unknown top-level sections, listing the known ones', async () => {
    expect(await problems({ 'main.yaml': lines('servers: {}', 'alert: {}') })).toEqual([
      'main.yaml:1:1: servers: unknown key (did you mean server?)',
      'main.yaml:2:1: alert: unknown key (did you mean alerts?)',
    ]);
  });

  it('throws a ConfigError whose message lists every problem, one a line', async () => {
    const dir = tempFiles({
      'main.yaml': lines('influx: { batch: { maxPoints: 0, maxDelay: 5 } }'),
    });
    const error = await loadConfig(join(dir, 'main.yaml'), {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const problemsList = (error as ConfigError).problems;
    // In file order, whatever order the checks found them in.
    expect(problemsList).toEqual([
      {
        file: join(dir, 'main.yaml'),
        line: 1,
        column: 31,
        path: 'influx.batch.maxPoints',
        message: '0 is not between 1 and 1000000',
        severity: 'error',
      },
      {
        file: join(dir, 'main.yaml'),
        line: 1,
        column: 44,
        path: 'influx.batch.maxDelay',
        message: '5 has no unit: write a duration like "30s", "500ms", "5m" or "35d"',
        severity: 'error',
      },
    ]);
    expect((error as ConfigError).message).toBe(
      `2 errors in the configuration:\n${formatProblems(problemsList)}`,
    );
    expect(formatProblems(problemsList).split('\n')).toEqual([
      `${join(dir, 'main.yaml')}:1:31: influx.batch.maxPoints: 0 is not between 1 and 1000000`,
      `${join(dir, 'main.yaml')}:1:44: influx.batch.maxDelay: 5 has no unit: write a duration like "30s", "500ms", "5m" or "35d"`,
    ]);
  });

  it('reports a main file that cannot be read', async () => {
    const dir = tempFiles();
    const error = (await loadConfig(join(dir, 'nope.yaml'), {}).catch(
      (e: unknown) => e,
    )) as ConfigError;
    expect(error.problems.map(formatProblem)).toEqual([
      `${join(dir, 'nope.yaml')}: cannot read ${join(dir, 'nope.yaml')}: no such file`,
    ]);
  });
});
