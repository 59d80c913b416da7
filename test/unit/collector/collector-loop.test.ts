// CollectorLoop.update: a changed target list applied in place. Fake probers stand in for fping
// and SNMP here (the loop's own logic: slots, groups, state kept or forgotten); the pool test in
// test/integration/collector-update.test.ts runs the real probers in real workers.

import { afterEach, describe, expect, it } from 'vitest';
import {
  type CollectorTarget,
  CollectorLoop,
  type CycleSummary,
} from '../../../src/collector/index.js';
import { silentLogger } from '../../../src/logger.js';
import type {
  BatchProber,
  CheckBase,
  IcmpCheck,
  ProbeResult,
  ResultBase,
  TargetProber,
  TcpCheck,
} from '../../../src/probe/index.js';

const INTERVAL = 400;

function icmp(siteId: string, host = '127.0.0.1', intervalMs = INTERVAL): IcmpCheck {
  return {
    kind: 'icmp',
    siteId,
    intervalMs,
    host,
    settings: { count: 1, timeoutMs: 100, confirm: { attempts: 0, intervalMs: 100 } },
    backend: 'fping',
  };
}

function tcp(siteId: string, port = 8291): TcpCheck {
  return {
    kind: 'tcp',
    siteId,
    intervalMs: INTERVAL,
    host: '127.0.0.1',
    port,
    timeoutMs: 100,
    attempts: 1,
  };
}

const target = (siteId: string, ...checks: (IcmpCheck | TcpCheck)[]): CollectorTarget => ({
  siteId,
  role: 'site',
  checks,
});

/** Records every call; answers at once (or after `delayMs`). */
class Probers {
  readonly batches: string[][] = [];
  readonly singles: { siteId: string; port: number }[] = [];
  readonly forgotten: string[] = [];
  /** Per-target state, as SNMP's RateBook keeps: how many probes each site had since forgotten. */
  readonly seen = new Map<string, number>();
  delayMs = 0;
  readonly icmp: BatchProber<CheckBase, ResultBase> = {
    probe: async (checks) => {
      this.batches.push(checks.map((c) => c.siteId).sort());
      return checks.map((c) => ({ ...icmpResult(c.siteId) }));
    },
    close: async () => {},
  };
  readonly tcp: TargetProber<CheckBase, ResultBase> = {
    probe: async (check) => {
      const c = check as TcpCheck;
      this.singles.push({ siteId: c.siteId, port: c.port });
      this.seen.set(c.siteId, (this.seen.get(c.siteId) ?? 0) + 1);
      if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
      return {
        kind: 'tcp',
        siteId: c.siteId,
        at: Date.now(),
        port: c.port,
        up: true,
        refused: true,
        connectMs: 1,
        attempts: 1,
        failure: null,
        message: null,
      } as ResultBase;
    },
    forget: (siteId) => {
      this.forgotten.push(siteId);
      this.seen.delete(siteId);
    },
    close: async () => {},
  };
}

