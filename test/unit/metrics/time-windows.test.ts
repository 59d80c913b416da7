// Backfill windows: widened to whole rollup buckets, merged, cut into chunks of whole buckets.

import { describe, expect, it } from 'vitest';
import {
  alignOutward,
  backfillRanges,
  chunkRange,
  mergeRanges,
} from '../../../src/metrics/time-windows.js';
import { DAY, HOUR, MIN } from '../../helpers/durations.js';

const FIVE = 5 * MIN;

describe('alignOutward', () => {
  it('widens to the buckets holding the first and the last instant', () => {
    expect(alignOutward({ fromMs: 7 * MIN, toMs: 12 * MIN }, FIVE)).toEqual({
      fromMs: 5 * MIN,
      toMs: 15 * MIN,
    });
  });

  it('counts toMs as inside: a point exactly on a boundary gets its bucket', () => {
    expect(alignOutward({ fromMs: 10 * MIN, toMs: 10 * MIN }, FIVE)).toEqual({
      fromMs: 10 * MIN,
      toMs: 15 * MIN,
    });
    expect(alignOutward({ fromMs: 5 * MIN, toMs: 10 * MIN }, FIVE)).toEqual({
      fromMs: 5 * MIN,
      toMs: 15 * MIN,
    });
  });

  it('aligns times before 1970 downwards too', () => {
    expect(alignOutward({ fromMs: -1, toMs: 1 }, FIVE)).toEqual({ fromMs: -FIVE, toMs: FIVE });
  });
});

describe('mergeRanges', () => {
  it('sorts and joins overlapping and touching ranges, keeps gaps', () => {
    expect(
      mergeRanges([
        { fromMs: 50, toMs: 60 },
        { fromMs: 0, toMs: 10 },
        { fromMs: 10, toMs: 20 },
        { fromMs: 15, toMs: 18 },
        { fromMs: 55, toMs: 70 },
        { fromMs: 30, toMs: 40 },
      ]),
    ).toEqual([
      { fromMs: 0, toMs: 20 },
      { fromMs: 30, toMs: 40 },
      { fromMs: 50, toMs: 70 },
    ]);
    expect(mergeRanges([])).toEqual([]);
  });
});

describe('chunkRange', () => {
  it('cuts into consecutive pieces, the last one shorter', () => {
    expect(chunkRange({ fromMs: 0, toMs: 25 }, 10)).toEqual([
      { fromMs: 0, toMs: 10 },
      { fromMs: 10, toMs: 20 },
      { fromMs: 20, toMs: 25 },
    ]);
    expect(chunkRange({ fromMs: 0, toMs: 10 }, 10)).toEqual([{ fromMs: 0, toMs: 10 }]);
  });
});

describe('backfillRanges', () => {
  it('aligns, merges overlaps that alignment creates, and chunks', () => {
    const ranges = backfillRanges(
      [
        { fromMs: 2 * MIN, toMs: 3 * MIN },
        { fromMs: 4 * MIN, toMs: 6 * MIN },
        { fromMs: DAY + MIN, toMs: 2 * DAY + 3 * HOUR },
      ],
      FIVE,
      DAY,
    );
    expect(ranges).toEqual([
      { fromMs: 0, toMs: 10 * MIN },
      { fromMs: DAY, toMs: 2 * DAY },
      { fromMs: 2 * DAY, toMs: 2 * DAY + 3 * HOUR + FIVE },
    ]);
  });

  it('never splits a bucket: chunks are whole buckets, at least one', () => {
    const seven = 7 * MIN;
    const ranges = backfillRanges([{ fromMs: 0, toMs: HOUR }], seven, 20 * MIN);
    for (const range of ranges) {
      expect(range.fromMs % seven).toBe(0);
      expect(range.toMs % seven).toBe(0);
      expect(range.toMs - range.fromMs).toBeLessThanOrEqual(20 * MIN);
    }
    expect(ranges[0]).toEqual({ fromMs: 0, toMs: 14 * MIN });
    expect(backfillRanges([{ fromMs: 0, toMs: HOUR }], HOUR, MIN)).toEqual([
      { fromMs: 0, toMs: HOUR },
      { fromMs: HOUR, toMs: 2 * HOUR },
    ]);
  });

  it('covers every window and nothing between distant windows', () => {
    const windows = [
      { fromMs: 1_000_000, toMs: 1_000_500 },
      { fromMs: 9_000_000, toMs: 9_600_000 },
    ];
    const ranges = backfillRanges(windows, FIVE, DAY);
    for (const w of windows)
      expect(ranges.some((r) => r.fromMs <= w.fromMs && w.toMs < r.toMs)).toBe(true);
    expect(ranges).toHaveLength(2);
  });

  it('rejects reversed or non-finite windows, naming the window', () => {
    expect(() =>
      backfillRanges(
        [
          { fromMs: 0, toMs: 1 },
          { fromMs: 5, toMs: 4 },
        ],
        FIVE,
        DAY,
      ),
    ).toThrow('backfill window 1: fromMs (5) is after toMs (4)');
    expect(() => backfillRanges([{ fromMs: Number.NaN, toMs: 1 }], FIVE, DAY)).toThrow(
      'backfill window 0: fromMs and toMs must be finite epoch ms',
    );
    expect(() => backfillRanges([], 0, DAY)).toThrow('the rollup interval must be');
  });
});
