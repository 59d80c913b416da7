// The engine's settings: defaults, checks, and the per-kind thresholds taken from the probe config.

import type { ProbeConfig, StatusConfig, ThresholdSettings } from '../config/index.js';
import { probeSettingsFor, STATUS_DEFAULTS } from '../config/index.js';
import { SITE_KINDS, type SiteKind } from '../inventory/index.js';
import type { StatusSite } from './types.js';

export interface FlappingSettings {
  /** This many counted state changes within `windowMs` start flapping. */
  readonly changes: number;
  readonly windowMs: number;
  /** Flapping stops once at most this many changes remain within the window (hysteresis). */
  readonly stopAtMost: number;
}

export interface IsolationSettings {
  /**
   * Ids whose ICMP results tell whether the monitor still reaches the world (its gateway, upstream
   * hops). An id outside the inventory is a target probed only for this; a site id may serve too.
   */
  readonly referenceIds: readonly string[];
  /** More than this share (0–100) of independent sites down within the window: isolated; null: off. */
  readonly sharePct: number | null;
  /** The share is judged only when at least this many independent sites were heard in the window. */
  readonly minSites: number;
  /** The evaluation window for the share, by arrival time. */
  readonly windowMs: number;
  /** A change into down or unreachable is shown only after this long without isolation. */
  readonly holdMs: number;
}

export interface StatusEngineOptions {
  readonly sites: readonly StatusSite[];
  readonly thresholds: Readonly<Record<SiteKind, ThresholdSettings>>;
  /** K: consecutive answered ICMP results that bring a site back from down or unreachable. */
  readonly recoveryResults?: number;
  /** Loss and RTT are judged only over at least this many results in the window. */
  readonly qualityMinSamples?: number;
  readonly flapping?: Partial<FlappingSettings>;
  /** null (or no reference ids and sharePct null): no isolation detection, and no hold on down. */
  readonly isolation?: Partial<IsolationSettings> | null;
}

export interface EngineSettings {
  readonly recoveryResults: number;
  readonly qualityMinSamples: number;
  readonly flapping: FlappingSettings;
  readonly isolation: IsolationSettings | null;
}

export const DEFAULT_RECOVERY_RESULTS = STATUS_DEFAULTS.recoveryResults;
export const DEFAULT_QUALITY_MIN_SAMPLES = 3;
export const DEFAULT_FLAPPING: FlappingSettings = STATUS_DEFAULTS.flapping;
export const DEFAULT_ISOLATION: Omit<IsolationSettings, 'holdMs'> = {
  referenceIds: [],
  ...STATUS_DEFAULTS.isolation,
};

export class StatusSettingsError extends Error {
  override readonly name = 'StatusSettingsError';
}

function whole(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new StatusSettingsError(
      `${name} must be a whole number of at least ${min}, not ${value}`,
    );
  return value;
}

function duration(name: string, value: number, min: number): number {
  if (!Number.isFinite(value) || value < min)
    throw new StatusSettingsError(`${name} must be at least ${min} ms, not ${value}`);
  return value;
}

/** Fills in the defaults and refuses settings the engine cannot work with. */
export function resolveSettings(options: StatusEngineOptions): EngineSettings {
  const flap = { ...DEFAULT_FLAPPING, ...options.flapping };
  const changes = whole('flapping.changes', flap.changes, 2);
  const flapping: FlappingSettings = {
    changes,
    windowMs: duration('flapping.windowMs', flap.windowMs, 1),
    stopAtMost: whole('flapping.stopAtMost', flap.stopAtMost, 0),
  };
  if (flapping.stopAtMost >= changes)
    throw new StatusSettingsError('flapping.stopAtMost must be below flapping.changes');
  return {
    recoveryResults: whole(
      'recoveryResults',
      options.recoveryResults ?? DEFAULT_RECOVERY_RESULTS,
      1,
    ),
    qualityMinSamples: whole(
      'qualityMinSamples',
      options.qualityMinSamples ?? DEFAULT_QUALITY_MIN_SAMPLES,
      1,
    ),
    flapping,
    isolation: options.isolation === null ? null : resolveIsolation(options.isolation ?? {}),
  };
}

function resolveIsolation(over: Partial<IsolationSettings>): IsolationSettings | null {
  const merged = { ...DEFAULT_ISOLATION, ...over };
  const { sharePct } = merged;
  // Nothing to detect with: no hold either, so downs are shown at once.
  if (sharePct === null && merged.referenceIds.length === 0) return null;
  if (sharePct !== null && !(sharePct >= 0 && sharePct < 100))
    throw new StatusSettingsError(
      `isolation.sharePct must be from 0 to below 100, not ${sharePct}`,
    );
  const windowMs = duration('isolation.windowMs', merged.windowMs, 1);
  return {
    referenceIds: [...new Set(merged.referenceIds)],
    sharePct,
    minSites: whole('isolation.minSites', merged.minSites, 1),
    windowMs,
    // The hold lets a whole cut be seen before any site of it is shown down.
    holdMs: duration('isolation.holdMs', over.holdMs ?? windowMs, 0),
  };
}

/** Each site kind's degraded thresholds: the probe defaults with the kind's overrides. */
export function thresholdsByKind(probe: ProbeConfig): Record<SiteKind, ThresholdSettings> {
  const out = {} as Record<SiteKind, ThresholdSettings>;
  for (const kind of SITE_KINDS) out[kind] = probeSettingsFor(probe, kind).thresholds;
  return out;
}

/** The engine's settings as the config file's `status:` section gives them. */
export function engineSettingsFrom(
  status: StatusConfig,
): Pick<StatusEngineOptions, 'recoveryResults' | 'flapping' | 'isolation'> {
  const { isolation } = status;
  return {
    recoveryResults: status.recoveryResults,
    flapping: status.flapping,
    isolation:
      isolation === null
        ? null
        : {
            referenceIds: isolation.referenceTargets.map((t) => t.id),
            sharePct: isolation.sharePct,
            minSites: isolation.minSites,
            windowMs: isolation.windowMs,
            holdMs: isolation.holdMs,
          },
  };
}
