// The rollup as the points stream by: what a closed bucket writes, when it closes, and which
// buckets it hands to a recompute from raw instead (out of order, late, the bucket it started in).

import { describe, expect, it } from 'vitest';
import { HISTORY_FIELDS } from '../../../src/metrics/history-plan.js';
import { pointsOf } from '../../../src/metrics/points.js';
import { RollupAggregator } from '../../../src/metrics/rollup-aggregator.js';
import { ROLLUP_FIELDS, rollupSelect } from '../../../src/metrics/rollup-spec.js';
import { everyKindOfResult } from '../../helpers/probe-results.js';

const MIN = 60_000;
const BUCKET = 5 * MIN;
/** A bucket boundary: the aggregator starts in the bucket before, which it never writes. */
const T0 = 1_700_000_100_000 - (1_700_000_100_000 % BUCKET) + BUCKET;

const make = (graceMs = MIN) =>
  new RollupAggregator({ intervalMs: BUCKET, graceMs, startMs: T0 - 1000 });

const icmp = 'icmp,isp=x,kecamatan=K,kind=desa,site=a';

/** The recomputes of single sites (the bucket the aggregator started in comes with every close through it). */
const ofSites = (requests: readonly { site: string | null }[]) =>
  requests.filter((r) => r.site !== null);

/** field=value pairs of a rollup line. */
function fieldsOf(line: string): Record<string, string> {
  const [, fields] = line.split(' ');
  return Object.fromEntries(
    (fields ?? '').split(',').map((kv) => kv.split('=') as [string, string]),
  );
}

