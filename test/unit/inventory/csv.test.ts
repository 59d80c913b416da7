import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/inventory/index.js';

describe('parseCsv', () => {
  it('splits plain records and keeps each record’s line', () => {
    expect(parseCsv('a,b,c\n1,2,3\n')).toEqual({
      records: [
        { line: 1, fields: ['a', 'b', 'c'] },
        { line: 2, fields: ['1', '2', '3'] },
      ],
      problems: [],
    });
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, counting lines inside them', () => {
    const text =
      'id,name,note\r\n1,"Desa ""Maju"", Kidul","two\r\nlines"\r\n2,plain,"three\nmore\nlines"\r\n3,x,y';
    expect(parseCsv(text)).toEqual({
      records: [
        { line: 1, fields: ['id', 'name', 'note'] },
        { line: 2, fields: ['1', 'Desa "Maju", Kidul', 'two\r\nlines'] },
        { line: 4, fields: ['2', 'plain', 'three\nmore\nlines'] },
        { line: 7, fields: ['3', 'x', 'y'] },
      ],
      problems: [],
    });
  });

  it('keeps empty fields, at the ends too, and empty quoted fields', () => {
    expect(parseCsv(',a,,\n"",""\n').records).toEqual([
      { line: 1, fields: ['', 'a', '', ''] },
      { line: 2, fields: ['', ''] },
    ]);
  });

  it('skips blank lines but counts them, and ignores a byte order mark', () => {
    expect(parseCsv('\ufeffa,b\n\n\r\n1,2\n\n').records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 4, fields: ['1', '2'] },
    ]);
  });

  it('accepts old Mac line ends (CR alone)', () => {
    expect(parseCsv('a\r1\r2').records.map((r) => [r.line, r.fields[0]])).toEqual([
      [1, 'a'],
      [2, '1'],
      [3, '2'],
    ]);
  });

  it('reports a stray quote and drops that record, keeping the rest', () => {
    expect(parseCsv('a,b\n1,say "hi"\n2,ok\n3,"x"y\n')).toEqual({
      records: [
        { line: 1, fields: ['a', 'b'] },
        { line: 3, fields: ['2', 'ok'] },
      ],
      problems: [
        {
          line: 2,
          message:
            'a quote inside a field that does not start with one; quote the whole field and write the quote as ""',
        },
        {
          line: 4,
          message: 'text after a closing quote; a quote inside a quoted field is written ""',
        },
      ],
    });
  });

  it('reports a quoted field that is never closed, at the line it opens', () => {
    expect(parseCsv('a,b\n1,"open\n2,3\n').problems).toEqual([
      { line: 2, message: 'a quoted field is never closed' },
    ]);
  });
});
