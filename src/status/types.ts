// What the status engine takes and gives: site states, the events it emits, and its snapshot.

import type { Site } from '../inventory/types.js';
import type { SnmpFailure } from '../probe/snmp/types.js';

/** The part of a site the engine needs. */
export type StatusSite = Pick<Site, 'id' | 'parentId' | 'kind' | 'liveness'>;

export const SITE_STATES = [
  'unknown',
  'up',
  'degraded',
  'snmp-failed',
  'down',
  'unreachable',
  'maintenance',
] as const;
export type SiteStateName = (typeof SITE_STATES)[number];

/** A site's state; each state carries exactly what it needs (an unreachable site its root cause). */
export type SiteStatus =
  | { readonly state: 'unknown' }
  | { readonly state: 'up' }
  /** Loss or RTT averaged over the kind's window is above its threshold. */
  | { readonly state: 'degraded' }
  /** Ping answers, the SNMP agent does not. */
  | { readonly state: 'snmp-failed'; readonly failure: SnmpFailure }
  /** The site's own ICMP failed and no ancestor is down: its own fault. */
  | { readonly state: 'down' }
  /** Down while an ancestor is down; `causeId` is the top of the unbroken run of down ancestors. */
  | { readonly state: 'unreachable'; readonly causeId: string }
  /** Declared from outside; ends at `until` (epoch ms) unless cleared or extended before. */
  | { readonly state: 'maintenance'; readonly until: number };

/** What the probes say, before maintenance and monitor isolation are laid over it. */
export type ObservedStatus = Exclude<SiteStatus, { readonly state: 'maintenance' }>;

/** Why a state changed; codes, so the UI and alert texts can say it in either language. */
export const CHANGE_REASONS = [
  'icmp-answered',
  'icmp-failed',
  'recovered',
  'ancestor-down',
  'root-cause-moved',
  'ancestor-recovered',
  'loss-over-threshold',
  'rtt-over-threshold',
  'quality-restored',
  'snmp-failed',
  'snmp-answered',
  'maintenance-started',
  'maintenance-changed',
  'maintenance-ended',
] as const;
export type ChangeReason = (typeof CHANGE_REASONS)[number];

/** Why the monitor was declared isolated. */
export type IsolationTrigger = 'reference-targets' | 'share';

export interface StateChangedEvent {
  readonly type: 'state-changed';
  readonly version: number;
  readonly siteId: string;
  readonly from: SiteStatus;
  readonly to: SiteStatus;
  /** Epoch ms of what caused the change (the probe's start for a result). */
  readonly at: number;
  readonly reason: ChangeReason;
  /** The site is flapping after this change: alerts may be held back. */
  readonly flapping: boolean;
}

export interface FlappingStartedEvent {
  readonly type: 'flapping-started';
  readonly version: number;
  readonly siteId: string;
  readonly at: number;
  /** State changes counted within the flapping window. */
  readonly changes: number;
}

export interface FlappingStoppedEvent {
  readonly type: 'flapping-stopped';
  readonly version: number;
  readonly siteId: string;
  readonly at: number;
  readonly changes: number;
}

/** Every site not in maintenance is unknown from `at` on; no per-site events are sent for that. */
export interface MonitorIsolatedEvent {
  readonly type: 'monitor-isolated';
  readonly version: number;
  readonly at: number;
  readonly trigger: IsolationTrigger;
  /** Share of independent sites down in the evaluation window, when measured. */
  readonly downPct: number | null;
  /** Independent sites heard from in the evaluation window. */
  readonly probed: number;
  /** The sites this turned unknown (every one not in maintenance and not unknown already). */
  readonly unknown: readonly string[];
}

/**
 * The inventory changed (a reload): `added` sites start unknown, `removed` ones are gone (their
 * open incidents close as removed), `changed` ones keep their state and history.
 */
export interface SitesChangedEvent {
  readonly type: 'sites-changed';
  readonly version: number;
  readonly at: number;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
}

/** Sites stay unknown until their own next results. */
export interface MonitorRecoveredEvent {
  readonly type: 'monitor-recovered';
  readonly version: number;
  readonly at: number;
  readonly isolatedSince: number;
}

export type StatusEvent =
  | SitesChangedEvent
  | StateChangedEvent
  | FlappingStartedEvent
  | FlappingStoppedEvent
  | MonitorIsolatedEvent
  | MonitorRecoveredEvent;

/** A site's state as shown. */
export interface SiteState {
  readonly siteId: string;
  readonly status: SiteStatus;
  /** Epoch ms the status began; null while a site has never been known. */
  readonly since: number | null;
  readonly flapping: boolean;
}

export interface IsolationState {
  readonly since: number;
  readonly trigger: IsolationTrigger;
}

/** One ICMP result kept for the quality window: [at, lossPct, rttAvgMs]. */
export type QualitySample = readonly [number, number, number | null];

/** What a site's machine remembers beyond its shown state, so a restart resumes it. */
export interface SiteMemory {
  readonly observed: ObservedStatus;
  readonly observedAt: number | null;
  /** When the engine learnt of the last observed change (its `nowMs`): the hold counts from it. */
  readonly observedArrival: number | null;
  readonly reason: ChangeReason | null;
  readonly lastIcmpAt: number | null;
  readonly icmpUp: boolean | null;
  readonly goodStreak: number;
  readonly streakSince: number | null;
  readonly lastSnmpAt: number | null;
  readonly snmpFailure: { readonly failure: SnmpFailure; readonly at: number } | null;
  readonly quality: readonly QualitySample[];
  readonly qualityVerdict: QualityVerdict;
  readonly flapTimes: readonly number[];
}

export type QualityVerdict = 'ok' | 'loss' | 'rtt';

/** Everything the engine knows; plain JSON, so it can be stored and given back to `restore`. */
export interface StatusSnapshot {
  /** The version of the last event; events after this snapshot carry higher versions. */
  readonly version: number;
  readonly isolation: IsolationState | null;
  readonly sites: readonly SiteState[];
  /** For `restore` only; consumers read `sites`. */
  readonly memory: {
    readonly references: Readonly<Record<string, boolean>>;
    readonly shareExceeded: boolean;
    readonly sites: Readonly<Record<string, SiteMemory>>;
  };
}

/** One site's row of a stored snapshot. */
export interface SiteSnapshotRow {
  readonly state: SiteState;
  readonly memory: SiteMemory;
}

/**
 * What the engine changed since its last `snapshotChanges`: the header (version, isolation, the
 * detector's memory) and the rows of the sites that moved. `whole`: `sites` is every site, and rows
 * of sites not in it are to go.
 */
export interface SnapshotChanges {
  readonly version: number;
  readonly isolation: IsolationState | null;
  readonly references: Readonly<Record<string, boolean>>;
  readonly shareExceeded: boolean;
  readonly whole: boolean;
  readonly sites: readonly SiteSnapshotRow[];
}
