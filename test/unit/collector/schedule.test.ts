import { describe, expect, it } from 'vitest';
import { dueBetween, nextSlot, shardOf, spreadOffsets } from '../../../src/collector/schedule.js';

describe('collector schedule', () => {
  it('shards sites stably and roughly evenly', () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      const shard = shardOf(`desa-${i}`, 4);
      counts[shard] = (counts[shard] ?? 0) + 1;
    }
    for (const c of counts) expect(c).toBeGreaterThan(900);
    expect(shardOf('kec-cisoka', 4)).toBe(shardOf('kec-cisoka', 4));
  });

  it('spreads offsets evenly over the interval, each site once', () => {
    const ids = Array.from({ length: 600 }, (_, i) => `s${i}`);
    const offsets = spreadOffsets(ids, 60_000);
    expect(offsets.size).toBe(600);
    const sorted = [...offsets.values()].sort((a, b) => a - b);
    expect(sorted[0]).toBe(0);
    for (let i = 1; i < sorted.length; i++)
      expect((sorted[i] as number) - (sorted[i - 1] as number)).toBe(100);
    // Stable: a site keeps its place when asked again.
    expect(spreadOffsets(ids, 60_000).get('s17')).toBe(offsets.get('s17'));
  });

  it('finds the next slot on an epoch-aligned grid', () => {
    expect(nextSlot(1_000_000, 60_000, 5_000)).toBe(1_025_000);
    expect(nextSlot(1_025_000, 60_000, 5_000)).toBe(1_025_000);
    expect(nextSlot(1_025_001, 60_000, 5_000)).toBe(1_085_000);
  });

  it('lists the offsets due in a window, across the wrap, each once', () => {
    const offsets = [0, 10, 20, 30, 40, 50];
    expect(dueBetween(offsets, 60, 1200, 1225)).toEqual([1, 2]); // (0, 25]: 10, 20
    expect(dueBetween(offsets, 60, 1245, 1265)).toEqual([5, 0]); // (45, 60) ∪ [0, 5]
    expect(dueBetween(offsets, 60, 1200, 1200)).toEqual([]);
    expect(dueBetween(offsets, 60, 1200, 1300)).toEqual([0, 1, 2, 3, 4, 5]);
    // Consecutive windows cover every offset exactly once per interval.
    const seen: number[] = [];
    for (let t = 0; t < 60; t += 7)
      seen.push(...dueBetween(offsets, 60, 1000 + t, 1000 + Math.min(t + 7, 60)));
    expect(seen.sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
