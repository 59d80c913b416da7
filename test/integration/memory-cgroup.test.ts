// A memory cgroup Pantau makes for a child (the demo's influxd) really bounds what the child holds:
// a file read through the page cache, three times the size of the limit, leaves the cgroup's
// peak at or under the limit, where without it the whole file would stay cached. Needs root and
// a memory controller, as CI has.

import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createMemoryCgroup,
  memoryMembership,
  type MemoryCgroup,
} from '../../src/lab/memory-cgroup.js';

const LIMIT = 32 * 1024 * 1024;
const FILE_MB = 96;

/** The cgroup's peak charge: v1 keeps it in memory.max_usage_in_bytes, v2 in memory.peak. */
function peakOf(cgroup: MemoryCgroup): number {
  const file = cgroup.version === 1 ? 'memory.max_usage_in_bytes' : 'memory.peak';
  return Number(readFileSync(join(cgroup.dir, file), 'utf8').trim());
}

describe('a memory cgroup for a child process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pantau-cgroup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a child reading a file three times its limit at or under the limit, and goes when emptied', async () => {
    const file = join(dir, 'data');
    execFileSync('dd', ['if=/dev/zero', `of=${file}`, 'bs=1M', `count=${FILE_MB}`, 'conv=fsync'], {
      stdio: 'ignore',
    });
    // Its pages dropped from the cache, so that the child's reading charges its own cgroup.
    execFileSync('dd', [`if=${file}`, 'iflag=nocache', 'count=0'], { stdio: 'ignore' });
    const made = createMemoryCgroup('pantau-test', 'reader', LIMIT);
    if (!made.ok)
      throw new Error(`no memory cgroup on this machine (CI runs as root): ${made.why}`);
    const { cgroup } = made;
    // It waits for a line on stdin, so that it is in the cgroup before it reads.
    const child = spawn('sh', ['-c', `read go; cat '${file}' > /dev/null; echo done`], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    cgroup.add(child.pid as number);
    const inside = memoryMembership(readFileSync(`/proc/${child.pid}/cgroup`, 'utf8'));
    expect(cgroup.dir.endsWith(inside?.path ?? '(none)')).toBe(true);
    child.stdin.end('go\n');
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    expect(await exited).toBe(0);
    expect(out).toBe('done\n');
    const peak = peakOf(cgroup);
    // The reading was charged here (so the bound is the cgroup's, not an idle test)…
    expect(peak).toBeGreaterThan(LIMIT / 2);
    // …and the kernel reclaimed the cache at the limit: 96 MiB read, at most 32 MiB held.
    expect(peak).toBeLessThanOrEqual(LIMIT);
    expect(cgroup.remove()).toBeNull();
    expect(existsSync(cgroup.dir)).toBe(false);
  });
});
