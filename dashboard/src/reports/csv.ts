// CSV as spreadsheets read it: RFC 4180 (CRLF line ends, a field quoted when it holds a comma, a
// quote or a line break, quotes doubled), a header row, and a UTF-8 byte-order mark so that Excel
// takes the text as UTF-8. Numbers are written with '.' decimals and no grouping, whatever the
// page's language. Pure.

export type CsvValue = string | number | null;

/** The byte-order mark Excel needs to read UTF-8 (without it "Ketersediaan ≥" turns to mojibake). */
export const BOM = '\uFEFF';

/** One field, quoted when it must be. */
export function csvField(value: CsvValue): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? csvNumber(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A number as written in the file: '.' decimals, no grouping, no exponent; not finite → empty. */
export function csvNumber(value: number): string {
  if (!Number.isFinite(value)) return '';
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // Very small or large numbers: String() would give "1e-7", which spreadsheets read inconsistently.
  return value.toFixed(20).replace(/\.?0+$/, '');
}

/** The whole file: BOM, header, then every row, each line ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  for (const [i, row] of rows.entries())
    if (row.length !== header.length)
      throw new Error(`CSV row ${i + 1} has ${row.length} fields, the header ${header.length}`);
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  return `${BOM}${lines.map((line) => `${line}\r\n`).join('')}`;
}

/** Reads a file toCsv wrote (or any RFC 4180 text): rows of fields, BOM dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.startsWith(BOM) ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** "pantau-availability-2026-12-kecamatan.csv": what, when and how, safe on every file system. */
export function csvFileName(parts: readonly string[]): string {
  const safe = parts
    .map((p) =>
      p
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, ''),
    )
    .filter((p) => p !== '');
  return `${['pantau', ...safe].join('-')}.csv`;
}
