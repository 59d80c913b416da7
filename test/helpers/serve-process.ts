// Runs `pantau serve` (the built CLI) as a child process with a config file, as an operator would.

import { type ChildProcess, spawn } from 'node:child_process';
import { CLI, ROOT } from './lab-process.js';

export interface RunningServe {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  readonly output: () => string;
}

/** `nodeArgs` go to node before the CLI, e.g. --cpu-prof for a benchmark's profile. */
export function startServe(configFile: string, nodeArgs: readonly string[] = []): RunningServe {
  const child = spawn(process.execPath, [...nodeArgs, CLI, 'serve', '-c', configFile], {
    cwd: ROOT,
    env: { ...process.env, SNMP_COMMUNITY: 'public' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (d: string): void => {
    output += d;
  };
  child.stdout?.setEncoding('utf8').on('data', collect);
  child.stderr?.setEncoding('utf8').on('data', collect);
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, exited, output: () => output };
}
