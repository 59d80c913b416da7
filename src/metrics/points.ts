// What a probe result becomes in InfluxDB: measurements, tags and fields (docs/metrics.md). Pure.
//
// Every numeric field is a float, booleans included (1/0), so a rollup's mean is meaningful (the
// mean of `up` is the share of probes that answered) and no field ever changes type.

import type { Site } from '../inventory/index.js';
import { kindPointsOf, type ProbeResult } from '../probe/index.js';

/** Measurements rolled up to 5-minute mean and max: the billing record and long-term history. */
export const ROLLED_UP_MEASUREMENTS = ['icmp', 'ifstat', 'device'] as const;
export type RolledUpMeasurement = (typeof ROLLED_UP_MEASUREMENTS)[number];

/**
 * `snmp_error`: one point per failed poll, its kind as a string field; `pantau`: self metrics;
 * `tcp`: TCP connect checks. A probe kind may add its own (its points say which).
 */
export type Measurement = RolledUpMeasurement | 'snmp_error' | 'pantau' | 'tcp';

export interface Point {
  /** A Measurement, or a measurement of a probe kind added later. */
  readonly measurement: Measurement | (string & {});
  readonly tags: Readonly<Record<string, string>>;
  /** Numbers are written as floats; strings only in measurements that are not rolled up. */
  readonly fields: Readonly<Record<string, number | string>>;
  /** Epoch milliseconds: the probe's own time, never the time of writing. */
  readonly timeMs: number;
}

/** The tags every point of a site carries. */
// A type, not an interface: it must fit Record<string, string> (a point's tags) as it is.
export type SiteTags = {
  readonly site: string;
  readonly kind: string;
  readonly kecamatan: string;
  readonly isp: string;
};

export function siteTagsOf(site: Site): SiteTags {
  return { site: site.id, kind: site.kind, kecamatan: site.kecamatan, isp: site.isp };
}

/** Copies the entries whose value is a finite number or a string: a null is a missing field. */
function present(
  fields: Record<string, number | string | null | undefined>,
): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)))
      out[key] = value;
  }
  return out;
}

/**
 * The points of one result, as its probe kind makes them (src/probe/<kind>/kind.ts); InfluxDB merges the fields of points of one series at one time. A point
 * left without fields (an interface whose agent reported none of them) is not a point.
 */
export function pointsOf(result: ProbeResult, tags: SiteTags): Point[] {
  const points: Point[] = [];
  for (const p of kindPointsOf(result)) {
    const fields = present(p.fields);
    if (Object.keys(fields).length === 0) continue;
    points.push({
      measurement: p.measurement,
      tags: p.tags ? { ...tags, ...p.tags } : tags,
      fields,
      timeMs: p.timeMs,
    });
  }
  return points;
}
