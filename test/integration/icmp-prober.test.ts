// The ICMP probers against real ICMP: loopback without the lab, and the lab's 342 sites in its
// network namespace, with sites taken down, made lossy, and brought back mid-probe.

import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabSite } from '../../src/lab/index.js';
import { silentLogger } from '../../src/logger.js';
import {
  createFpingProber,
  createIcmpProber,
  createPingProber,
  FpingError,
  type IcmpProbeResult,
  type IcmpSettings,
  type IcmpTarget,
} from '../../src/probe/icmp/icmp.js';
import { ROOT, type RunningLab, startLab } from '../helpers/lab-process.js';

const DEMO = `${ROOT}config/demo.yaml`;
const QUICK: IcmpSettings = { count: 3, timeoutMs: 500, confirm: { attempts: 2, intervalMs: 200 } };
const never = () => new AbortController().signal;

/** fping processes whose parent is this test process. */
async function ourFpings(): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...
      const m = /^\d+ \((.*)\) \S+ (\d+)/.exec(stat);
      if (m?.[1] === 'fping' && Number(m[2]) === process.pid) pids.push(Number(entry));
    } catch {
      // gone in between
    }
  }
  return pids;
}

function bySite(results: readonly IcmpProbeResult[]): Map<string, IcmpProbeResult> {
  return new Map(results.map((r) => [r.siteId, r]));
}

/** The lab's namespace is one a machine: wait for another test's lab rather than fail. */
async function startLabWhenFree(): Promise<RunningLab> {
  const deadline = Date.now() + 150_000;
  for (;;) {
    try {
      return await startLab(['--config', DEMO, '--no-scenario', '--network', 'namespace']);
    } catch (error) {
      if (!/another lab \(pid \d+\) is running/.test(String(error)) || Date.now() > deadline) {
        throw error;
      }
      await new Promise((r) => setTimeout(r, 3000));
    }
  }
}

describe('fping with more requests than one run can number', () => {
  it('probes 4,000 loopback addresses × 20 requests (80,000, over fping’s 65,535) in several runs', async () => {
    // 127.0.0.0/8 is all loopback on Linux: every address answers, and nothing leaves the host.
    const targets: IcmpTarget[] = Array.from({ length: 4000 }, (_, i) => ({
      siteId: `lo-${i}`,
      host: `127.77.${Math.floor(i / 250)}.${(i % 250) + 1}`,
    }));
    const results = await createFpingProber({ log: silentLogger }).probe(
      targets,
      { count: 20, timeoutMs: 500, confirm: { attempts: 1, intervalMs: 200 } },
      never(),
    );
    expect(results).toHaveLength(4000);
    const answered = results.filter((r) => r.up && r.received === 20);
    expect(answered.length).toBeGreaterThan(3900);
  });
});

