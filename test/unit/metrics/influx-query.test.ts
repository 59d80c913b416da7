// Joining the pieces of chunked answers into whole series.

import { describe, expect, it } from 'vitest';
import type { InfluxSeries } from '../../../src/metrics/influx-exec.js';
import { type InfluxQuery, querySeries } from '../../../src/metrics/influx-query.js';

const piece = (site: string, values: number[][]): InfluxSeries => ({
  name: 'icmp',
  tags: { site },
  columns: ['time', 'up'],
  values,
});

describe('querySeries', () => {
  it('joins consecutive pieces of one series and keeps different series apart', async () => {
    const pieces = [
      piece('a', [[1, 1]]),
      piece('a', [
        [2, 0],
        [3, 1],
      ]),
      piece('b', [[1, 1]]),
      piece('b', [[2, 1]]),
    ];
    const seen: string[] = [];
    const query: InfluxQuery = async function* (statement) {
      seen.push(statement);
      yield* pieces;
    };
    const series = await querySeries(query, 'SELECT up FROM icmp GROUP BY site');
    expect(seen).toEqual(['SELECT up FROM icmp GROUP BY site']);
    expect(series).toEqual([
      piece('a', [
        [1, 1],
        [2, 0],
        [3, 1],
      ]),
      piece('b', [
        [1, 1],
        [2, 1],
      ]),
    ]);
  });
});
