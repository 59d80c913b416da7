// Runs `pantau serve` (the built CLI) as a child process with a config file, as an operator would,
// and writes the config files the end-to-end tests and benchmarks give it.

import { type ChildProcess, spawn } from 'node:child_process';
import { stringify } from 'yaml';
import { CLI, CLI_NODE_FLAGS, ROOT } from './lab-process.js';

export interface RunningServe {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  readonly output: () => string;
  /** SIGTERM, if it still runs, and wait for the exit. */
  stop(): Promise<void>;
}

/** `nodeArgs` go to node before the CLI, e.g. --cpu-prof for a benchmark's profile. */
export function startServe(configFile: string, nodeArgs: readonly string[] = []): RunningServe {
  // The node flags of the bin's first line (src/cli.ts), as the command `pantau serve` runs.
  const child = spawn(
    process.execPath,
    [...CLI_NODE_FLAGS, ...nodeArgs, CLI, 'serve', '-c', configFile],
    {
      cwd: ROOT,
      env: { ...process.env, SNMP_COMMUNITY: 'public' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const collect = (d: string): void => {
    output += d;
  };
  child.stdout?.setEncoding('utf8').on('data', collect);
  child.stderr?.setEncoding('utf8').on('data', collect);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return {
    child,
    exited,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Probes every 2 s with short timeouts and one quick confirmation: a lab fault shows in seconds. */
export const FAST_PROBES = {
  workers: 2,
  icmp: { interval: '2s', count: 2, timeout: '300ms', confirm: { attempts: 1, interval: '300ms' } },
  snmp: { interval: '10s', timeout: '1s', retries: 0 },
  kinds: { desa: { icmp: { interval: '2s' } }, core: { icmp: { interval: '2s' } } },
};

export interface ServeConfig {
  /** The API's port on 127.0.0.1. */
  readonly port: number;
  readonly dataDir: string;
  readonly influxUrl: string;
  readonly database: string;
  readonly inventoryFiles: readonly string[];
  /** More settings of the server and influx sections (logLevel, batch). */
  readonly server?: Readonly<Record<string, unknown>>;
  readonly influx?: Readonly<Record<string, unknown>>;
  /** Other sections (probe, status, lab); without probe, the built-in probe settings hold. */
  readonly sections?: Readonly<Record<string, unknown>>;
}

/** The YAML of a Pantau config file with its own API port, data directory and InfluxDB database. */
export function serveConfigYaml(c: ServeConfig): string {
  return stringify({
    server: { listen: `127.0.0.1:${c.port}`, dataDir: c.dataDir, ...c.server },
    influx: { url: c.influxUrl, database: c.database, ...c.influx },
    ...c.sections,
    inventory: { files: c.inventoryFiles },
  });
}
