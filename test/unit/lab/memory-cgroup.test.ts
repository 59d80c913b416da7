// Finding this process's memory cgroup and where it is mounted, on cgroup v1, v2 and hybrid
// systems, from the texts of /proc/self/cgroup and /proc/self/mountinfo.

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cgroupDirectory,
  cgroupMounts,
  createMemoryCgroup,
  makerOf,
  memoryCgroupParent,
  memoryMembership,
} from '../../../src/lab/memory-cgroup.js';

const HYBRID_CGROUP = [
  '9:name=systemd:/',
  '4:memory:/process_api/d505',
  '3:cpuset:/',
  '2:cpu,cpuacct:/other',
  '0::/',
  '',
].join('\n');

const HYBRID_MOUNTS = [
  '30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755',
  '31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu',
  '34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory',
  '40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
].join('\n');

describe('memoryMembership', () => {
  it('takes the v1 memory hierarchy on a hybrid system, whatever other lines say', () => {
    expect(memoryMembership(HYBRID_CGROUP)).toEqual({ version: 1, path: '/process_api/d505' });
  });

  it('finds memory among several controllers of one v1 line', () => {
    expect(memoryMembership('5:cpu,memory:/a/b\n0::/\n')).toEqual({ version: 1, path: '/a/b' });
  });

  it('takes the v2 line when no v1 hierarchy has memory', () => {
    expect(memoryMembership('0::/user.slice/session-3.scope\n')).toEqual({
      version: 2,
      path: '/user.slice/session-3.scope',
    });
  });

  it('finds none in text without either', () => {
    expect(memoryMembership('3:cpuset:/\n\n')).toBeNull();
  });
});

describe('cgroupMounts and cgroupDirectory', () => {
  it('lists the v1 memory mount and the v2 mount, not the other controllers', () => {
    expect(cgroupMounts(HYBRID_MOUNTS)).toEqual([
      { version: 1, root: '/', mountPoint: '/sys/fs/cgroup/memory' },
      { version: 2, root: '/', mountPoint: '/sys/fs/cgroup/unified' },
    ]);
  });

  it('reads optional fields and octal escapes in mountinfo', () => {
    const line = '50 30 0:40 /base /mnt/my\\040cgroups rw shared:7 - cgroup2 cgroup2 rw,nsdelegate';
    expect(cgroupMounts(line)).toEqual([
      { version: 2, root: '/base', mountPoint: '/mnt/my cgroups' },
    ]);
  });

  it('joins the cgroup path to the mount, taking off the part of the hierarchy the mount starts at', () => {
    const mounts = cgroupMounts(HYBRID_MOUNTS);
    expect(cgroupDirectory({ version: 1, path: '/process_api/d505' }, mounts)).toBe(
      '/sys/fs/cgroup/memory/process_api/d505',
    );
    const based = [{ version: 2 as const, root: '/base', mountPoint: '/sys/fs/cgroup' }];
    expect(cgroupDirectory({ version: 2, path: '/base/svc' }, based)).toBe('/sys/fs/cgroup/svc');
    // A cgroup outside the mounted part is not reachable through it.
    expect(cgroupDirectory({ version: 2, path: '/elsewhere' }, based)).toBeNull();
    expect(cgroupDirectory({ version: 2, path: '/' }, mounts)).toBe('/sys/fs/cgroup/unified');
  });
});

describe('memoryCgroupParent and createMemoryCgroup on files of a test', () => {
  let dir = '';
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** A fake v2 hierarchy under a temporary directory: only the files the code reads. */
  function v2Files(subtreeControl: string) {
    dir = mkdtempSync(join(tmpdir(), 'pantau-cgroup-'));
    const mount = join(dir, 'mnt');
    mkdirSync(join(mount, 'svc'), { recursive: true });
    writeFileSync(join(mount, 'svc', 'cgroup.subtree_control'), subtreeControl);
    writeFileSync(join(dir, 'cgroup'), '0::/svc\n');
    writeFileSync(join(dir, 'mountinfo'), `40 30 0:37 / ${mount} rw - cgroup2 cgroup2 rw\n`);
    return { mount, files: { procCgroup: join(dir, 'cgroup'), mountinfo: join(dir, 'mountinfo') } };
  }

  it('says why when a v2 parent does not give its children the memory controller', () => {
    const { files } = v2Files('cpu io\n');
    const parent = memoryCgroupParent(files);
    expect(parent).toEqual({
      ok: false,
      why: expect.stringMatching(
        /does not give its children the memory controller \(cgroup.subtree_control: cpu io\)/,
      ),
    });
    const made = createMemoryCgroup('pantau-test', 'x', 1 << 20, files);
    expect(made.ok).toBe(false);
  });

  it('names the file it cannot read', () => {
    const made = createMemoryCgroup('pantau-test', 'x', 1 << 20, {
      procCgroup: '/nonexistent/cgroup',
      mountinfo: '/nonexistent/mountinfo',
    });
    expect(made).toEqual({ ok: false, why: expect.stringContaining('/nonexistent/cgroup') });
  });

  it('refuses a limit that is not a whole number of bytes above 0', () => {
    const { files } = v2Files('memory\n');
    expect(createMemoryCgroup('pantau-test', 'x', 0, files)).toEqual({
      ok: false,
      why: 'the memory limit must be a whole number of bytes above 0, not 0',
    });
  });

  it('makes the cgroup with its limit under the parent, and removes the empty leftovers of dead makers', () => {
    const { mount, files } = v2Files('memory pids\n');
    // A leftover of a run that died (pid 2^22 + 1 is above any pid_max), and one of a live maker.
    mkdirSync(join(mount, 'svc', 'pantau-test-4194305-80'));
    mkdirSync(join(mount, 'svc', `pantau-test-${process.ppid}-81`));
    const made = createMemoryCgroup('pantau-test', '8086', 64 << 20, files);
    if (!made.ok) throw new Error(made.why);
    expect(made.cgroup.dir).toBe(join(mount, 'svc', `pantau-test-${process.pid}-8086`));
    expect(made.cgroup.version).toBe(2);
    expect(readFileSync(join(made.cgroup.dir, 'memory.max'), 'utf8')).toBe(String(64 << 20));
    expect(existsSync(join(mount, 'svc', 'pantau-test-4194305-80'))).toBe(false);
    expect(existsSync(join(mount, 'svc', `pantau-test-${process.ppid}-81`))).toBe(true);
  });

  it('reads the maker of a cgroup from its name', () => {
    expect(makerOf('pantau-influxd-123-8086', 'pantau-influxd')).toBe(123);
    expect(makerOf('pantau-influxdx-123-8086', 'pantau-influxd')).toBeNull();
    expect(makerOf('pantau-influxd-abc-8086', 'pantau-influxd')).toBeNull();
  });
});
