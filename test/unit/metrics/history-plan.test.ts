// History requests: checks with clear messages, raw or rollup, buckets within maxPoints, query text.

import { describe, expect, it } from 'vitest';
import {
  chooseBuckets,
  chooseSource,
  type HistoryRequest,
  HistoryRequestError,
  planHistory,
} from '../../../src/metrics/history-plan.js';
import { storageSettingsOf } from '../../../src/metrics/influx-settings.js';
import { DAY, HOUR, MIN, SEC } from '../../helpers/durations.js';
import { DEFAULT_RETENTION } from '../../helpers/influx-config.js';

const NOW = Date.UTC(2026, 10, 29, 9, 0, 0);
const SETTINGS = storageSettingsOf({ database: 'pantau', retention: DEFAULT_RETENTION });

const request = (over: Partial<HistoryRequest> = {}): HistoryRequest => ({
  measurement: 'icmp',
  fields: ['rtt_avg_ms'],
  fromMs: NOW - HOUR,
  toMs: NOW,
  maxPoints: 60,
  ...over,
});

/** The buckets GROUP BY time(bucket, offset) makes between fromMs and toMs. */
const bucketCount = (b: { fromMs: number; toMs: number; bucketMs: number; offsetMs: number }) => {
  const first = Math.floor((b.fromMs - b.offsetMs) / b.bucketMs) * b.bucketMs + b.offsetMs;
  return Math.ceil((b.toMs - first) / b.bucketMs);
};

describe('chooseSource', () => {
  it('reads raw for short spans inside raw retention, the rollup otherwise', () => {
    expect(chooseSource(NOW - HOUR, NOW, SETTINGS, NOW)).toBe('raw');
    expect(chooseSource(NOW - 2 * DAY, NOW, SETTINGS, NOW)).toBe('raw');
    expect(chooseSource(NOW - 2 * DAY - 1, NOW, SETTINGS, NOW)).toBe('rollup');
    // Short, but older than raw retention: only the rollup still has it.
    expect(chooseSource(NOW - 40 * DAY, NOW - 40 * DAY + HOUR, SETTINGS, NOW)).toBe('rollup');
  });
});

describe('chooseBuckets', () => {
  it('uses whole-second raw buckets starting at fromMs', () => {
    expect(chooseBuckets('raw', { fromMs: 1_500, toMs: 61_500, maxPoints: 60 }, 5 * MIN)).toEqual({
      fromMs: 1_500,
      toMs: 61_500,
      bucketMs: SEC,
      offsetMs: 500,
    });
    expect(chooseBuckets('raw', { fromMs: 0, toMs: HOUR, maxPoints: 7 }, 5 * MIN)).toEqual({
      fromMs: 0,
      toMs: HOUR,
      bucketMs: 515 * SEC,
      offsetMs: 0,
    });
    expect(chooseBuckets('raw', { fromMs: 0, toMs: 10, maxPoints: 5 }, 5 * MIN).bucketMs).toBe(SEC);
  });

  it('widens rollup reads to whole rollup buckets and uses multiples of them', () => {
    expect(
      chooseBuckets(
        'rollup',
        { fromMs: 7 * MIN, toMs: 7 * MIN + 10 * DAY, maxPoints: 1000 },
        5 * MIN,
      ),
    ).toEqual({
      fromMs: 5 * MIN,
      toMs: 10 * MIN + 10 * DAY,
      bucketMs: 15 * MIN,
      offsetMs: 5 * MIN,
    });
    expect(
      chooseBuckets('rollup', { fromMs: 0, toMs: 3 * DAY, maxPoints: 10_000 }, 5 * MIN).bucketMs,
    ).toBe(5 * MIN);
  });

  it('never gives more buckets than maxPoints, over many spans', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let i = 0; i < 5_000; i++) {
      const fromMs = Math.floor(random() * 2e12);
      const toMs = fromMs + 1 + Math.floor(random() ** 3 * 400 * DAY);
      const maxPoints = 1 + Math.floor(random() * 1_000);
      for (const source of ['raw', 'rollup'] as const) {
        const b = chooseBuckets(source, { fromMs, toMs, maxPoints }, 5 * MIN);
        expect(bucketCount(b)).toBeLessThanOrEqual(maxPoints);
        expect(b.fromMs).toBeLessThanOrEqual(fromMs);
        expect(b.toMs).toBeGreaterThanOrEqual(toMs);
        expect(b.bucketMs % (source === 'raw' ? SEC : 5 * MIN)).toBe(0);
      }
    }
  });
});

