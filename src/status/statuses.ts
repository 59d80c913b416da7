// Small facts about statuses that every part of the engine asks.

import type { ObservedStatus, SiteStatus } from './types.js';

export const UNKNOWN: ObservedStatus = { state: 'unknown' };
export const UP: ObservedStatus = { state: 'up' };
export const DEGRADED: ObservedStatus = { state: 'degraded' };
export const DOWN: ObservedStatus = { state: 'down' };

/** Down for any reason: the site's own or an ancestor's. */
export function isDownish(status: SiteStatus): boolean {
  return status.state === 'down' || status.state === 'unreachable';
}

/** Same state with the same details (cause, end, failure): anything else is a change worth an event. */
export function sameStatus(a: SiteStatus, b: SiteStatus): boolean {
  if (a.state !== b.state) return false;
  if (a.state === 'unreachable') return a.causeId === (b as typeof a).causeId;
  if (a.state === 'maintenance') return a.until === (b as typeof a).until;
  if (a.state === 'snmp-failed') return a.failure === (b as typeof a).failure;
  return true;
}

/** Changes to or from unknown and maintenance are operational, not the link's behaviour. */
export function countsAsFlap(from: SiteStatus, to: SiteStatus): boolean {
  const outside = (s: SiteStatus) => s.state === 'unknown' || s.state === 'maintenance';
  return !outside(from) && !outside(to);
}