function icmpResult(siteId: string): ResultBase {
  return {
    kind: 'icmp',
    siteId,
    at: Date.now(),
    sent: 1,
    received: 1,
    lossPct: 0,
    rttMinMs: 1,
    rttAvgMs: 1,
    rttMaxMs: 1,
    jitterMs: null,
    up: true,
    confirmation: null,
  } as ResultBase;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('CollectorLoop.update', () => {
  let loop: CollectorLoop | null = null;
  afterEach(async () => {
    await loop?.stop();
    loop = null;
  });

  function start(sites: CollectorTarget[], probers: Probers) {
    const emitted: ProbeResult[] = [];
    const summaries: CycleSummary[] = [];
    loop = new CollectorLoop({
      sites,
      probers: { icmp: probers.icmp, tcp: probers.tcp },
      emit: (r) => emitted.push(...r),
      summary: (s) => summaries.push(s),
      log: silentLogger,
      worker: 0,
      workers: 1,
      tickMs: 20,
    });
    loop.start();
    return { loop, emitted, summaries };
  }

  it('probes added sites within one interval, stops removed ones, keeps the slots and state of the rest', async () => {
    const probers = new Probers();
    const { loop, emitted } = start(
      [
        target('a', icmp('a'), tcp('a')),
        target('b', icmp('b'), tcp('b')),
        target('c', icmp('c'), tcp('c')),
      ],
      probers,
    );
    const slotsBefore = ['a', 'b', 'c'].map((id) => loop.slotOf('tcp', id));
    await sleep(INTERVAL * 2.2);
    const seenA = probers.seen.get('a') ?? 0;
    expect(seenA).toBeGreaterThanOrEqual(2);

    loop.update({ upsert: [target('d', icmp('d'), tcp('d'))], remove: ['c'] });
    const updatedAt = Date.now();
    // Unchanged sites keep their slot; the removed one's state is forgotten, the others' is not.
    expect(['a', 'b'].map((id) => loop.slotOf('tcp', id))).toEqual(slotsBefore.slice(0, 2));
    expect(loop.slotOf('tcp', 'c')).toBeUndefined();
    expect(probers.forgotten).toEqual(['c']);
    expect(loop.plan().map((g) => [g.kind, g.sites])).toEqual([
      ['icmp', ['a', 'b', 'd']],
      ['tcp', ['a', 'b', 'd']],
    ]);

    await sleep(INTERVAL * 1.2);
    const after = emitted.filter((r) => r.at >= updatedAt + 30);
    expect(after.some((r) => r.siteId === 'd' && r.kind === 'tcp')).toBe(true);
    expect(after.some((r) => r.siteId === 'd' && r.kind === 'icmp')).toBe(true);
    expect(after.some((r) => r.siteId === 'c')).toBe(false);
    // a's per-target state was kept: its count only grew.
    expect(probers.seen.get('a') ?? 0).toBeGreaterThan(seenA);
    // One batch a cycle for all of the group, the added site in it.
    expect(probers.batches.at(-1)).toEqual(['a', 'b', 'd']);
  });

  it('re-plans a changed check (new port) and forgets what was kept of the old one', async () => {
    const probers = new Probers();
    const { loop } = start(
      [target('a', icmp('a'), tcp('a', 8291)), target('b', icmp('b'), tcp('b'))],
      probers,
    );
    await sleep(INTERVAL * 1.5);
    loop.update({ upsert: [target('a', icmp('a'), tcp('a', 2222))], remove: [] });
    const mark = probers.singles.length;
    expect(probers.forgotten).toEqual(['a']);
    await sleep(INTERVAL * 1.5);
    const later = probers.singles.slice(mark).filter((s) => s.siteId === 'a');
    expect(later.length).toBeGreaterThan(0);
    expect(later.every((s) => s.port === 2222)).toBe(true);
  });

  it('puts a check with a new interval in a group of its own and drops an emptied group', async () => {
    const probers = new Probers();
    const { loop } = start([target('a', icmp('a'))], probers);
    loop.update({ upsert: [target('a', icmp('a', '127.0.0.1', 600))], remove: [] });
    expect(loop.plan()).toEqual([{ kind: 'icmp', intervalMs: 600, sites: ['a'] }]);
    loop.update({ upsert: [], remove: ['a'] });
    expect(loop.plan()).toEqual([]);
    const calls = probers.batches.length;
    await sleep(700);
    expect(probers.batches.length).toBe(calls);
  });

  it('counts a probe still in flight at its next slot as missed, also after an update', async () => {
    const probers = new Probers();
    probers.delayMs = INTERVAL * 1.6;
    const { loop, summaries } = start([target('a', tcp('a'))], probers);
    loop.update({ upsert: [target('b', tcp('b'))], remove: [] });
    await sleep(INTERVAL * 3.5);
    const periods = summaries.filter((s) => s.type === 'period');
    expect(periods.reduce((n, s) => n + (s.type === 'period' ? s.missed : 0), 0)).toBeGreaterThan(
      0,
    );
  });
});
