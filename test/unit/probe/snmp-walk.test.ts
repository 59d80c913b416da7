import { describe, expect, it } from 'vitest';
import {
  compareOids,
  describeOid,
  IF_COLUMNS,
  instanceIndex,
} from '../../../src/probe/snmp/snmp-oids.js';
import { type RawVarbind, SnmpType } from '../../../src/probe/snmp/snmp-values.js';
import { readWalkPage } from '../../../src/probe/snmp/snmp-walk.js';

const NAME = IF_COLUMNS.ifName;
const text = (oid: string, value: string): RawVarbind => ({
  oid,
  type: SnmpType.OctetString,
  value: Buffer.from(value),
});

describe('OIDs', () => {
  it('compares OIDs arc by arc, as agents order them', () => {
    expect(compareOids('1.3.6.1.2.1.2.2.1.2.10', '1.3.6.1.2.1.2.2.1.2.9')).toBe(1);
    expect(compareOids('1.3.6.1.2.1.2.2.1.2', '1.3.6.1.2.1.2.2.1.2.1')).toBe(-1);
    expect(compareOids('1.3.6.1', '1.3.6.1')).toBe(0);
    expect(compareOids('1.3.6.2', '1.3.6.10.1')).toBe(-1);
  });

  it('reads the one-arc ifIndex instance of a column', () => {
    expect(instanceIndex(NAME, `${NAME}.12`)).toBe(12);
    expect(instanceIndex(NAME, `${NAME}0.12`)).toBeNull();
    expect(instanceIndex(NAME, `${NAME}.1.2`)).toBeNull();
    expect(instanceIndex(NAME, `${NAME}.0`)).toBeNull();
    expect(instanceIndex(NAME, `${NAME}.2147483648`)).toBeNull();
  });

  it('describes the OIDs it polls by name', () => {
    expect(describeOid(`${IF_COLUMNS.ifHCInOctets}.3`)).toBe('ifHCInOctets.3');
    expect(describeOid('1.3.6.1.2.1.1.3.0')).toBe('sysUpTime.0');
    expect(describeOid('1.3.6.1.4.1.9')).toBe('1.3.6.1.4.1.9');
  });
});

describe('readWalkPage', () => {
  it('collects the rows of the column and continues after the last', () => {
    const page = readWalkPage(NAME, NAME, [
      text(`${NAME}.1`, 'ether1'),
      text(`${NAME}.7`, 'bridge-lan'),
    ]);
    expect(page).toEqual({
      ok: true,
      rows: [
        { ifIndex: 1, varbind: text(`${NAME}.1`, 'ether1') },
        { ifIndex: 7, varbind: text(`${NAME}.7`, 'bridge-lan') },
      ],
      next: `${NAME}.7`,
    });
  });

  it('ends at the first OID past the column, or at endOfMibView', () => {
    const past = readWalkPage(NAME, `${NAME}.1`, [
      text(`${NAME}.2`, 'ether2'),
      { oid: `${IF_COLUMNS.ifHCInOctets}.1`, type: SnmpType.Counter64, value: Buffer.from([1]) },
    ]);
    expect(past).toMatchObject({ ok: true, next: null });
    expect(past.ok && past.rows.map((r) => r.ifIndex)).toEqual([2]);
    expect(
      readWalkPage(NAME, NAME, [{ oid: NAME, type: SnmpType.EndOfMibView, value: null }]),
    ).toEqual({
      ok: true,
      rows: [],
      next: null,
    });
    expect(readWalkPage(NAME, NAME, [])).toEqual({ ok: true, rows: [], next: null });
  });

  it('refuses an agent whose OIDs do not increase (it would be walked for ever)', () => {
    const page = readWalkPage(NAME, `${NAME}.5`, [text(`${NAME}.6`, 'a'), text(`${NAME}.6`, 'a')]);
    expect(page).toEqual({
      ok: false,
      message: `the agent answered ${NAME}.6 after ${NAME}.6 while walking ${NAME}: OIDs must increase`,
    });
    expect(readWalkPage(NAME, `${NAME}.5`, [text(`${NAME}.3`, 'a')])).toMatchObject({ ok: false });
  });

  it('skips instances that are not one ifIndex arc', () => {
    const page = readWalkPage(NAME, NAME, [
      text(`${NAME}.1.5`, 'odd'),
      text(`${NAME}.2`, 'ether2'),
    ]);
    expect(page.ok && page.rows.map((r) => r.ifIndex)).toEqual([2]);
  });
});
