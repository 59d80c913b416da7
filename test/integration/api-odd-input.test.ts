// Every route and every parameter of the HTTP API, with odd values made from the route schemas in
// the OpenAPI document the running server publishes (not a list kept here): huge and endless
// numbers, negatives, empty and very long strings, unicode, repeated parameters, dates InfluxDB
// cannot store, unknown parameters. Never a 5xx, except a 503 naming InfluxDB while it is down.
// Run twice: against a real influxd, and with InfluxDB's URL on a closed loopback port.

import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthReport } from '../../src/api/index.js';
import { loadConfig, type PantauConfig } from '../../src/config/index.js';
import {
  createInfluxClient,
  ensureSchema,
  influxAnswers,
  MetricsReader,
  storageSettingsOf,
} from '../../src/metrics/index.js';
import { type DemoApi, fetchAnswer, startDemoApi } from '../helpers/demo-api.js';
import { type Influxd, startInfluxd } from '../helpers/influxd.js';
import { ROOT } from '../helpers/lab-process.js';
import { freePort } from '../helpers/ports.js';

/** A parameter as @fastify/swagger prints it from a route's params or querystring schema. */
interface ParamSchema {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly maxLength?: number;
  readonly default?: unknown;
  readonly examples?: readonly unknown[];
}
interface Parameter {
  readonly name: string;
  readonly in: 'query' | 'path' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly schema?: ParamSchema;
  readonly examples?: Readonly<Record<string, { readonly value: unknown }>>;
  readonly example?: unknown;
}
interface Operation {
  readonly parameters?: readonly Parameter[];
}
interface OpenApiDocument {
  readonly paths: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
}

/** One route of the document, with what a request to it needs. */
interface Route {
  /** e.g. /api/sites/{id}/history */
  readonly template: string;
  readonly query: readonly Parameter[];
  readonly path: readonly Parameter[];
}

/** A request: the path parameters' values and the query pairs (a name may repeat). */
interface Probe {
  readonly route: Route;
  readonly pathValues: Readonly<Record<string, string>>;
  readonly query: readonly (readonly [string, string])[];
  /** The schema alone refuses it: a 400 is the only right answer. */
  readonly mustRefuse: boolean;
}

// Values that break number and date parsing in one way or another, for whatever type.
const DATES = ['1000-01-01', '9999-12-31', '0', '-1', '1677-09-21', '2262-04-11'];
const ODD = [
  '',
  ' ',
  '-0',
  '1.5',
  '9223372036854775807',
  '-9223372036854775808',
  '18446744073709551616',
  '1e19',
  '1e309',
  '-1e309',
  'Infinity',
  '-Infinity',
  'NaN',
  'null',
  'true',
  '0x10',
  '١٢٣',
  '𝟙𝟚𝟛',
  'Kecamatan Ü 🙂',
  '\u0000',
  '../../etc/passwd',
  "' OR 1=1 --",
  '"; DROP MEASUREMENT icmp; --',
  'x'.repeat(5000),
  '1677-09-20',
  '2262-04-12',
  '0000-00-00',
  '2026-02-30',
  '+275760-09-13T00:00:00Z',
  '2026-01-01T25:61:61Z',
  ...DATES,
];

/** Odd values for one parameter, from its schema: past its bounds, its length, its enum. */
function oddValuesOf(schema: ParamSchema): string[] {
  const values = [...ODD];
  for (const bound of [schema.minimum, schema.maximum])
    if (bound !== undefined)
      values.push(String(bound), String(bound - 1), String(bound + 1), String(bound * 10));
  if (schema.maxLength !== undefined)
    values.push('y'.repeat(schema.maxLength), 'y'.repeat(schema.maxLength + 1));
  for (const option of schema.enum ?? [])
    values.push(String(option), String(option).toUpperCase(), `${String(option)}x`);
  if (schema.type === 'boolean') values.push('yes', '2', 'false');
  return values;
}

/** Whether a schema for a number refuses the value: not a whole number within its bounds. */
function outOfBounds(schema: ParamSchema, value: string): boolean {
  if (schema.type !== 'integer') return false;
  const n = Number(value);
  const min = schema.minimum ?? Number.MIN_SAFE_INTEGER;
  const max = schema.maximum ?? Number.MAX_SAFE_INTEGER;
  return !(Number.isInteger(n) && n >= min && n <= max);
}

