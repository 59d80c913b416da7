// What a probe result becomes in InfluxDB: measurements, tags and fields (docs/metrics.md). Pure.
//
// Every numeric field is a float, booleans included (1/0), so a rollup's mean is meaningful (the
// mean of `up` is the share of probes that answered) and no field ever changes type.

import type { Site } from '../inventory/index.js';
import type { IcmpProbeResult, ProbeResult, SnmpProbeResult } from '../probe/index.js';

/** Measurements rolled up to 5-minute mean and max: the billing record and long-term history. */
export const ROLLED_UP_MEASUREMENTS = ['icmp', 'ifstat', 'device'] as const;
export type RolledUpMeasurement = (typeof ROLLED_UP_MEASUREMENTS)[number];

/** `snmp_error`: one point per failed poll, its kind as a string field; `pantau`: self metrics. */
export type Measurement = RolledUpMeasurement | 'snmp_error' | 'pantau';

export interface Point {
  readonly measurement: Measurement;
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

const flag = (value: boolean | null): number | null => (value === null ? null : value ? 1 : 0);

function icmpPoints(result: IcmpProbeResult, tags: SiteTags): Point[] {
  return [
    {
      measurement: 'icmp',
      tags,
      fields: present({
        up: result.up ? 1 : 0,
        loss_pct: result.lossPct,
        rtt_min_ms: result.rttMinMs,
        rtt_avg_ms: result.rttAvgMs,
        rtt_max_ms: result.rttMaxMs,
        jitter_ms: result.jitterMs,
        sent: result.sent,
        received: result.received,
      }),
      timeMs: result.at,
    },
  ];
}

function snmpPoints(result: SnmpProbeResult, tags: SiteTags): Point[] {
  if (!result.ok) {
    return [
      {
        measurement: 'device',
        tags,
        fields: { snmp_ok: 0, poll_ms: result.pollMs },
        timeMs: result.at,
      },
      {
        measurement: 'snmp_error',
        tags,
        fields: { failure: result.failure, message: result.message },
        timeMs: result.at,
      },
    ];
  }
  const points: Point[] = [
    {
      measurement: 'device',
      tags,
      fields: { snmp_ok: 1, poll_ms: result.pollMs, uptime_s: result.uptimeS },
      timeMs: result.at,
    },
  ];
  for (const iface of result.interfaces) {
    const ifTags = { ...tags, role: iface.role, ifname: iface.name };
    points.push({
      measurement: 'ifstat',
      tags: ifTags,
      fields: present({
        oper_up: flag(iface.operUp),
        speed_mbps: iface.speedMbps,
        in_errors: iface.inErrors,
        out_errors: iface.outErrors,
        in_discards: iface.inDiscards,
      }),
      timeMs: result.at,
    });
    // A rate covers the interval ending at its own time; a released held rate ends earlier.
    for (const rate of iface.rates) {
      points.push({
        measurement: 'ifstat',
        tags: ifTags,
        fields: {
          in_bps: rate.inBps,
          out_bps: rate.outBps,
          in_octets: rate.inOctets,
          out_octets: rate.outOctets,
          interval_s: rate.intervalMs / 1000,
        },
        timeMs: rate.at,
      });
    }
  }
  return points;
}

/**
 * The points of one result; InfluxDB merges the fields of points of one series at one time. A point
 * left without fields (an interface whose agent reported none of them) is not a point.
 */
export function pointsOf(result: ProbeResult, tags: SiteTags): Point[] {
  const points = result.kind === 'icmp' ? icmpPoints(result, tags) : snmpPoints(result, tags);
  return points.filter((p) => Object.keys(p.fields).length > 0);
}
