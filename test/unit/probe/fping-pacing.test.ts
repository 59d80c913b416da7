import { describe, expect, it } from 'vitest';
import {
  fpingPacing,
  hostChunks,
  MAIN_SPREAD_MS,
  MIN_PERIOD_MS,
  SEND_COST_MS,
} from '../../../src/probe/icmp/fping-pacing.js';

describe('fpingPacing', () => {
  it('sends back to back (-i 0): every wake-up costs fping CPU', () => {
    for (const hosts of [1, 342, 10_000, 100_000]) {
      expect(fpingPacing(hosts, 3, null).intervalMs).toBe(0);
    }
  });

  it('spreads a main round’s requests to one target over about a second, whatever the count', () => {
    expect(fpingPacing(342, 3, null).periodMs).toBe(500);
    expect(fpingPacing(342, 2, null).periodMs).toBe(1000);
    expect(fpingPacing(342, 20, null).periodMs).toBe(52.632);
    for (let count = 2; count <= 20; count++) {
      const { periodMs } = fpingPacing(342, count, null);
      expect((count - 1) * periodMs).toBeGreaterThanOrEqual(MAIN_SPREAD_MS - 0.01);
      expect((count - 1) * periodMs).toBeLessThanOrEqual(MAIN_SPREAD_MS + 0.01);
    }
  });

  it('gives a single request the whole spread (no second request to space)', () => {
    expect(fpingPacing(342, 1, null).periodMs).toBe(MAIN_SPREAD_MS);
  });

  it('uses the asked spacing for a confirmation round', () => {
    expect(fpingPacing(5, 3, 1000)).toEqual({ intervalMs: 0, periodMs: 1000 });
    expect(fpingPacing(5, 3, 250).periodMs).toBe(250);
  });

  it('never asks a period shorter than one round takes to send', () => {
    // 10,000 hosts at ~25 µs a packet: 250 ms a round.
    expect(fpingPacing(10_000, 3, 100).periodMs).toBe(10_000 * SEND_COST_MS);
    expect(fpingPacing(100_000, 3, null).periodMs).toBe(2500);
    // With a floor on -i, a round takes hosts × interval.
    expect(fpingPacing(1000, 3, null, 1)).toEqual({ intervalMs: 1, periodMs: 1000 });
    expect(fpingPacing(2000, 3, null, 1)).toEqual({ intervalMs: 1, periodMs: 2000 });
  });

  it('never sends two requests to one target back to back', () => {
    expect(fpingPacing(1, 3, 0).periodMs).toBe(MIN_PERIOD_MS);
    expect(fpingPacing(1, 3, 2).periodMs).toBe(MIN_PERIOD_MS);
  });

  it('rounds to the microsecond and ignores a negative floor', () => {
    expect(fpingPacing(3, 4, null, -5)).toEqual({ intervalMs: 0, periodMs: 333.333 });
    expect(fpingPacing(3, 3, null, 0.0004).intervalMs).toBe(0);
  });
});

describe('hostChunks', () => {
  it('keeps every run within fping’s 65,535 sequence numbers, every host once, in order', () => {
    const hosts = Array.from({ length: 50_000 }, (_, i) => i);
    const chunks = hostChunks(hosts, 3);
    expect(chunks.map((c) => c.length)).toEqual([21_666, 21_666, 6_668]);
    for (const chunk of chunks) expect(chunk.length * 3).toBeLessThanOrEqual(65_535);
    expect(chunks.flat()).toEqual(hosts);
  });

  it('leaves a small round whole, and gives nothing for no hosts', () => {
    expect(hostChunks(['a', 'b'], 20)).toEqual([['a', 'b']]);
    expect(hostChunks([], 3)).toEqual([]);
  });
});
