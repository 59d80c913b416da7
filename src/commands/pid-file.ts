// The running server's pid file (<server.dataDir>/pantau.pid), by which `pantau reload` finds it.

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';

export const PID_FILE = 'pantau.pid';

export function pidFilePath(dataDir: string): string {
  return join(dataDir, PID_FILE);
}

/** Writes this process's pid; returns how to remove the file again (only if it is still ours). */
export function writePidFile(path: string): () => void {
  writeFileSync(path, `${process.pid}\n`);
  return () => {
    try {
      if (readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path);
    } catch {
      // Already gone: nothing to remove.
    }
  };
}

/**
 * server.dataDir of a main config file, read without validating the rest (so no secret need be
 * set): relative to the file, `var` beside it when unset.
 */
export function dataDirOf(configFile: string): string {
  const base = dirname(resolve(configFile));
  let text: string;
  try {
    text = readFileSync(configFile, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${configFile}: ${(error as Error).message}`);
  }
  const data = parse(text) as { server?: { dataDir?: unknown } } | null;
  const dataDir = data?.server?.dataDir;
  return typeof dataDir === 'string' && dataDir !== '' ? resolve(base, dataDir) : join(base, 'var');
}

/** The pid in a pid file, when that process runs and is a Pantau server; else an Error that says why. */
export function runningServer(path: string): number {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`no pid file at ${path}: is pantau serve running with this config?`);
  }
  const pid = Number(text.trim());
  if (!Number.isSafeInteger(pid) || pid <= 0)
    throw new Error(`${path} holds no pid ("${text.trim().slice(0, 40)}")`);
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    throw new Error(`${path}: process ${pid} is not running (a stale pid file)`);
  }
  // A stale pid file may name some other program by now: never signal that.
  if (!/\b(serve|demo)\b/.test(cmdline))
    throw new Error(`${path}: process ${pid} is not pantau serve ("${cmdline.trim()}")`);
  return pid;
}
