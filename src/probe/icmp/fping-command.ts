// fping's command line, which hosts it can be given, and what its exit says. Pure.

import type { FpingOutput } from './fping-output.js';
import type { FpingPacing } from './fping-pacing.js';

export interface FpingRequest {
  readonly count: number;
  readonly timeoutMs: number;
}

/** Arguments for one batch run: targets on stdin, every RTT (or `-`) per target on stderr. */
export function fpingArgs(request: FpingRequest, pacing: FpingPacing): string[] {
  return [
    '-C',
    String(request.count),
    '-q',
    '-t',
    String(request.timeoutMs),
    '-r',
    '0',
    '-p',
    String(pacing.periodMs),
    '-i',
    String(pacing.intervalMs),
    '-f',
    '-',
  ];
}

/**
 * Whether fping can be given this host on stdin: it reads the first word of a line (up to 131
 * characters) and skips lines starting with '#', so anything else would ping something other
 * than asked, or nothing.
 */
export function acceptableHost(host: string): boolean {
  return /^[^\s#][^\s]{0,129}$/.test(host);
}

export interface FpingExit {
  readonly code: number | null;
  readonly signal: string | null;
}

/**
 * Why a run failed, or null when its output stands. fping exits 0 when every target answered,
 * 1 when some did not, 2 when some names did not resolve: all normal. 3 is invalid arguments and
 * 4 a failed system call (no raw socket, no memory), per its manual; fping 5.x also exits 1 after
 * printing its usage or an error of its own, which tells itself apart by reporting on no target.
 */
export function fpingFailure(exit: FpingExit, output: FpingOutput): string | null {
  if (exit.signal !== null) return `killed by ${exit.signal}`;
  switch (exit.code) {
    case 0:
    case 2:
      return null;
    case 1:
      // Any target probed gets a line; none and something printed is fping speaking of itself.
      return output.echoes.size === 0 &&
        (output.unrecognised.length > 0 || output.errors.length > 0)
        ? 'rejected its arguments (exit 1)'
        : null;
    case 3:
      return 'rejected its arguments (exit 3)';
    case 4:
      return 'a system call failed (exit 4)';
    default:
      return `exited with ${exit.code}`;
  }
}

/** What fping printed, cut to a readable length for an error message. */
export function printedExcerpt(text: string, maxLines = 8): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length === 0) return 'it printed nothing';
  const shown = lines.slice(0, maxLines).map((l) => (l.length > 200 ? `${l.slice(0, 200)}…` : l));
  const more = lines.length > maxLines ? ` (+${lines.length - maxLines} more lines)` : '';
  return `it printed: ${shown.join(' | ')}${more}`;
}

export class FpingError extends Error {
  override readonly name = 'FpingError';
  constructor(
    readonly reason: string,
    readonly printed: string,
    readonly command: string,
  ) {
    super(`fping ${reason}: ${printedExcerpt(printed)} (\`${command}\`)`);
  }
}
