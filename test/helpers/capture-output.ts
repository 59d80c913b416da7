// What a command writes to stdout and stderr while it runs.

import { vi } from 'vitest';

export interface Captured<T> {
  readonly result: T;
  readonly stdout: string;
  readonly stderr: string;
}

export async function captureOutput<T>(run: () => Promise<T>): Promise<Captured<T>> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    const result = await run();
    return { result, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
