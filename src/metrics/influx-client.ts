// The `influx` client for schema work, backfills and history reads, from the influx config
// (the writes go through influx-write.ts, which needs its own error handling); and the URLs of
// the HTTP API's own endpoints under a base URL.

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

/**
 * The URL of one endpoint of the HTTP API (`ping`, `write`) under `base`, which may end in `/` or
 * carry a path (InfluxDB behind a reverse proxy): never `//ping`.
 */
export function influxEndpoint(base: string | URL, name: string): URL {
  const href = new URL(base).href;
  return new URL(name, href.endsWith('/') ? href : `${href}/`);
}

/** Whether an InfluxDB answers at the base URL `url` (GET /ping → 204). */
export async function influxAnswers(url: string): Promise<boolean> {
  try {
    const response = await fetch(influxEndpoint(url, 'ping'), {
      signal: AbortSignal.timeout(1_000),
    });
    return response.status === 204;
  } catch {
    return false;
  }
}
