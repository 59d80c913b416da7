// The site page's other figures: counters and reboots from the router's readings, months in the
// site's zone, units, incidents and their causes, availability rows, the parent chain, and the
// charts' scales and time labels.

import { describe, expect, it } from 'vitest';
import { withAlpha } from '../../../dashboard/src/charts/colour.js';
import { niceCeil, tickDigits, ticksFromZero, topOf } from '../../../dashboard/src/charts/scale.js';
import { formatTick } from '../../../dashboard/src/charts/time-ticks.js';
import {
  type AvailabilityRow,
  availabilityPath,
  belowSla,
  monthRows,
} from '../../../dashboard/src/site/availability.js';
import {
  counterIncrease,
  interfaceCounters,
  uptimeRecord,
} from '../../../dashboard/src/site/device.js';
import type { HistoryAnswer } from '../../../dashboard/src/site/history-data.js';
import {
  type Incident,
  incidentCauses,
  incidentDurationMs,
  incidentSpans,
} from '../../../dashboard/src/site/incidents.js';
import { monthOf, previousMonth, thisAndLastMonth } from '../../../dashboard/src/site/months.js';
import { ancestorIds } from '../../../dashboard/src/site/topology.js';
import {
  capacityBps,
  rttDigits,
  scaleBps,
  truncatePct,
} from '../../../dashboard/src/site/units.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 6, 0, 0, 0);

const answer = (series: HistoryAnswer['series'], bucketMs: number): HistoryAnswer => ({
  source: 'raw',
  fromMs: T0,
  toMs: T0 + 100 * bucketMs,
  bucketMs,
  series,
});

describe('router counters and uptime', () => {
  it('sums a counter’s rises, counting from zero after it drops (a restart)', () => {
    expect(counterIncrease([100, 100, 130, null, 150])).toBe(50);
    // Reset to 0 then up to 7: 20 before, 7 after.
    expect(counterIncrease([10, 30, 0, 7])).toBe(27);
    expect(counterIncrease([5, 2])).toBe(2);
    expect(counterIncrease([42])).toBe(0);
    // Never read is not zero.
    expect(counterIncrease([null, null])).toBeNull();
  });

  it('gives each interface its growth, WAN first, and null for a counter never read', () => {
    const rows = interfaceCounters(
      answer(
        [
          {
            tags: { role: 'lan' },
            points: [
              { timeMs: T0, values: { max_in_errors: 1, max_in_discards: 0 } },
              { timeMs: T0 + MIN, values: { max_in_errors: 4, max_in_discards: 0 } },
            ],
          },
          {
            tags: { role: 'wan' },
            points: [
              {
                timeMs: T0,
                values: { max_in_errors: 3631, max_out_errors: null, max_in_discards: 10 },
              },
              {
                timeMs: T0 + MIN,
                values: { max_in_errors: 3640, max_out_errors: null, max_in_discards: 10 },
              },
            ],
          },
        ],
        MIN,
      ),
    );
    expect(rows).toEqual([
      { role: 'wan', inErrors: 9, outErrors: null, inDiscards: 0 },
      { role: 'lan', inErrors: 3, outErrors: null, inDiscards: 0 },
    ]);
  });

  it('finds reboots where the uptime goes down, and dates the boot from the reading', () => {
    const bucket = 10_000;
    const uptime = (i: number, s: number | null) => ({
      timeMs: T0 + i * bucket,
      values: { max_uptime_s: s },
    });
    const record = uptimeRecord(
      answer(
        [
          {
            tags: {},
            points: [
              uptime(0, 5000),
              uptime(6, 5060),
              uptime(7, null),
              // Up 30 s at T0 + 12 buckets (+ half a bucket): booted at about T0 + 95 s.
              uptime(12, 30),
              uptime(18, 90),
            ],
          },
        ],
        bucket,
      ),
    );
    expect(record.reboots).toEqual([T0 + 12 * bucket + bucket / 2 - 30_000]);
    expect(record.latest).toEqual({
      atMs: T0 + 18 * bucket + bucket / 2,
      uptimeS: 90,
      bootedAtMs: T0 + 18 * bucket + bucket / 2 - 90_000,
    });
    expect(uptimeRecord(answer([], bucket))).toEqual({ reboots: [], latest: null });
  });

  it('never dates a reboot before the reading that preceded it (a wide rollup bucket)', () => {
    const bucket = 12 * 60 * MIN;
    const record = uptimeRecord(
      answer(
        [
          {
            tags: {},
            points: [
              { timeMs: T0, values: { max_uptime_s: 1e6 } },
              // Half a bucket in, up 20 hours: that would be before the previous bucket began.
              { timeMs: T0 + bucket, values: { max_uptime_s: 20 * 3600 } },
            ],
          },
        ],
        bucket,
      ),
    );
    expect(record.reboots).toEqual([T0]);
  });
});

