// RFC 4180 CSV, keeping the line each record starts on so problems can name it.

export interface CsvRecord {
  /** 1-based line the record starts on (a quoted field may carry it over several lines). */
  readonly line: number;
  readonly fields: readonly string[];
}

export interface CsvProblem {
  readonly line: number;
  readonly message: string;
}

export interface CsvTable {
  readonly records: readonly CsvRecord[];
  readonly problems: readonly CsvProblem[];
}

/**
 * Fields separated by commas, records by CRLF, LF or CR; a field in double quotes may hold commas,
 * line breaks and doubled quotes (""). Blank lines are skipped. A UTF-8 byte order mark is ignored.
 */
export function parseCsv(text: string): CsvTable {
  const records: CsvRecord[] = [];
  const problems: CsvProblem[] = [];
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  /** The current field began with a quote (and its closing quote may have been seen). */
  let wasQuoted = false;
  let quoteLine = 0;
  let bad = false;

  const endField = (): void => {
    fields.push(field);
    field = '';
    wasQuoted = false;
  };
  const endRecord = (): void => {
    endField();
    const blank = fields.length === 1 && fields[0] === '' && !bad;
    if (!blank && !bad) records.push({ line: recordLine, fields });
    fields = [];
    bad = false;
  };

  let i = 0;
  while (i < input.length) {
    const c = input[i] as string;
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (c === '\r' || c === '\n') {
        if (c === '\r' && input[i + 1] === '\n') {
          field += '\r\n';
          i += 2;
        } else {
          field += c;
          i++;
        }
        line++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === ',') {
      endField();
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && input[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    if (c === '"') {
      if (field === '' && !wasQuoted) {
        quoted = true;
        wasQuoted = true;
        quoteLine = line;
        i++;
        continue;
      }
      if (!bad) {
        problems.push({
          line,
          message: wasQuoted
            ? 'text after a closing quote; a quote inside a quoted field is written ""'
            : 'a quote inside a field that does not start with one; quote the whole field and write the quote as ""',
        });
      }
      bad = true;
      field += c;
      i++;
      continue;
    }
    if (wasQuoted && !bad) {
      problems.push({
        line,
        message: 'text after a closing quote; a quote inside a quoted field is written ""',
      });
      bad = true;
    }
    field += c;
    i++;
  }
  if (quoted) {
    problems.push({ line: quoteLine, message: 'a quoted field is never closed' });
    return { records, problems };
  }
  if (field !== '' || fields.length > 0 || wasQuoted) endRecord();
  return { records, problems };
}
