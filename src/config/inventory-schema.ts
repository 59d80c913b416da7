// The YAML form of sites and plans, validated into the inventory types.

import * as z from 'zod';
import {
  BILLING_MODELS,
  type Billing,
  type BillingModel,
  type InterfaceSelector,
  type Plan,
  SITE_KINDS,
  type Site,
  SNMP_AUTH_PROTOCOLS,
  SNMP_LEVELS,
  SNMP_PRIV_PROTOCOLS,
  type SnmpCredentials,
} from '../inventory/index.js';
import {
  choice,
  crossCheck,
  host,
  id,
  integer,
  isoDate,
  issueAt,
  number,
  port,
  secret,
  text,
  timeZone,
} from './fields.js';

const SELECTOR_KEYS = ['ifName', 'ifDescr', 'ifAlias', 'ifIndex'] as const;

/** `{ ifName: ether1 }`: exactly one way of finding the interface in the ifTable. */
const interfaceSelector = crossCheck(
  z.strictObject({
    ifName: text().optional(),
    ifDescr: text().optional(),
    ifAlias: text().optional(),
    ifIndex: integer({ min: 1 }).optional(),
  }),
  (v, ctx) => {
    const given = SELECTOR_KEYS.filter((k) => v[k] !== undefined);
    if (given.length === 0) issueAt(ctx, [], `give one of ${SELECTOR_KEYS.join(', ')}`);
    for (const extra of given.slice(1)) {
      issueAt(
        ctx,
        extra,
        `give only one of ${SELECTOR_KEYS.join(', ')} (${given[0]} is already given)`,
        'key',
      );
    }
  },
).transform((v): InterfaceSelector => {
  if (v.ifIndex !== undefined) return { by: 'ifIndex', value: v.ifIndex };
  const by = SELECTOR_KEYS.find((k) => k !== 'ifIndex' && v[k] !== undefined) as
    | 'ifName'
    | 'ifDescr'
    | 'ifAlias';
  return { by, value: v[by] as string };
});

const V3_KEYS = ['user', 'level', 'authProtocol', 'authKey', 'privProtocol', 'privKey'] as const;
const AUTH_KEYS = ['authProtocol', 'authKey'] as const;
const PRIV_KEYS = ['privProtocol', 'privKey'] as const;

/** SNMP credentials: version 1/2c take a community; version 3 a user, a level and that level's keys. */
const snmpCredentials = crossCheck(
  z.strictObject({
    version: choice(['1', '2c', '3'] as const),
    community: secret().optional(),
    user: text().optional(),
    level: choice(SNMP_LEVELS).optional(),
    authProtocol: choice(SNMP_AUTH_PROTOCOLS).optional(),
    // SNMP itself refuses keys under 8 characters.
    authKey: secret(8).optional(),
    privProtocol: choice(SNMP_PRIV_PROTOCOLS).optional(),
    privKey: secret(8).optional(),
  }),
  (v, ctx) => {
    const has = (key: string): boolean => v[key] !== undefined;
    const version = v.version;
    if (version === '1' || version === '2c') {
      if (!has('community')) issueAt(ctx, 'community', `required with version ${version}`);
      for (const key of V3_KEYS) {
        if (has(key))
          issueAt(ctx, key, `not used with version ${version} (only community is)`, 'key');
      }
      return;
    }
    if (version !== '3') return;
    if (has('community'))
      issueAt(ctx, 'community', 'not used with version 3 (it takes user and level)', 'key');
    if (!has('user')) issueAt(ctx, 'user', 'required with version 3');
    if (!has('level'))
      issueAt(ctx, 'level', `required with version 3: one of ${SNMP_LEVELS.join(', ')}`);
    const level = v.level;
    const needs = (keys: readonly string[]): void => {
      for (const key of keys) if (!has(key)) issueAt(ctx, key, `required when level is ${level}`);
    };
    const unused = (keys: readonly string[]): void => {
      for (const key of keys)
        if (has(key)) issueAt(ctx, key, `not used when level is ${level}`, 'key');
    };
    if (level === 'noAuthNoPriv') unused([...AUTH_KEYS, ...PRIV_KEYS]);
    if (level === 'authNoPriv') {
      needs(AUTH_KEYS);
      unused(PRIV_KEYS);
    }
    if (level === 'authPriv') needs([...AUTH_KEYS, ...PRIV_KEYS]);
  },
).transform((v): SnmpCredentials => {
  // The checks above ran and passed, so each level's keys are here.
  if (v.version !== '3') return { version: v.version, community: v.community as string };
  const user = v.user as string;
  if (v.level === 'noAuthNoPriv') return { version: '3', level: 'noAuthNoPriv', user };
  const auth = { authProtocol: v.authProtocol ?? 'sha', authKey: v.authKey as string };
  if (v.level === 'authNoPriv') return { version: '3', level: 'authNoPriv', user, ...auth };
  return {
    version: '3',
    level: 'authPriv',
    user,
    ...auth,
    privProtocol: v.privProtocol ?? 'aes',
    privKey: v.privKey as string,
  };
});

const router = z
  .strictObject({
    host: host(),
    snmpPort: port().default(161),
    snmp: snmpCredentials,
    wan: interfaceSelector,
    lan: interfaceSelector.optional(),
  })
  .transform((r): Site['router'] => ({ ...r, lan: r.lan ?? null }));

