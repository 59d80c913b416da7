// The main config file's schema: server, influx, probe, status, lab, dashboard and where the
// inventory is.

import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import * as z from 'zod';
import { type SiteKind, SNMP_AUTH_PROTOCOLS } from '../inventory/index.js';
import {
  bad,
  bool,
  checkNumber,
  choice,
  crossCheck,
  duration,
  field,
  filePath,
  host,
  httpUrl,
  id,
  integer,
  issueAt,
  listen,
  listenText,
  maybeText,
  number,
  ok,
  port,
  secret,
  show,
  size,
  text,
  timeZone,
} from './fields.js';
import {
  PROBE_KIND_NAMES,
  PROBE_KINDS,
  type ProbeKindName,
  type SettingsFields,
} from '../probe/index.js';
import { dashboardSchema } from './dashboard-schema.js';
import { BUILT_IN_PROBE_SETTINGS, mergeProbeSettings } from './probe-settings.js';
import { STATUS_DEFAULTS } from './status-defaults.js';
import {
  type InfluxConfig,
  LOG_LEVELS,
  type ProbeConfig,
  type ProbeSettingsOverride,
  type StatusConfig,
} from './types.js';

/** Where the lab's control API listens unless lab.control says otherwise. */
export const DEFAULT_LAB_CONTROL = '127.0.0.1:9161';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;

function serverSchema(baseDir: string) {
  return z
    .strictObject({
      listen: listen().default({ host: '0.0.0.0', port: 3000 }),
      dataDir: filePath(baseDir).default(resolve(baseDir, 'var')),
      timezone: timeZone().default('Asia/Jakarta'),
      logLevel: choice(LOG_LEVELS).default('info'),
    })
    .prefault({});
}

function influxSchema(baseDir: string) {
  return z
    .strictObject({
      url: httpUrl().default('http://127.0.0.1:8086'),
      database: text().default('pantau'),
      username: maybeText(),
      password: maybeText(),
      retention: crossCheck(
        z.strictObject({
          raw: duration({ min: 60 * MINUTE }).default(35 * DAY),
          rollup: duration({ min: 60 * MINUTE }).default(3 * 365 * DAY),
          rollupInterval: duration({ min: 10 * SECOND }).default(5 * MINUTE),
          rollupGrace: duration({ min: 0 }).default(2 * MINUTE),
        }),
        (v, ctx) => {
          if (typeof v.raw === 'number' && typeof v.rollup === 'number' && v.rollup < v.raw) {
            issueAt(
              ctx,
              'rollup',
              'must be at least as long as raw: the rollups outlive the samples',
            );
          }
        },
      ).prefault({}),
      batch: z
        .strictObject({
          maxPoints: integer({ min: 1, max: 1_000_000 }).default(5000),
          maxDelay: duration({ min: 1 }).default(1 * SECOND),
        })
        .prefault({}),
      spool: z
        .strictObject({
          dir: filePath(baseDir).optional(),
          maxBytes: size().default(2 ** 30),
        })
        .prefault({}),
    })
    .prefault({});
}

/** The config's field schemas, lent to the probe kinds for their own sections. */
const settingsFields: SettingsFields = { duration, integer, choice };

/**
 * Each probe kind's section (`icmp:`, `snmp:`, `tcp:`, …), its schema the kind's own. Under a site
 * kind, the kind's worker-wide keys are refused with where they belong.
 */
function kindSections(underSiteKind: boolean) {
  return Object.fromEntries(
    PROBE_KIND_NAMES.map((name) => {
      const spec = PROBE_KINDS[name].settings;
      const schema = spec.schema(settingsFields);
      if (!underSiteKind || spec.workerWide.length === 0) return [name, schema.optional()];
      return [
        name,
        crossCheck(schema, (v, ctx) => {
          for (const { key, why } of spec.workerWide)
            if (v[key] !== undefined)
              issueAt(
                ctx,
                key,
                `not a per-kind setting (${why}): set it under probe.${name}.${key}`,
                'key',
              );
        }).optional(),
      ];
    }),
  ) as { [K in ProbeKindName]: z.ZodOptional<z.ZodType<unknown>> };
}

