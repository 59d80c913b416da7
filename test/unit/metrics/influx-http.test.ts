// What the /query and /write requests share: InfluxDB's credentials header, and its error answers read.

import { describe, expect, it } from 'vitest';
import { basicAuthorization, influxErrorText } from '../../../src/metrics/influx-http.js';

describe('basicAuthorization', () => {
  it('encodes user:password in base64, an absent password as empty', () => {
    expect(basicAuthorization('pantau', 'rahasia')).toBe(
      `Basic ${Buffer.from('pantau:rahasia').toString('base64')}`,
    );
    expect(basicAuthorization('pantau', null)).toBe('Basic cGFudGF1Og==');
  });

  it('sends none without a username', () => {
    expect(basicAuthorization(null, 'ignored')).toBeNull();
  });
});

describe('influxErrorText', () => {
  it("takes InfluxDB's error field from a JSON body", () => {
    expect(influxErrorText('{"error":"database not found: \\"pantau\\""}')).toBe(
      'database not found: "pantau"',
    );
  });

  it('keeps any other body, trimmed and cut at 500 characters, or says there was none', () => {
    expect(influxErrorText('  bad gateway \n')).toBe('bad gateway');
    expect(influxErrorText('{"results":[]}')).toBe('{"results":[]}');
    expect(influxErrorText('x'.repeat(600))).toHaveLength(500);
    expect(influxErrorText('   ')).toBe('no message');
  });
});
