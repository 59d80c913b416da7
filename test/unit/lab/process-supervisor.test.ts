import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';
import {
  type ProcessExit,
  ProcessSupervisor,
  type SupervisedProcess,
} from '../../../src/lab/process-supervisor.js';
import { until } from '../../helpers/until.js';

/** A process that dies when told to, and whose starts can be made to fail. */
class FakeProcess implements SupervisedProcess {
  starts = 0;
  stops = 0;
  failNextStarts = 0;
  running = true;
  private currentPid = 100;
  private end: (exit: ProcessExit) => void = () => {};
  private ended: Promise<ProcessExit> = new Promise((resolve) => {
    this.end = resolve;
  });

  async start(): Promise<void> {
    this.starts += 1;
    if (this.failNextStarts > 0) {
      this.failNextStarts -= 1;
      throw new Error('did not answer /ping');
    }
    this.currentPid += 1;
    this.running = true;
    this.ended = new Promise((resolve) => {
      this.end = resolve;
    });
  }

  exited(): Promise<ProcessExit> {
    return this.running ? this.ended : Promise.resolve({ code: null, signal: null });
  }

  async stop(): Promise<void> {
    this.stops += 1;
    if (this.running) this.die({ code: 0, signal: null });
  }

  pid(): number | null {
    return this.currentPid;
  }

  die(exit: ProcessExit): void {
    this.running = false;
    this.end(exit);
  }
}

interface LogLine {
  level: number;
  msg: string;
  process?: string;
  childPid?: number;
  code?: number | null;
  signal?: string | null;
  restartInMs?: number;
  failures?: number;
  upMs?: number;
  restarts?: number;
  err?: { message: string };
}

/** A supervisor on a fake clock: each backoff wait advances it, and is recorded. */
function supervised(options: { holdWaits?: boolean } = {}) {
  const target = new FakeProcess();
  const lines: LogLine[] = [];
  const log = createLogger('test', 'info', {
    format: 'json',
    destination: { write: (line: string) => lines.push(JSON.parse(line) as LogLine) },
  });
  const clock = { now: 0 };
  const waits: number[] = [];
  const supervisor = new ProcessSupervisor({
    name: 'influxd',
    process: target,
    log,
    now: () => clock.now,
    sleep: (ms, signal) => {
      waits.push(ms);
      if (!options.holdWaits) {
        clock.now += ms;
        return Promise.resolve();
      }
      return new Promise((resolve) => signal.addEventListener('abort', () => resolve()));
    },
  });
  return { target, lines, clock, waits, supervisor };
}

describe('ProcessSupervisor', () => {
  it('logs a death with its signal and exit code, and restarts the process', async () => {
    const { target, lines, clock, waits, supervisor } = supervised();
    supervisor.watch();
    clock.now = 120_000;
    target.die({ code: null, signal: 'SIGKILL' });
    await until(() => supervisor.restarts === 1, 2000, 'the first restart');
    expect(waits).toEqual([1000]);
    expect(target.starts).toBe(1);
    const died = lines.find((l) => l.level === 50);
    expect(died).toMatchObject({
      process: 'influxd',
      childPid: 100,
      signal: 'SIGKILL',
      code: null,
      upMs: 120_000,
      failures: 1,
      restartInMs: 1000,
      msg: 'influxd exited (SIGKILL); restarting in 1000 ms',
    });
    expect(lines.at(-1)).toMatchObject({ level: 30, msg: 'influxd restarted', childPid: 101 });

    target.die({ code: 1, signal: null });
    await until(() => supervisor.restarts === 2, 2000, 'the second restart');
    expect(lines.filter((l) => l.level === 50).at(-1)).toMatchObject({
      childPid: 101,
      code: 1,
      signal: null,
      msg: 'influxd exited (code 1); restarting in 2000 ms',
    });
    await supervisor.stop();
  });

  it('doubles the wait while the process keeps dying, up to 30 s, and resets once it stayed up', async () => {
    const { target, clock, waits, supervisor } = supervised();
    supervisor.watch();
    for (let i = 1; i <= 7; i++) {
      target.die({ code: null, signal: 'SIGKILL' });
      await until(() => supervisor.restarts === i, 2000, `restart ${i}`);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    clock.now += 60_000; // a minute up: healthy again
    target.die({ code: null, signal: 'SIGSEGV' });
    await until(() => supervisor.restarts === 8, 2000, 'restart 8');
    expect(waits.at(-1)).toBe(1000);
    await supervisor.stop();
  });

  it('tries again, with a longer wait, when a restart fails', async () => {
    const { target, lines, waits, supervisor } = supervised();
    supervisor.watch();
    target.failNextStarts = 2;
    target.die({ code: 2, signal: null });
    await until(() => supervisor.restarts === 1, 2000, 'a restart that works');
    expect(target.starts).toBe(3);
    expect(waits).toEqual([1000, 2000, 4000]);
    const failed = lines.filter((l) => l.msg.startsWith('influxd could not be restarted'));
    expect(failed).toHaveLength(2);
    expect(failed[0]).toMatchObject({
      err: { message: 'did not answer /ping' },
      restartInMs: 2000,
    });
    await supervisor.stop();
  });

  it('stops the process at stop(), and restarts nothing after', async () => {
    const { target, lines, supervisor } = supervised();
    supervisor.watch();
    await supervisor.stop();
    expect(target.stops).toBe(1);
    expect(target.running).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(target.starts).toBe(0);
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
  });

  it('ends a backoff wait early at stop(), without starting the process again', async () => {
    const { target, waits, supervisor } = supervised({ holdWaits: true });
    supervisor.watch();
    target.die({ code: null, signal: 'SIGKILL' });
    await until(() => waits.length === 1, 2000, 'the backoff wait');
    await supervisor.stop();
    expect(target.starts).toBe(0);
    expect(target.stops).toBe(1);
  });
});
