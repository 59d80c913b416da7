// An influxd (InfluxDB 1.x, Debian's package) run as a child process: for the demo, the tests and
// the benchmarks. Every listener on loopback, its data in a directory of its own, quiet logs.
// It can be killed (SIGKILL for fault tests) and started again on the same port and data.

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { influxAnswers } from '../metrics/index.js';
import { findProgram, isExecutable } from '../probe/index.js';
import { createMemoryCgroup, type MemoryCgroup } from './memory-cgroup.js';
import type { ProcessExit } from './process-supervisor.js';

export interface Influxd {
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:41234. */
  readonly url: string;
  readonly port: number;
  /** The directory holding meta, data, wal and the config file. */
  readonly dataDir: string;
  /** influxd's output so far, for failure messages. */
  output(): string;
  /** The running influxd's process id; null before the first start or when it never spawned. */
  pid(): number | null;
  /** Resolves with how the running influxd ended (exit code or signal); at once when none runs. */
  exited(): Promise<ProcessExit>;
  /** Starts it again (after kill) on the same port and data directory; waits for /ping. */
  start(): Promise<void>;
  /** Sends `signal` and waits for the exit; the data directory stays. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Stops it (SIGTERM, then SIGKILL after 10 s); removes the data directory when asked to. */
  stop(): Promise<void>;
  /** The memory cgroup it runs in when one was asked for: its limit, or why there is none. */
  readonly memoryLimit: InfluxdMemoryLimit | null;
}

export type InfluxdMemoryLimit =
  | { readonly applied: true; readonly bytes: number; readonly cgroup: string }
  | { readonly applied: false; readonly bytes: number; readonly why: string };

export interface InfluxdOptions {
  readonly dataDir: string;
  readonly httpPort: number;
  /** The RPC port (backup and restore), on loopback too. */
  readonly rpcPort: number;
  /** Remove the data directory at stop (tests); the demo keeps its data. */
  readonly removeDataOnStop?: boolean;
  /** How long start() waits for /ping to answer 204. */
  readonly startTimeoutMs?: number;
  /** [http] max-row-limit: answers longer than this are cut and marked partial (tests). */
  readonly maxRowLimit?: number;
  /**
   * Its own process group, so a Ctrl-C in the terminal reaches only Pantau, which writes what
   * waits and then stops influxd itself.
   */
  readonly ownProcessGroup?: boolean;
  /**
   * Runs it in a memory cgroup of this size (bytes), where the machine allows (root, a memory
   * controller): the kernel then keeps its page cache and mapped data files within the limit, as
   * systemd's MemoryMax does for the packaged service. Not applied: `memoryLimit` says why.
   */
  readonly memoryLimitBytes?: number;
}

/** PANTAU_INFLUXD, else influxd on PATH, else /usr/bin/influxd; throws naming the package. */
export function findInfluxd(): string {
  const explicit = process.env.PANTAU_INFLUXD;
  if (explicit) {
    if (isExecutable(explicit)) return explicit;
    throw new Error(`PANTAU_INFLUXD=${explicit} is not an executable file`);
  }
  const found = findProgram('influxd', [...(process.env.PATH ?? '').split(delimiter), '/usr/bin']);
  if (found !== null) return found;
  throw new Error(
    'influxd (InfluxDB 1.x) is not installed: install the Debian package influxdb ' +
      '(apt-get install influxdb), or set PANTAU_INFLUXD to the influxd to use',
  );
}

/**
 * The influxd settings Pantau ships (docs/metrics.md gives the reason for each; docker-compose.yml
 * sets the same through INFLUXDB_* variables).
 */
export const LEAN_INFLUXD_DATA_SETTINGS: readonly (readonly [string, string])[] = [
  // The series index on disk: memory does not grow with the series (a few per site).
  ['index-version', '"tsi1"'],
  // A shard's write cache is written to disk at 25 MB or after 10 idle minutes (the defaults);
  // past 512 MB influxd refuses writes and Pantau spools them, rather than influxd swelling.
  ['cache-max-memory-size', '"512m"'],
  ['cache-snapshot-memory-size', '"25m"'],
  ['cache-snapshot-write-cold-duration', '"10m"'],
  // One compaction at a time: at most one core, whatever the machine has.
  ['max-concurrent-compactions', '1'],
  ['compact-full-write-cold-duration', '"4h"'],
];

/**
 * The Go runtime's soft memory limit for the influxd Pantau starts: the collector returns freed
 * heap to the system near it instead of letting RSS float to twice the live heap (GOGC=100).
 */
export const INFLUXD_GO_MEMORY_LIMIT = '700MiB';

/**
 * The whole influxd's memory (Go heap, page cache, mapped TSM and index files) for the demo and
 * the benchmark: GOMEMLIMIT plus 200 MiB for the files of the shards being written and read.
 */
export const INFLUXD_MEMORY_LIMIT_BYTES = 900 * 1024 * 1024;