describe('RollupAggregator', () => {
  it('writes mean, min and max of levels, an integer count where samples are counted, the sum of amounts', () => {
    const agg = make();
    agg.add('a', 'icmp', icmp, { up: 1, rtt_avg_ms: 10, sent: 3, received: 3 }, T0 + 1000);
    agg.add('a', 'icmp', icmp, { up: 0, sent: 3, received: 0 }, T0 + 31_000);
    agg.add('a', 'icmp', icmp, { up: 1, rtt_avg_ms: 0.1, sent: 3, received: 2 }, T0 + 61_000);
    expect(agg.closeDue(T0 + BUCKET + MIN - 1).lines).toEqual([]); // within the grace
    const { lines, recompute } = agg.closeDue(T0 + BUCKET + MIN);
    expect(ofSites(recompute)).toEqual([]);
    expect(lines).toHaveLength(1);
    const line = lines[0] as string;
    expect(line.startsWith(`${icmp} `)).toBe(true);
    expect(line.endsWith(` ${T0}`)).toBe(true);
    expect(fieldsOf(line)).toEqual({
      mean_up: `${2 / 3}`,
      min_up: '0',
      max_up: '1',
      count_up: '3i',
      mean_rtt_avg_ms: `${(10 + 0.1) / 2}`,
      min_rtt_avg_ms: '0.1',
      max_rtt_avg_ms: '10',
      count_rtt_avg_ms: '2i',
      sum_sent: '9',
      sum_received: '5',
    });
    expect(agg.openSeries).toBe(0);
  });

  it('ignores fields it does not roll up, strings and non-finite numbers, as the raw line does', () => {
    const agg = make();
    agg.add('a', 'icmp', icmp, { up: 1, note: 'x', loss_pct: Number.NaN, other: 4 }, T0 + 1);
    const [line] = agg.closeAll().lines;
    expect(Object.keys(fieldsOf(line as string))).toEqual([
      'mean_up',
      'min_up',
      'max_up',
      'count_up',
    ]);
  });

  it('hands a site whose field came out of time order, or twice at one time, to a recompute', () => {
    const agg = make();
    const wan = 'ifstat,ifname=eth0,role=wan,site=b';
    const lan = 'ifstat,ifname=eth1,role=lan,site=b';
    // The state point and the rate point share a time: other fields, so still in order.
    agg.add('b', 'ifstat', wan, { oper_up: 1 }, T0 + 60_000);
    agg.add('b', 'ifstat', wan, { in_bps: 5, in_octets: 100 }, T0 + 60_000);
    agg.add('b', 'ifstat', lan, { oper_up: 1 }, T0 + 60_000);
    // A held rate released a poll later is older than the last state point, but not than the
    // last rate: in order per field.
    agg.add('b', 'ifstat', wan, { oper_up: 1 }, T0 + 120_000);
    agg.add('b', 'ifstat', wan, { in_bps: 6, in_octets: 120 }, T0 + 90_000);
    agg.add('c', 'icmp', 'icmp,site=c', { up: 1 }, T0 + 2000);
    agg.add('c', 'icmp', 'icmp,site=c', { up: 1 }, T0 + 2000); // the same time again
    agg.add('d', 'icmp', 'icmp,site=d', { up: 1 }, T0 + 3000);
    agg.add('d', 'icmp', 'icmp,site=d', { up: 0 }, T0 + 1000); // older than the last
    const { lines, recompute } = agg.closeDue(T0 + 2 * BUCKET);
    expect(lines.map((l) => l.split(' ')[0])).toEqual([wan, lan]);
    expect(ofSites(recompute)).toEqual([
      { measurement: 'icmp', bucketStartMs: T0, site: 'c' },
      { measurement: 'icmp', bucketStartMs: T0, site: 'd' },
    ]);
  });

  it('a site out of order in one series is recomputed whole: none of its lines is written', () => {
    const agg = make();
    agg.add('b', 'ifstat', 'ifstat,role=wan,site=b', { in_bps: 1 }, T0 + 2000);
    agg.add('b', 'ifstat', 'ifstat,role=wan,site=b', { in_bps: 1 }, T0 + 1000);
    agg.add('b', 'ifstat', 'ifstat,role=lan,site=b', { in_bps: 1 }, T0 + 1000);
    const { lines, recompute } = agg.closeAll();
    expect(lines).toEqual([]);
    expect(ofSites(recompute)).toEqual([{ measurement: 'ifstat', bucketStartMs: T0, site: 'b' }]);
  });

  it('a point for a closed bucket is late: its site and bucket are recomputed, once', () => {
    const agg = make();
    agg.add('a', 'icmp', icmp, { up: 1 }, T0 + 1000);
    expect(agg.closeDue(T0 + BUCKET + MIN).lines).toHaveLength(1);
    agg.add('a', 'icmp', icmp, { up: 0 }, T0 + 2000);
    agg.add('a', 'icmp', icmp, { up: 0 }, T0 + 3000);
    agg.add('a', 'icmp', icmp, { up: 1 }, T0 + BUCKET + 1000); // the next bucket: on time
    expect(agg.latePoints).toBe(2);
    const { lines, recompute } = agg.closeDue(T0 + 2 * BUCKET + MIN);
    expect(recompute).toEqual([{ measurement: 'icmp', bucketStartMs: T0, site: 'a' }]);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith(` ${T0 + BUCKET}`)).toBe(true);
  });

  it('never writes the bucket it started in (samples from before may be in it): every measurement is recomputed', () => {
    const agg = make();
    agg.add('a', 'icmp', icmp, { up: 1 }, T0 - 500);
    agg.add('a', 'icmp', icmp, { up: 1 }, T0 + 500);
    const { lines, recompute } = agg.closeDue(T0 + MIN);
    expect(lines).toEqual([]);
    expect(recompute).toEqual(
      ['icmp', 'ifstat', 'device'].map((measurement) => ({
        measurement,
        bucketStartMs: T0 - BUCKET,
        site: null,
      })),
    );
    expect(agg.closedBeforeMs).toBe(T0);
    expect(agg.oldestUnwrittenMs()).toBe(T0);
  });

  it('writes the bucket it started in when nothing came before it (a fresh database)', () => {
    const agg = new RollupAggregator({
      intervalMs: BUCKET,
      graceMs: MIN,
      startMs: T0 - 1000,
      samplesBeforeStart: false,
    });
    agg.add('a', 'icmp', icmp, { up: 1 }, T0 - 500);
    const { lines, recompute } = agg.closeDue(T0 + MIN);
    expect(recompute).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith(` ${T0 - BUCKET}`)).toBe(true);
  });

  it("gives a closed bucket's lines a few at a time, and counts the bucket unwritten until the last", () => {
    const agg = make();
    for (const site of ['a', 'b', 'c'])
      agg.add(site, 'icmp', `icmp,site=${site}`, { up: 1 }, T0 + 1000);
    const first = agg.closeDue(T0 + BUCKET + MIN, 2);
    expect(first.lines.map((l) => l.split(' ')[0])).toEqual(['icmp,site=a', 'icmp,site=b']);
    expect(agg.waitingLines).toBe(1);
    expect(agg.oldestUnwrittenMs()).toBe(T0);
    expect(agg.drain(5).map((l) => l.split(' ')[0])).toEqual(['icmp,site=c']);
    expect(agg.waitingLines).toBe(0);
    expect(agg.oldestUnwrittenMs()).toBeNull();
  });

  it('closeAll writes every open bucket as far as it was seen', () => {
    const agg = make();
    agg.add('a', 'icmp', icmp, { up: 1 }, T0 + 1000);
    agg.add('a', 'icmp', icmp, { up: 0 }, T0 + BUCKET + 1000);
    const { lines } = agg.closeAll();
    expect(lines.map((l) => Number(l.split(' ')[2]))).toEqual([T0, T0 + BUCKET]);
    expect(agg.closedBeforeMs).toBe(T0 + 2 * BUCKET);
    expect(agg.oldestUnwrittenMs()).toBeNull();
  });

  it('keeps each series to itself over buckets, however many there are and whenever one first comes', () => {
    const agg = make(0);
    const seriesOf = (i: number) => `icmp,isp=x,kecamatan=K,kind=desa,site=s${i}`;
    // 200 series in the first bucket, 300 in the second (100 new), 50 in the third.
    const counts = [200, 300, 50];
    counts.forEach((n, b) => {
      for (let i = 0; i < n; i++)
        for (let r = 0; r < 3; r++)
          agg.add(
            `s${i}`,
            'icmp',
            seriesOf(i),
            { up: 1, rtt_avg_ms: i + b * 1000 + r },
            T0 + b * BUCKET + r * MIN,
          );
    });
    expect(agg.openSeries).toBe(550);
    const lines = agg.closeAll().lines;
    expect(lines).toHaveLength(550);
    counts.forEach((n, b) => {
      const start = T0 + b * BUCKET;
      for (const i of [0, n - 1]) {
        const line = lines.find((l) => l.startsWith(`${seriesOf(i)} `) && l.endsWith(` ${start}`));
        expect(fieldsOf(line ?? '')).toMatchObject({
          mean_rtt_avg_ms: String(i + b * 1000 + 1),
          min_rtt_avg_ms: String(i + b * 1000),
          max_rtt_avg_ms: String(i + b * 1000 + 2),
          count_rtt_avg_ms: '3i',
        });
      }
    });
  });

  it('refuses a bucket or grace that is not a whole number of ms', () => {
    expect(() => new RollupAggregator({ intervalMs: 0, graceMs: 0, startMs: 0 })).toThrow(
      'rollup interval must be a whole number of ms above 0, not 0',
    );
    expect(() => new RollupAggregator({ intervalMs: 1000, graceMs: -1, startMs: 0 })).toThrow(
      'rollup grace must be a whole number of ms, 0 or more, not -1',
    );
  });
});