const location = z.strictObject({
  lat: number({ min: -90, max: 90 }),
  lon: number({ min: -180, max: 180 }),
});

const contract = crossCheck(
  z.strictObject({ start: isoDate(), end: isoDate().optional() }),
  (v, ctx) => {
    if (typeof v.start === 'string' && typeof v.end === 'string' && v.end < v.start) {
      issueAt(ctx, 'end', `${v.end} is before start ${v.start}`);
    }
  },
).transform((c): Site['contract'] => ({ start: c.start, end: c.end ?? null }));

export function siteSchema(defaultTimezone: string) {
  return z
    .strictObject({
      id: id(),
      name: text(),
      kind: choice(SITE_KINDS),
      kecamatan: text(),
      parent: id().optional(),
      location: location.optional(),
      timezone: timeZone().optional(),
      router,
      isp: text(),
      plan: id(),
      contract,
      liveness: z.strictObject({ tcp: port() }).optional(),
    })
    .transform(
      (s): Site => ({
        id: s.id,
        name: s.name,
        kind: s.kind,
        kecamatan: s.kecamatan,
        parentId: s.parent ?? null,
        location: s.location ?? null,
        timezone: s.timezone ?? defaultTimezone,
        router: s.router,
        isp: s.isp,
        planId: s.plan,
        contract: s.contract,
        ...(s.liveness ? { liveness: s.liveness } : {}),
      }),
    );
}

const BILLING_FIELDS = [
  'monthlyIdr',
  'idrPerMbps',
  'commitMbps',
  'burstMbps',
  'overageIdrPerMbps',
  'quotaGb',
  'overageIdrPerGb',
] as const;

/** The fields each billing model takes, exactly. */
const MODEL_FIELDS: Readonly<Record<BillingModel, readonly (typeof BILLING_FIELDS)[number][]>> = {
  flat: ['monthlyIdr'],
  per_mbps: ['idrPerMbps'],
  burstable: ['monthlyIdr', 'commitMbps', 'burstMbps', 'overageIdrPerMbps'],
  quota: ['monthlyIdr', 'quotaGb', 'overageIdrPerGb'],
};

const rupiah = () => integer({ min: 0 });

const billing = crossCheck(
  z.strictObject({
    model: choice(BILLING_MODELS),
    monthlyIdr: rupiah().optional(),
    idrPerMbps: rupiah().optional(),
    commitMbps: number({ positive: true }).optional(),
    burstMbps: number({ positive: true }).optional(),
    overageIdrPerMbps: rupiah().optional(),
    quotaGb: number({ positive: true }).optional(),
    overageIdrPerGb: rupiah().optional(),
  }),
  (v, ctx) => {
    const model = v.model;
    if (typeof model !== 'string' || !(model in MODEL_FIELDS)) return;
    const wanted = MODEL_FIELDS[model as BillingModel];
    for (const key of BILLING_FIELDS) {
      const given = v[key] !== undefined;
      if (wanted.includes(key) && !given) issueAt(ctx, key, `required for billing model ${model}`);
      if (!wanted.includes(key) && given) {
        issueAt(
          ctx,
          key,
          `not used by billing model ${model} (it takes ${wanted.join(', ')})`,
          'key',
        );
      }
    }
    if (
      model === 'burstable' &&
      typeof v.commitMbps === 'number' &&
      typeof v.burstMbps === 'number' &&
      v.commitMbps > v.burstMbps
    ) {
      issueAt(ctx, 'commitMbps', `${v.commitMbps} is more than burstMbps ${v.burstMbps}`);
    }
  },
).transform((b): Billing => {
  const n = (value: number | undefined): number => value as number;
  switch (b.model) {
    case 'flat':
      return { model: 'flat', monthlyIdr: n(b.monthlyIdr) };
    case 'per_mbps':
      return { model: 'per_mbps', idrPerMbps: n(b.idrPerMbps) };
    case 'burstable':
      return {
        model: 'burstable',
        monthlyIdr: n(b.monthlyIdr),
        commitMbps: n(b.commitMbps),
        burstMbps: n(b.burstMbps),
        overageIdrPerMbps: n(b.overageIdrPerMbps),
      };
    case 'quota':
      return {
        model: 'quota',
        monthlyIdr: n(b.monthlyIdr),
        quotaGb: n(b.quotaGb),
        overageIdrPerGb: n(b.overageIdrPerGb),
      };
  }
});

const sla = z.strictObject({
  pct: number({ positive: true, max: 100 }),
  creditPctPerStep: number({ min: 0, max: 100 }),
  stepPct: number({ positive: true, max: 100 }),
});

export const planSchema = z
  .strictObject({
    id: id(),
    isp: text(),
    product: text(),
    mbps: number({ positive: true }),
    billing,
    sla: sla.optional(),
  })
  .transform((p): Plan => ({ ...p, sla: p.sla ?? null }));

/** An inventory file, or the inline part of the main config's `inventory:`. */
export function inventoryContentSchema(defaultTimezone: string) {
  return z.strictObject({
    plans: z.array(planSchema).optional(),
    sites: z.array(siteSchema(defaultTimezone)).optional(),
  });
}