describe('planHistory', () => {
  it('builds a raw query grouped by time and site', () => {
    const plan = planHistory(request(), SETTINGS, NOW);
    expect(plan).toMatchObject({ source: 'raw', bucketMs: MIN, offsetMs: 0 });
    expect(plan.valueColumns).toEqual(['mean_rtt_avg_ms', 'max_rtt_avg_ms']);
    expect(plan.statement).toBe(
      'SELECT mean("rtt_avg_ms") AS "mean_rtt_avg_ms", max("rtt_avg_ms") AS "max_rtt_avg_ms" ' +
        `FROM "pantau"."raw"."icmp" WHERE time >= ${NOW - HOUR}ms AND time < ${NOW}ms ` +
        'GROUP BY time(1m), "site"',
    );
  });

  it('reads the rollup fields for long spans, grouped by site and role for ifstat', () => {
    const plan = planHistory(
      request({
        measurement: 'ifstat',
        fields: ['in_bps', 'out_bps'],
        fromMs: NOW - 30 * DAY,
        maxPoints: 720,
      }),
      SETTINGS,
      NOW,
    );
    expect(plan.source).toBe('rollup');
    expect(plan.bucketMs).toBe(HOUR);
    expect(plan.statement).toBe(
      'SELECT mean("mean_in_bps") AS "mean_in_bps", max("max_in_bps") AS "max_in_bps", ' +
        'mean("mean_out_bps") AS "mean_out_bps", max("max_out_bps") AS "max_out_bps" ' +
        `FROM "pantau"."rollup"."ifstat" WHERE time >= ${NOW - 30 * DAY}ms AND time < ${NOW}ms ` +
        'GROUP BY time(1h), "site", "role"',
    );
  });

  it('filters sites with escaped literals', () => {
    const plan = planHistory(
      request({ sites: ['a', "b' OR site =~ /./ --", 'c\\'] }),
      SETTINGS,
      NOW,
    );
    expect(plan.statement).toContain(
      `AND ("site" = 'a' OR "site" = 'b\\' OR site =~ /./ --' OR "site" = 'c\\\\') GROUP BY`,
    );
  });

  it('rejects bad requests, saying what is wrong', () => {
    const bad = (over: Record<string, unknown>): string => {
      try {
        planHistory({ ...request(), ...over } as HistoryRequest, SETTINGS, NOW);
      } catch (error) {
        expect(error).toBeInstanceOf(HistoryRequestError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(bad({ measurement: 'snmp_error' })).toBe(
      'measurement "snmp_error" has no history; use one of icmp, ifstat, device',
    );
    expect(bad({ measurement: 'toString' })).toContain('measurement "toString" has no history');
    expect(bad({ fields: ['rtt_avg_ms"; DROP'] })).toBe(
      `field "rtt_avg_ms\\"; DROP" is not one of icmp's fields (up, loss_pct, rtt_min_ms, rtt_avg_ms, rtt_max_ms, jitter_ms, sent, received)`,
    );
    expect(bad({ fields: ['in_bps'] })).toContain(`field "in_bps" is not one of icmp's fields`);
    expect(bad({ fields: [] })).toBe('fields: name at least one field');
    // The rollup keeps only the total of an amount: a long span cannot chart its mean and max.
    expect(bad({ fields: ['sent'], fromMs: NOW - 10 * DAY })).toBe(
      'field "sent" is kept over long spans as sum_sent only: its history covers at most 2d within the last 5w',
    );
    expect(
      planHistory(request({ fields: ['sent'], fromMs: NOW - DAY }), SETTINGS, NOW).source,
    ).toBe('raw');
    expect(bad({ fields: ['up', 'up'] })).toBe('field "up" is asked for twice');
    expect(bad({ sites: [] })).toBe(
      'sites: give at least one site id, or leave sites out for every site',
    );
    expect(bad({ sites: [''] })).toBe('site id "" is not a site id (1 to 200 characters)');
    expect(bad({ sites: Array.from({ length: 1001 }, (_, i) => `s${i}`) })).toBe(
      'sites: at most 1000 site ids in one request, not 1001',
    );
    expect(bad({ fromMs: NOW, toMs: NOW })).toBe(`fromMs (${NOW}) must be before toMs (${NOW})`);
    expect(bad({ fromMs: 1.5 })).toBe('fromMs must be whole epoch milliseconds, not 1.5');
    expect(bad({ toMs: Number.NaN })).toBe('toMs must be whole epoch milliseconds, not NaN');
    expect(bad({ maxPoints: 0 })).toBe('maxPoints must be a whole number from 1 to 10000, not 0');
    expect(bad({ maxPoints: 10_001 })).toContain('not 10001');
    expect(bad({ maxPoints: 2.5 })).toContain('not 2.5');
  });
});
