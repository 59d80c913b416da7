// The faults the lab can inject, as data: what the control API, the CLI and scenario files accept.

import { z } from 'zod';
import { parseDuration as parseDurationText } from '../config/index.js';

export const FAULT_KINDS = [
  'down',
  'loss',
  'snmp-silent',
  'snmp-slow',
  'snmp-malformed',
  'reboot',
  'counter32-wrap',
  'if-down',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export const MALFORMED_FORMS = ['garbage', 'truncated', 'wrong-request-id', 'wrong-type'] as const;
export type MalformedForm = (typeof MALFORMED_FORMS)[number];

/** A duration as text ("500ms", "30s", "1h30m") or a number of milliseconds, to milliseconds. */
export function parseDuration(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  return parseDurationText(value);
}

const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === null) {
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" is not a duration (like 500ms, 30s, 5m, 2h)`,
    });
    return z.NEVER;
  }
  return ms;
});

const site = z.string().min(1, 'a site id is required');
const forMs = duration
  .optional()
  .nullable()
  .transform((v) => v ?? null);
const iface = z.enum(['wan', 'lan']);

export const faultSpecSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('down'), site, for: forMs }),
  z.strictObject({
    kind: z.literal('loss'),
    site,
    lossPct: z.number().gt(0, 'must be above 0').max(100, 'must be at most 100'),
    for: forMs,
  }),
  z.strictObject({ kind: z.literal('snmp-silent'), site, for: forMs }),
  z.strictObject({ kind: z.literal('snmp-slow'), site, delay: duration, for: forMs }),
  z.strictObject({
    kind: z.literal('snmp-malformed'),
    site,
    form: z.enum(MALFORMED_FORMS).default('garbage'),
    for: forMs,
  }),
  z.strictObject({
    kind: z.literal('reboot'),
    site,
    /** How long the router is unreachable while it restarts. */
    downFor: duration.default(30_000),
    /** Some CPE renumber their interfaces at boot: the collector must find the WAN again. */
    renumber: z.boolean().default(false),
  }),
  z.strictObject({
    kind: z.literal('counter32-wrap'),
    site,
    iface: iface.default('wan'),
    in: duration.default(60_000),
  }),
  z.strictObject({ kind: z.literal('if-down'), site, iface: iface.default('lan'), for: forMs }),
]);

export type FaultSpec = z.output<typeof faultSpecSchema>;

/** One line for logs and the CLI: "down desa-cisoka-02 for 2m". */
export function describeFault(spec: FaultSpec): string {
  const seconds = (ms: number): string => (ms % 60_000 === 0 ? `${ms / 60_000}m` : `${ms / 1000}s`);
  const lasting = 'for' in spec && spec.for !== null ? ` for ${seconds(spec.for)}` : '';
  switch (spec.kind) {
    case 'loss':
      return `loss ${spec.lossPct}% ${spec.site}${lasting}`;
    case 'snmp-slow':
      return `snmp-slow ${spec.site} +${spec.delay}ms${lasting}`;
    case 'snmp-malformed':
      return `snmp-malformed (${spec.form}) ${spec.site}${lasting}`;
    case 'reboot':
      return `reboot ${spec.site} (down ${seconds(spec.downFor)}${spec.renumber ? ', renumbered' : ''})`;
    case 'counter32-wrap':
      return `counter32-wrap ${spec.site} ${spec.iface} in ${seconds(spec.in)}`;
    case 'if-down':
      return `if-down ${spec.site} ${spec.iface}${lasting}`;
    default:
      return `${spec.kind} ${spec.site}${lasting}`;
  }
}
