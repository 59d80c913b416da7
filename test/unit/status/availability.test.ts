import { describe, expect, it } from 'vitest';
import {
  type AvailabilityRecords,
  type AvailabilityRequest,
  AvailabilityRequestError,
  type AvailabilitySite,
  groupAvailability,
  type Incident,
  type IncidentPhase,
  type IsolationPeriod,
  type MaintenancePeriod,
  type MonitorRun,
  type SiteAvailability,
  siteAvailability,
} from '../../../src/status/index.js';

const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;
const at = (iso: string) => Date.parse(iso);
const FAR = at('2030-01-01T00:00:00Z');

function site(id: string, over: Partial<AvailabilitySite> = {}): AvailabilitySite {
  return { id, timezone: 'Asia/Jakarta', kecamatan: 'Uji', kind: 'desa', isp: 'telkom', ...over };
}

let nextId = 1;

/** An incident from its phases: [kind, ISO start] (unreachable ones caused by `kec`). */
function incident(
  siteId: string,
  phases: readonly ['down' | 'unreachable', string][],
  closed: string | null,
): Incident {
  const list = phases.map(
    ([kind, iso]): IncidentPhase =>
      kind === 'down'
        ? { kind, from: at(iso) }
        : { kind, causeSiteId: 'kec', causeIncidentId: null, from: at(iso) },
  );
  const [first, ...rest] = list;
  if (first === undefined) throw new Error('an incident needs a phase');
  return {
    id: nextId++,
    siteId,
    openedAt: first.from,
    closedAt: closed === null ? null : at(closed),
    phases: [first, ...rest],
  };
}

const maintenance = (siteId: string, from: string, to: string | null): MaintenancePeriod => ({
  siteId,
  startedAt: at(from),
  endedAt: to === null ? null : at(to),
});

const isolation = (from: string, to: string | null): IsolationPeriod => ({
  startedAt: at(from),
  endedAt: to === null ? null : at(to),
  trigger: 'share',
});

const run = (from: string, to: string | null): MonitorRun => ({
  startedAt: at(from),
  endedAt: to === null ? null : at(to),
});

const LONG_AGO = '2020-01-01T00:00:00Z';

/** By default Pantau has run since long before every period here, watching every site used. */
function records(over: Partial<AvailabilityRecords>): AvailabilityRecords {
  return {
    incidents: [],
    maintenance: [],
    isolations: [],
    runs: [run(LONG_AGO, null)],
    watchedSince: Object.fromEntries(['a', 'b', 'c', 'other'].map((id) => [id, at(LONG_AGO)])),
    ...over,
  };
}

/** The figures that matter in minutes: period → [counted, excluded, own down, down with upstream]. */
function minutes(rows: readonly SiteAvailability[]): Record<string, number[]> {
  return Object.fromEntries(
    rows.map((r) => [
      r.period,
      [r.countedMs, r.excludedMs, r.own.downMs, r.withUpstream.downMs].map((ms) => ms / MIN),
    ]),
  );
}

interface Row {
  name: string;
  zone?: string;
  request: Omit<AvailabilityRequest, 'nowMs'> & { now?: string };
  records: Partial<AvailabilityRecords>;
  /** period → [counted, excluded, own down, down with upstream], in minutes */
  expected: Record<string, number[]>;
}

const NOV_25_26 = { unit: 'day', from: '2026-11-25', to: '2026-11-26' } as const;

