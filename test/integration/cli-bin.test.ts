// The built bin runs as its first line says: `#!/usr/bin/env -S node --single-threaded-gc`, so
// `pantau serve` started through the bin (npm's link, a global install) gets V8's collector
// without helper threads (src/cli.ts says why), and node accepts the flag.

import { execFile } from 'node:child_process';
import { chmodSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CLI, CLI_NODE_FLAGS, shebangNodeFlags } from '../helpers/lab-process.js';

const run = promisify(execFile);

describe('the pantau bin', () => {
  it('starts node with the flags of its first line, which node accepts', async () => {
    expect(CLI_NODE_FLAGS).toEqual(['--single-threaded-gc']);
    // The build keeps the line.
    expect(shebangNodeFlags(readFileSync(CLI, 'utf8'))).toEqual(CLI_NODE_FLAGS);
    // Node takes the flags (an unknown one ends it with "bad option").
    const { stdout } = await run(process.execPath, [
      ...CLI_NODE_FLAGS,
      '-e',
      'console.log(JSON.stringify(process.execArgv))',
    ]);
    expect((JSON.parse(stdout) as string[]).slice(0, CLI_NODE_FLAGS.length)).toEqual(
      CLI_NODE_FLAGS,
    );
    // Run as a program, as npm links it: env splits the line and finds this node on PATH. The
    // file is made executable for the run and put back as it was.
    const mode = statSync(CLI).mode;
    chmodSync(CLI, 0o755);
    try {
      const help = await run(CLI, ['--help'], {
        env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` },
      });
      expect(help.stdout).toMatch(/Usage: pantau <command>/);
    } finally {
      chmodSync(CLI, mode);
    }
  });

  it('refuses a first line that is not env node with flags', () => {
    expect(() => shebangNodeFlags('#!/bin/sh\n')).toThrow(/src\/cli.ts: the first line is not/);
    expect(shebangNodeFlags('#!/usr/bin/env node\n')).toEqual([]);
  });
});
