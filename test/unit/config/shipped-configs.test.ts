// The config files in config/ load: the example documents every setting, the demo is the sample regency.

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/index.js';
import { checkInventory } from '../../../src/inventory/index.js';

const CONFIG = fileURLToPath(new URL('../../../config/', import.meta.url));

describe('shipped config files', () => {
  it('config/demo.yaml loads the 342 sample sites with no inventory problem', async () => {
    const config = await loadConfig(`${CONFIG}demo.yaml`, { SNMP_COMMUNITY: 'public' });
    expect(config.inventory.sites).toHaveLength(342);
    expect(config.inventory.plans).toHaveLength(11);
    expect(config.inventory.sites[0]?.router.snmp).toEqual({ version: '2c', community: 'public' });
    expect(config.lab.scenario).toBe(`${CONFIG}demo-scenario.yaml`);
    expect(config.lab.v3User.authKey).toBe('pantau-demo-auth');
    expect(checkInventory(config.inventory, config.inventorySources)).toEqual([]);
    expect(config.warnings).toEqual([]);
  });

  it('config/pantau.example.yaml loads, and sets every setting to its default except where it says', async () => {
    const config = await loadConfig(`${CONFIG}pantau.example.yaml`, { SNMP_COMMUNITY: 'public' });
    expect(config.server.listen).toEqual({ host: '0.0.0.0', port: 3000 });
    expect(config.influx.spool.dir).toBe(`${CONFIG}var/spool`);
    expect(config.probe.kinds.desa?.thresholds).toEqual({ rttMs: 700, lossPct: 10 });
    expect(config.status.isolation?.sharePct).toBe(80);
    expect(config.inventory.sites).toHaveLength(342);
  });
});