const rows: Row[] = [
  {
    name: 'an outage across midnight WIB falls half on each WIB day',
    request: NOV_25_26,
    records: {
      incidents: [incident('a', [['down', '2026-11-25T16:30:00Z']], '2026-11-25T17:30:00Z')],
    },
    expected: { '2026-11-25': [1440, 0, 30, 30], '2026-11-26': [1440, 0, 30, 30] },
  },
  {
    name: 'the same outage in a UTC site falls on one day',
    zone: 'UTC',
    request: NOV_25_26,
    records: {
      incidents: [incident('a', [['down', '2026-11-25T16:30:00Z']], '2026-11-25T17:30:00Z')],
    },
    expected: { '2026-11-25': [1440, 0, 60, 60], '2026-11-26': [1440, 0, 0, 0] },
  },
  {
    name: 'WITA (UTC+8): 16:30–17:30 UTC is 00:30–01:30 local, all on the next day',
    zone: 'Asia/Makassar',
    request: NOV_25_26,
    records: {
      incidents: [incident('a', [['down', '2026-11-25T16:30:00Z']], '2026-11-25T17:30:00Z')],
    },
    expected: { '2026-11-25': [1440, 0, 0, 0], '2026-11-26': [1440, 0, 60, 60] },
  },
  {
    name: 'own counts only down phases; with upstream counts unreachable ones too',
    request: { unit: 'day', from: '2026-11-25', to: '2026-11-25' },
    records: {
      incidents: [
        incident(
          'a',
          [
            ['down', '2026-11-25T05:00:00Z'],
            ['unreachable', '2026-11-25T05:10:00Z'],
          ],
          '2026-11-25T06:00:00Z',
        ),
        incident('a', [['unreachable', '2026-11-25T08:00:00Z']], '2026-11-25T08:30:00Z'),
      ],
    },
    expected: { '2026-11-25': [1440, 0, 10, 90] },
  },
  {
    name: 'maintenance leaves both the downtime and the counted time',
    request: { unit: 'day', from: '2026-11-25', to: '2026-11-25' },
    records: {
      incidents: [incident('a', [['down', '2026-11-25T02:30:00Z']], '2026-11-25T03:30:00Z')],
      maintenance: [
        maintenance('a', '2026-11-25T01:00:00Z', '2026-11-25T03:00:00Z'),
        maintenance('other', '2026-11-25T03:00:00Z', '2026-11-25T09:00:00Z'),
      ],
    },
    expected: { '2026-11-25': [1320, 120, 30, 30] },
  },
  {
    name: 'monitor isolation is charged to no site',
    request: { unit: 'day', from: '2026-11-25', to: '2026-11-25' },
    records: {
      incidents: [incident('a', [['unreachable', '2026-11-25T05:00:00Z']], '2026-11-25T06:00:00Z')],
      isolations: [isolation('2026-11-25T05:00:00Z', '2026-11-25T05:30:00Z')],
    },
    expected: { '2026-11-25': [1410, 30, 0, 30] },
  },
  {
    name: 'overlapping maintenance and isolation are left out once',
    request: { unit: 'day', from: '2026-11-25', to: '2026-11-25' },
    records: {
      maintenance: [maintenance('a', '2026-11-25T05:00:00Z', '2026-11-25T07:00:00Z')],
      isolations: [isolation('2026-11-25T06:00:00Z', '2026-11-25T08:00:00Z')],
    },
    expected: { '2026-11-25': [1260, 180, 0, 0] },
  },
  {
    name: 'a day not over counts up to now; open incidents and maintenance run to now; the future counts nothing',
    request: { ...NOV_25_26, now: '2026-11-25T05:00:00Z' },
    records: {
      incidents: [incident('a', [['down', '2026-11-25T04:00:00Z']], null)],
      maintenance: [maintenance('a', '2026-11-25T04:30:00Z', null)],
    },
    expected: { '2026-11-25': [690, 30, 30, 30], '2026-11-26': [0, 0, 0, 0] },
  },
  {
    name: 'months in WIB: an outage over New Year WIB splits at 17:00 UTC',
    request: { unit: 'month', from: '2026-12', to: '2027-01' },
    records: {
      incidents: [incident('a', [['down', '2026-12-31T16:00:00Z']], '2026-12-31T19:00:00Z')],
    },
    expected: { '2026-12': [31 * 1440, 0, 60, 60], '2027-01': [31 * 1440, 0, 120, 120] },
  },
];