/** A value the schema takes, for parameters a request needs; undefined: leave it out. */
function validValueOf(parameter: Parameter, siteId: string): string | undefined {
  if (parameter.in === 'path') return siteId;
  if (!parameter.required) return undefined;
  const schema = parameter.schema ?? {};
  const example =
    schema.examples?.[0] ??
    parameter.example ??
    Object.values(parameter.examples ?? {})[0]?.value ??
    schema.enum?.[0] ??
    schema.default;
  if (example === undefined)
    throw new Error(`required parameter ${parameter.name} has no example, enum or default`);
  return String(example);
}

function routesOf(document: OpenApiDocument): Route[] {
  const routes: Route[] = [];
  for (const [template, operations] of Object.entries(document.paths))
    for (const [method, operation] of Object.entries(operations)) {
      if (method !== 'get') continue;
      const parameters = operation.parameters ?? [];
      routes.push({
        template,
        query: parameters.filter((p) => p.in === 'query'),
        path: parameters.filter((p) => p.in === 'path'),
      });
    }
  return routes;
}

/** Every odd request for a route: one parameter odd at a time, repeated, paired dates, unknown. */
function probesOf(route: Route, siteId: string): Probe[] {
  const base = (): Record<string, string> => {
    const values: Record<string, string> = {};
    for (const p of route.query) {
      const value = validValueOf(p, siteId);
      if (value !== undefined) values[p.name] = value;
    }
    return values;
  };
  const pathBase = Object.fromEntries(route.path.map((p) => [p.name, siteId]));
  const probe = (
    query: Record<string, string>,
    extra: (readonly [string, string])[] = [],
    pathValues = pathBase,
    mustRefuse = false,
  ): Probe => ({ route, pathValues, query: [...Object.entries(query), ...extra], mustRefuse });

  const probes: Probe[] = [probe(base())];
  for (const p of route.path)
    for (const value of oddValuesOf(p.schema ?? {}))
      probes.push(probe(base(), [], { ...pathBase, [p.name]: value }));
  for (const p of route.query) {
    for (const value of oddValuesOf(p.schema ?? {}))
      probes.push(
        probe({ ...base(), [p.name]: value }, [], pathBase, outOfBounds(p.schema ?? {}, value)),
      );
    // The same parameter twice: an array where the schema says one value.
    const { [p.name]: valid, ...others } = base();
    for (const pair of [
      ['1', '2'],
      [valid ?? '1', valid ?? '1'],
      ['2026-01-01', '9999-12-31'],
    ])
      probes.push(
        probe(
          others,
          pair.map((v) => [p.name, v] as const),
          pathBase,
          true,
        ),
      );
  }
  // Two parameters odd at once: the times of a range, reversed or both out of bounds.
  for (const [i, a] of route.query.entries())
    for (const b of route.query.slice(i + 1))
      for (const first of DATES)
        for (const second of DATES)
          probes.push(probe({ ...base(), [a.name]: first, [b.name]: second }));
  probes.push(probe(base(), [['colour', 'red']], pathBase, true));
  probes.push(probe(base(), [['limit[]', '1']], pathBase, true));
  return probes;
}

function urlOf(probe: Probe): string {
  const path = probe.route.template.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(probe.pathValues[name] ?? ''),
  );
  const query = new URLSearchParams(
    probe.query.map(([k, v]): [string, string] => [k, v]),
  ).toString();
  return query === '' ? path : `${path}?${query}`;
}

interface Answer {
  readonly url: string;
  readonly status: number;
  readonly body: unknown;
}

async function askAll(base: string, urls: readonly string[], parallel = 16): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < urls.length) {
      const url = urls[next++] as string;
      answers.push({ url, ...(await fetchAnswer(`${base}${url}`)) });
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  return answers;
}

const isApiError = (
  body: unknown,
): body is { statusCode: number; error: string; message: string } =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as { statusCode?: unknown }).statusCode === 'number' &&
  typeof (body as { error?: unknown }).error === 'string' &&
  typeof (body as { message?: unknown }).message === 'string';

/** A 503 that says InfluxDB is away: the error shape naming it, or the health report saying so. */
function namesInfluxDown(body: unknown): boolean {
  if (isApiError(body)) return /InfluxDB/.test(body.message);
  const influx = (body as { influx?: { reachable?: unknown } } | null)?.influx;
  return influx?.reachable === false;
}

let config: PantauConfig;

beforeAll(async () => {
  config = await loadConfig(`${ROOT}config/demo.yaml`, {
    ...process.env,
    SNMP_COMMUNITY: 'public',
  });
});

