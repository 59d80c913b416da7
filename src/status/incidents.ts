// Engine events in, incident changes out. Pure: times come from the events (probe times for site
// changes, arrival times for monitor isolation), and nothing is read or written here.
//
// - A site shown down or unreachable opens an incident; shown up, degraded or snmp-failed closes it.
// - Down ⇄ unreachable, or a moved root cause, keeps the incident and starts a new phase, so the
//   site's own downtime can be told from its upstream's.
// - An unreachable site's phase points to its root-cause site's open incident; when that incident
//   opens later (its change held, say), the waiting phases are linked then.
// - Unknown and maintenance neither open nor close. The engine shows no site down while it is in
//   maintenance or while the monitor is isolated, so no incident opens then; an incident already
//   open stays open through either. Once the site is shown again it is closed at that time if the
//   site is back, or kept (its cause brought up to date) if it is still down. Availability leaves
//   maintenance and isolation time out, so that stretch is charged to no one.
// - Replayed events (after a restore from an older snapshot) are harmless: a down for an open
//   incident only updates it, a recovery without one is ignored.

import {
  currentPhase,
  type Incident,
  type IncidentCause,
  type IncidentChange,
  type IncidentPhase,
  type IncidentTrackerState,
  type IsolationPeriod,
  type MaintenancePeriod,
} from './incident-types.js';
import type {
  MonitorIsolatedEvent,
  MonitorRecoveredEvent,
  SiteStatus,
  StateChangedEvent,
  StatusEvent,
} from './types.js';

type DownStatus = Extract<SiteStatus, { readonly state: 'down' | 'unreachable' }>;
type Phases = Incident['phases'];

const EMPTY: IncidentTrackerState = { nextId: 1, open: [], maintenance: [], isolation: null };

export class IncidentTracker {
  private nextId: number;
  /** Open incidents by site id; change it only through `keep` and `drop`. */
  private readonly open = new Map<string, Incident>();
  /** The sites whose open incident is unreachable by a cause site, by that site: for linking. */
  private readonly waitingOn = new Map<string, Set<string>>();
  private readonly maintenance = new Map<string, MaintenancePeriod>();
  private isolation: IsolationPeriod | null;
  private out: IncidentChange[] = [];

  /** Starts empty, or resumes from the open records a state store kept. */
  constructor(state: IncidentTrackerState = EMPTY) {
    this.nextId = state.nextId;
    for (const incident of state.open) {
      if (incident.closedAt !== null) continue;
      this.keep(incident);
      this.nextId = Math.max(this.nextId, incident.id + 1);
    }
    for (const period of state.maintenance)
      if (period.endedAt === null) this.maintenance.set(period.siteId, period);
    this.isolation = state.isolation?.endedAt === null ? state.isolation : null;
  }

  /** Feeds the events of one engine call, in order; returns the records they changed, in order. */
  apply(events: readonly StatusEvent[]): IncidentChange[] {
    for (const event of events) {
      if (event.type === 'state-changed') this.stateChanged(event);
      else if (event.type === 'monitor-isolated') this.isolated(event);
      else if (event.type === 'monitor-recovered') this.recovered(event);
      else if (event.type === 'sites-changed') this.closeRemoved(event.removed, event.at);
    }
    const out = this.out;
    this.out = [];
    return out;
  }

  /** The open records and the next id: what a restarted tracker is given. */
  state(): IncidentTrackerState {
    return {
      nextId: this.nextId,
      open: [...this.open.values()],
      maintenance: [...this.maintenance.values()],
      isolation: this.isolation,
    };
  }

  /**
   * Closes, at `atMs`, the open incidents and maintenance of sites no longer in the inventory: no
   * result will ever close them, and an open incident would count as an outage for ever.
   */
  retire(inventory: ReadonlySet<string>, atMs: number): IncidentChange[] {
    this.closeRemoved(
      [...new Set([...this.open.keys(), ...this.maintenance.keys()])].filter(
        (siteId) => !inventory.has(siteId),
      ),
      atMs,
    );
    const out = this.out;
    this.out = [];
    return out;
  }

