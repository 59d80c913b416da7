// The CSV writer: RFC 4180 quoting, CRLF, a header, a BOM for Excel, '.' decimals; and the reader
// the end-to-end test uses on the downloaded file.

import { describe, expect, it } from 'vitest';
import {
  BOM,
  csvField,
  csvFileName,
  csvNumber,
  parseCsv,
  toCsv,
} from '../../../dashboard/src/reports/csv.js';

describe('csv', () => {
  it('quotes only fields with a comma, a quote or a line break, doubling quotes', () => {
    expect(csvField('Cisoka')).toBe('Cisoka');
    expect(csvField('Bappeda, Tigaraksa')).toBe('"Bappeda, Tigaraksa"');
    expect(csvField('Kantor "lama"')).toBe('"Kantor ""lama"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(null)).toBe('');
    expect(csvField('')).toBe('');
  });

  it("writes numbers with '.' decimals, no grouping and no exponent", () => {
    expect(csvNumber(99.95)).toBe('99.95');
    expect(csvNumber(1234567.5)).toBe('1234567.5');
    expect(csvNumber(1e-7)).toBe('0.0000001');
    expect(csvNumber(Number.NaN)).toBe('');
    expect(csvField(0.5)).toBe('0.5');
  });

  it('starts with a BOM, ends every line with CRLF, header first', () => {
    const text = toCsv(
      ['Situs', 'Ketersediaan (%)'],
      [
        ['Desa "A", Cisoka', '99.50'],
        ['B', null],
      ],
    );
    expect(text.startsWith(BOM)).toBe(true);
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1)).toBe('Situs,Ketersediaan (%)\r\n"Desa ""A"", Cisoka",99.50\r\nB,\r\n');
    // UTF-8 bytes EF BB BF at the start, as Excel wants them.
    expect([...new TextEncoder().encode(text).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('refuses a row whose width is not the header’s', () => {
    expect(() => toCsv(['a', 'b'], [['1']])).toThrow(/row 1 has 1 fields, the header 2/);
  });

  it('reads back what it wrote, quotes and line breaks included', () => {
    const rows = [
      ['Situs', 'Catatan'],
      ['Desa "A", Cisoka', 'two\r\nlines'],
      ['', 'x'],
    ];
    expect(parseCsv(toCsv(rows[0] as string[], rows.slice(1)))).toEqual(rows);
  });

  it('names the file from its parts, lower case, safe on any file system', () => {
    expect(csvFileName(['availability', '2026-12', 'kecamatan'])).toBe(
      'pantau-availability-2026-12-kecamatan.csv',
    );
    expect(csvFileName(['Ketersediaan', 'Désa / Ü', ''])).toBe('pantau-ketersediaan-desa-u.csv');
  });
});
