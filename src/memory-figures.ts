// A thread's memory as self figures: the V8 heap in use and reserved, so /metrics shows which part of
// Pantau holds what (the collector threads' figures are summed over them).

import { getHeapStatistics } from 'node:v8';
import { gauge, type SelfFigure } from './self-figures.js';

export type MemoryPart = 'main' | 'collector';

export function heapFigures(part: MemoryPart): SelfFigure[] {
  const heap = getHeapStatistics();
  const who = part === 'main' ? 'the main thread' : 'the collector threads, summed';
  return [
    gauge(
      `${part}_heap_used_bytes`,
      `pantau_${part}_heap_used_bytes`,
      `V8 heap in use by ${who}`,
      heap.used_heap_size,
    ),
    gauge(
      `${part}_heap_total_bytes`,
      `pantau_${part}_heap_total_bytes`,
      `V8 heap reserved by ${who}`,
      heap.total_heap_size,
    ),
  ];
}

/** The whole process's resident memory. */
export function rssFigure(): SelfFigure {
  return gauge(
    'rss_bytes',
    'pantau_rss_bytes',
    'Resident memory of the pantau process, every thread',
    process.memoryUsage.rss(),
  );
}
