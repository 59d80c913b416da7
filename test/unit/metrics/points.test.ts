// Probe results as InfluxDB points: measurements, tags, fields, times; missing values left out.

import { describe, expect, it } from 'vitest';
import { HISTORY_FIELDS } from '../../../src/metrics/history-plan.js';
import { pointsOf, type SiteTags } from '../../../src/metrics/points.js';
import {
  icmpDown,
  icmpResult,
  silentInterface,
  snmpResult,
  wan,
} from '../../helpers/probe-results.js';

const TAGS: SiteTags = { site: 'opd-dinkes', kind: 'opd', kecamatan: 'Kota', isp: 'Telkom' };
const AT = 1_764_400_000_000;
describe('pointsOf', () => {
  it('gives one icmp point with every field a float and up as 1/0', () => {
    expect(pointsOf(icmpResult(), TAGS)).toEqual([
      {
        measurement: 'icmp',
        tags: TAGS,
        fields: {
          up: 1,
          loss_pct: 0,
          rtt_min_ms: 10,
          rtt_avg_ms: 12.5,
          rtt_max_ms: 15,
          jitter_ms: 2.5,
          sent: 3,
          received: 3,
        },
        timeMs: AT,
      },
    ]);
  });

  it('leaves out null fields: a site that did not answer has no round-trip times', () => {
    const [point] = pointsOf(icmpDown(), TAGS);
    expect(point?.fields).toEqual({ up: 0, loss_pct: 100, sent: 3, received: 0 });
  });

  it('gives a device point and, per interface, a status point and one point per rate', () => {
    const points = pointsOf(snmpResult(), TAGS);
    expect(points.map((p) => p.measurement)).toEqual(['device', 'ifstat', 'ifstat']);
    expect(points[0]).toEqual({
      measurement: 'device',
      tags: TAGS,
      fields: { snmp_ok: 1, poll_ms: 42, uptime_s: 86_400 },
      timeMs: AT,
    });
    const ifTags = { ...TAGS, role: 'wan', ifname: 'ether1' };
    expect(points[1]).toEqual({
      measurement: 'ifstat',
      tags: ifTags,
      fields: { oper_up: 1, speed_mbps: 100, in_errors: 0, out_errors: 1, in_discards: 2 },
      timeMs: AT,
    });
    expect(points[2]).toEqual({
      measurement: 'ifstat',
      tags: ifTags,
      fields: {
        in_bps: 8_000_000,
        out_bps: 2_000_000,
        in_octets: 60_000_000,
        out_octets: 15_000_000,
        in_errors_delta: 0,
        out_errors_delta: 3,
        in_discards_delta: 4,
        interval_s: 60,
      },
      timeMs: AT,
    });
  });

  it('gives two ifstat rate points, each at its own time, when a held rate is released', () => {
    const held = {
      at: AT - 60_000,
      intervalMs: 60_000,
      inBps: 1,
      outBps: 2,
      inOctets: 7.5,
      outOctets: 15,
      inErrors: 1,
      outErrors: 0,
      inDiscards: null,
      source: 'counter32' as const,
    };
    const current = { ...held, at: AT, inBps: 3, outBps: 4 };
    const points = pointsOf(snmpResult([wan({ rates: [held, current] })]), TAGS);
    const rates = points.filter((p) => p.measurement === 'ifstat' && 'in_bps' in p.fields);
    expect(rates.map((p) => [p.timeMs, p.fields.in_bps, p.fields.out_bps])).toEqual([
      [AT - 60_000, 1, 2],
      [AT, 3, 4],
    ]);
  });

  it('leaves out unknown interface values and writes no rate point without rates', () => {
    const points = pointsOf(
      snmpResult([wan({ speedMbps: null, inDiscards: null, rates: [], noRate: 'first-sample' })]),
      TAGS,
    );
    expect(points.map((p) => [p.measurement, p.fields])).toEqual([
      ['device', { snmp_ok: 1, poll_ms: 42, uptime_s: 86_400 }],
      ['ifstat', { oper_up: 1, in_errors: 0, out_errors: 1 }],
    ]);
  });

  it('gives a failed poll a device point with snmp_ok 0 and an snmp_error point', () => {
    const points = pointsOf(
      {
        kind: 'snmp',
        siteId: 'opd-dinkes',
        at: AT,
        ok: false,
        pollMs: 2000,
        failure: 'timeout',
        message: 'no answer in 2000 ms',
      },
      TAGS,
    );
    expect(points).toEqual([
      { measurement: 'device', tags: TAGS, fields: { snmp_ok: 0, poll_ms: 2000 }, timeMs: AT },
      {
        measurement: 'snmp_error',
        tags: TAGS,
        fields: { failure: 'timeout', message: 'no answer in 2000 ms' },
        timeMs: AT,
      },
    ]);
  });

  it('writes only fields the history allow-list knows, so every field can be charted', () => {
    const points = [...pointsOf(icmpResult(), TAGS), ...pointsOf(snmpResult(), TAGS)];
    for (const point of points) {
      const known: readonly string[] =
        HISTORY_FIELDS[point.measurement as keyof typeof HISTORY_FIELDS];
      for (const field of Object.keys(point.fields)) expect(known).toContain(field);
    }
  });
});

describe('pointsOf with nothing to say', () => {
  it('leaves out an interface point whose agent reported none of its fields', () => {
    const bare = silentInterface({ noRate: 'first-sample' });
    const points = pointsOf(snmpResult([bare]), TAGS);
    expect(points.map((p) => p.measurement)).toEqual(['device']);
  });
});
