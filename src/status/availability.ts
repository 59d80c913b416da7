// Availability from incidents, per site and per day or month in the site's own time zone, and
// grouped by kecamatan, kind or ISP. Pure: records and `nowMs` in, figures out.
//
// - Counted time is the period (up to `nowMs` when it has not ended) minus the site's maintenance,
//   the monitor's isolation and the unmonitored time: that time is neither up nor down, so it
//   leaves both the downtime and the time it is divided by.
// - Unmonitored is time outside every run of Pantau (stopped, crashed: a crashed run ends at its
//   last heartbeat; the running one at `nowMs`) and before the site was first watched; a site never
//   watched is unmonitored throughout. Counting it as up would flatter the ISPs.
// - "own" counts only the down phases of incidents (the site's own fault); "withUpstream" counts
//   down and unreachable phases (what the people at the site lived through).
// - An incident that crosses a period's boundary counts in each period with its part inside it. A
//   failure is an incident with some counted downtime in the period; MTTR is the counted downtime
//   per failure, MTBF the counted uptime per failure; both null without failures.
// - Groups weigh sites by time: the group's downtime over the group's counted time, summed.

import type { Site } from '../inventory/index.js';
import type {
  Incident,
  IncidentKind,
  IsolationPeriod,
  MaintenancePeriod,
  MonitorRun,
} from './incident-types.js';
import { clipped, type Interval, lengthOutside, merged, partsOutside } from './intervals.js';
import {
  type DayNumber,
  dateOf,
  dayNumber,
  monthStartDay,
  nextMonthStartDay,
  startOfDay,
} from './time-zone.js';

export type AvailabilitySite = Pick<Site, 'id' | 'timezone' | 'kecamatan' | 'kind' | 'isp'>;

/** The stored records that touch the periods asked for; others are ignored anyway. */
export interface AvailabilityRecords {
  readonly incidents: readonly Incident[];
  readonly maintenance: readonly MaintenancePeriod[];
  readonly isolations: readonly IsolationPeriod[];
  /** Pantau's runs; the time outside them is unmonitored. */
  readonly runs: readonly MonitorRun[];
  /** When each site was first watched (epoch ms); a site missing here was never watched. */
  readonly watchedSince: Readonly<Record<string, number>>;
}

export type PeriodUnit = 'day' | 'month';

export interface AvailabilityRequest {
  readonly unit: PeriodUnit;
  /** First and last period, inclusive: YYYY-MM-DD for days, YYYY-MM for months; each site's zone. */
  readonly from: string;
  readonly to: string;
  /** Open incidents and periods not yet over end here. */
  readonly nowMs: number;
}

export const MAX_AVAILABILITY_PERIODS: Readonly<Record<PeriodUnit, number>> = {
  day: 366,
  month: 120,
};

export interface DowntimeFigures {
  readonly downMs: number;
  /** Share of counted time up, 0–100; null when nothing was counted. */
  readonly pct: number | null;
  readonly failures: number;
  readonly mttrMs: number | null;
  readonly mtbfMs: number | null;
}

export interface AvailabilityFigures {
  /** The period's length up to `nowMs`. */
  readonly spanMs: number;
  /** Maintenance, monitor isolation and unmonitored time within the span. */
  readonly excludedMs: number;
  /** The part of the span no run of Pantau watched the site; a part of `excludedMs`. */
  readonly unmonitoredMs: number;
  readonly countedMs: number;
  readonly own: DowntimeFigures;
  readonly withUpstream: DowntimeFigures;
}

export interface SiteAvailability extends AvailabilityFigures {
  readonly siteId: string;
  /** YYYY-MM-DD or YYYY-MM, in the site's time zone. */
  readonly period: string;
  readonly fromMs: number;
  readonly toMs: number;
}

export const AVAILABILITY_GROUPS = ['kecamatan', 'kind', 'isp', 'all'] as const;
export type AvailabilityGroupBy = (typeof AVAILABILITY_GROUPS)[number];

export interface GroupAvailability extends AvailabilityFigures {
  readonly groupBy: AvailabilityGroupBy;
  /** The kecamatan, kind or ISP; "all" for the whole inventory. */
  readonly group: string;
  readonly period: string;
  readonly sites: number;
}

export class AvailabilityRequestError extends Error {
  override readonly name = 'AvailabilityRequestError';
}

interface Period {
  readonly label: string;
  readonly fromMs: number;
  readonly toMs: number;
}

/** One site's incidents as intervals, per lens, each incident's kept apart to count failures. */
interface SiteDowntime {
  readonly excluded: readonly Interval[];
  readonly unmonitored: readonly Interval[];
  readonly own: readonly (readonly Interval[])[];
  readonly withUpstream: readonly (readonly Interval[])[];
}