  /** Closes the open incident and maintenance of each removed site, the incident as removed. */
  private closeRemoved(siteIds: readonly string[], atMs: number): void {
    for (const siteId of siteIds) {
      this.back(siteId, atMs, 'removed');
      const period = this.maintenance.get(siteId);
      if (period === undefined) continue;
      this.maintenance.delete(siteId);
      const endedAt = Math.max(atMs, period.startedAt);
      this.out.push({ type: 'maintenance-ended', period: { ...period, endedAt } });
    }
  }

  openIncidentOf(siteId: string): Incident | undefined {
    return this.open.get(siteId);
  }

  private stateChanged(event: StateChangedEvent): void {
    this.trackMaintenance(event);
    const { to } = event;
    if (to.state === 'down' || to.state === 'unreachable') this.down(event.siteId, to, event.at);
    else if (to.state === 'up' || to.state === 'degraded' || to.state === 'snmp-failed')
      this.back(event.siteId, event.at);
  }

  private down(siteId: string, to: DownStatus, at: number): void {
    const cause = this.causeOf(to);
    const open = this.open.get(siteId);
    if (open === undefined) {
      const incident: Incident = {
        id: this.nextId++,
        siteId,
        openedAt: at,
        closedAt: null,
        phases: [{ ...cause, from: at }],
      };
      this.keep(incident);
      this.out.push({ type: 'incident-opened', incident });
      this.linkWaiting(incident);
      return;
    }
    const current = currentPhase(open);
    if (!sameCauseSite(current, cause)) {
      // An incident's phases never run backwards, whatever order the times came in.
      this.change(open, withPhase(open.phases, { ...cause, from: Math.max(at, current.from) }));
    } else if (
      current.kind === 'unreachable' &&
      cause.kind === 'unreachable' &&
      current.causeIncidentId === null &&
      cause.causeIncidentId !== null
    ) {
      this.change(open, withLastPhase(open.phases, { ...current, ...cause }));
    }
  }

  private back(siteId: string, at: number, closedBy?: 'removed'): void {
    const open = this.open.get(siteId);
    if (open === undefined) return;
    this.drop(open);
    const closedAt = Math.max(at, currentPhase(open).from);
    const incident: Incident = { ...open, closedAt, ...(closedBy ? { closedBy } : {}) };
    this.out.push({ type: 'incident-closed', incident });
  }

  /** The cause of a down status; an unreachable one is linked to its root cause's open incident. */
  private causeOf(status: DownStatus): IncidentCause {
    if (status.state === 'down') return { kind: 'down' };
    return {
      kind: 'unreachable',
      causeSiteId: status.causeId,
      causeIncidentId: this.open.get(status.causeId)?.id ?? null,
    };
  }

  /**
   * Links the open phases whose root-cause site just opened `cause`: unlinked ones in place; ones
   * still pointing to the site's earlier (closed) incident by a new phase from now on.
   */
  private linkWaiting(cause: Incident): void {
    // Only the ones waiting on this site: a whole kecamatan opening at once stays linear.
    const waiting = [...(this.waitingOn.get(cause.siteId) ?? [])];
    for (const siteId of waiting) {
      const incident = this.open.get(siteId);
      if (incident === undefined) continue;
      const phase = currentPhase(incident);
      if (phase.kind !== 'unreachable' || phase.causeSiteId !== cause.siteId) continue;
      if (phase.causeIncidentId === cause.id) continue;
      const linked: IncidentPhase = { ...phase, causeIncidentId: cause.id };
      const phases =
        phase.causeIncidentId === null
          ? withLastPhase(incident.phases, linked)
          : withPhase(incident.phases, { ...linked, from: Math.max(cause.openedAt, phase.from) });
      this.change(incident, phases);
    }
  }

