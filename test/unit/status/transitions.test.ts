import { describe, expect, it } from 'vitest';
import { changes, engine, run, S, type Step, shown, site, T0 } from './harness.js';

const BAD_LOSS = { loss: 33.3, rtt: 20 };
const SLOW = { loss: 0, rtt: 400 };

interface Row {
  name: string;
  steps: Step[];
  expect: string[];
  final: string;
  recoveryResults?: number;
}

// One site, `a`, K = 2 unless the row says; ICMP every 30 s; thresholds 5 % loss, 150 ms over 5 min,
// judged over at least 3 results.
const rows: Row[] = [
  {
    name: 'unknown → up on the first answered ping',
    steps: [{ t: 0, icmp: { a: 'up' } }],
    expect: ['a unknown→up (icmp-answered)'],
    final: 'up',
  },
  {
    name: 'unknown → down on the first failed ping',
    steps: [{ t: 0, icmp: { a: 'down' } }],
    expect: ['a unknown→down (icmp-failed)'],
    final: 'down',
  },
  {
    name: 'SNMP alone does not make a site known',
    steps: [
      { t: 0, snmp: { a: 'ok' } },
      { t: 30, snmp: { a: 'timeout' } },
    ],
    expect: [],
    final: 'unknown',
  },
  {
    name: 'up → down on one failed (already confirmed) ping',
    steps: [
      { t: 0, icmp: { a: 'up' } },
      { t: 30, icmp: { a: 'down' } },
    ],
    expect: ['a unknown→up (icmp-answered)', 'a up→down (icmp-failed)'],
    final: 'down',
  },
  {
    name: 'down stays down after one good result and recovers on the K-th (K = 2)',
    steps: [
      { t: 0, icmp: { a: 'down' } },
      { t: 30, icmp: { a: 'up' } },
      { t: 60, icmp: { a: 'up' } },
    ],
    expect: ['a unknown→down (icmp-failed)', 'a down→up (recovered)'],
    final: 'up',
  },
  {
    name: 'a failure in between starts the count of good results again',
    steps: [
      { t: 0, icmp: { a: 'down' } },
      { t: 30, icmp: { a: 'up' } },
      { t: 60, icmp: { a: 'down' } },
      { t: 90, icmp: { a: 'up' } },
      { t: 120, icmp: { a: 'up' } },
    ],
    expect: ['a unknown→down (icmp-failed)', 'a down→up (recovered)'],
    final: 'up',
  },
  {
    name: 'K = 1 recovers on the first good result',
    recoveryResults: 1,
    steps: [
      { t: 0, icmp: { a: 'down' } },
      { t: 30, icmp: { a: 'up' } },
    ],
    expect: ['a unknown→down (icmp-failed)', 'a down→up (recovered)'],
    final: 'up',
  },
  {
    name: 'K = 3 waits for three',
    recoveryResults: 3,
    steps: [
      { t: 0, icmp: { a: 'down' } },
      { t: 30, icmp: { a: 'up' } },
      { t: 60, icmp: { a: 'up' } },
    ],
    expect: ['a unknown→down (icmp-failed)'],
    final: 'down',
  },
  {
    name: 'up → degraded by loss averaged over the window',
    steps: [
      { t: 0, icmp: { a: 'up' } },
      { t: 30, icmp: { a: BAD_LOSS } },
      { t: 60, icmp: { a: BAD_LOSS } },
    ],
    expect: ['a unknown→up (icmp-answered)', 'a up→degraded (loss-over-threshold)'],
    final: 'degraded',
  },
  {
    name: 'one lossy result among fewer than 3 does not degrade',
    steps: [
      { t: 0, icmp: { a: BAD_LOSS } },
      { t: 30, icmp: { a: 'up' } },
    ],
    expect: ['a unknown→up (icmp-answered)'],
    final: 'up',
  },
  {
    name: 'one lossy result averaged with clean ones stays up (33 % / 10 < 5 %)',
    steps: [
      ...Array.from({ length: 9 }, (_, i): Step => ({ t: i * 30, icmp: { a: 'up' } })),
      { t: 270, icmp: { a: BAD_LOSS } },
    ],
    expect: ['a unknown→up (icmp-answered)'],
    final: 'up',
  },
  {
    name: 'up → degraded by RTT over the threshold',
    steps: [
      { t: 0, icmp: { a: SLOW } },
      { t: 30, icmp: { a: SLOW } },
      { t: 60, icmp: { a: SLOW } },
    ],
    expect: ['a unknown→up (icmp-answered)', 'a up→degraded (rtt-over-threshold)'],
    final: 'degraded',
  },
  {
    name: 'the round in which a site came back does not count to its quality (its loss was the outage)',
    steps: [
      { t: 0, icmp: { a: 'up' } },
      { t: 30, icmp: { a: 'down' } },
      { t: 60, icmp: { a: BAD_LOSS } },
      { t: 90, icmp: { a: 'up' } },
      { t: 120, icmp: { a: 'up' } },
      { t: 150, icmp: { a: 'up' } },
    ],
    expect: ['a unknown→up (icmp-answered)', 'a up→down (icmp-failed)', 'a down→up (recovered)'],
    final: 'up',
  },
  {
    name: 'but partial loss in the next rounds does',
    steps: [
      { t: 0, icmp: { a: 'up' } },
      { t: 30, icmp: { a: 'down' } },
      { t: 60, icmp: { a: 'up' } },
      { t: 90, icmp: { a: BAD_LOSS } },
      { t: 120, icmp: { a: 'up' } },
      { t: 150, icmp: { a: 'up' } }, // 3 results in the window: 11 % loss
    ],
    expect: [
      'a unknown→up (icmp-answered)',
      'a up→down (icmp-failed)',
      'a down→up (recovered)',
      'a up→degraded (loss-over-threshold)',
    ],
    final: 'degraded',
  },
  {
    name: 'degraded → up once the bad results leave the 5-minute window',
    steps: [
      { t: 0, icmp: { a: BAD_LOSS } },
      { t: 30, icmp: { a: BAD_LOSS } },
      { t: 60, icmp: { a: BAD_LOSS } },
      { t: 240, icmp: { a: 'up' } },
      { t: 330, icmp: { a: 'up' } }, // window (30, 330]: 2 bad of 4, still > 5 %
      { t: 361, icmp: { a: 'up' } }, // window (61, 361]: only good ones
    ],
    expect: [
      'a unknown→up (icmp-answered)',
      'a up→degraded (loss-over-threshold)',
      'a degraded→up (quality-restored)',
    ],
    final: 'up',
  },
  {
    name: 'up → snmp-failed while ping answers, back on the next good poll',
    steps: [
      { t: 0, icmp: { a: 'up' } },
      { t: 10, snmp: { a: 'timeout' } },
      { t: 70, snmp: { a: 'ok' } },
    ],
    expect: [
      'a unknown→up (icmp-answered)',
      'a up→snmp-failed:timeout (snmp-failed)',
      'a snmp-failed:timeout→up (snmp-answered)',
    ],
    final: 'up',
  },
  {
    name: 'a different SNMP failure is a change (auth says the credentials are wrong)',
    steps: [
      { t: 0, icmp: { a: 'up' } },
      { t: 10, snmp: { a: 'timeout' } },
      { t: 70, snmp: { a: 'timeout' } },
      { t: 130, snmp: { a: 'auth' } },
    ],
    expect: [
      'a unknown→up (icmp-answered)',
      'a up→snmp-failed:timeout (snmp-failed)',
      'a snmp-failed:timeout→snmp-failed:auth (snmp-failed)',
    ],
    final: 'snmp-failed:auth',
  },
  {
    name: 'degraded wins over snmp-failed (loss can silence SNMP); snmp-failed shows once quality is back',
    steps: [
      { t: 0, icmp: { a: BAD_LOSS } },
      { t: 30, icmp: { a: BAD_LOSS } },
      { t: 60, icmp: { a: BAD_LOSS } },
      { t: 70, snmp: { a: 'timeout' } },
      { t: 400, icmp: { a: 'up' } },
      { t: 430, icmp: { a: 'up' } },
      { t: 460, icmp: { a: 'up' } }, // three clean results: a new verdict
    ],
    expect: [
      'a unknown→up (icmp-answered)',
      'a up→degraded (loss-over-threshold)',
      'a degraded→snmp-failed:timeout (quality-restored)',
    ],
    final: 'snmp-failed:timeout',
  },
  {
    name: 'an SNMP failure during the outage does not follow the site out of it',
    steps: [
      { t: 0, icmp: { a: 'up' } },
      { t: 30, icmp: { a: 'down' } },
      { t: 40, snmp: { a: 'timeout' } },
      { t: 60, icmp: { a: 'up' } },
      { t: 90, icmp: { a: 'up' } },
    ],
    expect: ['a unknown→up (icmp-answered)', 'a up→down (icmp-failed)', 'a down→up (recovered)'],
    final: 'up',
  },
  {
    name: 'snmp-failed → down when ping fails; SNMP does not bring it back',
    steps: [
      { t: 0, icmp: { a: 'up' } },
      { t: 10, snmp: { a: 'timeout' } },
      { t: 30, icmp: { a: 'down' } },
      { t: 70, snmp: { a: 'ok' } },
    ],
    expect: [
      'a unknown→up (icmp-answered)',
      'a up→snmp-failed:timeout (snmp-failed)',
      'a snmp-failed:timeout→down (icmp-failed)',
    ],
    final: 'down',
  },
  {
    name: 'a lossy link recovers, then shows degraded once the window holds enough rounds',
    steps: [
      { t: 0, icmp: { a: 'down' } },
      { t: 30, icmp: { a: BAD_LOSS } }, // the round it came back in: not counted
      { t: 60, icmp: { a: BAD_LOSS } },
      { t: 90, icmp: { a: BAD_LOSS } },
      { t: 120, icmp: { a: BAD_LOSS } },
    ],
    expect: [
      'a unknown→down (icmp-failed)',
      'a down→up (recovered)',
      'a up→degraded (loss-over-threshold)',
    ],
    final: 'degraded',
  },
  {
    name: 'an outage clears the quality window: old loss does not degrade the recovered site',
    steps: [
      { t: 0, icmp: { a: BAD_LOSS } },
      { t: 30, icmp: { a: BAD_LOSS } },
      { t: 60, icmp: { a: BAD_LOSS } },
      { t: 90, icmp: { a: 'down' } },
      { t: 120, icmp: { a: 'up' } },
      { t: 150, icmp: { a: 'up' } },
    ],
    expect: [
      'a unknown→up (icmp-answered)',
      'a up→degraded (loss-over-threshold)',
      'a degraded→down (icmp-failed)',
      'a down→up (recovered)',
    ],
    final: 'up',
  },
  {
    name: 'a result older than the last one is ignored',
    steps: [
      { t: 60, icmp: { a: 'up' } },
      { t: 30, icmp: { a: 'down' }, arrive: 61 },
    ],
    expect: ['a unknown→up (icmp-answered)'],
    final: 'up',
  },
  {
    name: 'the same result twice counts once towards K',
    steps: [
      { t: 0, icmp: { a: 'down' } },
      { t: 30, icmp: { a: 'up' } },
      { t: 30, icmp: { a: 'up' }, arrive: 31 },
    ],
    expect: ['a unknown→down (icmp-failed)'],
    final: 'down',
  },
  {
    name: 'repeated failures are one change',
    steps: [
      { t: 0, icmp: { a: 'down' } },
      { t: 30, icmp: { a: 'down' } },
      { t: 60, icmp: { a: 'down' } },
    ],
    expect: ['a unknown→down (icmp-failed)'],
    final: 'down',
  },
];

