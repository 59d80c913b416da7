import { describe, expect, it } from 'vitest';
import { BUILT_IN_PROBE_SETTINGS } from '../../../src/config/index.js';
import {
  StatusEngine,
  type StatusEngineOptions,
  StatusSettingsError,
  thresholdsByKind,
} from '../../../src/status/index.js';
import { resolveSettings } from '../../../src/status/options.js';
import { site, thresholds } from './harness.js';

const BASE: StatusEngineOptions = { sites: [site('a')], thresholds: thresholds() };

describe('status engine settings', () => {
  it('fills in the documented defaults', () => {
    expect(resolveSettings(BASE)).toEqual({
      recoveryResults: 2,
      qualityMinSamples: 3,
      flapping: { changes: 5, windowMs: 1_800_000, stopAtMost: 2 },
      isolation: { referenceIds: [], sharePct: 80, minSites: 10, windowMs: 10_000, holdMs: 10_000 },
    });
  });

  it('turns isolation off when there is nothing to detect it with, and so the hold', () => {
    expect(resolveSettings({ ...BASE, isolation: { sharePct: null } }).isolation).toBeNull();
    expect(resolveSettings({ ...BASE, isolation: null }).isolation).toBeNull();
  });

  it('keeps a hold set apart from the window', () => {
    const settings = resolveSettings({ ...BASE, isolation: { windowMs: 20_000, holdMs: 5_000 } });
    expect(settings.isolation).toMatchObject({ windowMs: 20_000, holdMs: 5_000 });
  });

  const bad: [string, Partial<StatusEngineOptions>, RegExp][] = [
    ['K of 0', { recoveryResults: 0 }, /recoveryResults/],
    ['K not whole', { recoveryResults: 1.5 }, /recoveryResults/],
    ['flapping from 1 change', { flapping: { changes: 1 } }, /flapping.changes/],
    ['stop at or above start', { flapping: { changes: 3, stopAtMost: 3 } }, /stopAtMost/],
    ['a share of 100 %', { isolation: { sharePct: 100 } }, /sharePct/],
    ['a negative hold', { isolation: { holdMs: -1 } }, /holdMs/],
    ['an empty window', { isolation: { windowMs: 0 } }, /windowMs/],
  ];
  it.each(bad)('refuses %s', (_name, over, message) => {
    expect(() => new StatusEngine({ ...BASE, ...over })).toThrow(StatusSettingsError);
    expect(() => resolveSettings({ ...BASE, ...over })).toThrow(message);
  });

  it('takes each kind’s thresholds from the probe config, overrides over defaults', () => {
    const byKind = thresholdsByKind({
      workers: 1,
      defaults: BUILT_IN_PROBE_SETTINGS,
      kinds: { desa: { thresholds: { rttMs: 400 } } },
    });
    expect(byKind.desa).toEqual({ ...BUILT_IN_PROBE_SETTINGS.thresholds, rttMs: 400 });
    expect(byKind.opd).toEqual(BUILT_IN_PROBE_SETTINGS.thresholds);
  });
});
