// Turns a poll's raw sample into the result that leaves the collector: rates from the previous
// reading of each interface (kept here, per site and interface), and why there is none.

import { advanceRates, INITIAL_RATE_STATE, type RateEvent, type RateState } from './counters.js';
import type { SnmpPollOutcome, SnmpProbeResult } from './types.js';

export interface RateEventRecord {
  readonly siteId: string;
  readonly role: string;
  readonly event: RateEvent;
}

/** The rate state of every interface this collector polls. */
export class RateBook {
  private readonly states = new Map<string, RateState>();

  /** The result of one poll; `onEvent` hears spikes discarded and speeds flagged. */
  result(
    siteId: string,
    outcome: SnmpPollOutcome,
    onEvent: (e: RateEventRecord) => void = () => {},
  ): SnmpProbeResult {
    if (!outcome.ok) {
      return {
        kind: 'snmp',
        siteId,
        at: outcome.at,
        ok: false,
        pollMs: outcome.pollMs,
        failure: outcome.failure,
        message: outcome.message,
      };
    }
    const { sample } = outcome;
    const interfaces = sample.interfaces.map((iface) => {
      const key = `${siteId}/${iface.role}`;
      const advanced = advanceRates(this.states.get(key) ?? INITIAL_RATE_STATE, {
        at: sample.at,
        monotonicMs: sample.monotonicMs,
        uptimeTicks: sample.uptimeTicks,
        ifIndex: iface.ifIndex,
        speedMbps: iface.speedMbps,
        hcIn: iface.hcInOctets,
        hcOut: iface.hcOutOctets,
        in32: iface.inOctets32,
        out32: iface.outOctets32,
        inErrors: iface.inErrors,
        outErrors: iface.outErrors,
        inDiscards: iface.inDiscards,
      });
      this.states.set(key, advanced.state);
      for (const event of advanced.events) onEvent({ siteId, role: iface.role, event });
      return {
        role: iface.role,
        ifIndex: iface.ifIndex,
        name: iface.name,
        operUp: iface.operUp,
        speedMbps: iface.speedMbps,
        rates: advanced.rates,
        noRate: advanced.noRate,
        inErrors: iface.inErrors,
        outErrors: iface.outErrors,
        inDiscards: iface.inDiscards,
        warnings: advanced.warnings,
      };
    });
    return {
      kind: 'snmp',
      siteId,
      at: sample.at,
      ok: true,
      pollMs: sample.pollMs,
      uptimeS: Math.floor(sample.uptimeTicks / 100),
      interfaces,
    };
  }

  forget(siteId: string): void {
    for (const key of this.states.keys()) if (key.startsWith(`${siteId}/`)) this.states.delete(key);
  }
}
