// Files in a fresh temporary directory, removed after each test.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

const made: string[] = [];

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` (name → text) into a new temporary directory and returns its path. */
export function tempFiles(files: Readonly<Record<string, string>> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'pantau-test-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Joins lines with "\n" and ends with one: YAML and CSV fixtures read better as arrays. */
export const lines = (...rows: string[]): string => `${rows.join('\n')}\n`;