describe('the ICMP probers on loopback (no lab)', () => {
  const targets: IcmpTarget[] = [
    { siteId: 'local-a', host: '127.0.0.1' },
    { siteId: 'local-b', host: '127.0.0.1' },
    { siteId: 'local-c', host: '127.0.0.2' },
  ];

  it('fping: every loopback target up, all replies, small RTTs, one result a site', async () => {
    const before = Date.now();
    const results = await createIcmpProber('fping', { log: silentLogger }).probe(
      targets,
      QUICK,
      never(),
    );
    expect(results.map((r) => r.siteId).sort()).toEqual(['local-a', 'local-b', 'local-c']);
    for (const r of results) {
      expect(r).toMatchObject({ kind: 'icmp', sent: 3, received: 3, lossPct: 0, up: true });
      expect(r.confirmation).toBeNull();
      expect(r.rttMinMs).toBeGreaterThanOrEqual(0);
      expect(r.rttMaxMs).toBeLessThan(50);
      expect(r.rttMinMs as number).toBeLessThanOrEqual(r.rttAvgMs as number);
      expect(r.rttAvgMs as number).toBeLessThanOrEqual(r.rttMaxMs as number);
      expect(r.jitterMs).not.toBeNull();
      expect(r.at).toBeGreaterThanOrEqual(before);
      expect(r.at).toBeLessThanOrEqual(Date.now());
    }
  });

  it('ping: the same picture through the `ping` package', async () => {
    const results = await createPingProber({ log: silentLogger }).probe(targets, QUICK, never());
    expect(results.map((r) => [r.siteId, r.up, r.sent, r.received])).toEqual([
      ['local-a', true, 3, 3],
      ['local-b', true, 3, 3],
      ['local-c', true, 3, 3],
    ]);
    expect(results.every((r) => (r.rttAvgMs ?? 99) < 50 && r.jitterMs !== null)).toBe(true);
  });

  it('reports a name that does not resolve as down, not probed, and warns about it once', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const prober = createIcmpProber('fping', { log });
    const mixed = [
      { siteId: 'ok', host: '127.0.0.1' },
      { siteId: 'bad', host: 'router.nowhere.invalid' },
    ];
    for (let i = 0; i < 2; i++) {
      const results = bySite(await prober.probe(mixed, QUICK, never()));
      expect(results.get('ok')?.up).toBe(true);
      expect(results.get('bad')).toMatchObject({ up: false, sent: 0, confirmation: null });
    }
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      msg: expect.stringContaining('fping reported nothing for these hosts'),
      sample: ['router.nowhere.invalid'],
    });
  });
});

describe('fping failures', () => {
  let dir: string;
  /** A wrapper that runs the real fping with an argument that breaks it. */
  const brokenFping = async (name: string, extra: string): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, `#!/bin/sh\nexec fping "$@" ${extra}\n`);
    await chmod(path, 0o755);
    return path;
  };
  const probeWith = (fpingPath: string) =>
    createFpingProber({ log: silentLogger, fpingPath }).probe(
      [{ siteId: 'local', host: '127.0.0.1' }],
      QUICK,
      never(),
    );

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pantau-fping-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('fails with what fping printed when a system call fails (exit 4)', async () => {
    const error = await probeWith(await brokenFping('no-file', '-f /nonexistent/targets')).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FpingError);
    expect((error as Error).message).toContain('a system call failed (exit 4)');
    expect((error as Error).message).toContain('fopen : No such file or directory');
  });

  it('fails with fping’s usage when it rejects its arguments (fping 5 exits 1 then)', async () => {
    const error = await probeWith(await brokenFping('bad-count', '-C 0')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FpingError);
    expect((error as Error).message).toMatch(/rejected its arguments \(exit [13]\)/);
    expect((error as Error).message).toContain('Usage: ');
  });

  it('fails clearly when fping cannot be started', async () => {
    await expect(probeWith(join(dir, 'not-there'))).rejects.toThrow(
      /fping could not be started: .*ENOENT/,
    );
  });
});

