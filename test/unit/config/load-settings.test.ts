// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} references are written literally here, as in config files
// The main config: defaults, every kind of setting error with its exact text and position.

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { configProblems } from '../../helpers/config-problems.js';
import { lines, tempFiles } from '../../helpers/temp-files.js';

const problems = configProblems;

const DAY = 86_400_000;

describe('loadConfig: settings', () => {
  it('fills every default, relative to the config file', async () => {
    const dir = tempFiles({ 'main.yaml': '# nothing set\n' });
    const config = await loadConfig(join(dir, 'main.yaml'), {});
    expect(config.file).toBe(join(dir, 'main.yaml'));
    expect(config.server).toEqual({
      listen: { host: '0.0.0.0', port: 3000 },
      dataDir: join(dir, 'var'),
      timezone: 'Asia/Jakarta',
      logLevel: 'info',
    });
    expect(config.influx).toEqual({
      url: 'http://127.0.0.1:8086',
      database: 'pantau',
      username: null,
      password: null,
      retention: {
        rawMs: 35 * DAY,
        rollupMs: 3 * 365 * DAY,
        rollupIntervalMs: 300_000,
        rollupGraceMs: 120_000,
      },
      batch: { maxPoints: 5000, maxDelayMs: 1000 },
      spool: { dir: join(dir, 'var', 'spool'), maxBytes: 2 ** 30 },
    });
    expect(config.probe).toEqual({
      workers: availableParallelism(),
      defaults: {
        icmp: {
          intervalMs: 30_000,
          count: 3,
          timeoutMs: 500,
          confirm: { attempts: 3, intervalMs: 1000 },
          backend: 'auto',
        },
        snmp: { intervalMs: 60_000, timeoutMs: 2000, retries: 1, concurrency: 500 },
        tcp: { intervalMs: 30_000, timeoutMs: 2000, attempts: 2 },
        thresholds: { rttMs: 150, lossPct: 5, windowMs: 300_000 },
      },
      kinds: {},
    });
    expect(config.lab).toEqual({
      namespace: 'pantau-lab',
      control: '127.0.0.1:9161',
      agentProcesses: 1,
      loopbackPort: 1161,
      v3User: {
        user: 'pantau',
        authProtocol: 'sha',
        authKey: 'pantau-lab-auth',
        privProtocol: 'aes',
        privKey: 'pantau-lab-priv',
      },
      scenario: null,
    });
    expect(config.inventory).toEqual({ sites: [], plans: [] });
    expect(config.warnings.map((w) => w.message)).toEqual(['the inventory has no sites']);
  });

  it('reads every kind of value into its typed form', async () => {
    const dir = tempFiles({
      'main.yaml': lines(
        'server: { listen: "[::1]:8080", dataDir: /srv/pantau, timezone: Asia/Makassar, logLevel: debug }',
        'influx:',
        '  username: pantau',
        '  password: ${INFLUX_PASSWORD}',
        '  retention: { raw: 1w, rollup: 5y, rollupInterval: 1m, rollupGrace: 30s }',
        '  batch: { maxPoints: "10000", maxDelay: 250ms }',
        '  spool: { dir: spool, maxBytes: 512MiB }',
        'probe: { workers: 2 }',
        'lab: { namespace: demo-1, scenario: ../s.yaml, agentProcesses: 4 }',
      ),
    });
    const config = await loadConfig(join(dir, 'main.yaml'), { INFLUX_PASSWORD: 'pw' });
    expect(config.server).toEqual({
      listen: { host: '::1', port: 8080 },
      dataDir: '/srv/pantau',
      timezone: 'Asia/Makassar',
      logLevel: 'debug',
    });
    expect(config.influx.username).toBe('pantau');
    expect(config.influx.password).toBe('pw');
    expect(config.influx.retention).toEqual({
      rawMs: 7 * DAY,
      rollupMs: 5 * 365 * DAY,
      rollupIntervalMs: 60_000,
      rollupGraceMs: 30_000,
    });
    expect(config.influx.batch).toEqual({ maxPoints: 10_000, maxDelayMs: 250 });
    expect(config.influx.spool).toEqual({ dir: join(dir, 'spool'), maxBytes: 512 * 2 ** 20 });
    expect(config.probe.workers).toBe(2);
    expect(config.lab.namespace).toBe('demo-1');
    expect(config.lab.agentProcesses).toBe(4);
    expect(config.lab.scenario).toBe(join(dir, '..', 's.yaml'));
    expect(config.warnings.map((w) => `${w.path}: ${w.message}`)).toContain(
      `lab.scenario: ${join(dir, '..', 's.yaml')} does not exist (the lab will not start with it)`,
    );
  });

  it('reports every settings error of the file at once, each with line, column, path and what was expected', async () => {
    expect(
      await problems({
        'main.yaml': lines(
          'server:',
          '  listen: 0.0.0.0:99999',
          '  timezone: Asia/Jakrta',
          '  logLevl: info',
          'influx:',
          '  url: ftp://influx',
          '  retention: { raw: 35, rollup: 1d }',
          '  spool: { maxBytes: 1 gigabyte }',
          'probe:',
          '  icmp: { interval: 30x, backend: fpingg }',
          '  kinds:',
          '    village: { icmp: { count: 0 } }',
          '    desa: { snmp: { retries: 9 } }',
          'costs: { currency: USD }',
          'alerts: { telegram: {} }',
          'lab:',
          '  namespace: Pantau_Lab',
          '  control: localhost',
          '  v3User: { authKey: short, privProtocol: aes256b }',
          'inventory:',
          '  files: [missing.yaml]',
        ),
      }),
    ).toEqual([
      'main.yaml:2:11: server.listen: "0.0.0.0:99999" is not a host:port address like "0.0.0.0:3000"',
      'main.yaml:3:13: server.timezone: "Asia/Jakrta" is not an IANA time zone like "Asia/Jakarta" (did you mean Asia/Jakarta?)',
      'main.yaml:4:3: server.logLevl: unknown key (did you mean logLevel?)',
      'main.yaml:6:8: influx.url: "ftp://influx" is not an http:// or https:// URL',
      'main.yaml:7:21: influx.retention.raw: 35 has no unit: write a duration like "30s", "500ms", "5m" or "35d"',
      'main.yaml:8:22: influx.spool.maxBytes: "1 gigabyte" is not a size like "512MiB", "1GiB" or "500MB"',
      'main.yaml:10:21: probe.icmp.interval: "30x" is not a duration like "30s", "500ms", "5m" or "35d"',
      'main.yaml:10:35: probe.icmp.backend: "fpingg" is not one of fping, ping, auto (did you mean fping?)',
      'main.yaml:12:5: probe.kinds.village: unknown key (expected one of core, opd, kecamatan, kelurahan, desa)',
      'main.yaml:13:30: probe.kinds.desa.snmp.retries: 9 is not between 0 and 5',
      'main.yaml:14:8: costs: the cost engine is not built yet, so this section would do nothing: remove it',
      'main.yaml:15:9: alerts: alerting is not built yet, so this section would do nothing: remove it',
      'main.yaml:17:14: lab.namespace: "Pantau_Lab" is not a namespace name: 1 to 13 of a-z, 0-9 and "-", starting with a letter',
      'main.yaml:18:12: lab.control: "localhost" is not a host:port address like "127.0.0.1:9161"',
      'main.yaml:19:22: lab.v3User.authKey: must be at least 8 characters long',
      'main.yaml:19:43: lab.v3User.privProtocol: "aes256b" is not one of des, aes',
      'main.yaml:21:11: inventory.files[0]: cannot read missing.yaml: no such file',
    ]);
  });
});
