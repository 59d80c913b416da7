// What the SNMP poller takes and gives: plain, serialisable data (structured clone; bigints allowed).

import type { InterfaceSelector, SnmpCredentials } from '../../inventory/types.js';

export interface SnmpTarget {
  readonly siteId: string;
  readonly host: string;
  readonly port: number;
  readonly credentials: SnmpCredentials;
  readonly wan: InterfaceSelector;
  readonly lan: InterfaceSelector | null;
}

export interface SnmpSettings {
  readonly timeoutMs: number;
  readonly retries: number;
}

export type InterfaceRole = 'wan' | 'lan';

/** One interface's row as read: raw counters (undefined when the agent does not have them). */
export interface InterfaceSample {
  readonly role: InterfaceRole;
  readonly ifIndex: number;
  readonly name: string;
  readonly operUp: boolean | null;
  /** ifHighSpeed in Mbps, else ifSpeed / 10^6; null when the agent reports neither. */
  readonly speedMbps: number | null;
  readonly hcInOctets: bigint | null;
  readonly hcOutOctets: bigint | null;
  readonly inOctets32: number | null;
  readonly outOctets32: number | null;
  readonly inErrors: number | null;
  readonly outErrors: number | null;
  readonly inDiscards: number | null;
}

/** A successful poll: the raw material for rates. */
export interface SnmpSample {
  /** Epoch ms at the reply. */
  readonly at: number;
  /** Monotonic ms (performance.now() of the polling thread) at the reply: rates are computed from it. */
  readonly monotonicMs: number;
  readonly pollMs: number;
  /** sysUpTime in hundredths of a second. */
  readonly uptimeTicks: number;
  readonly interfaces: readonly InterfaceSample[];
}

/** Why a poll failed; each is counted per site. */
export const SNMP_FAILURES = [
  'timeout',
  'auth',
  'bad-reply',
  'no-such-object',
  'wan-not-found',
  'error-status',
  'send-failed',
] as const;
export type SnmpFailure = (typeof SNMP_FAILURES)[number];

export type SnmpPollOutcome =
  | { readonly ok: true; readonly sample: SnmpSample }
  | {
      readonly ok: false;
      readonly at: number;
      readonly pollMs: number;
      readonly failure: SnmpFailure;
      readonly message: string;
    };

export interface SnmpPoller {
  poll(target: SnmpTarget, settings: SnmpSettings, signal: AbortSignal): Promise<SnmpPollOutcome>;
  /** Forgets what was learnt of a site (cached ifIndex, v3 engine): after it leaves the inventory. */
  forget(siteId: string): void;
  close(): Promise<void>;
}

/** Why an interval has no rate. */
export const NO_RATE_REASONS = [
  'first-sample',
  'reboot',
  'counter-reset',
  'interface-changed',
  'no-counters',
  'spike-discarded',
  'spike-held',
  'no-elapsed-time',
] as const;
export type NoRateReason = (typeof NO_RATE_REASONS)[number];

export interface Rate {
  /** Epoch ms at the end of the interval the rate covers. */
  readonly at: number;
  readonly intervalMs: number;
  readonly inBps: number;
  readonly outBps: number;
  readonly inOctets: number;
  readonly outOctets: number;
  /** Errors and discards counted in the interval (Counter32 deltas); null where not reported. */
  readonly inErrors: number | null;
  readonly outErrors: number | null;
  readonly inDiscards: number | null;
  readonly source: 'counter64' | 'counter32';
}

export interface InterfaceResult {
  readonly role: InterfaceRole;
  readonly ifIndex: number;
  readonly name: string;
  readonly operUp: boolean | null;
  readonly speedMbps: number | null;
  /** Usually one rate; two when a held suspicious rate is released with the current one; none with a reason. */
  readonly rates: readonly Rate[];
  readonly noRate: NoRateReason | null;
  readonly inErrors: number | null;
  readonly outErrors: number | null;
  readonly inDiscards: number | null;
  /** Data-quality warnings, e.g. "reported speed looks wrong". */
  readonly warnings: readonly string[];
}

export type SnmpProbeResult =
  | {
      readonly kind: 'snmp';
      readonly siteId: string;
      readonly at: number;
      readonly ok: true;
      readonly pollMs: number;
      readonly uptimeS: number;
      readonly interfaces: readonly InterfaceResult[];
    }
  | {
      readonly kind: 'snmp';
      readonly siteId: string;
      readonly at: number;
      readonly ok: false;
      readonly pollMs: number;
      readonly failure: SnmpFailure;
      readonly message: string;
    };

/** The SNMP settings of a site kind, as configured under `probe.snmp` and `probe.kinds.*.snmp`. */
export interface SnmpKindSettings {
  readonly intervalMs: number;
  readonly timeoutMs: number;
  readonly retries: number;
  /** Requests in flight at once, per worker: worker-wide, so under `probe.snmp` only. */
  readonly concurrency: number;
}

/** One site's poll, as planned for a collector. */
export interface SnmpCheck {
  readonly kind: 'snmp';
  readonly siteId: string;
  readonly intervalMs: number;
  readonly target: SnmpTarget;
  readonly settings: SnmpSettings;
}