  private change(incident: Incident, phases: Phases): void {
    const changed: Incident = { ...incident, phases };
    this.keep(changed);
    this.out.push({ type: 'incident-changed', incident: changed });
  }

  /** Puts an open incident in place, indexed by the site its current phase waits on. */
  private keep(incident: Incident): void {
    const previous = this.open.get(incident.siteId);
    if (previous !== undefined) this.unindex(previous);
    this.open.set(incident.siteId, incident);
    const phase = currentPhase(incident);
    if (phase.kind !== 'unreachable') return;
    let set = this.waitingOn.get(phase.causeSiteId);
    if (set === undefined) {
      set = new Set();
      this.waitingOn.set(phase.causeSiteId, set);
    }
    set.add(incident.siteId);
  }

  private drop(incident: Incident): void {
    this.unindex(incident);
    this.open.delete(incident.siteId);
  }

  private unindex(incident: Incident): void {
    const phase = currentPhase(incident);
    if (phase.kind !== 'unreachable') return;
    const set = this.waitingOn.get(phase.causeSiteId);
    set?.delete(incident.siteId);
    if (set?.size === 0) this.waitingOn.delete(phase.causeSiteId);
  }

  private trackMaintenance(event: StateChangedEvent): void {
    const was = event.from.state === 'maintenance';
    const is = event.to.state === 'maintenance';
    if (is && !was && !this.maintenance.has(event.siteId)) {
      const period: MaintenancePeriod = {
        siteId: event.siteId,
        startedAt: event.at,
        endedAt: null,
      };
      this.maintenance.set(event.siteId, period);
      this.out.push({ type: 'maintenance-started', period });
    } else if (was && !is) {
      const period = this.maintenance.get(event.siteId);
      if (period === undefined) return;
      this.maintenance.delete(event.siteId);
      const endedAt = Math.max(event.at, period.startedAt);
      this.out.push({ type: 'maintenance-ended', period: { ...period, endedAt } });
    }
  }

  private isolated(event: MonitorIsolatedEvent): void {
    if (this.isolation !== null) return;
    this.isolation = { startedAt: event.at, endedAt: null, trigger: event.trigger };
    this.out.push({ type: 'isolation-started', period: this.isolation });
  }

  private recovered(event: MonitorRecoveredEvent): void {
    // Without a recorded start (its change was never stored), the event says since when.
    const period = this.isolation ?? {
      startedAt: event.isolatedSince,
      endedAt: null,
      trigger: null,
    };
    this.isolation = null;
    const endedAt = Math.max(event.at, period.startedAt);
    this.out.push({ type: 'isolation-ended', period: { ...period, endedAt } });
  }
}

/** Same kind and, when unreachable, the same root-cause site. */
function sameCauseSite(phase: IncidentPhase, cause: IncidentCause): boolean {
  if (phase.kind === 'down' || cause.kind === 'down') return phase.kind === cause.kind;
  return phase.causeSiteId === cause.causeSiteId;
}

function withLastPhase(phases: Phases, phase: IncidentPhase): Phases {
  return phases.length === 1 ? [phase] : [phases[0], ...phases.slice(1, -1), phase];
}

/** Appends a phase; one that would start with the last replaces it, as the last lasted no time. */
function withPhase(phases: Phases, phase: IncidentPhase): Phases {
  const last = phases[phases.length - 1] ?? phases[0];
  if (phase.from > last.from) return [phases[0], ...phases.slice(1), phase];
  const before = phases[phases.length - 2];
  // Back to the phase before within the same instant: that phase simply goes on.
  if (before !== undefined && sameCauseSite(before, phase)) return withoutLast(phases);
  return withLastPhase(phases, phase);
}

function withoutLast(phases: Phases): Phases {
  return phases.length === 1 ? phases : [phases[0], ...phases.slice(1, -1)];
}
