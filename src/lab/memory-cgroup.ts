// A memory cgroup for a child process Pantau starts itself (the demo's and the benchmark's
// influxd), as systemd's MemoryMax does for a packaged service: at the limit the kernel reclaims
// the child's page cache and the pages of its memory-mapped data files, which otherwise stay in
// its RSS for as long as nothing else wants the memory. Made under this process's own cgroup,
// removed when the child has gone.

import { mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { processAlive } from './process-alive.js';

export type CgroupVersion = 1 | 2;

/** Where a process's memory cgroup sits, from /proc/<pid>/cgroup. */
export interface CgroupMembership {
  readonly version: CgroupVersion;
  /** The cgroup's path within its hierarchy, e.g. /user.slice or /. */
  readonly path: string;
}

/** A mounted cgroup hierarchy, from /proc/self/mountinfo. */
export interface CgroupMount {
  readonly version: CgroupVersion;
  /** The part of the hierarchy mounted there (usually /). */
  readonly root: string;
  readonly mountPoint: string;
}

/**
 * The memory cgroup in /proc/<pid>/cgroup's text: the v1 hierarchy whose controllers include
 * memory when there is one (hybrid systems keep memory there), else the v2 line (`0::/path`).
 */
export function memoryMembership(procCgroup: string): CgroupMembership | null {
  let unified: CgroupMembership | null = null;
  for (const line of procCgroup.split('\n')) {
    const first = line.indexOf(':');
    const second = line.indexOf(':', first + 1);
    if (first < 0 || second < 0) continue;
    const controllers = line.slice(first + 1, second);
    const path = line.slice(second + 1);
    if (controllers.split(',').includes('memory')) return { version: 1, path };
    if (line.slice(0, first) === '0' && controllers === '') unified = { version: 2, path };
  }
  return unified;
}

/** The cgroup mounts in /proc/self/mountinfo's text: v1 with the memory controller, and v2. */
export function cgroupMounts(mountinfo: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of mountinfo.split('\n')) {
    // id parent major:minor root mount-point options [optional…] - fstype source super-options
    const dash = line.indexOf(' - ');
    if (dash < 0) continue;
    const before = line.slice(0, dash).split(' ');
    const [fsType, , superOptions = ''] = line.slice(dash + 3).split(' ');
    const root = unescapeMountField(before[3] ?? '');
    const mountPoint = unescapeMountField(before[4] ?? '');
    if (fsType === 'cgroup2') mounts.push({ version: 2, root, mountPoint });
    else if (fsType === 'cgroup' && superOptions.split(',').includes('memory'))
      mounts.push({ version: 1, root, mountPoint });
  }
  return mounts;
}

/** mountinfo writes space, tab, newline and backslash as octal escapes. */
const unescapeMountField = (field: string): string =>
  field.replace(/\\([0-7]{3})/g, (_, octal: string) =>
    String.fromCharCode(Number.parseInt(octal, 8)),
  );

/** The directory of a cgroup under its mount, or null when the mount does not show it. */
export function cgroupDirectory(
  membership: CgroupMembership,
  mounts: readonly CgroupMount[],
): string | null {
  for (const mount of mounts) {
    if (mount.version !== membership.version) continue;
    const relative = posix.relative(mount.root, membership.path);
    if (relative.startsWith('..')) continue;
    return posix.join(mount.mountPoint, relative);
  }
  return null;
}

export interface MemoryCgroup {
  readonly dir: string;
  readonly version: CgroupVersion;
  readonly limitBytes: number;
  /** Moves a process into the cgroup; throws naming the file when the kernel refuses. */
  add(pid: number): void;
  /** The memory charged to the cgroup now (RSS and page cache), or null when unreadable. */
  usageBytes(): number | null;
  /** Removes the cgroup; its processes must have ended. Never throws: a leftover is only logged by the caller. */
  remove(): string | null;
}

export type MemoryCgroupAttempt =
  | { readonly ok: true; readonly cgroup: MemoryCgroup }
  | { readonly ok: false; readonly why: string };

/** Files a cgroup is read from and written to; real /proc and /sys unless a test says otherwise. */
export interface CgroupFiles {
  readonly procCgroup: string;
  readonly mountinfo: string;
}

const REAL_FILES: CgroupFiles = {
  procCgroup: '/proc/self/cgroup',
  mountinfo: '/proc/self/mountinfo',
};

