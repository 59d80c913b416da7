// InfluxQL text pieces: quoting and escaping of names and literals, durations, times.

import { describe, expect, it } from 'vitest';
import {
  canonicalStatement,
  formatDuration,
  quoteIdent,
  stringLiteral,
  timeLiteral,
} from '../../../src/metrics/influxql.js';

describe('quoteIdent and stringLiteral', () => {
  it('quote plain names and values', () => {
    expect(quoteIdent('pantau')).toBe('"pantau"');
    expect(stringLiteral('opd-dinkes')).toBe("'opd-dinkes'");
  });

  it('escape their own quote, backslashes and line breaks, and nothing else', () => {
    expect(quoteIdent('a"b\\c\nd\'e')).toBe('"a\\"b\\\\c\\nd\'e"');
    expect(stringLiteral('a\'b\\c\nd"e')).toBe("'a\\'b\\\\c\\nd\"e'");
  });

  it('keep an injection attempt inside the literal', () => {
    const literal = stringLiteral('x\' OR 1=1; DROP DATABASE "pantau" --');
    expect(literal).toBe("'x\\' OR 1=1; DROP DATABASE \"pantau\" --'");
    // The only unescaped quotes are the two that delimit it.
    expect(literal.replace(/\\./g, '').match(/'/g)).toHaveLength(2);
  });

  it('keep a trailing backslash from escaping the closing quote', () => {
    expect(stringLiteral('site\\')).toBe("'site\\\\'");
  });
});

describe('formatDuration', () => {
  it('uses the largest whole unit, as InfluxDB prints durations', () => {
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(1)).toBe('1ms');
    expect(formatDuration(1_500)).toBe('1500ms');
    expect(formatDuration(90_000)).toBe('90s');
    expect(formatDuration(300_000)).toBe('5m');
    expect(formatDuration(15 * 60_000)).toBe('15m');
    expect(formatDuration(36 * 3_600_000)).toBe('36h');
    expect(formatDuration(35 * 86_400_000)).toBe('5w');
    expect(formatDuration(3 * 365 * 86_400_000)).toBe('1095d');
  });

  it('refuses fractions and negatives', () => {
    expect(() => formatDuration(1.5)).toThrow(
      'a duration must be a whole, non-negative number of ms, not 1.5',
    );
    expect(() => formatDuration(-1)).toThrow('not -1');
  });
});

describe('timeLiteral', () => {
  it('writes epoch ms with their unit', () => {
    expect(timeLiteral(1_764_400_000_000)).toBe('1764400000000ms');
    expect(() => timeLiteral(Number.NaN)).toThrow('a time must be whole epoch ms, not NaN');
  });
});

describe('canonicalStatement', () => {
  it("matches a statement with InfluxDB's re-printing of it", () => {
    const ours =
      'CREATE CONTINUOUS QUERY "rollup_icmp" ON "pantau"  RESAMPLE EVERY 1m FOR 15m BEGIN SELECT mean(*) FROM "pantau"."raw"."icmp" END';
    const stored =
      'CREATE CONTINUOUS QUERY rollup_icmp ON pantau RESAMPLE EVERY 1m FOR 15m BEGIN SELECT mean(*) FROM pantau.raw.icmp END';
    expect(canonicalStatement(ours)).toBe(canonicalStatement(stored));
    expect(canonicalStatement(ours)).not.toBe(canonicalStatement(stored.replace('15m', '20m')));
  });
});
