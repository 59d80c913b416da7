// What the schema, the rollups and history reads need to know, taken from the influx config. Pure.

import type { InfluxConfig } from '../config/index.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface InfluxStorageSettings {
  readonly database: string;
  /** Retention policy `raw` (the default one): every sample. */
  readonly rawRetentionMs: number;
  /** Retention policy `rollup`: the rollup interval's means and maxima, the billing record. */
  readonly rollupRetentionMs: number;
  /** The rollup bucket. */
  readonly rollupIntervalMs: number;
  /** How long after its end a bucket waits for late samples before Pantau writes its rollup. */
  readonly rollupGraceMs: number;
  /** History over ranges up to this long is read from raw samples, longer ones from the rollups. */
  readonly rawHistoryMaxRangeMs: number;
}

export const DEFAULT_RAW_HISTORY_MAX_RANGE_MS = 2 * DAY;
/** A poll's held rate comes one SNMP interval (60 s) late: it still finds its bucket open. */
export const DEFAULT_ROLLUP_GRACE_MS = 2 * MINUTE;

export type InfluxStorageOverrides = Partial<Omit<InfluxStorageSettings, 'database'>>;

/** The settings of `config`, with defaults for what the config file does not carry; checked. */
export function storageSettingsOf(
  config: Pick<InfluxConfig, 'database' | 'retention'>,
  overrides: InfluxStorageOverrides = {},
): InfluxStorageSettings {
  const rollupIntervalMs = overrides.rollupIntervalMs ?? config.retention.rollupIntervalMs;
  const settings: InfluxStorageSettings = {
    database: config.database,
    rawRetentionMs: overrides.rawRetentionMs ?? config.retention.rawMs,
    rollupRetentionMs: overrides.rollupRetentionMs ?? config.retention.rollupMs,
    rollupIntervalMs,
    rollupGraceMs: overrides.rollupGraceMs ?? config.retention.rollupGraceMs,
    rawHistoryMaxRangeMs: overrides.rawHistoryMaxRangeMs ?? DEFAULT_RAW_HISTORY_MAX_RANGE_MS,
  };
  checkSettings(settings);
  return settings;
}

function checkSettings(s: InfluxStorageSettings): void {
  if (s.database === '') throw new Error('influx storage: the database name is empty');
  const durations: [string, number][] = [
    ['rawRetentionMs', s.rawRetentionMs],
    ['rollupRetentionMs', s.rollupRetentionMs],
    ['rollupIntervalMs', s.rollupIntervalMs],
    ['rawHistoryMaxRangeMs', s.rawHistoryMaxRangeMs],
  ];
  for (const [name, ms] of durations) {
    if (!Number.isSafeInteger(ms) || ms <= 0)
      throw new Error(`influx storage: ${name} must be a whole number of ms above 0, not ${ms}`);
  }
  if (!Number.isSafeInteger(s.rollupGraceMs) || s.rollupGraceMs < 0)
    throw new Error(
      `influx storage: rollupGraceMs must be a whole number of ms, 0 or more, not ${s.rollupGraceMs}`,
    );
}