/** Every site's figures for every period of the request, sites in the order given. */
export function siteAvailability(
  sites: readonly AvailabilitySite[],
  records: AvailabilityRecords,
  request: AvailabilityRequest,
): SiteAvailability[] {
  const days = requestedDays(request);
  const periodsByZone = new Map<string, Period[]>();
  const bySite = recordsBySite(records);
  const isolations = records.isolations.map((p) => ({
    from: p.startedAt,
    to: p.endedAt ?? request.nowMs,
  }));
  const runs = merged(
    records.runs.map((r) => ({ from: r.startedAt, to: r.endedAt ?? request.nowMs })),
  );
  const out: SiteAvailability[] = [];
  for (const site of sites) {
    let periods = periodsByZone.get(site.timezone);
    if (periods === undefined) {
      periods = periodsIn(days, request.unit, site.timezone);
      periodsByZone.set(site.timezone, periods);
    }
    // Own properties only: a site called "constructor" has no inherited watch.
    const since = Object.hasOwn(records.watchedSince, site.id)
      ? records.watchedSince[site.id]
      : undefined;
    const unmonitored = unmonitoredOf(runs, since);
    const downtime = downtimeOf(bySite.get(site.id), isolations, unmonitored, request.nowMs);
    for (const period of periods)
      out.push({
        siteId: site.id,
        period: period.label,
        fromMs: period.fromMs,
        toMs: period.toMs,
        ...figuresFor(period, downtime, request.nowMs),
      });
  }
  return out;
}

/** Sums site rows into groups, per period, groups and periods in first-seen order. */
export function groupAvailability(
  sites: readonly AvailabilitySite[],
  rows: readonly SiteAvailability[],
  by: AvailabilityGroupBy,
): GroupAvailability[] {
  const siteById = new Map(sites.map((s) => [s.id, s]));
  const sums = new Map<string, GroupSum>();
  for (const row of rows) {
    const site = siteById.get(row.siteId);
    if (site === undefined) continue;
    const group = by === 'all' ? 'all' : site[by];
    const key = JSON.stringify([group, row.period]);
    let sum = sums.get(key);
    if (sum === undefined) {
      sum = { group, period: row.period, sites: 0, ...zeroSum() };
      sums.set(key, sum);
    }
    sum.sites++;
    sum.spanMs += row.spanMs;
    sum.excludedMs += row.excludedMs;
    sum.unmonitoredMs += row.unmonitoredMs;
    sum.countedMs += row.countedMs;
    sum.ownDownMs += row.own.downMs;
    sum.ownFailures += row.own.failures;
    sum.upstreamDownMs += row.withUpstream.downMs;
    sum.upstreamFailures += row.withUpstream.failures;
  }
  return [...sums.values()].map((s) => ({
    groupBy: by,
    group: s.group,
    period: s.period,
    sites: s.sites,
    spanMs: s.spanMs,
    excludedMs: s.excludedMs,
    unmonitoredMs: s.unmonitoredMs,
    countedMs: s.countedMs,
    own: downtimeFigures(s.countedMs, s.ownDownMs, s.ownFailures),
    withUpstream: downtimeFigures(s.countedMs, s.upstreamDownMs, s.upstreamFailures),
  }));
}

interface GroupSum {
  readonly group: string;
  readonly period: string;
  sites: number;
  spanMs: number;
  excludedMs: number;
  unmonitoredMs: number;
  countedMs: number;
  ownDownMs: number;
  ownFailures: number;
  upstreamDownMs: number;
  upstreamFailures: number;
}

function zeroSum() {
  return {
    spanMs: 0,
    excludedMs: 0,
    unmonitoredMs: 0,
    countedMs: 0,
    ownDownMs: 0,
    ownFailures: 0,
    upstreamDownMs: 0,
    upstreamFailures: 0,
  };
}

/** The first day of each period asked for, and the first day after the last, checked. */
function requestedDays(request: AvailabilityRequest): DayNumber[] {
  const { unit, from, to } = request;
  if (!Number.isFinite(request.nowMs))
    throw new AvailabilityRequestError(`nowMs must be a time, not ${request.nowMs}`);
  let first: DayNumber;
  let last: DayNumber;
  try {
    first = unit === 'day' ? dayNumber(from) : monthStartDay(from);
    last = unit === 'day' ? dayNumber(to) : monthStartDay(to);
  } catch (error) {
    throw new AvailabilityRequestError(error instanceof Error ? error.message : String(error));
  }
  if (last < first)
    throw new AvailabilityRequestError(`the range ends (${to}) before it begins (${from})`);
  const days: DayNumber[] = [first];
  const max = MAX_AVAILABILITY_PERIODS[unit];
  for (let day = first; day <= last; ) {
    day = unit === 'day' ? day + 1 : nextMonthStartDay(day);
    days.push(day);
    if (days.length > max + 1)
      throw new AvailabilityRequestError(
        `at most ${max} ${unit}s at a time: ${from} to ${to} is more`,
      );
  }
  return days;
}

