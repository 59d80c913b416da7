// `pantau demo` looks after the influxd it starts: killed with SIGKILL, it is logged (with the
// signal) and started again, after 1 s and then 2 s when it dies again at once, and the results
// of the gap reach InfluxDB all the same (the metrics spool holds them meanwhile). Each influxd it
// starts runs in a memory cgroup, removed when the demo stops.

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INFLUXD_MEMORY_LIMIT_BYTES } from '../../src/lab/index.js';
import { memoryMembership } from '../../src/lab/memory-cgroup.js';
import { influxAnswers } from '../../src/metrics/index.js';
import { childOutput } from '../helpers/child-output.js';
import { CLI, ROOT } from '../helpers/lab-process.js';
import { freePort } from '../helpers/ports.js';
import { DEMO_INVENTORY } from '../helpers/serve-lab.js';
import { FAST_PROBES, serveConfigYaml } from '../helpers/serve-process.js';
import { until } from '../helpers/until.js';

interface LogEntry {
  time: number;
  level: number;
  name: string;
  msg: string;
  childPid?: number;
  code?: number | null;
  signal?: string | null;
  restartInMs?: number;
  failures?: number;
  process?: string;
  cgroup?: string;
  limitMiB?: number;
}

/** The memory cgroup a process is in, as /proc/<pid>/cgroup names it (v1 memory, else v2). */
function memoryCgroupOf(pid: number): string | undefined {
  const membership = memoryMembership(readFileSync(`/proc/${pid}/cgroup`, 'utf8'));
  return membership?.path;
}

const DATABASE = 'pantau_demo_supervision';

async function countIcmp(influxUrl: string, fromMs: number, toMs: number): Promise<number> {
  const q = `SELECT count("up") FROM "icmp" WHERE time >= ${fromMs}ms AND time < ${toMs}ms`;
  const response = await fetch(`${influxUrl}/query?db=${DATABASE}&q=${encodeURIComponent(q)}`);
  const body = (await response.json()) as {
    results: { series?: { values: [string, number][] }[] }[];
  };
  return body.results[0]?.series?.[0]?.values[0]?.[1] ?? 0;
}

