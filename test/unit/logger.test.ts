import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseLogFormat, createLogger, type LoggerOptions } from '../../src/logger.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
/** ESC [ n m: the colour codes pino-pretty writes on a terminal. */
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g');

/** Logs two entries through createLogger and returns the lines its destination received. */
function logged(options: Omit<LoggerOptions, 'destination'>): string[] {
  const lines: string[] = [];
  const log = createLogger('pantau-test', 'info', {
    ...options,
    destination: { write: (line: string) => lines.push(line) },
  });
  log.info({ site: 'kec-jambe', lossPct: 100 }, 'site down');
  log.debug('below the level');
  return lines;
}

const PRETTY_LINE =
  /^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \(pantau-test\): site down \{"site":"kec-jambe","lossPct":100\}\n$/;

describe('chooseLogFormat', () => {
  it('is pretty on a terminal and JSON otherwise, unless told', () => {
    expect(chooseLogFormat(undefined, true)).toEqual({ format: 'pretty' });
    expect(chooseLogFormat(undefined, false)).toEqual({ format: 'json' });
    expect(chooseLogFormat('auto', true)).toEqual({ format: 'pretty' });
    expect(chooseLogFormat('', false)).toEqual({ format: 'json' });
    expect(chooseLogFormat('json', true)).toEqual({ format: 'json' });
    expect(chooseLogFormat('pretty', false)).toEqual({ format: 'pretty' });
  });

  it('says so when the setting is not understood, and decides as auto would', () => {
    expect(chooseLogFormat('yaml', false)).toEqual({
      format: 'json',
      problem: 'PANTAU_LOG_FORMAT="yaml" is not one of auto, json, pretty; using json',
    });
  });
});

describe('createLogger', () => {
  const saved = process.env.PANTAU_LOG_FORMAT;
  afterEach(() => {
    if (saved === undefined) delete process.env.PANTAU_LOG_FORMAT;
    else process.env.PANTAU_LOG_FORMAT = saved;
  });

  it('writes JSON lines when its stderr is not a terminal', () => {
    delete process.env.PANTAU_LOG_FORMAT;
    const lines = logged({ isTty: false });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.endsWith('\n')).toBe(true);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      level: 30,
      name: 'pantau-test',
      pid: process.pid,
      site: 'kec-jambe',
      lossPct: 100,
      msg: 'site down',
    });
  });

  it('writes one readable line an entry, coloured, on a terminal', () => {
    delete process.env.PANTAU_LOG_FORMAT;
    const lines = logged({ isTty: true });
    expect(lines).toHaveLength(1);
    const plain = (lines[0] as string).replace(ANSI_COLOUR, '');
    expect(lines[0]).not.toBe(plain);
    expect(plain).toMatch(PRETTY_LINE);
  });

  it('follows PANTAU_LOG_FORMAT over the terminal decision, either way', () => {
    process.env.PANTAU_LOG_FORMAT = 'json';
    expect(JSON.parse(logged({ isTty: true })[0] as string)).toMatchObject({ msg: 'site down' });
    process.env.PANTAU_LOG_FORMAT = 'pretty';
    // Forced into a pipe: readable, without colour codes.
    expect(logged({ isTty: false })[0]).toMatch(PRETTY_LINE);
  });

  it('takes an explicit format over PANTAU_LOG_FORMAT', () => {
    process.env.PANTAU_LOG_FORMAT = 'pretty';
    expect(JSON.parse(logged({ isTty: true, format: 'json' })[0] as string)).toMatchObject({
      msg: 'site down',
    });
  });

  it('falls back to JSON when pino-pretty cannot be loaded, and says why when pretty was asked for', () => {
    const missing = () => {
      throw new Error("Cannot find package 'pino-pretty'\nRequire stack: ...");
    };
    delete process.env.PANTAU_LOG_FORMAT;
    const onTerminal = logged({ isTty: true, loadPretty: missing }).map((l) => JSON.parse(l));
    expect(onTerminal).toEqual([expect.objectContaining({ msg: 'site down' })]);

    const asked = logged({ isTty: true, format: 'pretty', loadPretty: missing }).map((l) =>
      JSON.parse(l),
    );
    expect(asked).toEqual([
      expect.objectContaining({
        level: 40,
        msg: "pino-pretty cannot be loaded (Cannot find package 'pino-pretty'); logs are JSON",
      }),
      expect.objectContaining({ msg: 'site down' }),
    ]);
  });

  it('warns about a PANTAU_LOG_FORMAT it does not know, in the format it chose', () => {
    process.env.PANTAU_LOG_FORMAT = 'xml';
    const lines = logged({ isTty: false }).map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({
      level: 40,
      msg: expect.stringContaining('"xml" is not one of'),
    });
    expect(lines[1]).toMatchObject({ msg: 'site down' });
  });
});

describe('logs of a worker thread (a collector)', () => {
  const env = { ...process.env };
  delete env.PANTAU_LOG_FORMAT;
  const fixture = 'test/fixtures/worker-log.ts';

  it('are pretty, as the main thread logs are, when the process stderr is a terminal', async () => {
    // script(1) gives the command a pseudo-terminal: what a person running `npm run demo` has.
    const { stdout } = await run('script', ['-qec', `node --import tsx ${fixture}`, '/dev/null'], {
      cwd: ROOT,
      env,
    });
    const lines = stdout.replace(ANSI_COLOUR, '').split(/\r?\n/).filter(Boolean).sort();
    expect(lines).toEqual([
      expect.stringMatching(/^\[[\d:.]+\] INFO \(main-thread\): hello \{"thread":"main"\}$/),
      expect.stringMatching(/^\[[\d:.]+\] INFO \(worker-thread\): hello \{"thread":"worker"\}$/),
    ]);
  });

  it('are JSON, as the main thread logs are, when stderr is a pipe', async () => {
    const { stderr } = await run('node', ['--import', 'tsx', fixture], { cwd: ROOT, env });
    const entries = stderr
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(entries.map((e) => [e.name, e.msg]).sort()).toEqual([
      ['main-thread', 'hello'],
      ['worker-thread', 'hello'],
    ]);
  });
});
