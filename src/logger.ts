import { type Logger, pino } from 'pino';

export type { Logger };

/** Structured JSON logs on stderr, so a command's own output on stdout stays clean. */
export function createLogger(
  name = 'pantau',
  level = process.env.PANTAU_LOG_LEVEL ?? 'info',
): Logger {
  return pino({ name, level, base: { pid: process.pid } }, pino.destination(2));
}

/** A logger that drops everything: for tests and library use where the caller does not care. */
export const silentLogger: Logger = pino({ level: 'silent' });
