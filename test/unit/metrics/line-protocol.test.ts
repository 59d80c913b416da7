// Points as InfluxDB 1.x line protocol: exact text, escaping, missing fields, and reading lines back.

import { describe, expect, it } from 'vitest';
import { encodePoint, lineMeasurement, lineTimeMs } from '../../../src/metrics/line-protocol.js';
import type { Point } from '../../../src/metrics/points.js';

const AT = 1_764_400_000_000;
const point = (over: Partial<Point> = {}): Point => ({
  measurement: 'icmp',
  tags: { site: 'opd-dinkes', kind: 'opd', kecamatan: 'Kota', isp: 'Telkom' },
  fields: { up: 1, rtt_avg_ms: 12.5 },
  timeMs: AT,
  ...over,
});

describe('encodePoint', () => {
  it('writes measurement, sorted tags, fields as floats and the time in ms', () => {
    expect(encodePoint(point())).toBe(
      `icmp,isp=Telkom,kecamatan=Kota,kind=opd,site=opd-dinkes up=1,rtt_avg_ms=12.5 ${AT}`,
    );
  });

  it('escapes spaces, commas and equals signs in tag values', () => {
    const line = encodePoint(point({ tags: { site: 'a b,c=d', isp: 'PT Telkom, Tbk' } }));
    expect(line).toBe(
      `icmp,isp=PT\\ Telkom\\,\\ Tbk,site=a\\ b\\,c\\=d up=1,rtt_avg_ms=12.5 ${AT}`,
    );
  });

  it('leaves quotes in tag values as they are: only string fields are quoted', () => {
    expect(encodePoint(point({ tags: { kecamatan: 'Kec "Utara"' } }))).toBe(
      `icmp,kecamatan=Kec\\ "Utara" up=1,rtt_avg_ms=12.5 ${AT}`,
    );
  });

  it('turns line breaks in tag values into spaces: line protocol cannot carry them', () => {
    expect(encodePoint(point({ tags: { site: 'a\r\nb' } }))).toBe(
      `icmp,site=a\\ b up=1,rtt_avg_ms=12.5 ${AT}`,
    );
  });

  it('quotes string fields, escaping quotes and backslashes, line breaks as spaces', () => {
    const line = encodePoint(
      point({
        measurement: 'snmp_error',
        tags: { site: 's' },
        fields: { failure: 'bad-reply', message: 'said "no" at C:\\snmp\nthen stopped' },
      }),
    );
    expect(line).toBe(
      `snmp_error,site=s failure="bad-reply",message="said \\"no\\" at C:\\\\snmp then stopped" ${AT}`,
    );
  });

  it('leaves out empty tag values and non-finite numbers', () => {
    const line = encodePoint(
      point({
        tags: { site: 's', isp: '' },
        fields: { up: 1, rtt_avg_ms: Number.NaN, jitter_ms: Number.POSITIVE_INFINITY },
      }),
    );
    expect(line).toBe(`icmp,site=s up=1 ${AT}`);
  });

  it('throws for a point with no field to write', () => {
    expect(() => encodePoint(point({ fields: {} }))).toThrow('a icmp point has no field to write');
    expect(() => encodePoint(point({ fields: { up: Number.NaN } }))).toThrow('no field to write');
  });

  it('rounds the time to whole ms', () => {
    expect(encodePoint(point({ timeMs: AT + 0.6 }))).toMatch(/ 1764400000001$/);
  });
});

describe('reading lines back', () => {
  it('finds the time and the measurement of a line', () => {
    const line = encodePoint(point({ tags: { site: 'a b' } }));
    expect(lineTimeMs(line)).toBe(AT);
    expect(lineMeasurement(line)).toBe('icmp');
    expect(lineMeasurement('my\\ measure\\,ment,site=a x=1 1')).toBe('my measure,ment');
  });
});