describe('months in the site’s zone', () => {
  it('names the month as the site’s clock reads it', () => {
    // 30 Nov 18:00 UTC is already 1 December in Jakarta (UTC+7), not yet in UTC.
    const ms = Date.UTC(2026, 10, 30, 18, 0);
    expect(monthOf(ms, 'Asia/Jakarta')).toBe('2026-12');
    expect(monthOf(ms, 'UTC')).toBe('2026-11');
    expect(thisAndLastMonth(ms, 'Asia/Jakarta')).toEqual({ current: '2026-12', last: '2026-11' });
  });

  it('steps back over a new year', () => {
    expect(previousMonth('2027-01')).toBe('2026-12');
    expect(previousMonth('2026-10')).toBe('2026-09');
  });
});

describe('units', () => {
  it('scales bit rates by powers of 1000, with fewer decimals as they grow', () => {
    expect(scaleBps(950)).toEqual({ value: 950, unit: 'bps', digits: 0 });
    expect(scaleBps(342_000)).toEqual({ value: 342, unit: 'kbps', digits: 0 });
    expect(scaleBps(12_500_000)).toEqual({ value: 12.5, unit: 'Mbps', digits: 1 });
    expect(scaleBps(1_250_000)).toEqual({ value: 1.25, unit: 'Mbps', digits: 2 });
    expect(scaleBps(20_000_000)).toEqual({ value: 20, unit: 'Mbps', digits: 0 });
    expect(scaleBps(1e9)).toEqual({ value: 1, unit: 'Gbps', digits: 0 });
    expect(capacityBps(20)).toBe(20_000_000);
  });

  it('cuts availability down, never up to 100 %', () => {
    expect(truncatePct(99.996)).toBe(99.99);
    expect(truncatePct(100)).toBe(100);
    expect(truncatePct(99.5)).toBe(99.5);
    expect(truncatePct(53.919)).toBe(53.91);
  });

  it('gives an RTT the decimals it needs', () => {
    expect([0.005, 0.42, 3.2, 148].map(rttDigits)).toEqual([3, 2, 1, 0]);
  });
});

describe('incidents', () => {
  const incident = (phases: Incident['phases'], closedAt: number | null): Incident => ({
    id: 1,
    siteId: 'desa-1',
    openedAt: phases[0]!.from,
    closedAt,
    phases,
  });

  it('lasts to its end, or to now while open', () => {
    expect(
      incidentDurationMs(incident([{ kind: 'down', from: T0 }], T0 + 5 * MIN), T0 + 60 * MIN),
    ).toBe(5 * MIN);
    expect(incidentDurationMs(incident([{ kind: 'down', from: T0 }], null), T0 + 60 * MIN)).toBe(
      60 * MIN,
    );
  });

  it('names its causes: its own fault and each root cause once', () => {
    const mixed = incident(
      [
        { kind: 'unreachable', from: T0, causeSiteId: 'kec-a', causeIncidentId: 3 },
        { kind: 'down', from: T0 + MIN },
        { kind: 'unreachable', from: T0 + 2 * MIN, causeSiteId: 'kec-a', causeIncidentId: 3 },
        { kind: 'unreachable', from: T0 + 3 * MIN, causeSiteId: 'core', causeIncidentId: 4 },
      ],
      T0 + 4 * MIN,
    );
    expect(incidentCauses(mixed)).toEqual({ own: true, upstream: ['kec-a', 'core'] });
  });

  it('shades each phase within the chart’s window', () => {
    const spans = incidentSpans(
      [
        incident(
          [
            { kind: 'down', from: T0 - 10 * MIN },
            {
              kind: 'unreachable',
              from: T0 + 5 * MIN,
              causeSiteId: 'kec-a',
              causeIncidentId: null,
            },
          ],
          null,
        ),
        incident([{ kind: 'down', from: T0 - 60 * MIN }], T0 - 30 * MIN),
      ],
      T0,
      T0 + 60 * MIN,
      T0 + 20 * MIN,
    );
    expect(spans).toEqual([
      { fromMs: T0, toMs: T0 + 5 * MIN, kind: 'down' },
      { fromMs: T0 + 5 * MIN, toMs: T0 + 20 * MIN, kind: 'unreachable' },
    ]);
  });
});

