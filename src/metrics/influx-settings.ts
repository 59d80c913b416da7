// What the schema, the rollups and history reads need to know, taken from the influx config. Pure.

import type { InfluxConfig } from '../config/index.js';
import { formatDuration } from './influxql.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

export interface InfluxStorageSettings {
  readonly database: string;
  /** Retention policy `raw` (the default one): every sample. */
  readonly rawRetentionMs: number;
  /** Retention policy `rollup`: the rollup interval's means and maxima, the billing record. */
  readonly rollupRetentionMs: number;
  /** The rollup bucket (GROUP BY time). */
  readonly rollupIntervalMs: number;
  /** How often the rollup continuous queries run (RESAMPLE EVERY). */
  readonly resampleEveryMs: number;
  /** How far back each run recomputes (RESAMPLE FOR): points this late still reach their rollup. */
  readonly resampleForMs: number;
  /** History over ranges up to this long is read from raw samples, longer ones from the rollups. */
  readonly rawHistoryMaxRangeMs: number;
}

/** The CQs run each minute, so a rollup is at most a minute behind. */
export const DEFAULT_RESAMPLE_EVERY_MS = MINUTE;
/** Points up to 15 minutes late (a slow poll, a short InfluxDB restart) are rolled up again. */
export const DEFAULT_RESAMPLE_FOR_MS = 15 * MINUTE;
export const DEFAULT_RAW_HISTORY_MAX_RANGE_MS = 2 * DAY;

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
    resampleEveryMs: overrides.resampleEveryMs ?? DEFAULT_RESAMPLE_EVERY_MS,
    // InfluxDB refuses a FOR shorter than the GROUP BY interval.
    resampleForMs:
      overrides.resampleForMs ?? Math.max(DEFAULT_RESAMPLE_FOR_MS, 3 * rollupIntervalMs),
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
    ['resampleEveryMs', s.resampleEveryMs],
    ['resampleForMs', s.resampleForMs],
    ['rawHistoryMaxRangeMs', s.rawHistoryMaxRangeMs],
  ];
  for (const [name, ms] of durations) {
    if (!Number.isSafeInteger(ms) || ms <= 0)
      throw new Error(`influx storage: ${name} must be a whole number of ms above 0, not ${ms}`);
  }
  if (s.resampleForMs < s.rollupIntervalMs) {
    throw new Error(
      `influx storage: the rollup's RESAMPLE FOR (${formatDuration(s.resampleForMs)}) must be at least ` +
        `the rollup interval (${formatDuration(s.rollupIntervalMs)}); InfluxDB refuses a shorter one`,
    );
  }
}
