// What the incident tracker records from engine events: incidents with their phases, maintenance
// and monitor-isolation periods (the time availability leaves out), and the changes to store; and
// Pantau's own runs, outside which nothing was watched.

import type { IsolationTrigger } from './types.js';

/** Why a site is down in a phase: by its own fault, or because an ancestor is down. */
export type IncidentCause =
  | { readonly kind: 'down' }
  | {
      readonly kind: 'unreachable';
      /** The root-cause site, as the engine named it. */
      readonly causeSiteId: string;
      /** The root-cause site's incident; null while it has none (in maintenance, say). */
      readonly causeIncidentId: number | null;
    };

export type IncidentKind = IncidentCause['kind'];

/** A stretch of an incident with one cause; it lasts until the next phase, or the incident's end. */
export type IncidentPhase = IncidentCause & { readonly from: number };

/**
 * One outage of one site, from its first failed probe to the probe that showed it back. A site
 * that moves between down and unreachable keeps its incident and gains a phase.
 */
export interface Incident {
  readonly id: number;
  readonly siteId: string;
  /** Epoch ms; the first phase's `from`. */
  readonly openedAt: number;
  /** Epoch ms; null while open. */
  readonly closedAt: number | null;
  /** Set when it closed because its site left the inventory, not because the site came back. */
  readonly closedBy?: 'removed';
  /** In time order, never empty; the last is the current cause. */
  readonly phases: readonly [IncidentPhase, ...IncidentPhase[]];
}

/** A site shown in maintenance: its time counts neither for nor against it. */
export interface MaintenancePeriod {
  readonly siteId: string;
  readonly startedAt: number;
  readonly endedAt: number | null;
}

/** The monitor was cut off: no site is charged for this time. */
export interface IsolationPeriod {
  readonly startedAt: number;
  readonly endedAt: number | null;
  /** null when only its end was seen (its start was never recorded). */
  readonly trigger: IsolationTrigger | null;
}

/** Pantau was running (watching its sites) from `startedAt`. */
export interface MonitorRun {
  readonly startedAt: number;
  /** Epoch ms; a crashed run ends at its last heartbeat; null while it runs (until now). */
  readonly endedAt: number | null;
}

/** A record that changed; each carries the record as it is after the change, for an upsert. */
export type IncidentChange =
  | {
      readonly type: 'incident-opened' | 'incident-changed' | 'incident-closed';
      readonly incident: Incident;
    }
  | {
      readonly type: 'maintenance-started' | 'maintenance-ended';
      readonly period: MaintenancePeriod;
    }
  | { readonly type: 'isolation-started' | 'isolation-ended'; readonly period: IsolationPeriod };

/** What the tracker needs to resume after a restart: the open records and the next incident id. */
export interface IncidentTrackerState {
  readonly nextId: number;
  readonly open: readonly Incident[];
  readonly maintenance: readonly MaintenancePeriod[];
  readonly isolation: IsolationPeriod | null;
}

/** The phase in force now (or at the end, for a closed incident). */
export function currentPhase(incident: Incident): IncidentPhase {
  return incident.phases[incident.phases.length - 1] ?? incident.phases[0];
}
