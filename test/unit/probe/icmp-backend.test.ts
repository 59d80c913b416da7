import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/logger.js';
import { createIcmpProber, findProgram, resolveIcmpBackend } from '../../../src/probe/icmp/icmp.js';

describe('findProgram', () => {
  const present = new Set(['/usr/sbin/fping', '/opt/bin/fping']);
  const isExecutable = (path: string) => present.has(path);

  it('takes the first directory that has it', () => {
    expect(findProgram('fping', ['/usr/local/bin', '/opt/bin', '/usr/sbin'], isExecutable)).toBe(
      '/opt/bin/fping',
    );
  });

  it('skips empty PATH entries and finds nothing when no directory has it', () => {
    expect(findProgram('fping', ['', '/usr/local/bin'], isExecutable)).toBeNull();
  });

  it('looks in /usr/sbin and /usr/bin beyond PATH by default', () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const seen: string[] = [];
      findProgram('fping', undefined, (p) => {
        seen.push(p);
        return false;
      });
      expect(seen).toEqual(['/nonexistent/fping', '/usr/sbin/fping', '/usr/bin/fping']);
    } finally {
      process.env.PATH = saved;
    }
  });
});

describe('resolveIcmpBackend', () => {
  it('takes fping on auto when it is installed, else ping', () => {
    expect(resolveIcmpBackend('auto', '/usr/bin/fping')).toEqual({
      name: 'fping',
      path: '/usr/bin/fping',
    });
    expect(resolveIcmpBackend('auto', null)).toEqual({ name: 'ping' });
  });

  it('takes what is asked by name', () => {
    expect(resolveIcmpBackend('ping', '/usr/bin/fping')).toEqual({ name: 'ping' });
    expect(resolveIcmpBackend('fping', '/usr/sbin/fping')).toEqual({
      name: 'fping',
      path: '/usr/sbin/fping',
    });
    // Asked for but missing: fping it is, so the first probe fails saying fping could not start.
    expect(resolveIcmpBackend('fping', null)).toEqual({ name: 'fping', path: 'fping' });
  });
});

describe('createIcmpProber', () => {
  it('builds the back end asked for', () => {
    expect(createIcmpProber('ping', { log: silentLogger }).name).toBe('ping');
    expect(createIcmpProber('fping', { log: silentLogger, fpingPath: '/usr/bin/fping' }).name).toBe(
      'fping',
    );
    expect(createIcmpProber('auto', { log: silentLogger, fpingPath: '/usr/bin/fping' }).name).toBe(
      'fping',
    );
  });
});