describe('rollupSelect', () => {
  it('asks InfluxDB for the same aggregates under the same names, per bucket and series', () => {
    const statement = rollupSelect('pantau', 'device', BUCKET, { fromMs: 0, toMs: BUCKET });
    expect(statement).toBe(
      'SELECT mean("snmp_ok") AS "mean_snmp_ok", min("snmp_ok") AS "min_snmp_ok", ' +
        'max("snmp_ok") AS "max_snmp_ok", count("snmp_ok") AS "count_snmp_ok", ' +
        'mean("poll_ms") AS "mean_poll_ms", min("poll_ms") AS "min_poll_ms", ' +
        'max("poll_ms") AS "max_poll_ms", ' +
        'mean("uptime_s") AS "mean_uptime_s", min("uptime_s") AS "min_uptime_s", ' +
        'max("uptime_s") AS "max_uptime_s", count("uptime_s") AS "count_uptime_s" ' +
        'INTO "pantau"."rollup".:MEASUREMENT FROM "pantau"."raw"."device" ' +
        'WHERE time >= 0ms AND time < 300000ms GROUP BY time(5m), * fill(none)',
    );
  });

  it('names sites as quoted literals, so an id cannot break out of its string', () => {
    const statement = rollupSelect('pantau', 'icmp', BUCKET, { fromMs: 0, toMs: BUCKET }, [
      'a',
      "x' OR '1'='1",
    ]);
    expect(statement).toContain(`AND ("site" = 'a' OR "site" = 'x\\' OR \\'1\\'=\\'1')`);
  });

  it('sums exactly the fields that are amounts per interval', () => {
    const summed = Object.entries(ROLLUP_FIELDS).flatMap(([m, fields]) =>
      Object.entries(fields)
        .filter(([, aggregates]) => aggregates.includes('sum'))
        .map(([f]) => `${m}.${f}`),
    );
    expect(summed).toEqual([
      'icmp.sent',
      'icmp.received',
      'ifstat.in_octets',
      'ifstat.out_octets',
      'ifstat.in_errors_delta',
      'ifstat.out_errors_delta',
      'ifstat.in_discards_delta',
      'ifstat.interval_s',
    ]);
  });
});

describe('the rollup spec against what is written', () => {
  it('rolls up every numeric field the probe kinds write to a rolled-up measurement, and no other', () => {
    const written = new Map<string, Set<string>>();
    for (const result of everyKindOfResult('s1'))
      for (const point of pointsOf(result, {
        site: 's1',
        kind: 'desa',
        kecamatan: 'K',
        isp: 'x',
      })) {
        if (!RollupAggregator.rollsUp(point.measurement)) continue;
        const set = written.get(point.measurement) ?? new Set<string>();
        for (const [field, value] of Object.entries(point.fields))
          if (typeof value === 'number') set.add(field);
        written.set(point.measurement, set);
      }
    for (const [measurement, fields] of Object.entries(ROLLUP_FIELDS)) {
      expect([...(written.get(measurement) ?? [])].sort(), measurement).toEqual(
        Object.keys(fields).sort(),
      );
      // The history API charts exactly these fields.
      expect([...HISTORY_FIELDS[measurement as keyof typeof HISTORY_FIELDS]].sort()).toEqual(
        Object.keys(fields).sort(),
      );
    }
  });
});