describe('the ICMP probers against the lab', () => {
  let lab: RunningLab;
  let sites: LabSite[];
  let targets: IcmpTarget[];
  const fping = createIcmpProber('fping', { log: silentLogger });

  const site = (id: string): LabSite => {
    const s = sites.find((x) => x.id === id);
    if (!s) throw new Error(`no site ${id} in the lab`);
    return s;
  };
  /** Desa offices with nothing behind them: a fault there touches only them. */
  const leaves = (): LabSite[] =>
    sites.filter((s) => s.kind === 'desa' && !sites.some((c) => c.parentId === s.id));
  const fault = async (body: Record<string, unknown>): Promise<{ affected: string[] }> => {
    const { status, body: result } = await lab.post('/faults', body);
    expect(status, JSON.stringify(result)).toBe(201);
    return result as { affected: string[] };
  };
  const heal = () => lab.post('/heal', {});

  beforeAll(async () => {
    if (process.getuid?.() !== 0) {
      throw new Error('the lab tests need root (the lab makes a network namespace); run as root');
    }
    lab = await startLabWhenFree();
    sites = (await lab.get('/sites')) as LabSite[];
    targets = sites.map((s) => ({ siteId: s.id, host: s.address }));
  }, 180_000);

  afterAll(async () => {
    await lab?.stop();
  });

  it('reaches all 342 sites with fping, with sane RTTs, and maps a shared address to each site', async () => {
    expect(sites).toHaveLength(342);
    const shared = { siteId: 'alias-of-dc', host: site('dc-puspem').address };
    const before = Date.now();
    const results = await fping.probe([...targets, shared], QUICK, never());
    expect(results).toHaveLength(343);
    const down = results.filter((r) => !r.up).map((r) => r.siteId);
    expect(down).toEqual([]);
    for (const r of results) {
      expect(r.sent).toBe(3);
      expect(r.received).toBe(3);
      expect(r.lossPct).toBe(0);
      expect(r.confirmation).toBeNull();
      expect(r.rttMinMs as number).toBeGreaterThan(0);
      expect(r.rttMaxMs as number).toBeLessThan(100);
      expect(r.rttMinMs as number).toBeLessThanOrEqual(r.rttAvgMs as number);
      expect(r.rttAvgMs as number).toBeLessThanOrEqual(r.rttMaxMs as number);
      expect(r.jitterMs as number).toBeGreaterThanOrEqual(0);
      expect(r.at).toBeGreaterThanOrEqual(before);
    }
    const byId = bySite(results);
    expect(byId.get('alias-of-dc')).toMatchObject({ up: true, received: 3 });
    expect(byId.has('dc-puspem')).toBe(true);
  });

  it('confirms a down site as down (no reply in either round) and leaves every other site up', async () => {
    const leaf = leaves()[0] as LabSite;
    expect((await fault({ kind: 'down', site: leaf.id })).affected).toEqual([leaf.id]);
    try {
      const started = performance.now();
      const results = bySite(await fping.probe(targets, QUICK, never()));
      const elapsed = performance.now() - started;
      expect(results.get(leaf.id)).toMatchObject({
        up: false,
        sent: 3,
        received: 0,
        lossPct: 100,
        rttAvgMs: null,
        jitterMs: null,
        confirmation: { attempts: 2, received: 0 },
      });
      const othersDown = [...results.values()].filter((r) => !r.up && r.siteId !== leaf.id);
      expect(othersDown.map((r) => r.siteId)).toEqual([]);
      expect([...results.values()].filter((r) => r.confirmation !== null)).toHaveLength(1);
      // Main round (~1 s spread + 0.5 s timeout) and confirmation (0.2 s + 0.5 s): seconds, not more.
      expect(elapsed).toBeLessThan(4000);
    } finally {
      await heal();
    }
  });

  it('measures the loss of a lossy site in a plausible band, and keeps it up', async () => {
    const leaf = leaves()[1] as LabSite;
    const neighbour = leaves()[2] as LabSite;
    await fault({ kind: 'loss', site: leaf.id, lossPct: 30 });
    try {
      let sent = 0;
      let received = 0;
      const settings: IcmpSettings = { ...QUICK, count: 20, timeoutMs: 300 };
      // 10 probes × 20 requests: at p = 0.3 the standard deviation is 3.2 points.
      for (let i = 0; i < 10; i++) {
        const results = bySite(
          await fping.probe(
            [
              { siteId: leaf.id, host: leaf.address },
              { siteId: neighbour.id, host: neighbour.address },
            ],
            settings,
            never(),
          ),
        );
        const lossy = results.get(leaf.id) as IcmpProbeResult;
        expect(lossy.up).toBe(true);
        expect(lossy.sent).toBe(20);
        expect(lossy.lossPct).toBeCloseTo((100 * (20 - lossy.received)) / 20, 3);
        expect(results.get(neighbour.id)).toMatchObject({ up: true, lossPct: 0 });
        sent += lossy.sent;
        received += lossy.received;
      }
      const lossPct = (100 * (sent - received)) / sent;
      expect(lossPct).toBeGreaterThanOrEqual(19);
      expect(lossPct).toBeLessThanOrEqual(41);
    } finally {
      await heal();
    }
  }, 60_000);

  it('counts a site that comes back during the confirmation as up', async () => {
    const leaf = leaves()[3] as LabSite;
    // Down for 1 s: the main round (one request, 300 ms timeout) sees nothing; the confirmation
    // sends at about 0.35, 0.75, 1.15, 1.55, 1.95 and 2.35 s, so the heal lands among them.
    await fault({ kind: 'down', site: leaf.id, for: '1s' });
    try {
      const [result] = await fping.probe(
        [{ siteId: leaf.id, host: leaf.address }],
        { count: 1, timeoutMs: 300, confirm: { attempts: 6, intervalMs: 400 } },
        never(),
      );
      expect(result).toMatchObject({ up: true, sent: 1, received: 0, lossPct: 100 });
      expect(result?.confirmation?.attempts).toBe(6);
      expect(result?.confirmation?.received).toBeGreaterThanOrEqual(1);
      expect(result?.confirmation?.received).toBeLessThanOrEqual(5);
    } finally {
      await heal();
    }
  });

  it('gives the same up/down picture through the `ping` back end', async () => {
    const [down, ...rest] = leaves().slice(4, 9) as LabSite[];
    const few = [site('dc-puspem'), site('kec-cisoka'), down as LabSite, ...rest].map((s) => ({
      siteId: s.id,
      host: s.address,
    }));
    await fault({ kind: 'down', site: (down as LabSite).id });
    try {
      const settings: IcmpSettings = {
        count: 2,
        timeoutMs: 500,
        confirm: { attempts: 2, intervalMs: 200 },
      };
      const viaPing = await createPingProber({ log: silentLogger, concurrency: 4 }).probe(
        few,
        settings,
        never(),
      );
      const viaFping = await fping.probe(few, settings, never());
      const picture = (results: readonly IcmpProbeResult[]) =>
        Object.fromEntries(results.map((r) => [r.siteId, r.up]));
      expect(picture(viaPing)).toEqual(picture(viaFping));
      expect(picture(viaPing)[(down as LabSite).id]).toBe(false);
      expect(viaPing.filter((r) => r.up)).toHaveLength(few.length - 1);
      expect(bySite(viaPing).get((down as LabSite).id)).toMatchObject({
        sent: 2,
        received: 0,
        confirmation: { attempts: 2, received: 0 },
      });
      for (const r of viaPing.filter((x) => x.up)) {
        expect(r).toMatchObject({ sent: 2, received: 2, lossPct: 0 });
        expect(r.rttAvgMs as number).toBeLessThan(100);
      }
    } finally {
      await heal();
    }
  });

  it('kills fping promptly when the probe is aborted', async () => {
    const controller = new AbortController();
    // 20 requests each, spread over a second, 1 s timeout: well over a second of work.
    const probe = fping.probe(
      targets,
      { count: 20, timeoutMs: 1000, confirm: { attempts: 3, intervalMs: 1000 } },
      controller.signal,
    );
    const settled = probe.then(
      () => 'resolved',
      (e: unknown) => e,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await ourFpings()).toHaveLength(1);
    const abortedAt = performance.now();
    controller.abort(new Error('collector stopping'));
    const outcome = await settled;
    expect(performance.now() - abortedAt).toBeLessThan(300);
    expect(String(outcome)).toContain('collector stopping');
    expect(await ourFpings()).toEqual([]);
  });

  it('stops waiting at once when a `ping` probe is aborted', async () => {
    const controller = new AbortController();
    const settled = createPingProber({ log: silentLogger, concurrency: 4 })
      .probe(targets.slice(0, 40), QUICK, controller.signal)
      .then(
        () => 'resolved',
        (e: unknown) => e,
      );
    await new Promise((r) => setTimeout(r, 200));
    const abortedAt = performance.now();
    controller.abort(new Error('collector stopping'));
    expect(String(await settled)).toContain('collector stopping');
    expect(performance.now() - abortedAt).toBeLessThan(100);
  });
});
