// The parent's handle on one agent process: spawns it (inside the lab namespace when there is one),
// hands it its sites, and turns request/reply messages into promises.

import { type ChildProcess, spawn } from 'node:child_process';
import { compiledSibling } from '../compiled-path.js';
import type { Logger } from '../logger.js';
import type {
  AgentRequest,
  AgentSiteSpec,
  ChildMessage,
  LabV3User,
  ParentMessage,
} from './agent-protocol.js';

const REQUEST_TIMEOUT_MS = 15_000;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class AgentProcess {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private exited = false;

  private constructor(
    private readonly child: ChildProcess,
    private readonly log: Logger,
  ) {
    child.on('message', (message: ChildMessage) => this.onMessage(message));
    child.on('exit', (code, signal) => {
      this.exited = true;
      for (const p of this.pending.values()) {
        clearTimeout(p.timer);
        p.reject(new Error(`lab agent exited (code ${code}, signal ${signal}) before it answered`));
      }
      this.pending.clear();
    });
  }

  /** Starts an agent process for `sites`; resolves once every site's socket is bound. */
  static async start(options: {
    readonly namespace: string | null;
    readonly sites: readonly AgentSiteSpec[];
    readonly startMs: number;
    readonly v3User: LabV3User;
    readonly log: Logger;
  }): Promise<AgentProcess> {
    const entry = compiledSibling(import.meta.url, './agent-main.js');
    // One socket a site: lift the agent's descriptor limit to the hard limit first.
    const node = [
      'sh',
      '-c',
      'ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; exec "$@"',
      'sh',
      process.execPath,
      entry,
    ];
    const argv = options.namespace ? ['ip', 'netns', 'exec', options.namespace, ...node] : node;
    const [program, ...args] = argv as [string, ...string[]];
    const child = spawn(program, args, {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'advanced',
      env: { ...process.env, PANTAU_LAB_AGENT: '1' },
    });
    const agent = new AgentProcess(child, options.log);
    await new Promise<void>((resolve, reject) => {
      const onMessage = (message: ChildMessage): void => {
        if (message.type === 'ready') {
          cleanup();
          options.log.info(
            { pid: child.pid, sites: message.sites, startupMs: message.startupMs },
            'lab agent ready',
          );
          resolve();
        } else if (message.type === 'fatal') {
          cleanup();
          reject(new Error(`lab agent failed to start: ${message.message}`));
        }
      };
      const onExit = (code: number | null): void => {
        cleanup();
        reject(new Error(`lab agent exited with code ${code} while starting`));
      };
      const cleanup = (): void => {
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
      agent.send({
        type: 'start',
        sites: options.sites,
        startMs: options.startMs,
        v3User: options.v3User,
      });
    });
    return agent;
  }

  private send(message: ParentMessage): void {
    this.child.send(message);
  }

  private onMessage(message: ChildMessage): void {
    if (message.type !== 'reply') return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.ok) pending.resolve(message.result);
    else pending.reject(new Error(message.error));
  }

  request<T>(request: AgentRequest): Promise<T> {
    if (this.exited) return Promise.reject(new Error('lab agent is not running'));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          new Error(
            `lab agent did not answer a ${request.type} request within ${REQUEST_TIMEOUT_MS} ms`,
          ),
        );
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.send({ type: 'request', id, request });
    });
  }

  /** Asks the agent to close its sockets and exit; kills it if it does not within 5 s. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      this.send({ type: 'shutdown' });
    } catch (error) {
      this.log.warn({ err: error }, 'could not ask the lab agent to stop');
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
