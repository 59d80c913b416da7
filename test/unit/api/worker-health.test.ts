// /api/health's per-worker lines from the collector pool's thread ids and shard sizes.

import { describe, expect, it } from 'vitest';
import { workerHealth } from '../../../src/api/index.js';

describe('workerHealth', () => {
  it('marks a worker not running (thread id -1) as not alive, with its share of the sites', () => {
    expect(workerHealth([12, -1, 14], [120, 110, 112])).toEqual([
      { worker: 0, alive: true, sites: 120 },
      { worker: 1, alive: false, sites: 110 },
      { worker: 2, alive: true, sites: 112 },
    ]);
  });

  it('gives 0 sites for a worker the sizes do not cover, and nothing for no workers', () => {
    expect(workerHealth([3], [])).toEqual([{ worker: 0, alive: true, sites: 0 }]);
    expect(workerHealth([], [])).toEqual([]);
  });
});
