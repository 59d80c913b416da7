// Runs `pantau lab` (the built CLI) as a child process, as a user would, and talks to its control API.

import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './ports.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = `${ROOT}dist/cli.js`;

/** The node flags the bin's first line gives (`#!/usr/bin/env -S node FLAGS…`), read from it. */
export const CLI_NODE_FLAGS: readonly string[] = shebangNodeFlags(
  readFileSync(new URL('../../src/cli.ts', import.meta.url), 'utf8'),
);

export function shebangNodeFlags(source: string): string[] {
  const first = source.split('\n', 1)[0] ?? '';
  const match = /^#!\/usr\/bin\/env(?: -S)? node((?: --?[\w-]+(?:=\S+)?)*)$/.exec(first);
  if (!match)
    throw new Error(
      `src/cli.ts: the first line is not "#!/usr/bin/env [-S] node [flags]": ${first}`,
    );
  return (match[1] ?? '').split(' ').filter(Boolean);
}
const execFileP = promisify(execFile);

export interface RunningLab {
  readonly process: ChildProcess;
  readonly control: string;
  readonly output: () => string;
  get(path: string): Promise<unknown>;
  post(path: string, body: unknown): Promise<{ status: number; body: unknown }>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

export async function startLab(
  args: readonly string[],
  env: Record<string, string> = {},
  startTimeoutMs = 60_000,
): Promise<RunningLab> {
  const port = await freePort();
  const control = `127.0.0.1:${port}`;
  const child = spawn(process.execPath, [CLI, 'lab', 'run', '--control', control, ...args], {
    cwd: ROOT,
    env: { ...process.env, SNMP_COMMUNITY: 'public', PANTAU_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => {
    output += d;
  });
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    output += d;
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(new Error(`the lab did not start within ${startTimeoutMs / 1000} s:\n${output}`)),
      startTimeoutMs,
    );
    const check = (): void => {
      if (output.includes('control API on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the lab exited with ${code} while starting:\n${output}`));
    });
  });
  const base = `http://${control}`;
  return {
    process: child,
    control,
    output: () => output,
    async get(path) {
      const response = await fetch(`${base}${path}`);
      return response.json();
    },
    async post(path, body) {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    stop() {
      if (child.exitCode !== null) return Promise.resolve(child.exitCode);
      const exited = new Promise<number | null>((resolve) =>
        child.once('exit', (code) => resolve(code)),
      );
      child.kill('SIGTERM');
      return exited;
    },
  };
}

export interface CommandResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a program; never rejects on a non-zero exit (tests look at the code). */
export async function runTool(
  program: string,
  args: readonly string[],
  timeoutMs = 30_000,
): Promise<CommandResult> {
  try {
    const { stdout, stderr } = await execFileP(program, [...args], {
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string };
    return {
      code: typeof e.code === 'number' ? e.code : -1,
      stdout: e.stdout ?? '',
      stderr: e.stderr ?? '',
    };
  }
}
