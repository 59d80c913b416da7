// The InfluxDB side of storage, made to match the settings at every start: the database and the
// retention policies `raw` (default) and `rollup`. Pantau computes the rollups itself
// (rollup-keeper.ts); the rollup continuous queries earlier versions made are dropped.

import type { InfluxDB } from 'influx';
import { parseDuration } from '../config/index.js';
import { execute, rowsOf } from './influx-exec.js';
import type { InfluxStorageSettings } from './influx-settings.js';
import { formatDuration, quoteIdent } from './influxql.js';
import { RAW_RP, ROLLUP_RP } from './rollup-spec.js';

/** The continuous queries Pantau made before it rolled up in the pipeline: rollup_<measurement>. */
export const ROLLUP_CQ_PREFIX = 'rollup_';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** InfluxDB's own choice of shard group duration for a retention period (meta.shardGroupDuration). */
export function defaultShardGroupMs(durationMs: number): number {
  if (durationMs === 0 || durationMs >= 180 * DAY) return 7 * DAY;
  if (durationMs >= 2 * DAY) return DAY;
  return HOUR;
}

interface PolicyRow {
  readonly durationMs: number;
  readonly shardGroupMs: number;
  readonly isDefault: boolean;
}

async function showPolicies(influx: InfluxDB, db: string): Promise<Map<string, PolicyRow>> {
  const series = await execute(influx, db, `SHOW RETENTION POLICIES ON ${quoteIdent(db)}`);
  const policies = new Map<string, PolicyRow>();
  for (const row of series.flatMap(rowsOf)) {
    // Go durations as InfluxDB prints them: "0s" (forever), "840h0m0s", "1h0m0s".
    const durationMs = parseDuration(String(row.duration));
    const shardGroupMs = parseDuration(String(row.shardGroupDuration));
    if (typeof row.name !== 'string' || durationMs === null || shardGroupMs === null)
      throw new Error(
        `SHOW RETENTION POLICIES gave a row Pantau cannot read: ${JSON.stringify(row)}`,
      );
    policies.set(row.name, { durationMs, shardGroupMs, isDefault: row.default === true });
  }
  return policies;
}

/** Name → stored statement of the continuous queries of `db`. */
async function showContinuousQueries(influx: InfluxDB, db: string): Promise<Map<string, string>> {
  // One series per database, named after it.
  const series = await execute(influx, db, 'SHOW CONTINUOUS QUERIES');
  const queries = new Map<string, string>();
  for (const row of series.filter((s) => s.name === db).flatMap(rowsOf)) {
    if (typeof row.name === 'string' && typeof row.query === 'string')
      queries.set(row.name, row.query);
  }
  return queries;
}

async function ensurePolicy(
  influx: InfluxDB,
  db: string,
  existing: ReadonlyMap<string, PolicyRow>,
  name: string,
  durationMs: number,
  isDefault: boolean,
  changes: string[],
): Promise<void> {
  const on = `${quoteIdent(name)} ON ${quoteIdent(db)}`;
  const duration = formatDuration(durationMs);
  const row = existing.get(name);
  if (!row) {
    await execute(
      influx,
      db,
      `CREATE RETENTION POLICY ${on} DURATION ${duration} REPLICATION 1${isDefault ? ' DEFAULT' : ''}`,
    );
    changes.push(`created retention policy ${name} (${duration}${isDefault ? ', default' : ''})`);
    return;
  }
  const durationChanged = row.durationMs !== durationMs;
  const becomesDefault = isDefault && !row.isDefault;
  if (!durationChanged && !becomesDefault) return;
  let statement = `ALTER RETENTION POLICY ${on}`;
  if (durationChanged) {
    statement += ` DURATION ${duration}`;
    // InfluxDB refuses a duration shorter than the shard groups: they shrink with it.
    if (row.shardGroupMs > durationMs)
      statement += ` SHARD DURATION ${formatDuration(defaultShardGroupMs(durationMs))}`;
  }
  if (becomesDefault) statement += ' DEFAULT';
  await execute(influx, db, statement);
  if (durationChanged)
    changes.push(
      `retention policy ${name}: duration ${formatDuration(row.durationMs)} → ${duration}`,
    );
  if (becomesDefault) changes.push(`retention policy ${name} made the default`);
}

/**
 * Creates or corrects the database and the retention policies, and drops the old rollup continuous
 * queries. Safe to run at every start; returns what it changed (empty when all was already right).
 */
export async function ensureSchema(
  influx: InfluxDB,
  settings: InfluxStorageSettings,
): Promise<string[]> {
  const db = settings.database;
  const changes: string[] = [];
  const databases = await execute(influx, db, 'SHOW DATABASES');
  if (!databases.flatMap((s) => s.values).some((row) => row[0] === db)) {
    await execute(influx, db, `CREATE DATABASE ${quoteIdent(db)}`);
    changes.push(`created database ${db}`);
  }

  const policies = await showPolicies(influx, db);
  await ensurePolicy(influx, db, policies, RAW_RP, settings.rawRetentionMs, true, changes);
  await ensurePolicy(influx, db, policies, ROLLUP_RP, settings.rollupRetentionMs, false, changes);

  // Each run recomputed every bucket of the last 15 minutes of every series: a core at 10,000
  // sites. The rollup is Pantau's own work now.
  const queries = await showContinuousQueries(influx, db);
  for (const name of queries.keys()) {
    if (!name.startsWith(ROLLUP_CQ_PREFIX)) continue;
    await execute(influx, db, `DROP CONTINUOUS QUERY ${quoteIdent(name)} ON ${quoteIdent(db)}`);
    changes.push(`dropped continuous query ${name} (Pantau rolls up in its pipeline)`);
  }
  return changes;
}
