import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type PantauConfig, reloadScope } from '../../../src/config/index.js';

const DEMO = fileURLToPath(new URL('../../../config/demo.yaml', import.meta.url));
let config: PantauConfig;

beforeAll(async () => {
  config = await loadConfig(DEMO, { SNMP_COMMUNITY: 'public' });
});

describe('reloadScope', () => {
  it('nothing changed: nothing to do', () => {
    expect(reloadScope(config, structuredClone(config))).toEqual({ sites: false, needRestart: [] });
  });

  it('the inventory or probe settings changed: sites are re-planned, nothing waits', () => {
    const fewer = {
      ...config,
      inventory: { ...config.inventory, sites: config.inventory.sites.slice(1) },
    };
    expect(reloadScope(config, fewer)).toEqual({ sites: true, needRestart: [] });
    const slower = {
      ...config,
      probe: {
        ...config.probe,
        defaults: {
          ...config.probe.defaults,
          icmp: { ...config.probe.defaults.icmp, intervalMs: 60_000 },
        },
      },
    };
    expect(reloadScope(config, slower)).toEqual({ sites: true, needRestart: [] });
  });

  it('listeners, storage, engine settings and the worker count wait for a restart', () => {
    const next = {
      ...config,
      server: { ...config.server, listen: { host: '127.0.0.1', port: 3999 } },
      influx: { ...config.influx, database: 'other' },
      probe: { ...config.probe, workers: config.probe.workers + 1 },
    };
    expect(reloadScope(config, next)).toEqual({
      sites: false,
      needRestart: ['server', 'influx', 'probe.workers'],
    });
  });
});
