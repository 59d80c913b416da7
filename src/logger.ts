import { createRequire } from 'node:module';
import { type Logger, pino } from 'pino';

export type { Logger };

/** pino-pretty when a person watches a terminal and it is installed (a dev dependency); else JSON. */
function prettyAvailable(): boolean {
  if (!process.stderr.isTTY || process.env.PANTAU_LOG_FORMAT === 'json') return false;
  try {
    createRequire(import.meta.url).resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}

/** Structured logs on stderr, so a command's own output on stdout stays clean. */
export function createLogger(
  name = 'pantau',
  level = process.env.PANTAU_LOG_LEVEL ?? 'info',
): Logger {
  if (prettyAvailable()) {
    return pino({
      name,
      level,
      transport: { target: 'pino-pretty', options: { destination: 2, ignore: 'pid,hostname' } },
    });
  }
  return pino({ name, level, base: { pid: process.pid } }, pino.destination(2));
}

/** A logger that drops everything: for tests and library use where the caller does not care. */
export const silentLogger: Logger = pino({ level: 'silent' });
