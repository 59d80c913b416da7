// Where collector results go: the sink interface every consumer implements, a plain fan-out, and
// the latest result per site (for tests).

import type { IcmpProbeResult, ProbeResult, SnmpProbeResult } from '../probe/index.js';

export interface ProbeResultSink {
  accept(results: readonly ProbeResult[]): void;
}

export interface SiteLatest {
  readonly icmp: IcmpProbeResult | null;
  readonly snmp: SnmpProbeResult | null;
}

/** The latest ICMP and SNMP result of every site, and how many results have come in. */
export class LatestResults implements ProbeResultSink {
  private readonly bySite = new Map<
    string,
    { icmp: IcmpProbeResult | null; snmp: SnmpProbeResult | null }
  >();
  private count = 0;

  accept(results: readonly ProbeResult[]): void {
    this.count += results.length;
    for (const result of results) {
      const entry = this.bySite.get(result.siteId) ?? { icmp: null, snmp: null };
      if (result.kind === 'icmp') entry.icmp = result;
      else if (result.kind === 'snmp') entry.snmp = result;
      this.bySite.set(result.siteId, entry);
    }
  }

  get(siteId: string): SiteLatest | undefined {
    return this.bySite.get(siteId);
  }

  get received(): number {
    return this.count;
  }

  sites(): IterableIterator<[string, SiteLatest]> {
    return this.bySite.entries();
  }
}

/** Sends every batch to each of several sinks. */
export class FanOutSink implements ProbeResultSink {
  constructor(private readonly sinks: readonly ProbeResultSink[]) {}

  accept(results: readonly ProbeResult[]): void {
    for (const sink of this.sinks) sink.accept(results);
  }
}
