import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_PROBE_SETTINGS,
  loadConfig,
  mergeProbeSettings,
  probeSettingsFor,
} from '../../../src/config/index.js';
import { lines, tempFiles } from '../../helpers/temp-files.js';

describe('probe settings per site kind', () => {
  it('merges a kind’s overrides deeply into the configured defaults, leaving other kinds alone', async () => {
    const dir = tempFiles({
      'main.yaml': lines(
        'probe:',
        '  icmp: { interval: 20s, confirm: { attempts: 2 } }',
        '  thresholds: { rttMs: 100 }',
        '  kinds:',
        '    desa:',
        '      icmp: { interval: 60s, confirm: { interval: 3s } }',
        '      snmp: { retries: 3 }',
        '      thresholds: { rttMs: 700, window: 15m }',
      ),
    });
    const { probe } = await loadConfig(join(dir, 'main.yaml'), {});
    expect(probe.kinds).toEqual({
      desa: {
        icmp: { intervalMs: 60_000, confirm: { intervalMs: 3000 } },
        snmp: { retries: 3 },
        thresholds: { rttMs: 700, windowMs: 900_000 },
      },
    });
    expect(probeSettingsFor(probe, 'desa')).toEqual({
      icmp: {
        intervalMs: 60_000,
        count: 3,
        timeoutMs: 500,
        confirm: { attempts: 2, intervalMs: 3000 },
        backend: 'auto',
      },
      snmp: { intervalMs: 60_000, timeoutMs: 2000, retries: 3, concurrency: 500 },
      tcp: BUILT_IN_PROBE_SETTINGS.tcp,
      thresholds: { rttMs: 700, lossPct: 5, windowMs: 900_000 },
    });
    expect(probeSettingsFor(probe, 'opd')).toEqual({
      icmp: {
        intervalMs: 20_000,
        count: 3,
        timeoutMs: 500,
        confirm: { attempts: 2, intervalMs: 1000 },
        backend: 'auto',
      },
      snmp: BUILT_IN_PROBE_SETTINGS.snmp,
      tcp: BUILT_IN_PROBE_SETTINGS.tcp,
      thresholds: { rttMs: 100, lossPct: 5, windowMs: 300_000 },
    });
  });

  it('does not change the settings it merges into', () => {
    const before = structuredClone(BUILT_IN_PROBE_SETTINGS);
    const merged = mergeProbeSettings(BUILT_IN_PROBE_SETTINGS, {
      icmp: { count: 9, confirm: { attempts: 0 } },
    });
    expect(merged.icmp.count).toBe(9);
    expect(merged.icmp.confirm).toEqual({ attempts: 0, intervalMs: 1000 });
    expect(BUILT_IN_PROBE_SETTINGS).toEqual(before);
  });

  it('ignores undefined in an override instead of erasing the default', () => {
    expect(
      mergeProbeSettings(BUILT_IN_PROBE_SETTINGS, { snmp: { retries: undefined } }).snmp.retries,
    ).toBe(1);
  });
});
