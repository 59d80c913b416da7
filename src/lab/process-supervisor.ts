// Keeps a child process the demo started running (logs name its pid childPid; pid is Pantau's): when it dies, says so (exit code or signal) and
// starts it again after a backoff (restart-backoff.ts), until stop().

import type { Logger } from '../logger.js';
import { DEFAULT_RESTART_BACKOFF, planRestart, type RestartBackoff } from './restart-backoff.js';

export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** What the supervisor needs of a process: start it, learn when it ends, stop it for good. */
export interface SupervisedProcess {
  /** Starts it; resolves once it serves, rejects when it does not. */
  start(): Promise<void>;
  /** Resolves with how the running process ended; at once when none runs. */
  exited(): Promise<ProcessExit>;
  /** Stops it and does not start it again. */
  stop(): Promise<void>;
  /** The running process's id, for the logs. */
  pid(): number | null;
}

export interface ProcessSupervisorOptions {
  /** What the logs call it, e.g. "influxd". */
  readonly name: string;
  readonly process: SupervisedProcess;
  readonly log: Logger;
  readonly backoff?: RestartBackoff;
  /** Injected for tests: the clock, and a wait that ends early when `signal` aborts. */
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export class ProcessSupervisor {
  private readonly options: ProcessSupervisorOptions;
  private readonly backoff: RestartBackoff;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly stopping = new AbortController();
  private readonly stopped: Promise<null>;
  private loop: Promise<void> | null = null;
  private restartCount = 0;

  constructor(options: ProcessSupervisorOptions) {
    this.options = options;
    this.backoff = options.backoff ?? DEFAULT_RESTART_BACKOFF;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? abortableSleep;
    this.stopped = new Promise((resolve) =>
      this.stopping.signal.addEventListener('abort', () => resolve(null), { once: true }),
    );
  }

  /** Restarts done so far. */
  get restarts(): number {
    return this.restartCount;
  }

  /** Starts watching the process, which the caller has started already. */
  watch(): void {
    if (this.loop) throw new Error(`${this.options.name} is already supervised`);
    this.loop = this.supervise().catch((error: unknown) => {
      // A bug here must not take the demo down; it only ends the supervision.
      this.options.log.error(
        { err: error, process: this.options.name },
        `supervision of ${this.options.name} failed; it will not be restarted`,
      );
    });
  }

  /** Stops watching (a restart under way finishes first), then stops the process. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
    await this.options.process.stop();
  }

  private async supervise(): Promise<void> {
    const { name, process: target, log } = this.options;
    let failures = 0;
    let upSince = this.now();
    let pid = target.pid();
    let ended: ProcessExit | { error: unknown } | null = await this.unlessStopped(target.exited());
    while (ended !== null) {
      const upMs = 'error' in ended ? 0 : this.now() - upSince;
      const plan = planRestart(this.backoff, failures, upMs);
      failures = plan.failures;
      const context = { process: name, failures, restartInMs: plan.delayMs };
      if ('error' in ended) {
        log.error(
          { ...context, err: ended.error },
          `${name} could not be restarted; trying again in ${plan.delayMs} ms`,
        );
      } else {
        log.error(
          { ...context, childPid: pid, code: ended.code, signal: ended.signal, upMs },
          `${name} exited (${ended.signal ?? `code ${ended.code}`}); restarting in ${plan.delayMs} ms`,
        );
      }
      await this.sleep(plan.delayMs, this.stopping.signal);
      if (this.stopping.signal.aborted) return;
      try {
        await target.start();
      } catch (error) {
        ended = { error };
        continue;
      }
      upSince = this.now();
      pid = target.pid();
      this.restartCount += 1;
      log.info({ process: name, childPid: pid, restarts: this.restartCount }, `${name} restarted`);
      ended = await this.unlessStopped(target.exited());
    }
  }

  /** `promise`'s value, or null once stop() is called. */
  private unlessStopped<T>(promise: Promise<T>): Promise<T | null> {
    if (this.stopping.signal.aborted) return Promise.resolve(null);
    return Promise.race([promise, this.stopped]);
  }
}
