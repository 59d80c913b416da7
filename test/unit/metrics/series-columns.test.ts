// Gathering a series into typed arrays: growth, missing values, and every time once, in order.

import { describe, expect, it } from 'vitest';
import { SeriesColumns } from '../../../src/metrics/series-columns.js';

describe('SeriesColumns', () => {
  it('grows past its first capacity and cuts the arrays to length', () => {
    const columns = new SeriesColumns(['a', 'b']);
    for (let i = 0; i < 5_000; i++) columns.append(i * 10, (f) => (f === 0 ? i : i % 3 ? i : NaN));
    expect(columns.size).toBe(5_000);
    const { timesMs, values } = columns.finish();
    expect(timesMs.length).toBe(5_000);
    expect(timesMs[4_999]).toBe(49_990);
    expect(values.a?.length).toBe(5_000);
    expect(values.a?.[1234]).toBe(1234);
    expect(values.b?.[3]).toBeNaN();
    expect(values.b?.[4]).toBe(4);
    expect(Object.keys(values)).toEqual(['a', 'b']);
  });

  it('is empty arrays when nothing was appended', () => {
    const { timesMs, values } = new SeriesColumns(['a']).finish();
    expect(timesMs.length).toBe(0);
    expect(values.a?.length).toBe(0);
  });

  it('refuses a time that repeats or steps back: a bucket would count twice', () => {
    const columns = new SeriesColumns(['a']);
    columns.append(100, () => 1);
    expect(() => columns.append(100, () => 2)).toThrow(
      'series time 100 is not after the previous one (100)',
    );
    expect(() => columns.append(50, () => 2)).toThrow(/not after/);
    expect(columns.size).toBe(1);
  });

  it('keeps arrays made to the expected size as they are, and still grows past it', () => {
    const exact = new SeriesColumns(['a'], 3);
    for (const t of [1, 2, 3]) exact.append(t, () => t);
    expect(Array.from(exact.finish().timesMs)).toEqual([1, 2, 3]);
    const over = new SeriesColumns(['a'], 2);
    for (const t of [1, 2, 3, 4, 5]) over.append(t, () => t * 2);
    expect(Array.from(over.finish().values.a ?? [])).toEqual([2, 4, 6, 8, 10]);
  });
});
