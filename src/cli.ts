#!/usr/bin/env -S node --single-threaded-gc
// --single-threaded-gc: V8's collector on the thread that allocates, without helper threads. On
// two shared cores serve spent 8.9 % of a core at 10,000 sites with it, 10.5-10.8 % without
// (docs/serve-bench.md); the Dockerfile, `npm run demo` and the tests start node with it too.
import { type Command, UsageError } from './commands/command.js';
import { commands } from './commands/index.js';
import { ConfigError, formatProblems } from './config/index.js';

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'pantau: network connectivity monitor for a regency’s sites',
    '',
    'Usage: pantau <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `pantau <command> --help` for a command’s options.',
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${overview()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command: Command | undefined = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`pantau: unknown command "${name}"\n\n${overview()}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`pantau ${command.name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(
        `${formatProblems(error.problems)}\npantau ${command.name}: the configuration is not usable\n`,
      );
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // The message says what went wrong; the stack is for us, on request.
    const debug = process.env.PANTAU_DEBUG === '1';
    const text =
      error instanceof Error
        ? debug
          ? (error.stack ?? error.message)
          : error.message
        : String(error);
    process.stderr.write(`pantau: ${text}\n${debug ? '' : '(PANTAU_DEBUG=1 shows where)\n'}`);
    process.exitCode = 1;
  },
);
