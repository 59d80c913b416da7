// Probe results to build points from, with plausible values; tests override what they look at.

import type {
  IcmpProbeResult,
  InterfaceResult,
  ProbeResult,
  SnmpProbeResult,
} from '../../src/probe/index.js';

const AT = 1_764_400_000_000;

export function icmpResult(over: Partial<IcmpProbeResult> = {}): IcmpProbeResult {
  return {
    kind: 'icmp',
    siteId: 'opd-dinkes',
    at: AT,
    sent: 3,
    received: 3,
    lossPct: 0,
    rttMinMs: 10,
    rttAvgMs: 12.5,
    rttMaxMs: 15,
    jitterMs: 2.5,
    up: true,
    confirmation: null,
    ...over,
  };
}

/** Echo figures when no reply came back to any of `sent` requests: all lost, no round-trip times. */
export function allLost(sent: number) {
  return {
    sent,
    received: 0,
    lossPct: 100,
    rttMinMs: null,
    rttAvgMs: null,
    rttMaxMs: null,
    jitterMs: null,
  };
}

/** A site that did not answer: every echo lost, no round-trip times. */
export function icmpDown(over: Partial<IcmpProbeResult> = {}): IcmpProbeResult {
  return icmpResult({ ...allLost(3), up: false, ...over });
}

export function wan(over: Partial<InterfaceResult> = {}): InterfaceResult {
  return {
    role: 'wan',
    ifIndex: 1,
    name: 'ether1',
    operUp: true,
    speedMbps: 100,
    rates: [
      {
        at: AT,
        intervalMs: 60_000,
        inBps: 8_000_000,
        outBps: 2_000_000,
        inOctets: 60_000_000,
        outOctets: 15_000_000,
        inErrors: 0,
        outErrors: 3,
        inDiscards: 4,
        source: 'counter64',
      },
    ],
    noRate: null,
    inErrors: 0,
    outErrors: 1,
    inDiscards: 2,
    warnings: [],
    ...over,
  };
}

/** An interface whose agent reported none of its figures: no state, speed, counters or rates. */
export function silentInterface(over: Partial<InterfaceResult> = {}): InterfaceResult {
  return wan({
    operUp: null,
    speedMbps: null,
    inErrors: null,
    outErrors: null,
    inDiscards: null,
    rates: [],
    ...over,
  });
}

export function snmpResult(
  interfaces: InterfaceResult[] = [wan()],
  at: number = AT,
): SnmpProbeResult {
  return {
    kind: 'snmp',
    siteId: 'opd-dinkes',
    at,
    ok: true,
    pollMs: 42,
    uptimeS: 86_400,
    interfaces,
  };
}

/**
 * One site's results of every kind and every gap the InfluxDB mapping treats apart: ICMP up and
 * lost, an SNMP poll with a full, a partial and a silent interface, a failed poll with a quote and
 * a line break in its message, and a TCP check.
 */
export function everyKindOfResult(siteId: string): ProbeResult[] {
  return [
    icmpResult({ siteId, rttAvgMs: 12.5 }),
    icmpDown({ siteId }),
    {
      ...snmpResult([
        wan(),
        wan({ role: 'lan', name: 'ether 2,x=y', operUp: null, speedMbps: null, rates: [] }),
        silentInterface({ role: 'lan', name: 'bridge' }),
      ]),
      siteId,
    },
    {
      kind: 'snmp',
      siteId,
      at: AT,
      ok: false,
      pollMs: 2000,
      failure: 'timeout',
      message: 'no "reply"\nin 2 s',
    },
    {
      kind: 'tcp',
      siteId,
      at: AT,
      port: 8291,
      up: false,
      refused: false,
      connectMs: null,
      attempts: 2,
      failure: 'timeout',
      message: 'no answer in 2000 ms',
    },
  ];
}
