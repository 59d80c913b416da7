import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { ResultsPipeline } from '../../../src/pipeline/index.js';
import type { ProbeResult } from '../../../src/probe/index.js';
import { icmpDown, icmpResult } from '../../helpers/probe-results.js';

const T0 = Date.UTC(2026, 11, 5, 2, 0);

function recorder(name: string, scope?: 'sites' | 'sites-and-references') {
  const got: string[] = [];
  return {
    got,
    subscriber: {
      name,
      ...(scope ? { scope } : {}),
      accept: (results: readonly ProbeResult[]) => got.push(...results.map((r) => r.siteId)),
    },
  };
}

describe('ResultsPipeline', () => {
  it('gives reference-target results only to the subscribers that ask for them', () => {
    const pipeline = new ResultsPipeline({ log: silentLogger, references: ['ref:gw'] });
    const metrics = recorder('metrics');
    const status = recorder('status', 'sites-and-references');
    pipeline.subscribe(metrics.subscriber);
    pipeline.subscribe(status.subscriber);
    pipeline.accept([
      icmpResult({ siteId: 'desa-1', at: T0 }),
      icmpResult({ siteId: 'ref:gw', at: T0 }),
    ]);
    pipeline.accept([icmpResult({ siteId: 'ref:gw', at: T0 + 1 })]);
    expect(metrics.got).toEqual(['desa-1']);
    expect(status.got).toEqual(['desa-1', 'ref:gw', 'ref:gw']);
    expect(pipeline.figures()).toMatchObject({ results: 3, referenceResults: 2 });
  });

  it('a failing subscriber is counted and logged once per streak, and the others still get every batch', () => {
    const logged: string[] = [];
    const log = {
      ...silentLogger,
      error: (_: unknown, message: string) => logged.push(message),
      info: () => undefined,
    } as unknown as typeof silentLogger;
    const pipeline = new ResultsPipeline({ log });
    let fail = true;
    pipeline.subscribe({
      name: 'broken',
      accept: () => {
        if (fail) throw new Error('disk full');
      },
    });
    const after = recorder('after');
    pipeline.subscribe(after.subscriber);
    for (let i = 0; i < 3; i++) pipeline.accept([icmpDown({ siteId: `s${i}`, at: T0 })]);
    fail = false;
    pipeline.accept([icmpDown({ siteId: 's3', at: T0 })]);
    expect(after.got).toEqual(['s0', 's1', 's2', 's3']);
    expect(pipeline.figures().subscribers).toEqual([
      { name: 'broken', batches: 4, failures: 3 },
      { name: 'after', batches: 4, failures: 0 },
    ]);
    expect(logged).toHaveLength(1);
  });

  it('lag is the time since the newest probe; missed cycles and polls count as overruns', () => {
    let now = T0 + 5_000;
    const pipeline = new ResultsPipeline({ log: silentLogger, now: () => now });
    expect(pipeline.figures().lagMs).toBeNull();
    pipeline.accept([
      icmpResult({ siteId: 'a', at: T0 }),
      icmpResult({ siteId: 'b', at: T0 + 2_000 }),
    ]);
    expect(pipeline.figures().lagMs).toBe(3_000);
    now += 1_000;
    expect(pipeline.figures().lagMs).toBe(4_000);
    const icmp = {
      type: 'cycle',
      kind: 'icmp',
      worker: 0,
      intervalMs: 30_000,
      startedAt: T0,
      durationMs: 0,
      targets: 1,
      up: 1,
      down: 0,
    } as const;
    pipeline.noteCycle({ ...icmp, missed: true, error: null });
    pipeline.noteCycle({ ...icmp, missed: false, error: 'fping died' });
    pipeline.noteCycle({ ...icmp, missed: false, error: null });
    pipeline.noteCycle({
      type: 'period',
      kind: 'snmp',
      worker: 0,
      intervalMs: 60_000,
      endedAt: T0,
      polls: 10,
      ok: 10,
      failed: 0,
      missed: 4,
      failures: {},
    });
    expect(pipeline.figures()).toMatchObject({ overruns: 6, lastCycleAt: now });
  });
});
