// A site's incidents as /api/incidents gives them, and what the page says about each: how long,
// and why (its own fault, or unreachable behind which root cause). Pure.

import type { Incident } from '../../../src/status/incident-types.js';

export type { Incident, IncidentPhase } from '../../../src/status/incident-types.js';

export interface IncidentPage {
  readonly total: number;
  readonly incidents: readonly Incident[];
}

/** From its start to its end, or to now while open. */
export function incidentDurationMs(incident: Incident, nowMs: number): number {
  return Math.max(0, (incident.closedAt ?? nowMs) - incident.openedAt);
}

export interface IncidentCauses {
  /** Some of it was the site's own fault. */
  readonly own: boolean;
  /** The root-cause sites it sat behind, in order, each once. */
  readonly upstream: readonly string[];
}

export function incidentCauses(incident: Incident): IncidentCauses {
  const upstream: string[] = [];
  let own = false;
  for (const phase of incident.phases) {
    if (phase.kind === 'down') own = true;
    else if (!upstream.includes(phase.causeSiteId)) upstream.push(phase.causeSiteId);
  }
  return { own, upstream };
}

/** Intervals (epoch ms) of the incidents within [fromMs, toMs], for shading on the charts. */
export function incidentSpans(
  incidents: readonly Incident[],
  fromMs: number,
  toMs: number,
  nowMs: number,
): { fromMs: number; toMs: number; kind: 'down' | 'unreachable' }[] {
  const spans: { fromMs: number; toMs: number; kind: 'down' | 'unreachable' }[] = [];
  for (const incident of incidents) {
    const end = incident.closedAt ?? nowMs;
    incident.phases.forEach((phase, i) => {
      const phaseEnd = incident.phases[i + 1]?.from ?? end;
      const from = Math.max(fromMs, phase.from);
      const to = Math.min(toMs, phaseEnd);
      if (to > from) spans.push({ fromMs: from, toMs: to, kind: phase.kind });
    });
  }
  return spans.sort((a, b) => a.fromMs - b.fromMs);
}
