// ensureSchema's reading of SHOW RETENTION POLICIES, with InfluxDB's answers scripted: the durations
// come as Go prints them ("840h0m0s", "1m30s", "0s" for forever) and must read as what they are.

import type { InfluxDB } from 'influx';
import { describe, expect, it } from 'vitest';
import { ensureSchema } from '../../../src/metrics/influx-schema.js';
import { storageSettingsOf } from '../../../src/metrics/influx-settings.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface PolicyAnswer {
  readonly name: string;
  readonly duration: string;
  readonly shardGroupDuration: string;
  readonly default: boolean;
}

/**
 * An InfluxDB holding database `pantau` with `policies` and no continuous queries, which takes
 * any change; policyStatements() gives the CREATE and ALTER RETENTION POLICY statements it got.
 */
function scriptedInflux(policies: readonly PolicyAnswer[]) {
  const statements: string[] = [];
  const answer = (series: unknown[] = []) => ({ results: [{ statement_id: 0, series }] });
  const queryRaw = async (statement: string) => {
    statements.push(statement);
    if (statement === 'SHOW DATABASES')
      return answer([{ name: 'databases', columns: ['name'], values: [['pantau']] }]);
    if (statement.startsWith('SHOW RETENTION POLICIES'))
      return answer([
        {
          columns: ['name', 'duration', 'shardGroupDuration', 'replicaN', 'default'],
          values: policies.map((p) => [p.name, p.duration, p.shardGroupDuration, 1, p.default]),
        },
      ]);
    return answer();
  };
  const policyStatements = () => statements.filter((s) => / RETENTION POLICY /.test(s));
  return { influx: { queryRaw } as unknown as InfluxDB, policyStatements };
}

const settings = (rawMs: number, rollupMs = 1095 * DAY) =>
  storageSettingsOf({
    database: 'pantau',
    retention: { rawMs, rollupMs, rollupIntervalMs: 5 * 60_000, rollupGraceMs: 2 * 60_000 },
  });

const rollup: PolicyAnswer = {
  name: 'rollup',
  duration: '26280h0m0s',
  shardGroupDuration: '168h0m0s',
  default: false,
};

const policyChanges = (changes: readonly string[]) =>
  changes.filter((c) => c.includes('retention policy'));

describe('ensureSchema: the retention policies InfluxDB reports', () => {
  it.each([
    ['168h0m0s', 7 * DAY],
    ['840h0m0s', 35 * DAY],
    ['1h0m0s', HOUR],
    ['1m30s', 90_000],
  ])('reads %s as %i ms: a policy of that duration is left alone', async (printed, ms) => {
    const { influx, policyStatements } = scriptedInflux([
      { name: 'raw', duration: printed, shardGroupDuration: '1h0m0s', default: true },
      rollup,
    ]);
    expect(policyChanges(await ensureSchema(influx, settings(ms)))).toEqual([]);
    expect(policyStatements()).toEqual([]);
  });

  it('reads 0s (forever) as 0 and alters it to the configured duration', async () => {
    const { influx, policyStatements } = scriptedInflux([
      { name: 'raw', duration: '840h0m0s', shardGroupDuration: '24h0m0s', default: true },
      { ...rollup, duration: '0s' },
    ]);
    expect(policyChanges(await ensureSchema(influx, settings(35 * DAY)))).toEqual([
      'retention policy rollup: duration 0s → 1095d',
    ]);
    expect(policyStatements()).toEqual([
      'ALTER RETENTION POLICY "rollup" ON "pantau" DURATION 1095d',
    ]);
  });

  it('reads the shard group duration: shard groups longer than the new duration shrink with it', async () => {
    const longShards = scriptedInflux([
      { name: 'raw', duration: '840h0m0s', shardGroupDuration: '168h0m0s', default: true },
      rollup,
    ]);
    expect(policyChanges(await ensureSchema(longShards.influx, settings(DAY)))).toEqual([
      'retention policy raw: duration 5w → 1d',
    ]);
    // InfluxDB's own shard group duration for a 1-day policy: an hour.
    expect(longShards.policyStatements()).toEqual([
      'ALTER RETENTION POLICY "raw" ON "pantau" DURATION 1d SHARD DURATION 1h',
    ]);
    const dayShards = scriptedInflux([
      { name: 'raw', duration: '840h0m0s', shardGroupDuration: '24h0m0s', default: true },
      rollup,
    ]);
    await ensureSchema(dayShards.influx, settings(DAY));
    expect(dayShards.policyStatements()).toEqual([
      'ALTER RETENTION POLICY "raw" ON "pantau" DURATION 1d',
    ]);
  });

  it('refuses a row whose duration it cannot read', async () => {
    const { influx } = scriptedInflux([
      { name: 'raw', duration: 'forever', shardGroupDuration: '1h0m0s', default: true },
    ]);
    await expect(ensureSchema(influx, settings(35 * DAY))).rejects.toThrow(
      'SHOW RETENTION POLICIES gave a row Pantau cannot read',
    );
  });
});
