import { describe, expect, it } from 'vitest';
import { createMibView, SortedMibLayout } from '../../../../src/lab/snmp/mib.js';
import { compareOids, formatOid, parseOid } from '../../../../src/lab/snmp/oid.js';
import type { SnmpValue } from '../../../../src/lab/snmp/types.js';

const o = parseOid;

describe('OIDs', () => {
  it('parse and print, with or without a leading dot', () => {
    expect(parseOid('.1.3.6.1')).toEqual([1, 3, 6, 1]);
    expect(formatOid(parseOid('1.3.6.1.4.1.14988.1'))).toBe('1.3.6.1.4.1.14988.1');
    for (const bad of ['', '1..3', '1.3.x', '1.3.-1', '1.3.4294967296', '4.1']) {
      expect(() => parseOid(bad)).toThrow(RangeError);
    }
  });

  it('sort lexicographically by arc, a prefix first, numbers not text', () => {
    const sorted = [
      '1.3.6.1.2.1.2.2.1.10.1',
      '1.3.6.1.2.1.2.2.1.2.1',
      '1.3.6.1.2.1.2',
      '1.3.6.1.2.1.2.2.1.2.10',
    ]
      .map(o)
      .sort(compareOids)
      .map(formatOid);
    expect(sorted).toEqual([
      '1.3.6.1.2.1.2',
      '1.3.6.1.2.1.2.2.1.2.1',
      '1.3.6.1.2.1.2.2.1.2.10',
      '1.3.6.1.2.1.2.2.1.10.1',
    ]);
  });
});

describe('SortedMibLayout', () => {
  // Given out of order on purpose.
  const layout = new SortedMibLayout<string>([
    ['1.3.6.1.2.1.2.2.1.10.2', 'ifInOctets.2'],
    ['1.3.6.1.2.1.1.3.0', 'sysUpTime'],
    ['1.3.6.1.2.1.2.2.1.10.1', 'ifInOctets.1'],
    ['1.3.6.1.2.1.1.1.0', 'sysDescr'],
    ['1.3.6.1.2.1.2.2.1.2.1', 'ifDescr.1'],
    ['1.3.6.1.2.1.31.1.1.1.6.1', 'ifHCInOctets.1'],
  ]);

  it('finds exact OIDs only', () => {
    expect(layout.find(o('1.3.6.1.2.1.1.3.0'))).toBe('sysUpTime');
    expect(layout.find(o('1.3.6.1.2.1.1.3'))).toBeUndefined();
    expect(layout.find(o('1.3.6.1.2.1.1.3.0.0'))).toBeUndefined();
    expect(layout.find(o('1.3.6.1.2.1.1.2.0'))).toBeUndefined();
  });

  const nexts: [string, string | undefined][] = [
    ['0.0', 'sysDescr'],
    ['1.3', 'sysDescr'],
    ['1.3.6.1.2.1.1.1.0', 'sysUpTime'],
    ['1.3.6.1.2.1.1.2', 'sysUpTime'], // between entries
    ['1.3.6.1.2.1.2', 'ifDescr.1'], // a prefix of later entries
    ['1.3.6.1.2.1.2.2.1.2.1', 'ifInOctets.1'],
    ['1.3.6.1.2.1.2.2.1.3', 'ifInOctets.1'],
    ['1.3.6.1.2.1.2.2.1.10.1.5', 'ifInOctets.2'], // below an entry
    ['1.3.6.1.2.1.2.2.1.10.2', 'ifHCInOctets.1'],
    ['1.3.6.1.2.1.31.1.1.1.6.1', undefined], // the last entry
    ['2.1', undefined], // past everything
  ];
  it.each(nexts)('next(%s) → %s', (from, key) => {
    expect(layout.next(o(from))?.key).toBe(key);
  });

  it('agrees with a linear scan for every OID near the entries', () => {
    const entries = [...Array(layout.size).keys()].map((i) => layout.oidAt(i) ?? []);
    const probes = entries.flatMap((e) => [
      e,
      [...e, 0],
      e.slice(0, -1),
      [...e.slice(0, -1), (e.at(-1) ?? 0) + 1],
    ]);
    for (const probe of probes) {
      const expected = entries.find((e) => compareOids(e, probe) > 0);
      expect(layout.next(probe)?.oid).toEqual(expected);
    }
  });

  it('refuses duplicate OIDs', () => {
    expect(
      () =>
        new SortedMibLayout([
          ['1.3.6.1', 1],
          ['1.3.6.1', 2],
        ]),
    ).toThrow(/duplicate OID 1.3.6.1/);
  });
});

describe('createMibView', () => {
  const layout = new SortedMibLayout<number>([
    ['1.3.6.1.2.1.1.3.0', 1],
    ['1.3.6.1.2.1.31.1.1.1.6.1', 2],
    ['1.3.6.1.2.1.31.1.1.1.6.2', 3],
    ['1.3.6.1.2.1.31.1.1.1.18.1', 4],
  ]);
  // A Counter32-only router: no ifHCInOctets (keys 2 and 3); values computed from the time asked.
  const view = createMibView(layout, (key, nowMs): SnmpValue | undefined => {
    if (key === 1) return { type: 'TimeTicks', value: Math.floor(nowMs / 10) };
    if (key === 4) return { type: 'OctetString', value: 'wan' };
    return undefined;
  });

  it('computes values at request time', () => {
    expect(view.get(o('1.3.6.1.2.1.1.3.0'), 12_340)).toEqual({ type: 'TimeTicks', value: 1234 });
    expect(view.get(o('1.3.6.1.2.1.1.3.0'), 99_990)).toEqual({ type: 'TimeTicks', value: 9999 });
  });

  it('skips the holes a site leaves when walking, and does not get them', () => {
    expect(view.get(o('1.3.6.1.2.1.31.1.1.1.6.1'), 0)).toBeUndefined();
    expect(formatOid(view.next(o('1.3.6.1.2.1.1.3.0'), 0)?.oid ?? [])).toBe(
      '1.3.6.1.2.1.31.1.1.1.18.1',
    );
    expect(view.next(o('1.3.6.1.2.1.31.1.1.1.18.1'), 0)).toBeUndefined();
  });

  it('tells a missing instance of a known object from an unknown object', () => {
    expect(view.absence?.(o('1.3.6.1.2.1.1.3.1'))).toBe('NoSuchInstance');
    expect(view.absence?.(o('1.3.6.1.2.1.1.3'))).toBe('NoSuchInstance');
    expect(view.absence?.(o('1.3.6.1.2.1.31.1.1.1.18.7'))).toBe('NoSuchInstance');
    expect(view.absence?.(o('1.3.6.1.2.1.1.4.0'))).toBe('NoSuchObject');
    expect(view.absence?.(o('1.3.6.1.2.1.1'))).toBe('NoSuchObject');
    expect(view.absence?.(o('1.3.6.1.4.1.9.9'))).toBe('NoSuchObject');
  });
});
