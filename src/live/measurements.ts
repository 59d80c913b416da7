// A site's latest measurements for its detail page, merged from the results of its checks.

import { liveFiguresOf, type ProbeResult } from '../probe/index.js';
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
  // Each probe kind says which figures its result sets (src/probe/<kind>/kind.ts).
  return { ...base, ...liveFiguresOf(result), at };
}
