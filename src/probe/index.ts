// Probers: one folder a probe kind (icmp/, snmp/, tcp/), each registered once in registry.ts with
// its settings, planner, prober, points, live figures and status input.

export {
  createIcmpProber,
  FpingError,
  findProgram,
  type IcmpProberOptions,
  isExecutable,
  PingError,
} from './icmp/icmp.js';
export * from './registry.js';
export * from './snmp/counters.js';
export { RateBook, type RateEventRecord } from './snmp/rate-book.js';
export {
  createSnmpPoller,
  NetSnmpPoller,
  type SnmpPollerOptions,
  type SnmpPollerStats,
  type SnmpSiteStats,
} from './snmp/snmp.js';
export { probeTcp } from './tcp/kind.js';
export * from './types.js';
