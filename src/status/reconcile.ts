// After a crash the engine's stored snapshot can be older than the incidents, which are written at
// once while the snapshot is saved at most every few seconds. The incidents are the record, so
// they win: a site with an open incident resumes in its current phase, a site shown down whose
// incident closed resumes up from the closing time. Its memory is dropped, so the engine assumes
// that state and judges the next results from it: no change the clients already saw is emitted
// again, and none they did not see is skipped.

import { currentPhase, type Incident } from './incident-types.js';
import type { SiteMemory, SiteState, SiteStatus, StatusSnapshot } from './types.js';

/** A shown status an incident stands for. */
const OPEN_STATES = new Set(['down', 'unreachable']);
/** Shown statuses that an open incident contradicts; unknown and maintenance leave it open. */
const BACK_STATES = new Set(['up', 'degraded', 'snmp-failed']);

export interface ReconcileOutcome {
  readonly snapshot: StatusSnapshot;
  /** Sites whose stored state the incidents corrected. */
  readonly corrected: readonly string[];
}

/**
 * The snapshot made to agree with the incidents. `lastClosedAt` tells when a site's latest incident
 * closed (null when it has none).
 */
export function reconcileSnapshot(
  snapshot: StatusSnapshot,
  open: readonly Incident[],
  lastClosedAt: (siteId: string) => number | null,
): ReconcileOutcome {
  const openBySite = new Map(open.map((incident) => [incident.siteId, incident]));
  const corrected: string[] = [];
  const sites: SiteState[] = snapshot.sites.map((site) => {
    const fixed = correctedState(site, openBySite.get(site.siteId), lastClosedAt);
    if (fixed !== null) corrected.push(site.siteId);
    return fixed ?? site;
  });
  if (corrected.length === 0) return { snapshot, corrected };
  const memory: Record<string, SiteMemory> = { ...snapshot.memory.sites };
  for (const id of corrected) delete memory[id];
  return {
    snapshot: { ...snapshot, sites, memory: { ...snapshot.memory, sites: memory } },
    corrected,
  };
}

function correctedState(
  site: SiteState,
  incident: Incident | undefined,
  lastClosedAt: (siteId: string) => number | null,
): SiteState | null {
  const shown = site.status.state;
  if (incident !== undefined) {
    if (!BACK_STATES.has(shown) && !OPEN_STATES.has(shown)) return null;
    const phase = currentPhase(incident);
    const status: SiteStatus =
      phase.kind === 'down'
        ? { state: 'down' }
        : { state: 'unreachable', causeId: phase.causeSiteId };
    if (sameShown(site.status, status)) return null;
    return { ...site, status, since: phase.from };
  }
  if (!OPEN_STATES.has(shown)) return null;
  const closedAt = lastClosedAt(site.siteId);
  // Shown down with no incident ever: nothing tells otherwise.
  if (closedAt === null) return null;
  return { ...site, status: { state: 'up' }, since: closedAt };
}

function sameShown(a: SiteStatus, b: SiteStatus): boolean {
  if (a.state !== b.state) return false;
  return a.state !== 'unreachable' || (b.state === 'unreachable' && a.causeId === b.causeId);
}
