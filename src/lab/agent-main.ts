// Entry of a lab agent process, spawned by the lab (inside its namespace when it has one):
// receives its sites over IPC, binds their sockets, and answers the lab's requests.

import { createLogger } from '../logger.js';
import type { ChildMessage, ParentMessage } from './agent-protocol.js';
import { AgentRuntime } from './agent-runtime.js';

const log = createLogger('pantau-lab-agent');
let runtime: AgentRuntime | null = null;

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function shutdown(code: number): Promise<never> {
  await runtime?.close();
  process.disconnect?.();
  process.exit(code);
}

process.on('message', (message: ParentMessage) => {
  switch (message.type) {
    case 'start': {
      const t0 = performance.now();
      AgentRuntime.start(message.sites, message.startMs, message.v3User, log).then(
        (started) => {
          runtime = started;
          send({
            type: 'ready',
            sites: started.size,
            startupMs: Math.round(performance.now() - t0),
          });
        },
        (error: unknown) => {
          send({ type: 'fatal', message: error instanceof Error ? error.message : String(error) });
          void shutdown(1);
        },
      );
      return;
    }
    case 'request': {
      try {
        if (!runtime) throw new Error('the agent has not started');
        send({ type: 'reply', id: message.id, ok: true, result: runtime.handle(message.request) });
      } catch (error) {
        send({
          type: 'reply',
          id: message.id,
          ok: false,
          error: error instanceof Error ? error.message : String(error),
        });
      }
      return;
    }
    case 'shutdown':
      void shutdown(0);
      return;
  }
});

// The lab gone (crashed or killed): nothing is left to serve.
process.on('disconnect', () => {
  void shutdown(0);
});
process.on('SIGTERM', () => {
  void shutdown(0);
});
process.on('SIGINT', () => {
  // The lab handles Ctrl-C and tells us to stop; ignore the terminal's copy of the signal.
});