describe('site availability', () => {
  it.each(rows)('$name', (row) => {
    const { now, ...request } = row.request;
    const got = siteAvailability(
      [site('a', row.zone === undefined ? {} : { timezone: row.zone })],
      records(row.records),
      { ...request, nowMs: now === undefined ? FAR : at(now) },
    );
    expect(minutes(got)).toEqual(row.expected);
  });

  it('knows each month its length, February of a leap year too', () => {
    const months = (from: string, to: string) =>
      siteAvailability([site('a')], records({}), { unit: 'month', from, to, nowMs: FAR }).map(
        (r) => r.spanMs / DAY,
      );
    expect(months('2026-01', '2026-12')).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect(months('2028-02', '2028-02')).toEqual([29]);
  });

  it('gives each period its bounds in the site zone', () => {
    const [wib] = siteAvailability([site('a')], records({}), {
      unit: 'month',
      from: '2026-11',
      to: '2026-11',
      nowMs: FAR,
    });
    expect(wib).toMatchObject({
      siteId: 'a',
      period: '2026-11',
      fromMs: at('2026-10-31T17:00:00Z'),
      toMs: at('2026-11-30T17:00:00Z'),
    });
  });

  it('percentages, MTTR and MTBF over the counted time', () => {
    const [day] = siteAvailability(
      [site('a')],
      records({
        incidents: [
          incident('a', [['down', '2026-11-25T01:00:00Z']], '2026-11-25T01:10:00Z'),
          incident('a', [['down', '2026-11-25T03:00:00Z']], '2026-11-25T03:20:00Z'),
          incident('a', [['unreachable', '2026-11-25T05:00:00Z']], '2026-11-25T05:30:00Z'),
        ],
      }),
      { unit: 'day', from: '2026-11-25', to: '2026-11-25', nowMs: FAR },
    );
    expect(day?.own).toEqual({
      downMs: 30 * MIN,
      pct: (100 * 1410) / 1440,
      failures: 2,
      mttrMs: 15 * MIN,
      mtbfMs: 705 * MIN,
    });
    expect(day?.withUpstream).toEqual({
      downMs: 60 * MIN,
      pct: (100 * 1380) / 1440,
      failures: 3,
      mttrMs: 20 * MIN,
      mtbfMs: 460 * MIN,
    });
  });

  it('no failures: 100 %, MTTR and MTBF null; nothing counted: every figure null', () => {
    const got = siteAvailability(
      [site('a')],
      records({
        // Wholly within maintenance: no failure at all.
        incidents: [incident('a', [['down', '2026-11-25T02:00:00Z']], '2026-11-25T02:30:00Z')],
        maintenance: [maintenance('a', '2026-11-25T01:00:00Z', '2026-11-25T03:00:00Z')],
      }),
      { unit: 'day', from: '2026-11-25', to: '2026-11-26', nowMs: at('2026-11-25T12:00:00Z') },
    );
    expect(got[0]?.own).toEqual({ downMs: 0, pct: 100, failures: 0, mttrMs: null, mtbfMs: null });
    expect(got[1]?.own).toEqual({ downMs: 0, pct: null, failures: 0, mttrMs: null, mtbfMs: null });
  });

  it('an incident across midnight is a failure on both days', () => {
    const got = siteAvailability(
      [site('a')],
      records({
        incidents: [incident('a', [['down', '2026-11-25T16:00:00Z']], '2026-11-25T18:00:00Z')],
      }),
      { ...NOV_25_26, nowMs: FAR },
    );
    expect(got.map((r) => [r.own.failures, r.own.mttrMs])).toEqual([
      [1, H],
      [1, H],
    ]);
  });

  it('refuses requests it cannot answer', () => {
    const ask = (request: Partial<AvailabilityRequest>) => () =>
      siteAvailability([site('a')], records({}), { ...NOV_25_26, nowMs: FAR, ...request });
    expect(ask({ from: '2026-11-26', to: '2026-11-25' })).toThrow(
      /ends \(2026-11-25\) before it begins/,
    );
    expect(ask({ from: '2026-02-30' })).toThrow(AvailabilityRequestError);
    expect(ask({ unit: 'month', from: '2026-13', to: '2026-13' })).toThrow(/not a month/);
    expect(ask({ unit: 'month', from: '2026-11-01' })).toThrow(/not a month/);
    expect(ask({ from: '2025-01-01', to: '2026-12-31' })).toThrow(/at most 366 days/);
    expect(ask({ nowMs: Number.NaN })).toThrow(/nowMs/);
  });
});

