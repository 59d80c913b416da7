// What probers take and give: plain, serialisable data, so results can cross worker and process
// boundaries unchanged (structured clone; bigints allowed, no functions, no class instances).
// Each kind's own types live in its folder; the unions of all kinds come from registry.ts.

export type * from './icmp/types.js';
export { ICMP_BACKENDS } from './icmp/types.js';
export type * from './kind.js';
export type { PlannedCheck, ProbeKindSettings, ProbeResult } from './registry.js';
export type * from './snmp/types.js';
export { NO_RATE_REASONS, SNMP_FAILURES } from './snmp/types.js';
export type * from './tcp/types.js';