describe('pantau demo and its influxd', () => {
  let demo: ChildProcess | null = null;
  let dir = '';

  afterAll(async () => {
    if (demo && demo.exitCode === null) {
      const exited = new Promise((resolve) => demo?.once('exit', resolve));
      demo.kill('SIGTERM');
      await exited;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('logs the death of its influxd, restarts it with backoff, and loses no result of the gap', async () => {
    dir = await mkdtemp(join(tmpdir(), 'pantau-demo-'));
    const influxUrl = `http://127.0.0.1:${await freePort()}`;
    const apiPort = await freePort();
    const config = join(dir, 'demo.yaml');
    await writeFile(
      config,
      serveConfigYaml({
        port: apiPort,
        dataDir: join(dir, 'data'),
        influxUrl,
        database: DATABASE,
        inventoryFiles: [DEMO_INVENTORY],
        influx: { batch: { maxPoints: 500, maxDelay: '200ms' } },
        sections: { probe: FAST_PROBES, lab: { control: `127.0.0.1:${await freePort()}` } },
      }),
    );
    const env: NodeJS.ProcessEnv = { ...process.env, SNMP_COMMUNITY: 'public' };
    delete env.PANTAU_LOG_FORMAT; // stderr is a pipe here: the logs must be JSON by themselves
    const child = spawn(process.execPath, [CLI, 'demo', '-c', config], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    demo = child;
    const { stdout, stderr } = childOutput(child);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    // Node's own warnings, if any, are not Pantau's logs.
    const entries = (): LogEntry[] =>
      stderr()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as LogEntry);
    const entry = (what: string, test: (e: LogEntry) => boolean) =>
      until(() => entries().find(test), 60_000, `${what}\n${stdout()}\n${stderr()}`);

    await until(
      () => stdout().includes('API: '),
      120_000,
      `the demo to start\n${stdout()}\n${stderr()}`,
    );
    const started = await entry('influxd started', (e) => e.msg === 'influxd started for the demo');
    const firstPid = started.childPid as number;
    expect(firstPid).toBeGreaterThan(0);
    // influxd runs in a memory cgroup of its own (CI runs as root with a memory controller).
    const limited = await entry(
      'the memory cgroup',
      (e) => e.msg === 'influxd runs in a memory cgroup',
    );
    expect(limited.limitMiB).toBe(INFLUXD_MEMORY_LIMIT_BYTES / 2 ** 20);
    const cgroupDir = limited.cgroup as string;
    const limitFile = existsSync(join(cgroupDir, 'memory.max'))
      ? 'memory.max'
      : 'memory.limit_in_bytes';
    expect(readFileSync(join(cgroupDir, limitFile), 'utf8').trim()).toBe(
      String(INFLUXD_MEMORY_LIMIT_BYTES),
    );
    expect(cgroupDir.endsWith(memoryCgroupOf(firstPid) ?? '(none)')).toBe(true);
    await until(
      async () => (await countIcmp(influxUrl, 0, Date.now() + 60_000)) > 0,
      30_000,
      'results in InfluxDB',
    );

    // kill -9, as an engineer or the OOM killer would.
    process.kill(firstPid, 'SIGKILL');
    const died = await entry('the death logged', (e) => e.msg.startsWith('influxd exited'));
    expect(died).toMatchObject({
      level: 50,
      name: 'pantau-demo',
      process: 'influxd',
      childPid: firstPid,
      signal: 'SIGKILL',
      code: null,
      failures: 1,
      restartInMs: 1000,
      msg: 'influxd exited (SIGKILL); restarting in 1000 ms',
    });
    const restarted = await entry('the restart', (e) => e.msg === 'influxd restarted');
    expect(restarted.time - died.time).toBeGreaterThanOrEqual(1000);
    const secondPid = restarted.childPid as number;
    expect(secondPid).not.toBe(firstPid);
    expect(await influxAnswers(influxUrl)).toBe(true);
    // The restarted influxd is limited too.
    expect(cgroupDir.endsWith(memoryCgroupOf(secondPid) ?? '(none)')).toBe(true);

    // The results probed while influxd was away arrive once it is back.
    const api = `http://127.0.0.1:${apiPort}/api/health`;
    await until(
      async () => {
        const health = (await (await fetch(api)).json()) as {
          influx: { reachable: boolean };
          spool: { pendingPoints: number };
        };
        return health.influx.reachable && health.spool.pendingPoints === 0;
      },
      60_000,
      'the spool to be replayed',
    );
    // The metrics pipeline held them in its spool meanwhile, and replayed it.
    const spoolNotes = entries().filter((e) => e.time >= died.time && /spool/.test(e.msg));
    expect(spoolNotes.map((e) => e.level)).toEqual(expect.arrayContaining([40, 30]));
    // 343 targets pinged every 2 s: over a gap of more than a second, well over a hundred results.
    await until(
      async () => (await countIcmp(influxUrl, died.time, restarted.time)) > 100,
      60_000,
      `the results of the gap in InfluxDB\n${stderr()}`,
    );

    // Dying again at once doubles the wait.
    process.kill(secondPid, 'SIGKILL');
    const again = await entry(
      'the second death',
      (e) => e.childPid === secondPid && e.level === 50,
    );
    expect(again).toMatchObject({ signal: 'SIGKILL', failures: 2, restartInMs: 2000 });
    const third = await entry(
      'the second restart',
      (e) => e.msg === 'influxd restarted' && e.childPid !== secondPid,
    );
    expect(third.time - again.time).toBeGreaterThanOrEqual(2000);

    // Ctrl-C stops the demo and its influxd, with no death reported.
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(() => process.kill(third.childPid as number, 0)).toThrow(/ESRCH/);
    expect(entries().filter((e) => e.msg.startsWith('influxd exited'))).toHaveLength(2);
    // Its cgroup went with it.
    expect(existsSync(cgroupDir)).toBe(false);
  }, 240_000);
});
