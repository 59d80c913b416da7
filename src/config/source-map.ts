// Where each value of a parsed YAML file came from, so a problem at a data path can name file:line:column.

export type DataPath = readonly (string | number)[];

export interface Position {
  readonly line: number;
  readonly column: number;
}

interface Entry {
  /** Where the key is written (mappings only). */
  readonly key: Position | null;
  /** Where the value starts (or, for an empty value, where it would be). */
  readonly value: Position;
  /** Environment variables the value was built from. */
  readonly env: readonly string[];
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `sites[12].router.host`; keys that are not plain words are quoted: `headers["X Token"]`. */
export function formatPath(path: DataPath): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (IDENTIFIER.test(part)) out += out === '' ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

export class SourceMap {
  private readonly entries = new Map<string, Entry>();
  private readonly failed = new Set<string>();

  constructor(readonly file: string) {}

  record(path: DataPath, key: Position | null, value: Position, env: readonly string[] = []): void {
    this.entries.set(JSON.stringify(path), { key, value, env });
  }

  /** Marks a value whose substitution failed: its own validation problems would only repeat that. */
  markFailed(path: DataPath): void {
    this.failed.add(JSON.stringify(path));
  }

  hasFailed(path: DataPath): boolean {
    return this.failed.has(JSON.stringify(path));
  }

  /** The variables a value was built from; empty when it was written in the file. */
  envOf(path: DataPath): readonly string[] {
    return this.entries.get(JSON.stringify(path))?.env ?? [];
  }

  has(path: DataPath): boolean {
    return this.entries.has(JSON.stringify(path));
  }

  /**
   * Where to point for a problem at `path`: the value (or with `at: 'key'` the key) when it is in
   * the file; for something missing, the key of the nearest enclosing value that is there.
   */
  locate(path: DataPath, at: 'value' | 'key' = 'value'): Position {
    const own = this.entries.get(JSON.stringify(path));
    if (own) return at === 'key' ? (own.key ?? own.value) : own.value;
    for (let n = path.length - 1; n >= 0; n--) {
      const entry = this.entries.get(JSON.stringify(path.slice(0, n)));
      if (entry) return entry.key ?? entry.value;
    }
    return { line: 1, column: 1 };
  }
}