describe('availability', () => {
  const row = (period: string, own: number | null): AvailabilityRow => {
    const figures = { downMs: 0, pct: own, failures: 0, mttrMs: null, mtbfMs: null };
    return {
      siteId: 's',
      period,
      fromMs: 0,
      toMs: 0,
      spanMs: 0,
      excludedMs: 0,
      unmonitoredMs: 0,
      countedMs: 0,
      own: figures,
      withUpstream: figures,
    };
  };

  it('asks for one site’s months and picks them newest first', () => {
    const url = new URL(availabilityPath('desa 1', '2026-11', '2026-12'), 'http://x');
    expect(url.pathname).toBe('/api/availability');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      period: 'month',
      groupBy: 'site',
      site: 'desa 1',
      from: '2026-11',
      to: '2026-12',
    });
    const rows = monthRows(
      {
        period: 'month',
        from: '2026-11',
        to: '2026-12',
        rows: [row('2026-11', 99), row('2026-12', 98)],
      },
      ['2026-12', '2026-11', '2026-10'],
    );
    expect(rows.map((r) => r.period)).toEqual(['2026-12', '2026-11']);
  });

  it('flags a month below the SLA only when something was counted', () => {
    expect(belowSla(99.4, 99.5)).toBe(true);
    expect(belowSla(99.5, 99.5)).toBe(false);
    expect(belowSla(null, 99.5)).toBe(false);
    expect(belowSla(10, null)).toBe(false);
  });
});

describe('the parent chain', () => {
  it('lists the ancestors from the core down, and stops at a loop', () => {
    const parents: Record<string, string | null> = { d: 'k', k: 'core', core: null };
    expect(ancestorIds((id) => parents[id], 'd')).toEqual(['core', 'k']);
    expect(ancestorIds((id) => parents[id], 'core')).toEqual([]);
    const loop: Record<string, string> = { a: 'b', b: 'c', c: 'a' };
    expect(ancestorIds((id) => loop[id], 'a')).toEqual(['c', 'b']);
  });
});

describe('chart scales and labels', () => {
  it('tops a scale at a round number', () => {
    expect([0.7, 1, 1.2, 2.2, 3, 7, 12, 0.013, 3.1e7].map(niceCeil)).toEqual([
      1, 1, 2, 2.5, 5, 10, 20, 0.02, 5e7,
    ]);
    expect(niceCeil(0)).toBe(1);
    expect(topOf([[1, null, 18]], 0)).toBe(20);
    // The plan's capacity is in the scale even when the traffic is far below it.
    expect(topOf([[1e6]], 20e6 * 1.04)).toBe(25e6);
  });

  it('ticks from zero, with the decimals the step needs', () => {
    expect(ticksFromZero(0.02, 0.005)).toEqual([0, 0.005, 0.01, 0.015, 0.02]);
    expect(ticksFromZero(100, 25)).toEqual([0, 25, 50, 75, 100]);
    expect([0.005, 0.5, 5, 25].map(tickDigits)).toEqual([3, 1, 0, 0]);
  });

  it('labels time ticks in the site’s zone: hours, the date at midnight, then dates and months', () => {
    const HOUR = 3_600_000;
    // 17:00 UTC is midnight in Jakarta.
    expect(formatTick(Date.UTC(2026, 11, 5, 17), 2 * HOUR, 'Asia/Jakarta', 'id-ID')).toBe('6 Des');
    expect(formatTick(Date.UTC(2026, 11, 5, 23, 30), 2 * HOUR, 'Asia/Jakarta', 'id-ID')).toBe(
      '06.30',
    );
    expect(formatTick(Date.UTC(2026, 11, 5, 23, 30), 2 * HOUR, 'Asia/Jakarta', 'en-GB')).toBe(
      '06:30',
    );
    expect(formatTick(Date.UTC(2026, 11, 9, 17), 24 * HOUR, 'Asia/Jakarta', 'en-GB')).toBe(
      '10 Dec',
    );
    expect(formatTick(Date.UTC(2026, 11, 31, 17), 30 * 24 * HOUR, 'Asia/Jakarta', 'id-ID')).toBe(
      '2027',
    );
    expect(formatTick(Date.UTC(2026, 10, 30, 17), 30 * 24 * HOUR, 'Asia/Jakarta', 'id-ID')).toBe(
      'Des',
    );
  });

  it('gives a theme colour an alpha for canvas fills', () => {
    expect(withAlpha('#1b4f72', 0.3)).toBe('rgba(27, 79, 114, 0.3)');
    expect(withAlpha('#fff', 0.5)).toBe('rgba(255, 255, 255, 0.5)');
    expect(withAlpha('rebeccapurple', 0.5)).toBe('rebeccapurple');
  });
});
