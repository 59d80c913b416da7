// The incidents page's filters (kept in the URL) and what they ask /api/incidents; an incident's
// duration and root cause as the table shows them. Pure.

import type { Incident, IncidentPhase } from '../../../src/status/incident-types.js';
import { wibDate, wibDayEnd, wibDayStart } from './wib.js';

export type { Incident, IncidentPhase } from '../../../src/status/incident-types.js';

export interface IncidentPage {
  readonly total: number;
  readonly incidents: readonly Incident[];
}

export const PRESETS = ['24h', '7d', '30d'] as const;
export type Preset = (typeof PRESETS)[number];
export type RangeChoice = Preset | 'custom';

const HOUR = 3_600_000;
const PRESET_MS: Record<Preset, number> = {
  '24h': 24 * HOUR,
  '7d': 7 * 24 * HOUR,
  '30d': 30 * 24 * HOUR,
};

export const PAGE_SIZE = 50;

/** The filters as the URL holds them. */
export interface IncidentFilter {
  readonly range: RangeChoice;
  /** WIB dates, both inclusive, for a custom range. */
  readonly from: string;
  readonly to: string;
  readonly kecamatan: string;
  readonly q: string;
  readonly openOnly: boolean;
  /** 1-based. */
  readonly page: number;
}

export function filterFromParams(params: URLSearchParams): IncidentFilter {
  const range = params.get('range');
  const page = Number(params.get('page') ?? '1');
  return {
    range:
      range === 'custom' || (PRESETS as readonly string[]).includes(range ?? '')
        ? (range as RangeChoice)
        : '7d',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    kecamatan: params.get('kecamatan') ?? '',
    q: params.get('q') ?? '',
    openOnly: params.get('open') === '1',
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

export type RangeResult =
  | { readonly ok: true; readonly fromMs: number; readonly toMs: number }
  | { readonly ok: false; readonly problem: 'bad-date' | 'reversed' };

/** The range asked for: a preset back from now, or whole WIB days (a missing end is today). */
export function rangeOf(filter: IncidentFilter, nowMs: number): RangeResult {
  if (filter.range !== 'custom')
    return { ok: true, fromMs: nowMs - PRESET_MS[filter.range], toMs: nowMs };
  const fromMs = wibDayStart(filter.from || wibDate(nowMs - PRESET_MS['7d']));
  const toMs = wibDayEnd(filter.to || wibDate(nowMs));
  if (fromMs === null || toMs === null) return { ok: false, problem: 'bad-date' };
  if (fromMs >= toMs) return { ok: false, problem: 'reversed' };
  return { ok: true, fromMs, toMs };
}

/** The API request for a filter's page. */
export function incidentsPath(
  filter: IncidentFilter,
  range: { fromMs: number; toMs: number },
): string {
  const params = new URLSearchParams({
    from: String(Math.round(range.fromMs)),
    to: String(Math.round(range.toMs)),
    limit: String(PAGE_SIZE),
    offset: String((filter.page - 1) * PAGE_SIZE),
  });
  if (filter.kecamatan !== '') params.set('kecamatan', filter.kecamatan);
  if (filter.q.trim() !== '') params.set('q', filter.q.trim());
  if (filter.openOnly) params.set('open', 'true');
  return `/api/incidents?${params}`;
}

export function pageCount(total: number): number {
  return Math.max(1, Math.ceil(total / PAGE_SIZE));
}

/** How long it lasted, or has lasted so far. */
export function durationMs(incident: Incident, nowMs: number): number {
  return (incident.closedAt ?? nowMs) - incident.openedAt;
}

/** The cause in force (at the end, for a closed one): its own fault, or the site upstream. */
export function causeOf(incident: Incident): IncidentPhase {
  return incident.phases[incident.phases.length - 1] ?? incident.phases[0];
}
