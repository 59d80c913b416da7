// The rollup's InfluxQL: the continuous query and the backfill SELECT … INTO, and the settings.

import { describe, expect, it } from 'vitest';
import { storageSettingsOf } from '../../../src/metrics/influx-settings.js';
import { rollupCqStatement, rollupSelect } from '../../../src/metrics/rollup-query.js';
import { DAY } from '../../helpers/durations.js';
import { DEFAULT_RETENTION } from '../../helpers/influx-config.js';

const CONFIG = { database: 'pantau', retention: DEFAULT_RETENTION };

describe('rollup queries', () => {
  it('roll every field of one raw measurement up into the same measurement in rollup', () => {
    expect(rollupSelect('pantau', 'ifstat', 300_000)).toBe(
      'SELECT mean(*), max(*) INTO "pantau"."rollup".:MEASUREMENT FROM "pantau"."raw"."ifstat" GROUP BY time(5m), *',
    );
  });

  it('bound a backfill by time', () => {
    expect(rollupSelect('pantau', 'icmp', 300_000, { fromMs: 0, toMs: 21_600_000 })).toBe(
      'SELECT mean(*), max(*) INTO "pantau"."rollup".:MEASUREMENT FROM "pantau"."raw"."icmp" ' +
        'WHERE time >= 0ms AND time < 21600000ms GROUP BY time(5m), *',
    );
  });

  it('make the continuous query with the RESAMPLE settings', () => {
    expect(rollupCqStatement(storageSettingsOf(CONFIG), 'device')).toBe(
      'CREATE CONTINUOUS QUERY "rollup_device" ON "pantau" RESAMPLE EVERY 1m FOR 15m BEGIN ' +
        'SELECT mean(*), max(*) INTO "pantau"."rollup".:MEASUREMENT FROM "pantau"."raw"."device" ' +
        'GROUP BY time(5m), * END',
    );
  });

  it('quote an odd database name', () => {
    expect(rollupSelect('pan"tau db', 'icmp', 60_000)).toContain(
      'INTO "pan\\"tau db"."rollup".:MEASUREMENT FROM "pan\\"tau db"."raw"."icmp"',
    );
  });
});

describe('storageSettingsOf', () => {
  it('takes retention from the config and defaults the rest', () => {
    expect(storageSettingsOf(CONFIG)).toEqual({
      database: 'pantau',
      rawRetentionMs: 35 * DAY,
      rollupRetentionMs: 3 * 365 * DAY,
      rollupIntervalMs: 300_000,
      resampleEveryMs: 60_000,
      resampleForMs: 900_000,
      rawHistoryMaxRangeMs: 2 * DAY,
    });
  });

  it('keeps FOR at three rollup intervals or more by default', () => {
    const hourly = { ...CONFIG, retention: { ...CONFIG.retention, rollupIntervalMs: 3_600_000 } };
    expect(storageSettingsOf(hourly).resampleForMs).toBe(3 * 3_600_000);
  });

  it('takes overrides, and refuses a FOR shorter than the rollup interval', () => {
    expect(storageSettingsOf(CONFIG, { resampleEveryMs: 1000 }).resampleEveryMs).toBe(1000);
    expect(() => storageSettingsOf(CONFIG, { resampleForMs: 60_000 })).toThrow(
      "influx storage: the rollup's RESAMPLE FOR (1m) must be at least the rollup interval (5m); InfluxDB refuses a shorter one",
    );
    expect(() => storageSettingsOf(CONFIG, { resampleEveryMs: 0 })).toThrow(
      'influx storage: resampleEveryMs must be a whole number of ms above 0, not 0',
    );
    expect(() => storageSettingsOf({ ...CONFIG, database: '' })).toThrow(
      'influx storage: the database name is empty',
    );
  });
});
