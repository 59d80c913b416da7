// A site's latest measurements for its detail page, merged from its ICMP and SNMP results.

import type { InterfaceResult, ProbeResult, Rate } from '../probe/index.js';
import type { Measurement } from './protocol.js';

/** The previous measurement with one more result merged in. */
export function measure(previous: Measurement | undefined, result: ProbeResult): Measurement {
  const base: Measurement = previous ?? {
    siteId: result.siteId,
    at: result.at,
    rttAvgMs: null,
    lossPct: null,
    inBps: null,
    outBps: null,
  };
  const at = Math.max(base.at, result.at);
  if (result.kind === 'icmp')
    return { ...base, at, rttAvgMs: result.rttAvgMs, lossPct: result.lossPct };
  // A failed poll says nothing about traffic now: show none rather than a stale rate.
  const rate = result.ok ? wanRate(result.interfaces) : null;
  return { ...base, at, inBps: rate?.inBps ?? null, outBps: rate?.outBps ?? null };
}

/** The WAN interface's newest rate, if the poll gave one. */
function wanRate(interfaces: readonly InterfaceResult[]): Rate | null {
  const wan = interfaces.find((entry) => entry.role === 'wan');
  return wan?.rates.at(-1) ?? null;
}