/** The figures of unmonitored time in minutes: period → [counted, excluded, unmonitored, own, upstream]. */
function unmonitoredMinutes(rows: readonly SiteAvailability[]): Record<string, number[]> {
  return Object.fromEntries(
    rows.map((r) => [
      r.period,
      [r.countedMs, r.excludedMs, r.unmonitoredMs, r.own.downMs, r.withUpstream.downMs].map(
        (ms) => ms / MIN,
      ),
    ]),
  );
}

interface UnmonitoredRow {
  name: string;
  request?: Omit<AvailabilityRequest, 'nowMs'>;
  now?: string;
  records: Partial<AvailabilityRecords>;
  /** period → [counted, excluded, unmonitored, own down, down with upstream], in minutes */
  expected: Record<string, number[]>;
}

const NOV_25 = { unit: 'day', from: '2026-11-25', to: '2026-11-25' } as const;
const BEFORE = '2026-11-20T00:00:00Z';

// A UTC site, so the day is 00:00–24:00 UTC.
const unmonitoredRows: UnmonitoredRow[] = [
  {
    name: 'a gap between two runs is left out and reported as unmonitored',
    records: { runs: [run(BEFORE, '2026-11-25T10:00:00Z'), run('2026-11-25T12:00:00Z', null)] },
    expected: { '2026-11-25': [1320, 120, 120, 0, 0] },
  },
  {
    name: 'runs in any order, overlapping ones once',
    records: {
      runs: [
        run('2026-11-25T12:00:00Z', null),
        run(BEFORE, '2026-11-25T10:00:00Z'),
        run('2026-11-25T09:00:00Z', '2026-11-25T11:00:00Z'),
      ],
    },
    expected: { '2026-11-25': [1380, 60, 60, 0, 0] },
  },
  {
    name: 'a crashed run (ended at its last heartbeat) leaves the time after it unmonitored',
    records: {
      runs: [run(BEFORE, '2026-11-25T08:00:00Z')],
      incidents: [incident('a', [['down', '2026-11-25T07:00:00Z']], null)],
    },
    expected: { '2026-11-25': [480, 960, 960, 60, 60] },
  },
  {
    name: 'a site first watched at noon counts from noon only',
    records: {
      watchedSince: { a: at('2026-11-25T12:00:00Z') },
      incidents: [incident('a', [['down', '2026-11-25T11:00:00Z']], '2026-11-25T13:00:00Z')],
    },
    expected: { '2026-11-25': [720, 720, 720, 60, 60] },
  },
  {
    name: 'a site never watched is unmonitored throughout: nothing counted',
    records: { watchedSince: { b: at(LONG_AGO) } },
    expected: { '2026-11-25': [0, 1440, 1440, 0, 0] },
  },
  {
    name: 'the running run reaches now; before its start is unmonitored',
    now: '2026-11-25T18:00:00Z',
    records: {
      runs: [run(BEFORE, '2026-11-24T00:00:00Z'), run('2026-11-25T06:00:00Z', null)],
      incidents: [incident('a', [['unreachable', '2026-11-25T17:00:00Z']], null)],
    },
    expected: { '2026-11-25': [720, 360, 360, 0, 60] },
  },
  {
    name: 'an incident across a gap counts only its monitored part',
    records: {
      runs: [run(BEFORE, '2026-11-25T10:00:00Z'), run('2026-11-25T11:00:00Z', null)],
      incidents: [
        incident(
          'a',
          [
            ['down', '2026-11-25T09:30:00Z'],
            ['unreachable', '2026-11-25T10:50:00Z'],
          ],
          '2026-11-25T11:30:00Z',
        ),
      ],
    },
    expected: { '2026-11-25': [1380, 60, 60, 30, 60] },
  },
  {
    name: 'unmonitored time overlapping maintenance and isolation is left out once',
    records: {
      runs: [run(BEFORE, '2026-11-25T10:00:00Z'), run('2026-11-25T12:00:00Z', null)],
      maintenance: [maintenance('a', '2026-11-25T09:00:00Z', '2026-11-25T11:00:00Z')],
      isolations: [isolation('2026-11-25T11:30:00Z', '2026-11-25T12:30:00Z')],
    },
    expected: { '2026-11-25': [1230, 210, 120, 0, 0] },
  },
  {
    name: 'a gap across midnight falls on both days',
    request: { unit: 'day', from: '2026-11-25', to: '2026-11-26' },
    records: { runs: [run(BEFORE, '2026-11-25T23:00:00Z'), run('2026-11-26T02:00:00Z', null)] },
    expected: { '2026-11-25': [1380, 60, 60, 0, 0], '2026-11-26': [1320, 120, 120, 0, 0] },
  },
];

