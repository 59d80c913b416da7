import { describe, expect, it } from 'vitest';
import { type Interval, lengthOutside, partsOutside } from '../../../src/status/intervals.js';

const span = (from: number, to: number): Interval => ({ from, to });
const INF = Number.POSITIVE_INFINITY;

describe('partsOutside', () => {
  it.each([
    ['no holes: the whole interval', span(0, 10), [], [span(0, 10)]],
    ['a hole inside: the parts either side', span(0, 10), [span(3, 5)], [span(0, 3), span(5, 10)]],
    [
      'holes over both ends and in between',
      span(0, 10),
      [span(-5, 2), span(4, 6), span(8, 20)],
      [span(2, 4), span(6, 8)],
    ],
    [
      'holes touching the ends leave no empty parts',
      span(0, 10),
      [span(0, 4), span(6, 10)],
      [span(4, 6)],
    ],
    ['covered wholly: nothing', span(0, 10), [span(-1, 11)], []],
    ['holes outside are ignored', span(0, 10), [span(-9, -1), span(10, 12)], [span(0, 10)]],
    ['an empty interval: nothing', span(5, 5), [], []],
    [
      'unbounded: the gaps between holes, and the ends',
      span(-INF, INF),
      [span(1, 2), span(3, 4)],
      [span(-INF, 1), span(2, 3), span(4, INF)],
    ],
  ] as const)('%s', (_name, interval, holes, expected) => {
    expect(partsOutside(interval, holes)).toEqual(expected);
  });

  it('agrees with lengthOutside', () => {
    const interval = span(0, 100);
    const holes = [span(-10, 7), span(20, 25), span(26, 40), span(90, 200)];
    const parts = partsOutside(interval, holes);
    expect(parts.reduce((sum, p) => sum + p.to - p.from, 0)).toBe(lengthOutside(interval, holes));
  });
});
