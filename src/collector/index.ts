export type { CycleSummary, IcmpCycleSummary, SnmpPeriodSummary } from './collector-loop.js';
export { CollectorLoop } from './collector-loop.js';
export {
  type CollectorSite,
  collectorSites,
  type RouterSite,
  referenceSites,
} from './collector-site.js';
export { CollectorPool, type CollectorPoolOptions } from './pool.js';
export { dueBetween, nextSlot, shardOf, spreadOffsets } from './schedule.js';
export { RateBook } from './snmp-results.js';
export { logCycleSummary } from './summary-log.js';
