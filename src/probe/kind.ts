// What a probe kind is: one folder (icmp/, snmp/, tcp/) exporting one ProbeKind, listed once in
// registry.ts. The collector, the metrics writer, the live hub and the status engine ask the
// registry instead of knowing any kind by name.

import type { SelfFigure } from '../self-figures.js';
import type * as z from 'zod';
import type { Site } from '../inventory/index.js';
import type { Logger } from '../logger.js';
import type { SnmpFailure } from './snmp/types.js';

/** What every planned check carries: the collector schedules by these fields alone. */
export interface CheckBase {
  readonly kind: string;
  readonly siteId: string;
  readonly intervalMs: number;
}

/** What every result carries; results are plain data (structured clone). */
export interface ResultBase {
  readonly kind: string;
  readonly siteId: string;
  /** Epoch ms when the probe began. */
  readonly at: number;
}

/** A batch prober takes every check of a cycle at once (one fping run for all). */
export interface BatchProber<C extends CheckBase, R extends ResultBase> {
  probe(checks: readonly C[], signal: AbortSignal): Promise<R[]>;
  /** The prober's own counters and gauges, for /metrics (summed over the collector workers). */
  figures?(): SelfFigure[];
  close(): Promise<void>;
}

/** A per-target prober is called for one site at its own slot; it may keep state per site. */
export interface TargetProber<C extends CheckBase, R extends ResultBase> {
  probe(check: C, signal: AbortSignal): Promise<R>;
  /** Forgets what was kept of a site (counter state, learnt ifIndex): after it left or changed. */
  forget(siteId: string): void;
  /** The prober's own counters and gauges, for /metrics (summed over the collector workers). */
  figures?(): SelfFigure[];
  close(): Promise<void>;
}

/** Field schemas of the config (durations as "30s", ranges with messages), lent to each kind. */
export interface SettingsFields {
  duration(options?: { min?: number }): z.ZodType<number, unknown>;
  integer(range?: { min?: number; max?: number }): z.ZodType<number, unknown>;
  choice<T extends string>(values: readonly T[]): z.ZodType<T, unknown>;
}

/** What a config section changes of a kind's settings: any key, and any key of a nested mapping. */
export type SettingsOverride<S> = {
  readonly [K in keyof S]?: S[K] extends object ? Partial<S[K]> : S[K];
};

/** A kind's settings: built-in values and the YAML section (`probe.<kind>`, `probe.kinds.*.<kind>`). */
export interface KindSettingsSpec<S> {
  readonly builtIn: S;
  /** The YAML keys, all optional, turned into the typed keys they set (undefined: not set). */
  schema(fields: SettingsFields): z.ZodType<SettingsOverride<S>, unknown>;
  /** YAML keys that hold for a whole worker, so only under `probe.<kind>`, never per site kind. */
  readonly workerWide: readonly { readonly key: string; readonly why: string }[];
}

/** How a result bears on the state machine. */
export type StatusInput =
  /** Is the site's router reachable at all; `lossPct`/`rttMs` feed the degraded thresholds. */
  | {
      readonly type: 'liveness';
      readonly at: number;
      readonly up: boolean;
      readonly lossPct: number;
      readonly rttMs: number | null;
    }
  /** Is the device's management answering (SNMP): only weighed while the site is alive. */
  | { readonly type: 'health'; readonly at: number; readonly failure: SnmpFailure | null };

/** One InfluxDB point as a kind makes it; the metrics writer adds nothing but the site's tags. */
export interface KindPoint {
  readonly measurement: string;
  /** Tags beyond the site's own (an interface's role and name). */
  readonly tags?: Readonly<Record<string, string>>;
  /** null and undefined fields are left out; a point left without fields is not written. */
  readonly fields: Readonly<Record<string, number | string | null | undefined>>;
  readonly timeMs: number;
}

/** What a result shows on a site's live page; keys left out keep the previous value. */
export interface LiveFigures {
  readonly rttAvgMs?: number | null;
  readonly lossPct?: number | null;
  readonly inBps?: number | null;
  readonly outBps?: number | null;
}

/** A reference target of the status engine: an address pinged to tell whether Pantau is cut off. */
export interface ReferenceAddress {
  readonly id: string;
  readonly host: string;
}

export interface ProberContext<S> {
  readonly log: Logger;
  /** The kind's default settings: worker-wide ones (SNMP concurrency) are read from here. */
  readonly settings: S;
}

interface ProbeKindCommon<S, C extends CheckBase, R extends ResultBase> {
  readonly name: C['kind'] & R['kind'];
  readonly settings: KindSettingsSpec<S>;
  /** The check of one inventory site with its kind's settings; null: this kind does not probe it. */
  plan(site: Site, settings: S): C | null;
  /** The check of a reference target, for the kinds that probe those (ICMP). */
  planReference?(target: ReferenceAddress, settings: S): C;
  /** Counted in the collector's summaries: answered, or why not. */
  outcome(result: R): { readonly ok: boolean; readonly failure: string | null };
  points(result: R): KindPoint[];
  live(result: R): LiveFigures;
  status(result: R): StatusInput | null;
}

export interface BatchProbeKind<S, C extends CheckBase, R extends ResultBase>
  extends ProbeKindCommon<S, C, R> {
  readonly mode: 'batch';
  /** Checks with the same key (and interval) share one prober run a cycle. */
  batchKey(check: C): string;
  createProber(context: ProberContext<S>): BatchProber<C, R>;
}

export interface PerTargetProbeKind<S, C extends CheckBase, R extends ResultBase>
  extends ProbeKindCommon<S, C, R> {
  readonly mode: 'per-target';
  createProber(context: ProberContext<S>): TargetProber<C, R>;
}

export type ProbeKind<S, C extends CheckBase, R extends ResultBase> =
  | BatchProbeKind<S, C, R>
  | PerTargetProbeKind<S, C, R>;
