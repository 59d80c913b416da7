// What changed between two target lists: what a worker is sent on a reload instead of a restart.

import type { TargetChanges } from './collector-loop.js';
import type { CollectorTarget } from './collector-site.js';

export interface TargetDiff extends TargetChanges {
  /** Of `upsert`, the ids that were not there before (the rest changed). */
  readonly added: readonly string[];
  readonly unchanged: number;
}

/** New and changed targets in full, removed ones by id; unchanged ones are left out. */
export function diffTargets(
  before: readonly CollectorTarget[],
  after: readonly CollectorTarget[],
): TargetDiff {
  const old = new Map(before.map((t) => [t.siteId, JSON.stringify(t)] as const));
  const upsert: CollectorTarget[] = [];
  const added: string[] = [];
  let unchanged = 0;
  const kept = new Set<string>();
  for (const target of after) {
    kept.add(target.siteId);
    const was = old.get(target.siteId);
    if (was === undefined) added.push(target.siteId);
    else if (was === JSON.stringify(target)) {
      unchanged++;
      continue;
    }
    upsert.push(target);
  }
  const remove = before.map((t) => t.siteId).filter((id) => !kept.has(id));
  return { upsert, remove, added, unchanged };
}