function periodsIn(days: readonly DayNumber[], unit: PeriodUnit, timeZone: string): Period[] {
  const starts = days.map((day) => startOfDay(day, timeZone));
  const out: Period[] = [];
  for (let i = 0; i + 1 < days.length; i++) {
    const date = dateOf(days[i] as DayNumber);
    out.push({
      label: unit === 'day' ? date : date.slice(0, 7),
      fromMs: starts[i] as number,
      toMs: starts[i + 1] as number,
    });
  }
  return out;
}

interface SiteRecords {
  incidents: Incident[];
  maintenance: Interval[];
}

function recordsBySite(records: AvailabilityRecords): Map<string, SiteRecords> {
  const out = new Map<string, SiteRecords>();
  const of = (siteId: string) => {
    let entry = out.get(siteId);
    if (entry === undefined) {
      entry = { incidents: [], maintenance: [] };
      out.set(siteId, entry);
    }
    return entry;
  };
  for (const incident of records.incidents) of(incident.siteId).incidents.push(incident);
  for (const p of records.maintenance)
    of(p.siteId).maintenance.push({ from: p.startedAt, to: p.endedAt ?? Number.POSITIVE_INFINITY });
  return out;
}

/** Time outside the runs (merged) or before `since`; all time when the site was never watched. */
function unmonitoredOf(runs: readonly Interval[], since: number | undefined): Interval[] {
  const always: Interval = { from: Number.NEGATIVE_INFINITY, to: Number.POSITIVE_INFINITY };
  if (since === undefined) return [always];
  const watched: Interval = { from: since, to: Number.POSITIVE_INFINITY };
  const monitored = runs.flatMap((run) => clipped(run, watched) ?? []);
  return partsOutside(always, monitored);
}

function downtimeOf(
  records: SiteRecords | undefined,
  isolations: readonly Interval[],
  unmonitored: readonly Interval[],
  nowMs: number,
): SiteDowntime {
  const excluded = merged([...(records?.maintenance ?? []), ...isolations, ...unmonitored]);
  const incidents = records?.incidents ?? [];
  return {
    excluded,
    unmonitored,
    own: incidents.map((incident) => phaseIntervals(incident, nowMs, 'down')),
    withUpstream: incidents.map((incident) => phaseIntervals(incident, nowMs, null)),
  };
}

/** An incident's phases of one kind (or all: null) as intervals, open ones ending at `nowMs`. */
function phaseIntervals(incident: Incident, nowMs: number, kind: IncidentKind | null): Interval[] {
  const end = Math.min(incident.closedAt ?? nowMs, nowMs);
  const out: Interval[] = [];
  incident.phases.forEach((phase, i) => {
    if (kind !== null && phase.kind !== kind) return;
    const to = Math.min(incident.phases[i + 1]?.from ?? end, end);
    if (to > phase.from) out.push({ from: phase.from, to });
  });
  return merged(out);
}

function figuresFor(period: Period, downtime: SiteDowntime, nowMs: number): AvailabilityFigures {
  const span: Interval = {
    from: period.fromMs,
    to: Math.max(period.fromMs, Math.min(period.toMs, nowMs)),
  };
  const spanMs = span.to - span.from;
  const countedMs = lengthOutside(span, downtime.excluded);
  return {
    spanMs,
    excludedMs: spanMs - countedMs,
    unmonitoredMs: spanMs - lengthOutside(span, downtime.unmonitored),
    countedMs,
    own: lens(span, countedMs, downtime.own, downtime.excluded),
    withUpstream: lens(span, countedMs, downtime.withUpstream, downtime.excluded),
  };
}

function lens(
  span: Interval,
  countedMs: number,
  incidents: readonly (readonly Interval[])[],
  excluded: readonly Interval[],
): DowntimeFigures {
  // Incidents of one site never overlap; merging still keeps bad data from passing 100 %.
  const inside: Interval[] = [];
  let failures = 0;
  for (const intervals of incidents) {
    let counted = 0;
    for (const interval of intervals) {
      const part = clipped(interval, span);
      if (part === null) continue;
      const length = lengthOutside(part, excluded);
      if (length > 0) inside.push(part);
      counted += length;
    }
    if (counted > 0) failures++;
  }
  let downMs = 0;
  for (const part of merged(inside)) downMs += lengthOutside(part, excluded);
  return downtimeFigures(countedMs, downMs, failures);
}

function downtimeFigures(countedMs: number, downMs: number, failures: number): DowntimeFigures {
  return {
    downMs,
    pct: countedMs > 0 ? (100 * (countedMs - downMs)) / countedMs : null,
    failures,
    mttrMs: failures > 0 ? downMs / failures : null,
    mtbfMs: failures > 0 ? (countedMs - downMs) / failures : null,
  };
}
