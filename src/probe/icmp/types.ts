// What the ICMP prober takes and gives: plain, serialisable data (structured clone).

import type { EchoStats } from './icmp-stats.js';

export interface IcmpTarget {
  readonly siteId: string;
  readonly host: string;
}

export interface IcmpSettings {
  /** Echo requests per target per probe. */
  readonly count: number;
  /** How long each echo request is given to answer. */
  readonly timeoutMs: number;
  /** Re-probing of a target whose every request was lost, before it counts as failed. */
  readonly confirm: { readonly attempts: number; readonly intervalMs: number };
}

/** The echo figures are the main round's: the confirmation re-probes are not counted in. */
export interface IcmpProbeResult extends EchoStats {
  readonly kind: 'icmp';
  readonly siteId: string;
  /** Epoch ms when the probe of this target began. */
  readonly at: number;
  /** The site answered: in the probe, or in its confirmation. */
  readonly up: boolean;
  /** Present when the probe got no reply and the target was re-probed. */
  readonly confirmation: { readonly attempts: number; readonly received: number } | null;
}

export interface IcmpProber {
  readonly name: 'fping' | 'ping';
  /** Probes every target once (with confirmation); one result per target, in any order. */
  probe(
    targets: readonly IcmpTarget[],
    settings: IcmpSettings,
    signal: AbortSignal,
  ): Promise<IcmpProbeResult[]>;
}

/** Which ICMP back end: fping in batch mode, the `ping` package, or fping when installed. */
export type IcmpBackendChoice = 'fping' | 'ping' | 'auto';
export const ICMP_BACKENDS: readonly IcmpBackendChoice[] = ['fping', 'ping', 'auto'];

/** The ICMP settings of a site kind, as configured under `probe.icmp` and `probe.kinds.*.icmp`. */
export interface IcmpKindSettings {
  readonly intervalMs: number;
  /** Echo requests a round. */
  readonly count: number;
  readonly timeoutMs: number;
  /** Before a site is called down, this many quick retries, this far apart. */
  readonly confirm: { readonly attempts: number; readonly intervalMs: number };
  readonly backend: IcmpBackendChoice;
}

/** One site's ping, as planned for a collector. */
export interface IcmpCheck {
  readonly kind: 'icmp';
  readonly siteId: string;
  readonly intervalMs: number;
  readonly host: string;
  readonly settings: IcmpSettings;
  readonly backend: IcmpBackendChoice;
}