const thresholdsOverride = z.strictObject({
  rttMs: number({ positive: true }).optional(),
  lossPct: number({ min: 0, max: 100 }).optional(),
  window: duration({ min: SECOND }).optional(),
});

/** The kinds' typed sections and the thresholds (window → windowMs), leaving out what is unset. */
function toOverride(p: {
  readonly [key: string]: unknown;
  thresholds?: z.output<typeof thresholdsOverride> | undefined;
}): ProbeSettingsOverride {
  const kinds = Object.fromEntries(PROBE_KIND_NAMES.map((name) => [name, deepCompact(p[name])]));
  return compact({
    ...kinds,
    thresholds: p.thresholds
      ? compact({
          rttMs: p.thresholds.rttMs,
          lossPct: p.thresholds.lossPct,
          windowMs: p.thresholds.window,
        })
      : undefined,
  }) as ProbeSettingsOverride;
}

/** What a site kind changes: the same keys as the defaults, all optional. */
const probeOverride = z
  .strictObject({ ...kindSections(true), thresholds: thresholdsOverride.optional() })
  .transform(toOverride);

/** Drops keys whose value is undefined, so an override holds only what was written. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** compact, into nested mappings too; a mapping left empty is undefined. */
function deepCompact(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const entries = Object.entries(value)
    .map(([k, v]) => [k, deepCompact(v)] as const)
    .filter(([, v]) => v !== undefined);
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

const probeSchema = z
  .strictObject({
    workers: integer({ min: 1, max: 256 }).default(availableParallelism()),
    ...kindSections(false),
    thresholds: thresholdsOverride.optional(),
    kinds: z
      .strictObject({
        core: probeOverride.optional(),
        opd: probeOverride.optional(),
        kecamatan: probeOverride.optional(),
        kelurahan: probeOverride.optional(),
        desa: probeOverride.optional(),
      } satisfies Record<SiteKind, unknown>)
      .optional(),
  })
  .prefault({})
  .transform(
    (p): ProbeConfig => ({
      workers: p.workers,
      defaults: mergeProbeSettings(BUILT_IN_PROBE_SETTINGS, toOverride(p)),
      kinds: compact(p.kinds ?? {}),
    }),
  );

const flappingSchema = crossCheck(
  z.strictObject({
    changes: integer({ min: 2, max: 1000 }).default(STATUS_DEFAULTS.flapping.changes),
    window: duration({ min: MINUTE }).default(STATUS_DEFAULTS.flapping.windowMs),
    stopAtMost: integer({ min: 0, max: 999 }).default(STATUS_DEFAULTS.flapping.stopAtMost),
  }),
  (v, ctx) => {
    if (typeof v.changes === 'number' && typeof v.stopAtMost === 'number')
      if (v.stopAtMost >= v.changes)
        issueAt(ctx, 'stopAtMost', `must be below changes (${v.changes}): it ends flapping`);
  },
).prefault({});

const isolationSchema = crossCheck(
  z.strictObject({
    enabled: bool().default(true),
    referenceTargets: z.array(z.strictObject({ id: id(), host: host() })).default([]),
    // "off": only the reference targets tell.
    share: field((v) => (v === 'off' ? ok(null) : checkNumber(v, { min: 1, max: 99 }))).default(
      STATUS_DEFAULTS.isolation.sharePct,
    ),
    minSites: integer({ min: 1, max: 100_000 }).default(STATUS_DEFAULTS.isolation.minSites),
    window: duration({ min: SECOND }).default(STATUS_DEFAULTS.isolation.windowMs),
    hold: duration({ min: 0 }).optional(),
  }),
  (v, ctx) => {
    const targets = Array.isArray(v.referenceTargets) ? v.referenceTargets : [];
    const seen = new Set<unknown>();
    targets.forEach((t: { id?: unknown }, i) => {
      if (seen.has(t?.id)) issueAt(ctx, ['referenceTargets', i, 'id'], 'is listed twice');
      seen.add(t?.id);
    });
  },
).prefault({});

const statusSchema = z
  .strictObject({
    recovery: integer({ min: 1, max: 20 }).default(STATUS_DEFAULTS.recoveryResults),
    flapping: flappingSchema,
    isolation: isolationSchema,
  })
  .prefault({})
  .transform(
    (s): StatusConfig => ({
      recoveryResults: s.recovery,
      flapping: {
        changes: s.flapping.changes,
        windowMs: s.flapping.window,
        stopAtMost: s.flapping.stopAtMost,
      },
      isolation:
        s.isolation.enabled &&
        (s.isolation.share !== null || s.isolation.referenceTargets.length > 0)
          ? {
              referenceTargets: s.isolation.referenceTargets,
              sharePct: s.isolation.share,
              minSites: s.isolation.minSites,
              windowMs: s.isolation.window,
              holdMs: s.isolation.hold ?? s.isolation.window,
            }
          : null,
    }),
  );

/**
 * A section of a feature not built yet: refused rather than accepted and ignored, so nobody
 * believes it in effect. The feature's own issue gives it a schema.
 */
const notBuiltYet = (what: string) =>
  field(() =>
    bad(`${what} is not built yet, so this section would do nothing: remove it`),
  ).optional();

function labSchema(baseDir: string) {
  return z
    .strictObject({
      namespace: field((v) =>
        typeof v === 'string' && /^[a-z][a-z0-9-]{0,12}$/.test(v)
          ? ok(v)
          : bad(
              `${show(v)} is not a namespace name: 1 to 13 of a-z, 0-9 and "-", starting with a letter`,
            ),
      ).default('pantau-lab'),
      control: listenText().default(DEFAULT_LAB_CONTROL),
      agentProcesses: integer({ min: 1, max: 64 }).default(1),
      loopbackPort: port().default(1161),
      v3User: z
        .strictObject({
          user: text().default('pantau'),
          authProtocol: choice(SNMP_AUTH_PROTOCOLS).default('sha'),
          // Lab-only keys for simulated routers on 198.18.0.0/15; real routers' keys come from ${VAR}s.
          authKey: secret(8).default('pantau-lab-auth'),
          privProtocol: choice(['des', 'aes'] as const).default('aes'),
          privKey: secret(8).default('pantau-lab-priv'),
        })
        .prefault({}),
      scenario: filePath(baseDir).optional(),
    })
    .prefault({})
    .transform((l) => ({ ...l, scenario: l.scenario ?? null }));
}

/** Inventory files, relative to the config file. */
export const inventoryFilesSchema = (baseDir: string) => z.array(filePath(baseDir));

export interface InventorySection {
  readonly files?: readonly string[] | undefined;
  readonly plans?: readonly unknown[] | undefined;
  readonly sites?: readonly unknown[] | undefined;
}

/** Where the inventory is: files (relative to the config file) and/or sites and plans written inline. */
export function inventorySectionSchema(baseDir: string) {
  return z
    .strictObject({
      files: inventoryFilesSchema(baseDir).optional(),
      plans: z.array(z.unknown()).optional(),
      sites: z.array(z.unknown()).optional(),
    })
    .prefault({});
}

/** Everything but the inventory's content, which is validated on its own (it needs server.timezone). */
export function mainConfigSchema(baseDir: string) {
  return z
    .strictObject({
      server: serverSchema(baseDir),
      influx: influxSchema(baseDir),
      probe: probeSchema,
      costs: notBuiltYet('the cost engine'),
      status: statusSchema,
      alerts: notBuiltYet('alerting'),
      lab: labSchema(baseDir),
      dashboard: dashboardSchema,
      inventory: z.unknown().optional(),
    })
    .prefault({})
    .transform((c) => {
      const influx: InfluxConfig = {
        url: c.influx.url,
        database: c.influx.database,
        username: c.influx.username ?? null,
        password: c.influx.password ?? null,
        retention: {
          rawMs: c.influx.retention.raw,
          rollupMs: c.influx.retention.rollup,
          rollupIntervalMs: c.influx.retention.rollupInterval,
          rollupGraceMs: c.influx.retention.rollupGrace,
        },
        batch: { maxPoints: c.influx.batch.maxPoints, maxDelayMs: c.influx.batch.maxDelay },
        spool: {
          dir: c.influx.spool.dir ?? join(c.server.dataDir, 'spool'),
          maxBytes: c.influx.spool.maxBytes,
        },
      };
      return {
        server: c.server,
        influx,
        probe: c.probe,
        status: c.status,
        lab: c.lab,
        dashboard: c.dashboard,
      };
    });
}
