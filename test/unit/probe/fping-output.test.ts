import { describe, expect, it } from 'vitest';
import { parseFpingOutput } from '../../../src/probe/icmp/fping-output.js';

/** fping 5.1's stderr for `-C 3 -q`, as captured here: names padded to the longest. */
const CAPTURED = `198.18.0.2   : 0.084 0.089 0.086
198.18.0.10  : - - -
198.18.1.200 : 12.3 - 1.05
`;

describe('parseFpingOutput', () => {
  it('reads each target’s RTT list, padding and lost replies included', () => {
    const out = parseFpingOutput(CAPTURED);
    expect([...out.echoes]).toEqual([
      ['198.18.0.2', [0.084, 0.089, 0.086]],
      ['198.18.0.10', [null, null, null]],
      ['198.18.1.200', [12.3, null, 1.05]],
    ]);
    expect(out.errors).toEqual([]);
    expect(out.unrecognised).toEqual([]);
    expect(out.truncated).toBe(false);
  });

  it('reads every number format fping prints, and a negative time (clock step) as 0', () => {
    const out = parseFpingOutput('h : 0.012 1.23 12.3 123 1.235e+06 -0.5 1E+03\n');
    expect(out.echoes.get('h')).toEqual([0.012, 1.23, 12.3, 123, 1_235_000, 0, 1000]);
  });

  it('counts duplicate replies apart and does not take them for replies', () => {
    const out = parseFpingOutput(
      [
        '198.18.0.5 : duplicate for [0], 64 bytes, 0.101 ms',
        '198.18.0.5 : duplicate for [2], 64 bytes, 0.113 ms [<- 198.18.0.6]',
        '198.18.0.7 : duplicate for [1], 64 bytes, 1.20 ms',
        '198.18.0.5 : 0.090 - 0.110',
        '',
      ].join('\n'),
    );
    expect(out.echoes.get('198.18.0.5')).toEqual([0.09, null, 0.11]);
    expect(out.echoes.has('198.18.0.7')).toBe(false);
    expect([...out.duplicates]).toEqual([
      ['198.18.0.5', 2],
      ['198.18.0.7', 1],
    ]);
    expect(out.unrecognised).toEqual([]);
  });

  it('joins the echoes of a host listed twice: both runs are real observations', () => {
    const out = parseFpingOutput(
      '127.0.0.1 : 0.05 0.06\n127.0.0.2 : 0.01 0.02\n127.0.0.1 : - 0.07\n',
    );
    expect(out.echoes.get('127.0.0.1')).toEqual([0.05, 0.06, null, 0.07]);
    expect(out.echoes.get('127.0.0.2')).toEqual([0.01, 0.02]);
  });

  it('reports nothing for a name that did not resolve (fping -q says nothing about it)', () => {
    const out = parseFpingOutput('198.18.0.2 : 0.1 0.1\n');
    expect(out.echoes.has('router.nowhere.invalid')).toBe(false);
    expect(out.errors).toEqual([]);
  });

  it('reads name-resolution and send errors as errors of their host', () => {
    const out = parseFpingOutput(
      [
        'router.nowhere.invalid: Name or service not known',
        'kec-x.example: Temporary failure in name resolution',
        'fe80::1: No address associated with hostname',
        '198.18.0.7: error while sending ping: No buffer space available',
        '198.18.0.7 : - 0.5',
        '',
      ].join('\n'),
    );
    expect(out.errors).toEqual([
      { host: 'router.nowhere.invalid', message: 'Name or service not known' },
      { host: 'kec-x.example', message: 'Temporary failure in name resolution' },
      { host: 'fe80::1', message: 'No address associated with hostname' },
      { host: '198.18.0.7', message: 'error while sending ping: No buffer space available' },
    ]);
    expect(out.echoes.get('198.18.0.7')).toEqual([null, 0.5]);
    expect(out.unrecognised).toEqual([]);
  });

  it('reads ICMP errors as errors of the target the echo was sent to, not of the router that sent them', () => {
    const out = parseFpingOutput(
      [
        'ICMP Host Unreachable from 198.19.255.254 for ICMP Echo sent to 198.18.3.4',
        'ICMP Unreachable (Communication Administratively Prohibited) from 198.18.0.1 for ICMP Echo sent to 198.18.0.9',
        'ICMP Time Exceeded from 198.18.0.1 for ICMP Echo sent to 198.18.0.20',
        'ICMP 42 from 198.18.0.1 for ICMP Echo sent to 198.18.0.21',
        '198.18.3.4  : - -',
        '198.18.0.9  : - -',
        '198.18.0.20 : - -',
        '198.18.0.21 : - -',
        '',
      ].join('\n'),
    );
    expect(out.errors).toEqual([
      { host: '198.18.3.4', message: 'ICMP Host Unreachable from 198.19.255.254' },
      {
        host: '198.18.0.9',
        message: 'ICMP Unreachable (Communication Administratively Prohibited) from 198.18.0.1',
      },
      { host: '198.18.0.20', message: 'ICMP Time Exceeded from 198.18.0.1' },
      { host: '198.18.0.21', message: 'ICMP 42 from 198.18.0.1' },
    ]);
    expect(out.echoes.size).toBe(4);
    expect(out.echoes.has('198.19.255.254')).toBe(false);
  });

  it('skips blank lines and carriage returns', () => {
    const out = parseFpingOutput('\r\n\n   \na : 1.0 2.0\r\n\r\nb : -\r\n');
    expect([...out.echoes]).toEqual([
      ['a', [1, 2]],
      ['b', [null]],
    ]);
    expect(out.unrecognised).toEqual([]);
  });

  it('ignores a last line fping did not finish writing, and says so', () => {
    const out = parseFpingOutput('198.18.0.1 : 0.10 0.12 0.11\n198.18.0.2 : 0.10 0.1');
    expect([...out.echoes.keys()]).toEqual(['198.18.0.1']);
    expect(out.truncated).toBe(true);
  });

  it('takes a target that had no request complete (fping interrupted) as one with no echoes', () => {
    const out = parseFpingOutput('198.18.0.1 :\n');
    expect(out.echoes.get('198.18.0.1')).toEqual([]);
  });

  it('keeps fping’s own messages and anything else unparseable as unrecognised lines', () => {
    const out = parseFpingOutput(
      [
        'fping: fopen : No such file or directory',
        "see 'fping -h' for usage information",
        '198.18.0.1 : 0.1 abc 0.2',
        '198.18.0.2 : 0.1',
        '',
      ].join('\n'),
    );
    expect(out.unrecognised).toEqual([
      'fping: fopen : No such file or directory',
      "see 'fping -h' for usage information",
      '198.18.0.1 : 0.1 abc 0.2',
    ]);
    expect([...out.echoes.keys()]).toEqual(['198.18.0.2']);
  });

  it('reads IPv6 targets', () => {
    const out = parseFpingOutput('2001:db8::1 : 0.2 -\n::1         : 0.01 0.02\n');
    expect(out.echoes.get('2001:db8::1')).toEqual([0.2, null]);
    expect(out.echoes.get('::1')).toEqual([0.01, 0.02]);
  });

  it('gives nothing for no output', () => {
    expect(parseFpingOutput('')).toEqual({
      echoes: new Map(),
      duplicates: new Map(),
      errors: [],
      unrecognised: [],
      truncated: false,
    });
  });
});
