import { describe, expect, it } from 'vitest';
import { StatusGraphError } from '../../../src/status/index.js';
import { changes, engine, run, type Step, shown, site } from './harness.js';

// Kecamatan A's office; two desa reach the core through it, one has its own ISP link; a pustu
// (village clinic) reaches it through desa-1. Kecamatan B stands apart.
const SITES = [
  site('kec-a', null, 'kecamatan'),
  site('desa-1', 'kec-a'),
  site('desa-2', 'kec-a'),
  site('desa-own', null),
  site('pustu-1', 'desa-1'),
  site('kec-b', null, 'kecamatan'),
];
const ALL_UP = {
  'kec-a': 'up',
  'desa-1': 'up',
  'desa-2': 'up',
  'desa-own': 'up',
  'pustu-1': 'up',
  'kec-b': 'up',
} as const;
const START: Step = { t: 0, icmp: ALL_UP };
const KEC_CUT = { 'kec-a': 'down', 'desa-1': 'down', 'desa-2': 'down', 'pustu-1': 'down' } as const;

interface Row {
  name: string;
  steps: Step[];
  expect: string[];
  final: Record<string, string>;
}

const rows: Row[] = [
  {
    name: 'kecamatan office down: its desa unreachable, pointing to it; a desa with its own link stays up',
    steps: [START, { t: 30, icmp: { ...KEC_CUT, 'desa-own': 'up', 'kec-b': 'up' } }],
    expect: [
      'kec-a up→down (icmp-failed)',
      'desa-1 up→unreachable:kec-a (ancestor-down)',
      'desa-2 up→unreachable:kec-a (ancestor-down)',
      'pustu-1 up→unreachable:kec-a (ancestor-down)',
    ],
    final: {
      'kec-a': 'down',
      'desa-1': 'unreachable:kec-a',
      'pustu-1': 'unreachable:kec-a',
      'desa-own': 'up',
      'kec-b': 'up',
    },
  },
  {
    name: 'children already down become unreachable when the parent goes down after them',
    steps: [
      START,
      { t: 30, icmp: { 'desa-1': 'down', 'desa-2': 'down', 'pustu-1': 'down' } },
      { t: 31, icmp: { 'kec-a': 'down' } },
    ],
    expect: [
      'desa-1 up→down (icmp-failed)',
      'desa-2 up→down (icmp-failed)',
      'pustu-1 up→unreachable:desa-1 (ancestor-down)',
      'kec-a up→down (icmp-failed)',
      'desa-1 down→unreachable:kec-a (ancestor-down)',
      'desa-2 down→unreachable:kec-a (ancestor-down)',
      'pustu-1 unreachable:desa-1→unreachable:kec-a (root-cause-moved)',
    ],
    final: {
      'desa-1': 'unreachable:kec-a',
      'desa-2': 'unreachable:kec-a',
      'pustu-1': 'unreachable:kec-a',
    },
  },
  {
    name: 'children still answering stay up until their own result fails',
    steps: [START, { t: 30, icmp: { 'kec-a': 'down' } }, { t: 60, icmp: { 'desa-1': 'down' } }],
    expect: ['kec-a up→down (icmp-failed)', 'desa-1 up→unreachable:kec-a (ancestor-down)'],
    final: { 'desa-1': 'unreachable:kec-a', 'desa-2': 'up', 'pustu-1': 'up' },
  },
  {
    name: 'an answering site breaks the chain: below it, a failure is the site’s own',
    steps: [START, { t: 30, icmp: { 'kec-a': 'down', 'pustu-1': 'down' } }],
    expect: ['kec-a up→down (icmp-failed)', 'pustu-1 up→down (icmp-failed)'],
    final: { 'desa-1': 'up', 'pustu-1': 'down' },
  },
  {
    name: 'the root cause is the top of the run of down ancestors',
    steps: [START, { t: 30, icmp: { 'pustu-1': 'down', 'desa-1': 'down', 'kec-a': 'down' } }],
    expect: [
      'pustu-1 up→down (icmp-failed)',
      'desa-1 up→down (icmp-failed)',
      'pustu-1 down→unreachable:desa-1 (ancestor-down)',
      'kec-a up→down (icmp-failed)',
      'desa-1 down→unreachable:kec-a (ancestor-down)',
      'pustu-1 unreachable:desa-1→unreachable:kec-a (root-cause-moved)',
    ],
    final: { 'pustu-1': 'unreachable:kec-a' },
  },
  {
    name: 'parent heals: children whose own last result failed become down (their own fault) at once',
    steps: [
      START,
      { t: 30, icmp: KEC_CUT },
      { t: 60, icmp: { ...KEC_CUT, 'kec-a': 'up' } },
      { t: 90, icmp: { 'kec-a': 'up' } },
    ],
    expect: [
      'kec-a up→down (icmp-failed)',
      'desa-1 up→unreachable:kec-a (ancestor-down)',
      'desa-2 up→unreachable:kec-a (ancestor-down)',
      'pustu-1 up→unreachable:kec-a (ancestor-down)',
      'kec-a down→up (recovered)',
      'desa-1 unreachable:kec-a→down (ancestor-recovered)',
      'desa-2 unreachable:kec-a→down (ancestor-recovered)',
      'pustu-1 unreachable:kec-a→unreachable:desa-1 (root-cause-moved)',
    ],
    final: { 'kec-a': 'up', 'desa-1': 'down', 'desa-2': 'down', 'pustu-1': 'unreachable:desa-1' },
  },
  {
    name: 'parent heals: children already answering but short of K stay unreachable, then recover on their own',
    steps: [
      START,
      { t: 30, icmp: KEC_CUT },
      { t: 60, icmp: { 'kec-a': 'up' } },
      { t: 61, icmp: { 'desa-1': 'up', 'desa-2': 'up', 'pustu-1': 'up' } },
      { t: 90, icmp: { 'kec-a': 'up' } },
      { t: 91, icmp: { 'desa-1': 'up', 'desa-2': 'up', 'pustu-1': 'up' } },
    ],
    expect: [
      'kec-a up→down (icmp-failed)',
      'desa-1 up→unreachable:kec-a (ancestor-down)',
      'desa-2 up→unreachable:kec-a (ancestor-down)',
      'pustu-1 up→unreachable:kec-a (ancestor-down)',
      'kec-a down→up (recovered)',
      'desa-1 unreachable:kec-a→up (recovered)',
      'desa-2 unreachable:kec-a→up (recovered)',
      'pustu-1 unreachable:kec-a→up (recovered)',
    ],
    final: { 'kec-a': 'up', 'desa-1': 'up', 'desa-2': 'up', 'pustu-1': 'up' },
  },
  {
    name: 'a child that recovers before its parent is up by its own results',
    steps: [
      START,
      { t: 30, icmp: KEC_CUT },
      { t: 60, icmp: { 'desa-2': 'up' } },
      { t: 90, icmp: { 'desa-2': 'up' } },
    ],
    expect: [
      'kec-a up→down (icmp-failed)',
      'desa-1 up→unreachable:kec-a (ancestor-down)',
      'desa-2 up→unreachable:kec-a (ancestor-down)',
      'pustu-1 up→unreachable:kec-a (ancestor-down)',
      'desa-2 unreachable:kec-a→up (recovered)',
    ],
    final: { 'kec-a': 'down', 'desa-2': 'up' },
  },
  {
    name: 'a site down on its own, then its parent fails: it becomes unreachable; parent heals: down again',
    steps: [
      START,
      { t: 30, icmp: { 'desa-1': 'down' } },
      { t: 60, icmp: { 'kec-a': 'down', 'desa-1': 'down' } },
      { t: 90, icmp: { 'kec-a': 'up', 'desa-1': 'down' } },
      { t: 120, icmp: { 'kec-a': 'up', 'desa-1': 'down' } },
    ],
    expect: [
      'desa-1 up→down (icmp-failed)',
      'kec-a up→down (icmp-failed)',
      'desa-1 down→unreachable:kec-a (ancestor-down)',
      'kec-a down→up (recovered)',
      'desa-1 unreachable:kec-a→down (ancestor-recovered)',
    ],
    final: { 'kec-a': 'up', 'desa-1': 'down' },
  },
];

// Within one propagation every site's change comes after its parent's, a level at a time.
describe('dependencies', () => {
  it.each(rows)('$name', (row) => {
    const e = engine(SITES);
    const events = run(e, row.steps);
    const startCount = Object.keys(ALL_UP).length;
    expect(changes(events).slice(startCount)).toEqual(row.expect);
    for (const [id, state] of Object.entries(row.final)) expect(shown(e, id), id).toBe(state);
  });

  it('a parent id outside the inventory counts as a direct link', () => {
    const e = engine([site('desa-x', 'kec-gone')]);
    expect(changes(run(e, [{ t: 0, icmp: { 'desa-x': 'down' } }]))).toEqual([
      'desa-x unknown→down (icmp-failed)',
    ]);
  });

  it('refuses a loop in the parent graph', () => {
    expect(() => engine([site('a', 'b'), site('b', 'a')])).toThrow(StatusGraphError);
  });

  it('an unknown parent does not make its failing child unreachable', () => {
    const e = engine(SITES);
    const events = run(e, [{ t: 0, icmp: { 'desa-1': 'down' } }]);
    expect(changes(events)).toEqual(['desa-1 unknown→down (icmp-failed)']);
  });
});
