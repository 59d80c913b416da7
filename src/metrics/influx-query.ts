// One InfluxQL read over HTTP /query with chunked=true, streamed: InfluxDB sends a JSON object a line,
// at most QUERY_CHUNK_ROWS rows each, so no answer is cut at [http] max-row-limit and none is held
// whole in memory. Every failure is a MetricsUnavailableError or a MetricsBadRequestError.

import { influxEndpoint } from './influx-client.js';
import { basicAuthorization, influxErrorText } from './influx-http.js';
import type { InfluxSeries } from './influx-exec.js';
import { MetricsBadRequestError, MetricsUnavailableError } from './metrics-errors.js';

/** Rows per chunk of InfluxDB's answer (its own default chunk size). */
export const QUERY_CHUNK_ROWS = 10_000;
export const DEFAULT_QUERY_IDLE_TIMEOUT_MS = 30_000;

export interface InfluxQueryTarget {
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:8086 (a path for a reverse proxy is kept). */
  readonly url: string;
  readonly database: string;
  readonly username: string | null;
  readonly password: string | null;
  /** A query whose answer stops for this long (not yet begun, or mid-stream) is given up. */
  readonly idleTimeoutMs?: number;
}

/** Runs one statement; yields its series piece by piece (one series may come in several pieces). */
export type InfluxQuery = (
  statement: string,
  options?: { readonly signal?: AbortSignal },
) => AsyncGenerator<InfluxSeries>;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function seriesOf(raw: unknown, statement: string): InfluxSeries {
  if (!isRecord(raw) || !Array.isArray(raw.columns) || !Array.isArray(raw.values))
    throw new MetricsUnavailableError(
      `InfluxDB answered \`${short(statement)}\` with a series Pantau cannot read: ${JSON.stringify(raw).slice(0, 300)}`,
    );
  const tags: Record<string, string> = {};
  if (isRecord(raw.tags))
    for (const [key, value] of Object.entries(raw.tags))
      if (typeof value === 'string') tags[key] = value;
  return {
    name: typeof raw.name === 'string' ? raw.name : '',
    tags,
    columns: raw.columns.map(String),
    values: raw.values.filter(Array.isArray),
  };
}

const short = (statement: string): string =>
  statement.length > 300 ? `${statement.slice(0, 300)}…` : statement;

// A missing database or retention policy is a schema not made yet, not a bad request.
const NOT_READY = /^(database|retention policy) not found/;

function refused(statement: string, status: number, message: string): Error {
  const text = `InfluxDB refused \`${short(statement)}\` (HTTP ${status}): ${message}`;
  // 400: a statement it cannot parse; 200 with an error: one it refuses to run (a limit, a type).
  const badRequest = (status === 400 || status === 200) && !NOT_READY.test(message);
  return badRequest ? new MetricsBadRequestError(text) : new MetricsUnavailableError(text);
}

/** Splits a byte stream into lines of text. */
async function* linesOf(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  let rest = '';
  for await (const bytes of body) {
    rest += decoder.decode(bytes, { stream: true });
    let end = rest.indexOf('\n');
    while (end >= 0) {
      const line = rest.slice(0, end);
      rest = rest.slice(end + 1);
      if (line.trim() !== '') yield line;
      end = rest.indexOf('\n');
    }
  }
  rest += decoder.decode();
  if (rest.trim() !== '') yield rest;
}

/** A query function over `target`'s HTTP /query endpoint. */
export function createInfluxQuery(target: InfluxQueryTarget): InfluxQuery {
  const endpoint = influxEndpoint(target.url, 'query');
  const idleTimeoutMs = target.idleTimeoutMs ?? DEFAULT_QUERY_IDLE_TIMEOUT_MS;
  const auth = basicAuthorization(target.username, target.password);

  return async function* query(statement, options = {}) {
    const controller = new AbortController();
    let idle = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        idle = true;
        controller.abort();
      }, idleTimeoutMs);
    };
    const callerAbort = (): void => controller.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', callerAbort, { once: true });
    // Why a fetch or a read failed: the caller's abort as it is, else InfluxDB is away.
    const failure = (error: unknown, doing: string): unknown => {
      if (options.signal?.aborted) return options.signal.reason;
      if (idle)
        return new MetricsUnavailableError(
          `InfluxDB at ${target.url} sent nothing for ${idleTimeoutMs} ms ${doing} \`${short(statement)}\``,
        );
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      return new MetricsUnavailableError(
        `InfluxDB at ${target.url} failed ${doing} \`${short(statement)}\`: ${reason}`,
        { cause: error },
      );
    };
    let response: Response | undefined;
    try {
      options.signal?.throwIfAborted();
      arm();
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            ...(auth ? { authorization: auth } : {}),
          },
          body: new URLSearchParams({
            db: target.database,
            q: statement,
            epoch: 'ms',
            chunked: 'true',
            chunk_size: String(QUERY_CHUNK_ROWS),
          }),
          signal: controller.signal,
        });
      } catch (error) {
        throw failure(error, 'to answer');
      }
      if (response.status !== 200 || !response.body) {
        const body = await response.text().catch(() => '');
        throw refused(statement, response.status, influxErrorText(body));
      }
      // The last chunk of a whole answer is not partial: an answer ending on a partial one was cut.
      let complete = false;
      try {
        for await (const line of linesOf(response.body)) {
          arm();
          let parsed: unknown;
          try {
            parsed = JSON.parse(line);
          } catch {
            throw new MetricsUnavailableError(
              `InfluxDB answered \`${short(statement)}\` with a line that is not JSON: ${line.slice(0, 200)}`,
            );
          }
          if (isRecord(parsed) && typeof parsed.error === 'string')
            throw refused(statement, 200, parsed.error);
          const results = isRecord(parsed) && Array.isArray(parsed.results) ? parsed.results : [];
          const result: unknown = results[0];
          if (!isRecord(result))
            throw new MetricsUnavailableError(
              `InfluxDB answered \`${short(statement)}\` with no result: ${line.slice(0, 200)}`,
            );
          if (typeof result.error === 'string') throw refused(statement, 200, result.error);
          for (const raw of Array.isArray(result.series) ? result.series : [])
            yield seriesOf(raw, statement);
          complete = result.partial !== true;
        }
      } catch (error) {
        if (error instanceof MetricsBadRequestError || error instanceof MetricsUnavailableError)
          throw error;
        throw failure(error, 'while answering');
      }
      if (!complete)
        throw new MetricsUnavailableError(
          `InfluxDB's answer to \`${short(statement)}\` ended before its last chunk`,
        );
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', callerAbort);
      // A reader that stops early (break, error) must not leave the answer streaming.
      if (response?.body && !response.bodyUsed) await response.body.cancel().catch(() => {});
      controller.abort();
    }
  };
}

/** Every series of one statement, each whole: the pieces of one series joined. */
export async function querySeries(
  query: InfluxQuery,
  statement: string,
  options: { readonly signal?: AbortSignal } = {},
): Promise<InfluxSeries[]> {
  const all: (InfluxSeries & { values: (readonly unknown[])[] })[] = [];
  let lastKey = '';
  for await (const piece of query(statement, options)) {
    const key = JSON.stringify([piece.name, piece.tags, piece.columns]);
    const last = all.at(-1);
    // InfluxDB sends a series' pieces one after another.
    if (last && key === lastKey) for (const row of piece.values) last.values.push(row);
    else {
      all.push({ ...piece, values: [...piece.values] });
      lastKey = key;
    }
  }
  return all;
}
