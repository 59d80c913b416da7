// Engine events written as short lines, and incident changes read back as short lines, for tables.

import type {
  Incident,
  IncidentChange,
  SiteStatus,
  StatusEvent,
} from '../../../src/status/index.js';
import { S, T0 } from './harness.js';

const MAINTENANCE_UNTIL = T0 + 86_400 * S;

/** `up`, `down`, `unreachable:kec-a`, `maintenance`, `unknown`, `degraded`, `snmp-failed`. */
export function status(word: string): SiteStatus {
  const [state, arg = ''] = word.split(':');
  switch (state) {
    case 'unreachable':
      return { state, causeId: arg };
    case 'maintenance':
      return { state, until: MAINTENANCE_UNTIL };
    case 'snmp-failed':
      return { state, failure: 'timeout' };
    case 'unknown':
    case 'up':
    case 'degraded':
    case 'down':
      return { state };
    default:
      throw new Error(`no status ${word}`);
  }
}

let version = 0;

/**
 * One event from a line: `desa-1 up→unreachable:kec-a @30` (seconds after T0),
 * `isolated @40`, `recovered @100 since 40`.
 */
export function event(line: string): StatusEvent {
  const isolated = /^isolated @(\d+)$/.exec(line);
  if (isolated)
    return {
      type: 'monitor-isolated',
      version: ++version,
      at: T0 + Number(isolated[1]) * S,
      trigger: 'reference-targets',
      downPct: null,
      probed: 0,
      unknown: [],
    };
  const recovered = /^recovered @(\d+) since (\d+)$/.exec(line);
  if (recovered)
    return {
      type: 'monitor-recovered',
      version: ++version,
      at: T0 + Number(recovered[1]) * S,
      isolatedSince: T0 + Number(recovered[2]) * S,
    };
  const change = /^(\S+) (\S+)→(\S+) @(\d+)$/.exec(line);
  if (!change) throw new Error(`cannot read event "${line}"`);
  const [, siteId = '', from = '', to = '', t = ''] = change;
  return {
    type: 'state-changed',
    version: ++version,
    siteId,
    from: status(from),
    to: status(to),
    at: T0 + Number(t) * S,
    reason: 'icmp-failed',
    flapping: false,
  };
}

const sec = (ms: number) => String((ms - T0) / S);

/** `#2 desa-1 unreachable(kec-a#1)@30 down@60 closed@90` */
export function incidentLine(incident: Incident): string {
  const phases = incident.phases.map((p) =>
    p.kind === 'down'
      ? `down@${sec(p.from)}`
      : `unreachable(${p.causeSiteId}#${p.causeIncidentId ?? '-'})@${sec(p.from)}`,
  );
  const closed = incident.closedAt === null ? '' : ` closed@${sec(incident.closedAt)}`;
  return `#${incident.id} ${incident.siteId} ${phases.join(' ')}${closed}`;
}

export function changeLine(change: IncidentChange): string {
  switch (change.type) {
    case 'incident-opened':
    case 'incident-changed':
    case 'incident-closed':
      return `${change.type.slice('incident-'.length)} ${incidentLine(change.incident)}`;
    case 'maintenance-started':
    case 'maintenance-ended': {
      const { siteId, startedAt, endedAt } = change.period;
      return `${change.type} ${siteId} ${sec(startedAt)}-${endedAt === null ? '' : sec(endedAt)}`;
    }
    case 'isolation-started':
    case 'isolation-ended': {
      const { startedAt, endedAt, trigger } = change.period;
      return `${change.type} ${sec(startedAt)}-${endedAt === null ? '' : sec(endedAt)} (${trigger ?? '?'})`;
    }
  }
}

export const changeLines = (changes: readonly IncidentChange[]): string[] =>
  changes.map(changeLine);
