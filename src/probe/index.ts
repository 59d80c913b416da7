// Probers: one protocol a file, each taking targets, settings and an abort signal, returning plain results.

export * from './counters.js';
export {
  createIcmpProber,
  FpingError,
  findProgram,
  type IcmpBackendChoice,
  type IcmpProberOptions,
  isExecutable,
  PingError,
} from './icmp.js';
export {
  createSnmpPoller,
  NetSnmpPoller,
  type SnmpPollerOptions,
  type SnmpPollerStats,
  type SnmpSiteStats,
} from './snmp.js';
export * from './types.js';
