// What a child process has written so far, its stdout and stderr apart.

import type { ChildProcess } from 'node:child_process';

export interface ChildOutput {
  readonly stdout: () => string;
  readonly stderr: () => string;
}

export function childOutput(child: ChildProcess): ChildOutput {
  const text = { stdout: '', stderr: '' };
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream]?.setEncoding('utf8').on('data', (d: string) => {
      text[stream] += d;
    });
  }
  return { stdout: () => text.stdout, stderr: () => text.stderr };
}
