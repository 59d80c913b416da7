// After a crash the engine's stored snapshot can be older than the incidents, which are written at
// once while the snapshot is saved at most every few seconds. The incidents are the record, so
// they win: a site with an open incident resumes in its current phase, a site shown down whose
// incident closed resumes up from the closing time. Its memory is dropped, so the engine assumes
// that state and judges the next results from it: no change the clients already saw is emitted
// again, and none they did not see is skipped.

import { currentPhase, type Incident } from './incident-types.js';
import { DOWN, isDownish, sameStatus, UP } from './statuses.js';
import type { SiteMemory, SiteState, SiteStatus, StatusSnapshot } from './types.js';

/** Unknown and maintenance say nothing about an incident: it stays open through them. */
const isSilent = (status: SiteStatus) =>
  status.state === 'unknown' || status.state === 'maintenance';

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
  if (incident !== undefined) {
    if (isSilent(site.status)) return null;
    const phase = currentPhase(incident);
    const status: SiteStatus =
      phase.kind === 'down' ? DOWN : { state: 'unreachable', causeId: phase.causeSiteId };
    if (sameStatus(site.status, status)) return null;
    return { ...site, status, since: phase.from };
  }
  if (!isDownish(site.status)) return null;
  const closedAt = lastClosedAt(site.siteId);
  // Shown down with no incident ever: nothing tells otherwise.
  if (closedAt === null) return null;
  return { ...site, status: UP, since: closedAt };
}
