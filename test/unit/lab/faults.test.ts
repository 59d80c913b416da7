import { describe, expect, it } from 'vitest';
import { describeFault, faultSpecSchema, parseDuration } from '../../../src/lab/faults.js';

describe('fault specs', () => {
  it('parses durations', () => {
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1.5m')).toBe(90_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration(1200)).toBe(1200);
    expect(parseDuration('soon')).toBeNull();
    expect(parseDuration('5 minutes')).toBeNull();
    expect(parseDuration(-1)).toBeNull();
  });

  it('fills defaults per kind', () => {
    expect(faultSpecSchema.parse({ kind: 'reboot', site: 'a' })).toEqual({
      kind: 'reboot',
      site: 'a',
      downFor: 30_000,
      renumber: false,
    });
    expect(faultSpecSchema.parse({ kind: 'down', site: 'a' })).toEqual({
      kind: 'down',
      site: 'a',
      for: null,
    });
    expect(faultSpecSchema.parse({ kind: 'if-down', site: 'a', for: '2m' })).toEqual({
      kind: 'if-down',
      site: 'a',
      iface: 'lan',
      for: 120_000,
    });
  });

  it('rejects what a kind does not take, and bad values, with the field named', () => {
    const typo = faultSpecSchema.safeParse({ kind: 'down', site: 'a', loss: 5 });
    expect(typo.success).toBe(false);
    expect(typo.error?.issues[0]?.message).toMatch(/loss/);
    const loss = faultSpecSchema.safeParse({ kind: 'loss', site: 'a', lossPct: 120 });
    expect(loss.error?.issues[0]?.path).toEqual(['lossPct']);
    expect(loss.error?.issues[0]?.message).toBe('must be at most 100');
    const slow = faultSpecSchema.safeParse({ kind: 'snmp-slow', site: 'a', delay: 'a while' });
    expect(slow.error?.issues[0]?.message).toBe(
      '"a while" is not a duration (like 500ms, 30s, 5m, 2h)',
    );
    expect(faultSpecSchema.safeParse({ kind: 'flood', site: 'a' }).success).toBe(false);
  });

  it('describes a fault in one line', () => {
    expect(
      describeFault(faultSpecSchema.parse({ kind: 'loss', site: 'kec-a', lossPct: 5, for: '2m' })),
    ).toBe('loss 5% kec-a for 2m');
    expect(
      describeFault(faultSpecSchema.parse({ kind: 'reboot', site: 'kec-a', renumber: true })),
    ).toBe('reboot kec-a (down 30s, renumbered)');
  });
});
