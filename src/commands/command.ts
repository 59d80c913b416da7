import { type ParseArgsConfig, parseArgs } from 'node:util';

// One CLI subcommand: its name, a one-line summary for `pantau --help`, and its own --help text.

export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(args: readonly string[]): Promise<number>;
}

/** A usage error: printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** node:util parseArgs, with its own errors (an unknown option, a missing value) as UsageErrors. */
export function parseCommandArgs<T extends ParseArgsConfig>(
  config: T,
): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    if (
      error instanceof TypeError &&
      String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')
    ) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}
