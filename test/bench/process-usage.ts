// CPU time and resident memory of processes, read from /proc: of this process (with its reaped
// children, e.g. fping) and of a whole process tree (a child and everything it started).

import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ on Linux: /proc times are in hundredths of a second. */
const TICK = 100;
const PAGE_BYTES = 4096;

interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime + cutime + cstime: its own CPU and that of the children it has reaped. */
  readonly cpuSeconds: number;
  readonly rssBytes: number;
}

/** One /proc/<pid>/stat; null when the process is gone. */
function procStat(pid: number | 'self'): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command (field 2) may hold spaces and parentheses: the fields after it start past the last ")".
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // After the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14) … rss(21)
  const n = (i: number): number => Number(fields[i] ?? 0);
  return {
    pid: pid === 'self' ? process.pid : pid,
    ppid: n(1),
    cpuSeconds: (n(11) + n(12) + n(13) + n(14)) / TICK,
    rssBytes: n(21) * PAGE_BYTES,
  };
}

/** CPU seconds of this process and of its reaped children (fping), from /proc/self/stat. */
export function cpuSeconds(): number {
  return procStat('self')?.cpuSeconds ?? 0;
}

export interface TreeUsage {
  /** CPU seconds of every live process of the tree, with what each has reaped. */
  readonly cpuSeconds: number;
  /** RSS of the tree's root alone (children such as fping come and go). */
  readonly rootRssBytes: number;
  /** RSS of every live process of the tree. */
  readonly treeRssBytes: number;
  readonly processes: number;
}

/**
 * The tree under `rootPid`; null when the root is gone. A child that exits moves its CPU time
 * into its parent's cutime/cstime once reaped, so the sum stays continuous.
 */
export function treeUsage(rootPid: number): TreeUsage | null {
  const root = procStat(rootPid);
  if (root === null) return null;
  const children = new Map<number, ProcStat[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const stat = procStat(Number(name));
    if (stat === null) continue;
    const list = children.get(stat.ppid);
    if (list) list.push(stat);
    else children.set(stat.ppid, [stat]);
  }
  let cpu = 0;
  let rss = 0;
  let processes = 0;
  const pending: ProcStat[] = [root];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    cpu += next.cpuSeconds;
    rss += next.rssBytes;
    processes += 1;
    pending.push(...(children.get(next.pid) ?? []));
  }
  return { cpuSeconds: cpu, rootRssBytes: root.rssBytes, treeRssBytes: rss, processes };
}

/** The pid of a process one of whose arguments holds `text`; null when none does. */
export function processWithArgument(text: string): number | null {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      if (
        readFileSync(`/proc/${name}/cmdline`, 'utf8')
          .split('\0')
          .some((a) => a.includes(text))
      )
        return Number(name);
    } catch {
      // gone meanwhile
    }
  }
  return null;
}
