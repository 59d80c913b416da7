// Every probe kind, listed once. Adding a kind is a folder with its ProbeKind and one line here;
// the collector, the metrics writer, the live hub, the status engine and the config ask this list.

import { icmpKind } from './icmp/kind.js';
import type {
  BatchProbeKind,
  CheckBase,
  KindPoint,
  LiveFigures,
  PerTargetProbeKind,
  ProbeKind,
  ResultBase,
  StatusInput,
} from './kind.js';
import { snmpKind } from './snmp/kind.js';
import { tcpKind } from './tcp/kind.js';

export const PROBE_KINDS = {
  icmp: icmpKind,
  snmp: snmpKind,
  tcp: tcpKind,
} as const;

type Kinds = typeof PROBE_KINDS;
export type ProbeKindName = keyof Kinds;
export const PROBE_KIND_NAMES = Object.keys(PROBE_KINDS) as ProbeKindName[];

type SettingsOf<K> = K extends ProbeKind<infer S, infer _C, infer _R> ? S : never;
type CheckOf<K> = K extends ProbeKind<infer _S, infer C, infer _R> ? C : never;
type ResultOf<K> = K extends ProbeKind<infer _S, infer _C, infer R> ? R : never;

/** Each kind's settings, by kind name: `probe.<kind>` of the config. */
export type ProbeKindSettings = { readonly [K in ProbeKindName]: SettingsOf<Kinds[K]> };
/** A check of any kind, as planned for a collector. */
export type PlannedCheck = { [K in ProbeKindName]: CheckOf<Kinds[K]> }[ProbeKindName];
/** A result of any kind: what leaves a collector. */
export type ProbeResult = { [K in ProbeKindName]: ResultOf<Kinds[K]> }[ProbeKindName];

type ModeOf<K extends ProbeKindName> = Kinds[K]['mode'];
export type BatchKindName = {
  [K in ProbeKindName]: ModeOf<K> extends 'batch' ? K : never;
}[ProbeKindName];
export type PerTargetKindName = Exclude<ProbeKindName, BatchKindName>;

// The kinds seen as one shape: each function is only ever given checks and results of its own kind.
type AnyKind = ProbeKind<unknown, CheckBase, ResultBase>;
export type AnyBatchKind = BatchProbeKind<unknown, CheckBase, ResultBase>;
export type AnyPerTargetKind = PerTargetProbeKind<unknown, CheckBase, ResultBase>;

/** The kind named `name`, as one shape; undefined for a name no kind has. */
export function probeKind(name: string): AnyKind | undefined {
  return Object.hasOwn(PROBE_KINDS, name)
    ? (PROBE_KINDS[name as ProbeKindName] as unknown as AnyKind)
    : undefined;
}

function kindOf(result: ProbeResult): AnyKind {
  return PROBE_KINDS[result.kind] as unknown as AnyKind;
}

/** How a result bears on its site's state (liveness or device health); null: it does not. */
export function statusInputOf(result: ProbeResult): StatusInput | null {
  return kindOf(result).status(result);
}

/** The InfluxDB points of a result, before the site's tags are added. */
export function kindPointsOf(result: ProbeResult): KindPoint[] {
  return kindOf(result).points(result);
}

/** What a result changes on its site's live page. */
export function liveFiguresOf(result: ProbeResult): LiveFigures {
  return kindOf(result).live(result);
}

/** The kind whose results say whether a site is alive: the one its `liveness` names, else ICMP. */
export function livenessKindOf(site: { readonly liveness?: object | undefined }): string {
  const named = Object.keys(site.liveness ?? {})[0];
  return named ?? 'icmp';
}