function configText(dir: string, httpPort: number, rpcPort: number, maxRowLimit: number): string {
  return [
    'reporting-disabled = true',
    `bind-address = "127.0.0.1:${rpcPort}"`,
    '[meta]',
    `  dir = "${join(dir, 'meta')}"`,
    '  logging-enabled = false',
    '[data]',
    `  dir = "${join(dir, 'data')}"`,
    `  wal-dir = "${join(dir, 'wal')}"`,
    '  query-log-enabled = false',
    ...LEAN_INFLUXD_DATA_SETTINGS.map(([key, value]) => `  ${key} = ${value}`),
    '[monitor]',
    '  store-enabled = false',
    '[http]',
    '  enabled = true',
    `  bind-address = "127.0.0.1:${httpPort}"`,
    '  log-enabled = false',
    `  max-row-limit = ${maxRowLimit}`,
    '[logging]',
    '  level = "error"',
    '  suppress-logo = true',
    // Pantau computes its rollups itself and makes no continuous query.
    '[continuous_queries]',
    '  enabled = false',
    '[subscriber]',
    '  enabled = false',
    '',
  ].join('\n');
}

export async function startInfluxd(options: InfluxdOptions): Promise<Influxd> {
  const binary = findInfluxd();
  const { dataDir, rpcPort } = options;
  const port = options.httpPort;
  mkdirSync(dataDir, { recursive: true });
  const configFile = join(dataDir, 'influxdb.conf');
  writeFileSync(configFile, configText(dataDir, port, rpcPort, options.maxRowLimit ?? 0));
  const removeData = (): void => {
    if (options.removeDataOnStop) rmSync(dataDir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${port}`;
  const startTimeoutMs = options.startTimeoutMs ?? 30_000;

  let child: ChildProcess | null = null;
  let output = '';
  let cgroup: MemoryCgroup | null = null;
  let memoryLimit: InfluxdMemoryLimit | null = null;
  if (options.memoryLimitBytes !== undefined) {
    const made = createMemoryCgroup('pantau-influxd', String(port), options.memoryLimitBytes);
    if (made.ok) cgroup = made.cgroup;
    memoryLimit = made.ok
      ? { applied: true, bytes: options.memoryLimitBytes, cgroup: made.cgroup.dir }
      : { applied: false, bytes: options.memoryLimitBytes, why: made.why };
  }
  // Once influxd has gone: an empty cgroup can be removed (a leftover goes at the next start).
  const removeCgroup = (): void => {
    cgroup?.remove();
  };
  // influxd must not outlive a test run that dies before its afterAll.
  const killOnExit = (): void => {
    child?.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  // A process that never spawned (no pid) emits no 'exit': it counts as ended already.
  const exitOf = (proc: ChildProcess): Promise<ProcessExit> =>
    proc.exitCode !== null || proc.signalCode !== null || proc.pid === undefined
      ? Promise.resolve({ code: proc.exitCode, signal: proc.signalCode })
      : new Promise((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));

  async function start(): Promise<void> {
    if (child && child.exitCode === null && child.signalCode === null)
      throw new Error(`influxd on port ${port} is already running`);
    const proc = spawn(binary, ['run', '-config', configFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.ownProcessGroup ?? false,
      env: { ...process.env, GOMEMLIMIT: process.env.GOMEMLIMIT ?? INFLUXD_GO_MEMORY_LIMIT },
    });
    child = proc;
    if (cgroup && proc.pid !== undefined) {
      try {
        cgroup.add(proc.pid);
      } catch (error) {
        memoryLimit = {
          applied: false,
          bytes: cgroup.limitBytes,
          why: error instanceof Error ? error.message : String(error),
        };
      }
    }
    // The last 64 KiB only: a demo runs for days, restarts included.
    const keep = (d: string): void => {
      output = (output + d).slice(-65_536);
    };
    proc.stdout?.setEncoding('utf8').on('data', keep);
    proc.stderr?.setEncoding('utf8').on('data', keep);
    const failed: { error: Error | null } = { error: null };
    proc.once('error', (error) => {
      failed.error = error;
    });
    const deadline = Date.now() + startTimeoutMs;
    while (Date.now() < deadline) {
      if (failed.error) throw new Error(`influxd could not be started: ${failed.error.message}`);
      if (proc.exitCode !== null || proc.signalCode !== null)
        throw new Error(
          `influxd exited (${proc.exitCode ?? proc.signalCode}) while starting on port ${port}:\n${output}`,
        );
      if (await influxAnswers(url)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const gone = exitOf(proc);
    proc.kill('SIGKILL');
    await gone; // so that a start() right after sees it ended
    throw new Error(`influxd did not answer ${url}/ping within ${startTimeoutMs} ms:\n${output}`);
  }

  async function kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const proc = child;
    if (!proc) return;
    const done = exitOf(proc);
    proc.kill(signal);
    await done;
  }

  async function stop(): Promise<void> {
    const proc = child;
    if (proc) {
      const done = exitOf(proc);
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await done;
      clearTimeout(timer);
    }
    process.removeListener('exit', killOnExit);
    removeCgroup();
    removeData();
  }

  try {
    await start();
  } catch (error) {
    await kill();
    process.removeListener('exit', killOnExit);
    removeCgroup();
    removeData();
    throw error;
  }
  return {
    url,
    port,
    dataDir,
    output: () => output,
    pid: () => child?.pid ?? null,
    exited: () => (child ? exitOf(child) : Promise.resolve({ code: null, signal: null })),
    start,
    kill,
    stop,
    get memoryLimit() {
      return memoryLimit;
    },
  };
}
