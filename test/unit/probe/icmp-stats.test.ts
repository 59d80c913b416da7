import { describe, expect, it } from 'vitest';
import { echoStats, NOT_PROBED, statsFromRtts } from '../../../src/probe/icmp/icmp-stats.js';
import { allLost } from '../../helpers/probe-results.js';

describe('echoStats', () => {
  it('gives min, average, max and jitter of the replies, no loss when all came back', () => {
    expect(echoStats([0.1, 0.3, 0.2])).toEqual({
      sent: 3,
      received: 3,
      lossPct: 0,
      rttMinMs: 0.1,
      rttAvgMs: 0.2,
      rttMaxMs: 0.3,
      // |0.3 - 0.1| and |0.2 - 0.3|, averaged
      jitterMs: 0.15,
    });
  });

  it('takes jitter between consecutive replies, skipping lost requests', () => {
    const stats = echoStats([10, null, 14, null, 11]);
    expect(stats.sent).toBe(5);
    expect(stats.received).toBe(3);
    expect(stats.lossPct).toBe(40);
    // |14 - 10| and |11 - 14|
    expect(stats.jitterMs).toBe(3.5);
    expect(stats.rttAvgMs).toBe(11.667);
  });

  it('has no jitter under two replies', () => {
    expect(echoStats([null, 5, null]).jitterMs).toBeNull();
    expect(echoStats([null, 5, null]).rttAvgMs).toBe(5);
    expect(echoStats([null, 5, null]).lossPct).toBe(66.667);
  });

  it('has no times when nothing came back', () => {
    expect(echoStats([null, null, null])).toEqual(allLost(3));
  });

  it('calls nothing sent all lost', () => {
    expect(echoStats([])).toEqual({ ...NOT_PROBED });
    expect(NOT_PROBED.sent).toBe(0);
    expect(NOT_PROBED.lossPct).toBe(100);
  });

  it('rounds averages to the microsecond, not to float noise', () => {
    expect(echoStats([0.1, 0.2]).rttAvgMs).toBe(0.15);
    expect(echoStats([0.1, 0.2, 0.3]).jitterMs).toBe(0.1);
  });

  it('never reports negative loss when more replies than requests are counted', () => {
    expect(statsFromRtts(2, [1, 1, 1]).lossPct).toBe(0);
  });
});
