// What counts as a valid id, host, date and time zone: shared by the config schema and the CSV import.

import { isIP } from 'node:net';

const ID = /^[a-z0-9][a-z0-9._-]*$/;

/** Site and plan ids become InfluxDB tags and URL parts, so a tame alphabet. */
export function isInventoryId(text: string): boolean {
  return ID.test(text);
}

export const ID_RULE =
  'use lowercase letters, digits, "-", "_" and ".", starting with a letter or digit';

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** An IPv4 or IPv6 address, or a DNS host name whose last label is not all digits. */
export function isHost(text: string): boolean {
  if (isIP(text) !== 0) return true;
  if (text.length === 0 || text.length > 253) return false;
  const labels = text.replace(/\.$/, '').split('.');
  // "10.1.1" is a mistyped address, not a host name.
  if (/^\d+$/.test(labels[labels.length - 1] ?? '')) return false;
  return labels.every((label) => LABEL.test(label));
}

/** A calendar date written YYYY-MM-DD that exists (no 30 February). */
export function isIsoDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A name `${NAME}` can refer to. */
export function isEnvName(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text);
}

/** The SNMPv3 levels, least to most protected. */
export const SNMP_LEVELS = ['noAuthNoPriv', 'authNoPriv', 'authPriv'] as const;

export const BILLING_MODELS = ['flat', 'per_mbps', 'burstable', 'quota'] as const;
export type BillingModel = (typeof BILLING_MODELS)[number];
