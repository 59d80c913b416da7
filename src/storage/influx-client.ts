// The `influx` client for schema work, backfills and history reads, from the influx config
// (the writes go through influx-write.ts, which needs its own error handling).

import { InfluxDB } from 'influx';
import type { InfluxConfig } from '../config/index.js';

export interface InfluxClientOptions {
  /** A query not answered after this long fails (backfill chunks are the slowest). */
  readonly requestTimeoutMs?: number;
}

export function createInfluxClient(
  config: Pick<InfluxConfig, 'url' | 'database' | 'username' | 'password'>,
  options: InfluxClientOptions = {},
): InfluxDB {
  const url = new URL(config.url);
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`influx.url ${config.url} is not an http:// or https:// URL`);
  return new InfluxDB({
    protocol,
    host: url.hostname,
    port: url.port === '' ? (protocol === 'https' ? 443 : 80) : Number(url.port),
    // InfluxDB behind a reverse proxy under a path.
    path: url.pathname.replace(/\/+$/, ''),
    database: config.database,
    // Without credentials the client sends root:root, which InfluxDB without auth ignores.
    ...(config.username !== null
      ? { username: config.username, password: config.password ?? '' }
      : {}),
    pool: { requestTimeout: options.requestTimeoutMs ?? 120_000 },
  });
}
