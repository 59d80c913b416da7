// One HTTP /write of line-protocol lines to InfluxDB 1.x, and what its answer means for the batch:
// written, worth trying again later (refused, timeout, 5xx, database missing), or rejected as
// malformed (4xx: some points are bad; the batch must be split to find them).

import http from 'node:http';
import https from 'node:https';
import { influxEndpoint } from './influx-client.js';
import { basicAuthorization, influxErrorText } from './influx-http.js';

export type WriteOutcome =
  | { readonly kind: 'written' }
  | { readonly kind: 'retry'; readonly reason: string }
  | { readonly kind: 'rejected'; readonly status: number; readonly reason: string };

export interface InfluxWriteTarget {
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:8086. */
  readonly url: string;
  readonly database: string;
  readonly retentionPolicy: string;
  readonly username: string | null;
  readonly password: string | null;
  /** A write that has not answered after this long is given up and tried again later. */
  readonly timeoutMs: number;
}

export type LineWriter = (lines: readonly string[]) => Promise<WriteOutcome>;

/** What a status code means for the batch that got it. */
export function outcomeOf(status: number, body: string): WriteOutcome {
  if (status >= 200 && status < 300) return { kind: 'written' };
  const reason = `HTTP ${status}: ${influxErrorText(body)}`;
  // 404: the database is missing (dropped, or not made yet): the points are fine, try again later.
  if (status === 404 || status === 408 || status === 429 || status >= 500)
    return { kind: 'retry', reason };
  // 413: too large; the split that looks for bad points also makes it smaller.
  return { kind: 'rejected', status, reason };
}

/** A writer over one keep-alive connection pool to InfluxDB's /write endpoint. */
export function createLineWriter(target: InfluxWriteTarget): LineWriter {
  const path = influxEndpoint(target.url, 'write');
  path.searchParams.set('db', target.database);
  path.searchParams.set('rp', target.retentionPolicy);
  path.searchParams.set('precision', 'ms');
  const secure = path.protocol === 'https:';
  const agent = secure
    ? new https.Agent({ keepAlive: true, maxSockets: 2 })
    : new http.Agent({ keepAlive: true, maxSockets: 2 });
  const auth = basicAuthorization(target.username, target.password);

  return (lines) =>
    new Promise<WriteOutcome>((resolve) => {
      const body = `${lines.join('\n')}\n`;
      const request = (secure ? https : http).request(
        path,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'text/plain; charset=utf-8',
            'content-length': Buffer.byteLength(body),
            ...(auth ? { authorization: auth } : {}),
          },
          timeout: target.timeoutMs,
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            if (text.length < 4096) text += chunk;
          });
          response.on('end', () => resolve(outcomeOf(response.statusCode ?? 0, text)));
          response.on('error', (error) => resolve({ kind: 'retry', reason: error.message }));
        },
      );
      request.on('timeout', () =>
        request.destroy(new Error(`no answer within ${target.timeoutMs} ms`)),
      );
      request.on('error', (error: NodeJS.ErrnoException) =>
        resolve({
          kind: 'retry',
          reason: error.code ? `${error.code}: ${error.message}` : error.message,
        }),
      );
      request.end(body);
    });
}
