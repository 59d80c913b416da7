export type {
  BatchCycleSummary,
  CycleSummary,
  IcmpCycleSummary,
  PeriodSummary,
  SnmpPeriodSummary,
  TargetChanges,
} from './collector-loop.js';
export { CollectorLoop } from './collector-loop.js';
export {
  type CollectorTarget,
  checkOf,
  collectorSites,
  referenceTargets,
  type TargetRole,
} from './collector-site.js';
export { CollectorPool, type CollectorPoolOptions, type PoolUpdate } from './pool.js';
export { dueBetween, nextSlot, shardOf, spreadOffsets } from './schedule.js';
export { logCycleSummary } from './summary-log.js';
export { diffTargets, type TargetDiff } from './target-changes.js';
