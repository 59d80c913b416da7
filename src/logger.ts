import { createRequire } from 'node:module';
import { isatty } from 'node:tty';
import { type DestinationStream, type Logger, pino } from 'pino';
import type PinoPretty from 'pino-pretty';

export type { Logger };

/** json: one JSON object a line, for machines; pretty: lines a person reads (pino-pretty). */
export type LogFormat = 'json' | 'pretty';

export const LOG_FORMAT_SETTINGS = ['auto', 'json', 'pretty'] as const;

export interface LogFormatChoice {
  readonly format: LogFormat;
  /** Set when the setting was not understood (auto was used instead). */
  readonly problem?: string;
}

/**
 * The format for a setting (PANTAU_LOG_FORMAT: json, pretty, or auto/unset) and whether stderr is a
 * terminal: auto is pretty on a terminal, JSON into a pipe or a file.
 */
export function chooseLogFormat(
  setting: string | undefined,
  stderrIsTty: boolean,
): LogFormatChoice {
  const auto: LogFormat = stderrIsTty ? 'pretty' : 'json';
  if (setting === undefined || setting === '' || setting === 'auto') return { format: auto };
  if (setting === 'json' || setting === 'pretty') return { format: setting };
  return {
    format: auto,
    problem: `PANTAU_LOG_FORMAT="${setting}" is not one of ${LOG_FORMAT_SETTINGS.join(', ')}; using ${auto}`,
  };
}

type PrettyModule = typeof PinoPretty;

/** pino-pretty is a dev dependency: a production install has none, and logs JSON. */
function requirePinoPretty(): PrettyModule {
  return createRequire(import.meta.url)('pino-pretty') as PrettyModule;
}

export interface LoggerOptions {
  /** Overrides PANTAU_LOG_FORMAT. */
  readonly format?: LogFormat | 'auto';
  /** Where lines go; default stderr (fd 2, written directly, so worker threads share it). */
  readonly destination?: DestinationStream;
  /** Whether the destination is a terminal; default: is fd 2 one (true in worker threads too). */
  readonly isTty?: boolean;
  /** Loads pino-pretty; injected by tests to play a production install without it. */
  readonly loadPretty?: () => PrettyModule;
}

/** One pretty line a log entry, written synchronously, so nothing is lost when the process dies. */
function prettyStream(
  pretty: PrettyModule,
  destination: DestinationStream,
  colorize: boolean,
): DestinationStream {
  const format = pretty.prettyFactory({
    colorize,
    singleLine: true,
    ignore: 'pid,hostname',
    translateTime: 'SYS:HH:MM:ss.l',
  });
  return { write: (line: string) => destination.write(format(line)) };
}

/**
 * Structured logs on stderr, so a command's own output on stdout stays clean: pretty lines when a
 * person watches a terminal, JSON otherwise; PANTAU_LOG_FORMAT=json|pretty forces either.
 */
export function createLogger(
  name = 'pantau',
  level = process.env.PANTAU_LOG_LEVEL ?? 'info',
  options: LoggerOptions = {},
): Logger {
  const destination = options.destination ?? pino.destination({ dest: 2, sync: true });
  const isTty = options.isTty ?? isatty(2);
  const setting = options.format ?? process.env.PANTAU_LOG_FORMAT;
  const choice = chooseLogFormat(setting, isTty);
  const problems = choice.problem ? [choice.problem] : [];
  let stream = destination;
  if (choice.format === 'pretty') {
    try {
      stream = prettyStream((options.loadPretty ?? requirePinoPretty)(), destination, isTty);
    } catch (error) {
      // Asked for by name, its absence is worth a line; on a mere terminal, JSON is fine.
      if (setting === 'pretty') {
        const reason = String((error as Error).message).split('\n')[0];
        problems.push(`pino-pretty cannot be loaded (${reason}); logs are JSON`);
      }
    }
  }
  const log = pino({ name, level, base: { pid: process.pid } }, stream);
  for (const problem of problems) log.warn(problem);
  return log;
}

/** A logger that drops everything: for tests and library use where the caller does not care. */
export const silentLogger: Logger = pino({ level: 'silent' });