describe('site transitions', () => {
  it.each(rows)('$name', (row) => {
    const e = engine(
      [site('a')],
      row.recoveryResults ? { recoveryResults: row.recoveryResults } : {},
    );
    expect(changes(run(e, row.steps))).toEqual(row.expect);
    expect(shown(e, 'a')).toBe(row.final);
  });

  it('stamps each change with the probe time, and the state with its since', () => {
    const e = engine([site('a')]);
    const [first] = e.apply([], T0);
    expect(first).toBeUndefined();
    const events = run(e, [
      { t: 0, icmp: { a: 'up' }, arrive: 4 },
      { t: 30, icmp: { a: 'down' }, arrive: 34 },
    ]);
    expect(events.map((ev) => ev.type === 'state-changed' && ev.at)).toEqual([T0, T0 + 30 * S]);
    expect(e.stateOf('a')?.since).toBe(T0 + 30 * S);
  });

  it('versions increase by one per event, across calls', () => {
    const e = engine([site('a'), site('b')]);
    const events = run(e, [
      { t: 0, icmp: { a: 'up', b: 'up' } },
      { t: 30, icmp: { a: 'down' } },
    ]);
    expect(events.map((ev) => ev.version)).toEqual([1, 2, 3]);
    expect(e.currentVersion).toBe(3);
  });

  it('counts results for ids it does not know, and ignores them', () => {
    const e = engine([site('a')]);
    expect(run(e, [{ t: 0, icmp: { ghost: 'down' } }])).toEqual([]);
    expect(e.ignoredResults).toBe(1);
  });

  it('uses the thresholds of the site kind', () => {
    const e = engine([site('desa-x', null, 'desa'), site('opd-x', null, 'opd')], {
      thresholds: {
        core: { rttMs: 150, lossPct: 5, windowMs: 300_000 },
        opd: { rttMs: 50, lossPct: 1, windowMs: 300_000 },
        kecamatan: { rttMs: 150, lossPct: 5, windowMs: 300_000 },
        kelurahan: { rttMs: 150, lossPct: 5, windowMs: 300_000 },
        desa: { rttMs: 150, lossPct: 5, windowMs: 300_000 },
      },
    });
    const q = { loss: 0, rtt: 80 };
    run(
      e,
      [0, 30, 60].map((t) => ({ t, icmp: { 'desa-x': q, 'opd-x': q } })),
    );
    expect(shown(e, 'desa-x')).toBe('up');
    expect(shown(e, 'opd-x')).toBe('degraded');
  });
});