const LIMIT_FILE: Record<CgroupVersion, string> = { 1: 'memory.limit_in_bytes', 2: 'memory.max' };
const USAGE_FILE: Record<CgroupVersion, string> = {
  1: 'memory.usage_in_bytes',
  2: 'memory.current',
};

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** The directory under which this process makes its memory cgroups, or why there is none. */
export function memoryCgroupParent(
  files: CgroupFiles = REAL_FILES,
): { ok: true; dir: string; version: CgroupVersion } | { ok: false; why: string } {
  let membership: CgroupMembership | null;
  let mounts: CgroupMount[];
  try {
    membership = memoryMembership(readFileSync(files.procCgroup, 'utf8'));
    mounts = cgroupMounts(readFileSync(files.mountinfo, 'utf8'));
  } catch (error) {
    return { ok: false, why: `cannot read this process's cgroups: ${messageOf(error)}` };
  }
  if (!membership) return { ok: false, why: `${files.procCgroup} names no memory cgroup` };
  const dir = cgroupDirectory(membership, mounts);
  if (!dir)
    return {
      ok: false,
      why: `no cgroup v${membership.version} mount shows ${membership.path} (${files.mountinfo})`,
    };
  if (membership.version === 2) {
    const control = join(dir, 'cgroup.subtree_control');
    let delegated: string;
    try {
      delegated = readFileSync(control, 'utf8');
    } catch (error) {
      return { ok: false, why: `cannot read ${control}: ${messageOf(error)}` };
    }
    if (!delegated.split(/\s+/).includes('memory'))
      return {
        ok: false,
        why: `${dir} does not give its children the memory controller (cgroup.subtree_control: ${delegated.trim() || 'empty'})`,
      };
  }
  return { ok: true, dir, version: membership.version };
}

/**
 * Makes a memory cgroup `<prefix>-<this pid>-<tag>` under this process's own, limited to
 * `limitBytes`, after removing the empty ones of the same prefix whose maker has died (a run
 * killed before it could clean up). It fails with the reason (no memory controller, not root, a
 * v2 parent that does not delegate memory) and leaves nothing behind.
 */
export function createMemoryCgroup(
  prefix: string,
  tag: string,
  limitBytes: number,
  files: CgroupFiles = REAL_FILES,
): MemoryCgroupAttempt {
  if (!Number.isSafeInteger(limitBytes) || limitBytes <= 0)
    return {
      ok: false,
      why: `the memory limit must be a whole number of bytes above 0, not ${limitBytes}`,
    };
  const name = `${prefix}-${process.pid}-${tag}`;
  if (!/^[A-Za-z0-9._-]+$/.test(name))
    return {
      ok: false,
      why: `a cgroup name is letters, digits, '.', '_' and '-', not ${JSON.stringify(name)}`,
    };
  const parent = memoryCgroupParent(files);
  if (!parent.ok) return parent;
  const { version } = parent;
  removeOrphans(parent.dir, prefix);
  const dir = join(parent.dir, name);
  try {
    mkdirSync(dir);
  } catch (error) {
    return { ok: false, why: `cannot make the cgroup ${dir}: ${messageOf(error)}` };
  }
  const limitFile = join(dir, LIMIT_FILE[version]);
  try {
    writeFileSync(limitFile, String(limitBytes));
  } catch (error) {
    rmdirQuietly(dir);
    return { ok: false, why: `cannot write ${limitFile}: ${messageOf(error)}` };
  }
  return {
    ok: true,
    cgroup: {
      dir,
      version,
      limitBytes,
      add(pid) {
        const procs = join(dir, 'cgroup.procs');
        try {
          writeFileSync(procs, String(pid));
        } catch (error) {
          throw new Error(`cannot move process ${pid} into ${procs}: ${messageOf(error)}`);
        }
      },
      usageBytes() {
        try {
          return Number(readFileSync(join(dir, USAGE_FILE[version]), 'utf8').trim());
        } catch {
          return null;
        }
      },
      remove: () => rmdirQuietly(dir),
    },
  };
}

/** The maker's pid in a cgroup name `<prefix>-<pid>-<tag>`, or null for another name. */
export function makerOf(name: string, prefix: string): number | null {
  if (!name.startsWith(`${prefix}-`)) return null;
  const pid = Number(name.slice(prefix.length + 1).split('-')[0]);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
}

/** rmdir refuses a cgroup with processes in it, so only empty leftovers go. */
function removeOrphans(parent: string, prefix: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const maker = makerOf(name, prefix);
    if (maker !== null && maker !== process.pid && !processAlive(maker))
      rmdirQuietly(join(parent, name));
  }
}

/** Removes an empty cgroup directory; the reason when it could not. */
function rmdirQuietly(dir: string): string | null {
  try {
    rmdirSync(dir);
    return null;
  } catch (error) {
    return `cannot remove the cgroup ${dir}: ${messageOf(error)}`;
  }
}
