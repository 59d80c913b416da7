// Fleet-wide rollup reads: checks with clear messages, site groups, time slices, query text.

import { describe, expect, it } from 'vitest';
import { MetricsBadRequestError } from '../../../src/metrics/metrics-errors.js';
import {
  planRollupRead,
  type RollupReadRequest,
  rollupReadStatement,
  siteGroups,
  siteIdsStatement,
} from '../../../src/metrics/rollup-read-plan.js';

const HOUR = 3_600_000;
const FROM = Date.UTC(2026, 10, 1);
const TO = Date.UTC(2026, 11, 1);

const request = (over: Partial<RollupReadRequest> = {}): RollupReadRequest => ({
  measurement: 'ifstat',
  fields: ['mean_in_bps', 'mean_out_bps'],
  fromMs: FROM,
  toMs: TO,
  ...over,
});

describe('planRollupRead', () => {
  it('reads the rollup policy, 500 sites a chunk, the whole range in one slice unless told', () => {
    expect(planRollupRead(request())).toEqual({
      measurement: 'ifstat',
      fields: ['mean_in_bps', 'mean_out_bps'],
      retentionPolicy: 'rollup',
      chunkSites: 500,
      slices: [{ fromMs: FROM, toMs: TO }],
    });
  });

  it('cuts the range into consecutive slices, the last one short', () => {
    const plan = planRollupRead(request({ fromMs: 0, toMs: 10 * HOUR, sliceMs: 4 * HOUR }));
    expect(plan.slices).toEqual([
      { fromMs: 0, toMs: 4 * HOUR },
      { fromMs: 4 * HOUR, toMs: 8 * HOUR },
      { fromMs: 8 * HOUR, toMs: 10 * HOUR },
    ]);
  });

  it.each([
    [{ fields: [] }, /name at least one field/],
    [{ fields: ['a', 'a'] }, /named twice/],
    [{ fields: [''] }, /field "" is not a name/],
    [{ measurement: '' }, /measurement "" is not a name/],
    [{ retentionPolicy: 'x'.repeat(201) }, /retention policy/],
    [{ fromMs: TO }, /fromMs .* must be before toMs/],
    [{ fromMs: 1.5 }, /fromMs must be whole epoch milliseconds/],
    [{ sites: [] }, /at least one site id/],
    [{ sites: ['ok', ''] }, /site id "" is not a name/],
    [{ chunkSites: 0 }, /chunkSites must be a whole number from 1 to 10000, not 0/],
    [{ chunkSites: 10_001 }, /chunkSites/],
    [{ sliceMs: -1 }, /sliceMs/],
  ] as const)('refuses %j', (over, message) => {
    expect(() => planRollupRead(request(over as Partial<RollupReadRequest>))).toThrow(
      MetricsBadRequestError,
    );
    expect(() => planRollupRead(request(over as Partial<RollupReadRequest>))).toThrow(message);
  });
});

describe('siteGroups', () => {
  it('keeps the order given, drops repeats, and never puts more than size sites in a group', () => {
    expect(siteGroups(['c', 'a', 'c', 'b', 'd', 'a', 'e'], 2)).toEqual([
      ['c', 'a'],
      ['b', 'd'],
      ['e'],
    ]);
    expect(siteGroups([], 3)).toEqual([]);
  });
});

describe('rollupReadStatement', () => {
  it('selects the fields of the group over the slice, per series, names quoted', () => {
    const plan = planRollupRead(request({ fields: ['mean_in_bps', 'odd"name'] }));
    expect(
      rollupReadStatement('pantau', plan, ['a', "o'brien"], { fromMs: 1000, toMs: 2000 }),
    ).toBe(
      'SELECT "mean_in_bps", "odd\\"name" FROM "pantau"."rollup"."ifstat" ' +
        `WHERE time >= 1000ms AND time < 2000ms AND ("site" = 'a' OR "site" = 'o\\'brien') GROUP BY *`,
    );
  });

  it('lists site ids from the measurement of the retention policy', () => {
    expect(siteIdsStatement({ measurement: 'icmp', retentionPolicy: 'rollup' })).toBe(
      'SHOW TAG VALUES FROM "rollup"."icmp" WITH KEY = "site"',
    );
  });
});
