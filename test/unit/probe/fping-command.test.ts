import { describe, expect, it } from 'vitest';
import {
  acceptableHost,
  FpingError,
  fpingArgs,
  fpingFailure,
  printedExcerpt,
} from '../../../src/probe/icmp/fping-command.js';
import { parseFpingOutput } from '../../../src/probe/icmp/fping-output.js';

describe('fpingArgs', () => {
  it('asks for every RTT, quietly, no retries, the pacing given, targets from stdin', () => {
    expect(fpingArgs({ count: 3, timeoutMs: 500 }, { intervalMs: 0, periodMs: 333.333 })).toEqual([
      '-C',
      '3',
      '-q',
      '-t',
      '500',
      '-r',
      '0',
      '-p',
      '333.333',
      '-i',
      '0',
      '-f',
      '-',
    ]);
  });
});

describe('acceptableHost', () => {
  it('takes addresses and names', () => {
    for (const host of ['198.18.0.2', '127.0.0.1', 'router.kec-cisoka.go.id', '2001:db8::1']) {
      expect(acceptableHost(host)).toBe(true);
    }
  });

  it('refuses what fping would read as something else, or as nothing', () => {
    for (const host of ['', ' ', '198.18.0.2 198.18.0.3', '#198.18.0.2', 'a\nb', 'x'.repeat(131)]) {
      expect(acceptableHost(host)).toBe(false);
    }
  });
});

describe('fpingFailure', () => {
  const results = parseFpingOutput('198.18.0.2 : 0.1 -\n');
  const nothing = parseFpingOutput('');
  const usage = parseFpingOutput(
    'Usage: fping [options] [targets...]\n\nProbing options:\n   -4, --ipv4         only ping IPv4 addresses\n',
  );

  it('lets the output stand when all answered (0), some did not (1), some names did not resolve (2)', () => {
    expect(fpingFailure({ code: 0, signal: null }, results)).toBeNull();
    expect(fpingFailure({ code: 1, signal: null }, results)).toBeNull();
    expect(fpingFailure({ code: 2, signal: null }, results)).toBeNull();
    expect(fpingFailure({ code: 2, signal: null }, nothing)).toBeNull();
  });

  it('fails on invalid arguments and failed system calls', () => {
    expect(fpingFailure({ code: 3, signal: null }, nothing)).toBe(
      'rejected its arguments (exit 3)',
    );
    expect(fpingFailure({ code: 4, signal: null }, nothing)).toBe('a system call failed (exit 4)');
  });

  it('tells fping 5’s usage exit (1) from "some did not answer" (1): it reports no target', () => {
    expect(fpingFailure({ code: 1, signal: null }, usage)).toBe('rejected its arguments (exit 1)');
    const ownError = parseFpingOutput("fping: can't specify both -4 and -6\n");
    expect(fpingFailure({ code: 1, signal: null }, ownError)).toBe(
      'rejected its arguments (exit 1)',
    );
    // Nothing printed and nothing probed (no target given) is not an error of fping's.
    expect(fpingFailure({ code: 1, signal: null }, nothing)).toBeNull();
  });

  it('fails when killed, or on an exit code fping does not document', () => {
    expect(fpingFailure({ code: null, signal: 'SIGKILL' }, results)).toBe('killed by SIGKILL');
    expect(fpingFailure({ code: 127, signal: null }, nothing)).toBe('exited with 127');
  });
});

describe('FpingError', () => {
  it('says what failed, what fping printed, and the command', () => {
    const error = new FpingError(
      'a system call failed (exit 4)',
      "fping: can't create socket (must run as root?)\n",
      'fping -C 3 -q -f -',
    );
    expect(error.message).toBe(
      "fping a system call failed (exit 4): it printed: fping: can't create socket (must run as root?) (`fping -C 3 -q -f -`)",
    );
    expect(error.name).toBe('FpingError');
  });
});

describe('printedExcerpt', () => {
  it('says when nothing was printed', () => {
    expect(printedExcerpt('\n \n')).toBe('it printed nothing');
  });

  it('keeps the first lines and counts the rest', () => {
    const text = Array.from({ length: 12 }, (_, i) => `line ${i}`).join('\n');
    expect(printedExcerpt(text, 2)).toBe('it printed: line 0 | line 1 (+10 more lines)');
  });

  it('cuts very long lines', () => {
    expect(printedExcerpt('x'.repeat(300))).toBe(`it printed: ${'x'.repeat(200)}…`);
  });
});
