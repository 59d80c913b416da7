// The lab's SNMP agent: what the rest of the lab imports.

export {
  AgentBindError,
  type AgentCounters,
  type AgentHostStats,
  type SiteAgentStats,
  SnmpAgentHost,
} from './agent-host.js';
export { BerError } from './ber.js';
export { createMibView, type MibResolver, SortedMibLayout } from './mib.js';
export {
  type MalformedForm,
  type Misbehaviour,
  NORMAL,
  type ReplyBehaviour,
} from './misbehaviour.js';
export { compareOids, formatOid, parseOid } from './oid.js';
export type { AgentSite, UsmUser } from './responder.js';
export {
  measureGetThroughput,
  THROUGHPUT_OIDS,
  type ThroughputCredentials,
  type ThroughputOptions,
  type ThroughputResult,
  type ThroughputTarget,
} from './throughput.js';
export type { MibView, Oid, SnmpValue } from './types.js';
export type { AuthProtocol, PrivProtocol, SecurityLevel } from './usm.js';
