// /api/health's per-worker lines, from the collector pool's thread ids and shard sizes. Pure.

import type { WorkerHealth } from './sources.js';

/** `threadIds` in worker order, -1 for a worker not running now; `shardSizes` its sites. */
export function workerHealth(
  threadIds: readonly number[],
  shardSizes: readonly number[],
): WorkerHealth[] {
  return threadIds.map((threadId, worker) => ({
    worker,
    alive: threadId !== -1,
    sites: shardSizes[worker] ?? 0,
  }));
}