describe('unmonitored time', () => {
  it.each(unmonitoredRows)('$name', (row) => {
    const got = siteAvailability([site('a', { timezone: 'UTC' })], records(row.records), {
      ...(row.request ?? NOV_25),
      nowMs: row.now === undefined ? FAR : at(row.now),
    });
    expect(unmonitoredMinutes(got)).toEqual(row.expected);
  });

  it('percentages, MTTR and MTBF are over the monitored rest', () => {
    const [day] = siteAvailability(
      [site('a', { timezone: 'UTC' })],
      records({
        runs: [run(BEFORE, '2026-11-25T10:00:00Z'), run('2026-11-25T12:00:00Z', null)],
        incidents: [incident('a', [['down', '2026-11-25T13:00:00Z']], '2026-11-25T13:30:00Z')],
      }),
      { ...NOV_25, nowMs: FAR },
    );
    expect(day?.own).toEqual({
      downMs: 30 * MIN,
      pct: (100 * 1290) / 1320,
      failures: 1,
      mttrMs: 30 * MIN,
      mtbfMs: 1290 * MIN,
    });
  });

  it('an incident wholly in a gap is no failure', () => {
    const [day] = siteAvailability(
      [site('a', { timezone: 'UTC' })],
      records({
        runs: [run(BEFORE, '2026-11-25T10:00:00Z'), run('2026-11-25T12:00:00Z', null)],
        incidents: [incident('a', [['down', '2026-11-25T10:30:00Z']], '2026-11-25T11:00:00Z')],
      }),
      { ...NOV_25, nowMs: FAR },
    );
    expect(day?.own).toEqual({ downMs: 0, pct: 100, failures: 0, mttrMs: null, mtbfMs: null });
  });
});