describe.each([
  { peer: 'a real influxd', influxUp: true },
  { peer: 'InfluxDB on a closed loopback port', influxUp: false },
])('every route, every parameter, odd values, with $peer', ({ influxUp }) => {
  let influxd: Influxd | undefined;
  let api: DemoApi;
  let app: FastifyInstance;
  let base: string;
  let influxUrl: string;

  beforeAll(async () => {
    if (influxUp) {
      influxd = await startInfluxd();
      influxUrl = influxd.url;
    } else influxUrl = `http://127.0.0.1:${await freePort()}`;
    const influx = { ...config.influx, url: influxUrl, database: 'pantau_odd' };
    if (influxUp) await ensureSchema(createInfluxClient(influx), storageSettingsOf(influx));
    const reader = new MetricsReader({ influx, idleTimeoutMs: 5000 });
    // Incidents in the state database, so paging reaches SQLite with rows to skip.
    api = await startDemoApi({
      config,
      history: (request) => reader.history(request),
      health: async (): Promise<HealthReport> => {
        const reachable = await influxAnswers(influxUrl);
        return {
          ok: reachable,
          influx: { reachable, url: influxUrl },
          spool: { bytes: 0, pendingPoints: 0 },
          workers: {
            alive: 1,
            expected: 1,
            restarts: 0,
            perWorker: [{ worker: 0, alive: true, sites: 342 }],
          },
          lastCycleAt: Date.now(),
          lagMs: 0,
        };
      },
    });
    ({ app, base } = api);
  });

  afterAll(async () => {
    await api?.close();
    await influxd?.stop();
  });

  it('never answers 5xx (503 only for InfluxDB away), and every refusal says why', async () => {
    const routes = routesOf(app.swagger() as unknown as OpenApiDocument);
    const apiRoutes = routes.filter((r) => r.template.startsWith('/api/'));
    // The document is made from the routes themselves: every one fastify serves under /api.
    const served = app
      .printRoutes({ commonPrefix: false })
      .split('\n')
      .filter((line) => /\(.*GET.*\)/.test(line)).length;
    expect(apiRoutes.length).toBeGreaterThanOrEqual(8);
    expect(served).toBeGreaterThanOrEqual(apiRoutes.length);

    const siteId = 'opd-bappeda';
    const probes = apiRoutes.flatMap((route) => probesOf(route, siteId));
    const answers = await askAll(
      base,
      probes.map((p) => urlOf(p)),
    );
    expect(answers).toHaveLength(probes.length);

    const wrong = answers.filter(
      (a) => a.status >= 500 && !(a.status === 503 && !influxUp && namesInfluxDown(a.body)),
    );
    expect(
      wrong.map(
        (a) => `${a.status} ${a.url.slice(0, 150)} ${JSON.stringify(a.body).slice(0, 200)}`,
      ),
    ).toEqual([]);
    // A refusal by the API has its error shape and a message; Node's own 431 carries no body, and
    // /api/health's 503 is its report.
    const shapeless = answers.filter(
      (a) =>
        a.status >= 400 &&
        a.status !== 431 &&
        !isApiError(a.body) &&
        !(a.status === 503 && namesInfluxDown(a.body)),
    );
    expect(shapeless.map((a) => `${a.status} ${a.url.slice(0, 150)}`)).toEqual([]);
    // What the schema alone refuses (a number past its bounds or endless, a parameter given twice,
    // an unknown one) is a 400 on every route, never a page.
    const mustRefuse = new Set(probes.filter((p) => p.mustRefuse).map(urlOf));
    const admitted = answers.filter((a) => mustRefuse.has(a.url) && a.status !== 400);
    expect(admitted.map((a) => `${a.status} ${a.url.slice(0, 150)}`)).toEqual([]);
    expect(answers.filter((a) => a.url.includes('colour=red'))).toHaveLength(apiRoutes.length);
    // Plenty of odd input got through to the parts behind the routes, and some of it was fine.
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThan(100);
    expect(answers.filter((a) => a.status === 400).length).toBeGreaterThan(1000);
  });

  it('answers a plain history request, or 503 naming InfluxDB while it is away', async () => {
    const r = await askAll(base, ['/api/sites/opd-bappeda/history?measurement=icmp']);
    const [answer] = r;
    if (influxUp) expect(answer?.status).toBe(200);
    else {
      expect(answer?.status).toBe(503);
      expect(answer?.body).toMatchObject({ statusCode: 503, error: 'unavailable' });
      expect(String((answer?.body as { message?: unknown } | undefined)?.message)).toMatch(
        /InfluxDB/,
      );
    }
  });
});