describe('availability by group', () => {
  const SITES = [
    site('a', { kecamatan: 'Kota', kind: 'desa', isp: 'telkom' }),
    site('b', { kecamatan: 'Kota', kind: 'kelurahan', isp: 'icon' }),
    site('c', { kecamatan: 'Pantai', kind: 'desa', isp: 'telkom', timezone: 'Asia/Makassar' }),
  ];
  const RECORDS = records({
    incidents: [
      incident('a', [['down', '2026-11-25T05:00:00Z']], '2026-11-25T06:00:00Z'),
      incident(
        'c',
        [
          ['down', '2026-11-25T05:00:00Z'],
          ['unreachable', '2026-11-25T06:00:00Z'],
        ],
        '2026-11-25T07:00:00Z',
      ),
    ],
  });
  const rowsOf = () =>
    siteAvailability(SITES, RECORDS, {
      unit: 'day',
      from: '2026-11-25',
      to: '2026-11-25',
      nowMs: FAR,
    });

  it.each([
    ['kecamatan', { Kota: [2, 2880, 60, 60], Pantai: [1, 1440, 60, 120] }],
    ['kind', { desa: [2, 2880, 120, 180], kelurahan: [1, 1440, 0, 0] }],
    ['isp', { telkom: [2, 2880, 120, 180], icon: [1, 1440, 0, 0] }],
    ['all', { all: [3, 4320, 120, 180] }],
  ] as const)('by %s: sites, counted minutes, own and upstream downtime', (by, expected) => {
    const groups = groupAvailability(SITES, rowsOf(), by);
    expect(
      Object.fromEntries(
        groups.map((g) => [
          g.group,
          [g.sites, g.countedMs / MIN, g.own.downMs / MIN, g.withUpstream.downMs / MIN],
        ]),
      ),
    ).toEqual(expected);
    expect(groups.every((g) => g.period === '2026-11-25' && g.groupBy === by)).toBe(true);
  });

  it('sums unmonitored time: a gap for all, a site never watched, a late one', () => {
    const GAPPY = records({
      // 05:00–06:00 UTC unmonitored for all; b never watched; c watched from 20:00 WITA on.
      runs: [run(LONG_AGO, '2026-11-25T05:00:00Z'), run('2026-11-25T06:00:00Z', null)],
      watchedSince: { a: at(LONG_AGO), c: at('2026-11-25T12:00:00Z') },
      incidents: RECORDS.incidents,
    });
    const rows = siteAvailability(SITES, GAPPY, {
      unit: 'day',
      from: '2026-11-25',
      to: '2026-11-25',
      nowMs: FAR,
    });
    expect(rows.map((r) => r.unmonitoredMs / MIN)).toEqual([60, 1440, 20 * 60]);
    const [all] = groupAvailability(SITES, rows, 'all');
    expect(all?.unmonitoredMs).toBe((60 + 1440 + 20 * 60) * MIN);
    expect(all?.excludedMs).toBe(all?.unmonitoredMs);
    expect(all?.countedMs).toBe((3 * 1440 - 60 - 1440 - 20 * 60) * MIN);
    // a's outage 05:00–06:00 UTC fell in the gap; c's was before it was watched.
    expect(all?.own.downMs).toBe(0);
    const byKecamatan = groupAvailability(SITES, rows, 'kecamatan');
    expect(byKecamatan.map((g) => [g.group, g.unmonitoredMs / MIN])).toEqual([
      ['Kota', 60 + 1440],
      ['Pantai', 20 * 60],
    ]);
  });

  it('weighs sites by time, not by the average of their percentages', () => {
    const SOME = records({
      incidents: [incident('a', [['down', '2026-11-25T05:00:00Z']], '2026-11-25T06:00:00Z')],
      // b is in maintenance for half the day: it weighs half as much.
      maintenance: [maintenance('b', '2026-11-25T05:00:00Z', '2026-11-25T17:00:00Z')],
    });
    const rows = siteAvailability(SITES.slice(0, 2), SOME, {
      unit: 'day',
      from: '2026-11-25',
      to: '2026-11-25',
      nowMs: FAR,
    });
    const [kota] = groupAvailability(SITES, rows, 'kecamatan');
    expect(kota?.countedMs).toBe((1440 + 720) * MIN);
    expect(kota?.own.pct).toBeCloseTo((100 * (2160 - 60)) / 2160, 10);
    expect(kota?.own.mttrMs).toBe(H);
  });
});
