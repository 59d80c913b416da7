// One site's observed state: what its own ICMP and SNMP results say, with hysteresis on recovery.

import type { ThresholdSettings } from '../config/index.js';
import type { SnmpFailure, StatusInput } from '../probe/index.js';
import { downStatusUnder } from './dependencies.js';
import { QualityWindow } from './quality.js';
import { DEGRADED, isDownish, sameStatus, UNKNOWN, UP } from './statuses.js';
import type { ChangeReason, ObservedStatus, SiteMemory } from './types.js';

/** A new observed status and why. */
export interface ObservedChange {
  readonly status: ObservedStatus;
  readonly reason: ChangeReason;
}

export class SiteMachine {
  observed: ObservedStatus = UNKNOWN;
  observedAt: number | null = null;
  observedArrival: number | null = null;
  reason: ChangeReason | null = null;
  private lastIcmpAt = Number.NEGATIVE_INFINITY;
  /** The last ICMP result answered; null before the first. */
  icmpUp: boolean | null = null;
  private goodStreak = 0;
  /** When the current run of answered results began: SNMP failures before it belong to the outage. */
  private streakSince: number | null = null;
  private lastSnmpAt = Number.NEGATIVE_INFINITY;
  private snmpFailure: { failure: SnmpFailure; at: number } | null = null;
  private readonly quality: QualityWindow;

  constructor(
    readonly id: string,
    thresholds: ThresholdSettings,
    minSamples: number,
    /** The probe kind whose results say whether the site is alive (livenessKindOf). */
    public livenessKind = 'icmp',
  ) {
    this.quality = new QualityWindow(thresholds, minSamples);
  }

  /** The thresholds of another kind, keeping every result seen. */
  retune(thresholds: ThresholdSettings): void {
    this.quality.retune(thresholds);
  }

  /**
   * Feeds a liveness result (of the site's liveness kind: ICMP, or TCP connect); under a down
   * parent a failed result means unreachable. Returns the change, or null. A result not newer than
   * the last (late, or repeated) is ignored. (The memory keeps ICMP's field names for it.)
   */
  liveness(
    result: Extract<StatusInput, { type: 'liveness' }>,
    recoveryResults: number,
    parent: SiteMachine | null,
  ): ObservedChange | null {
    if (result.at <= this.lastIcmpAt) return null;
    this.lastIcmpAt = result.at;
    const afterFailure = this.icmpUp === false;
    this.icmpUp = result.up;
    if (!result.up) {
      // The prober already confirmed the failure: one failed result is down.
      this.goodStreak = 0;
      this.streakSince = null;
      this.quality.clear();
      const status = downStatusUnder(parent);
      if (sameStatus(status, this.observed)) return null;
      if (status.state === 'down') return { status, reason: 'icmp-failed' };
      const moved = this.observed.state === 'unreachable';
      return { status, reason: moved ? 'root-cause-moved' : 'ancestor-down' };
    }
    if (this.goodStreak === 0) this.streakSince = result.at;
    this.goodStreak++;
    // The round in which the link came back lost its first probes to the outage, not to the link.
    if (!afterFailure) this.quality.add(result.at, result.lossPct, result.rttMs);
    if (isDownish(this.observed)) {
      if (this.goodStreak < recoveryResults) return null;
      return { status: this.healthy(), reason: 'recovered' };
    }
    return this.settle(this.observed.state === 'unknown' ? 'icmp-answered' : null);
  }

  /** Feeds a device-health result (SNMP); it changes a site only while it is alive. */
  health(result: Extract<StatusInput, { type: 'health' }>): ObservedChange | null {
    if (result.at <= this.lastSnmpAt) return null;
    this.lastSnmpAt = result.at;
    this.snmpFailure = result.failure === null ? null : { failure: result.failure, at: result.at };
    const state = this.observed.state;
    if (state === 'unknown' || isDownish(this.observed)) return null;
    return this.settle(null);
  }

  /** Records a change decided here or by the dependency graph. */
  commit(change: ObservedChange, at: number, arrival: number): void {
    this.observed = change.status;
    this.observedAt = at;
    this.observedArrival = arrival;
    this.reason = change.reason;
  }

  /** Forgets every result: after the monitor was isolated, states resume from new results only. */
  reset(): void {
    this.observed = UNKNOWN;
    this.observedAt = null;
    this.observedArrival = null;
    this.reason = null;
    this.lastIcmpAt = Number.NEGATIVE_INFINITY;
    this.icmpUp = null;
    this.goodStreak = 0;
    this.streakSince = null;
    this.lastSnmpAt = Number.NEGATIVE_INFINITY;
    this.snmpFailure = null;
    this.quality.clear();
  }

  /** The answering site's status: degraded before snmp-failed, as loss can also silence SNMP. */
  private healthy(): ObservedStatus {
    const verdict = this.quality.judge();
    if (verdict !== 'ok') return DEGRADED;
    const failure = this.snmpFailure;
    // A failure from before the site answered again was the outage's, not the agent's.
    if (failure !== null && this.streakSince !== null && failure.at >= this.streakSince)
      return { state: 'snmp-failed', failure: failure.failure };
    return UP;
  }

  /** The change among up, degraded and snmp-failed, if any, with the reason it shows. */
  private settle(given: ChangeReason | null): ObservedChange | null {
    const status = this.healthy();
    const before = this.observed;
    if (given === null && sameStatus(status, before)) return null;
    return { status, reason: given ?? this.reasonFor(status, before) };
  }

  private reasonFor(status: ObservedStatus, before: ObservedStatus): ChangeReason {
    if (status.state === 'degraded')
      return this.quality.verdict === 'loss' ? 'loss-over-threshold' : 'rtt-over-threshold';
    if (before.state === 'degraded') return 'quality-restored';
    return status.state === 'snmp-failed' ? 'snmp-failed' : 'snmp-answered';
  }

  toMemory(): Omit<SiteMemory, 'flapTimes'> {
    const finite = (n: number) => (Number.isFinite(n) ? n : null);
    return {
      observed: this.observed,
      observedAt: this.observedAt,
      observedArrival: this.observedArrival,
      reason: this.reason,
      lastIcmpAt: finite(this.lastIcmpAt),
      icmpUp: this.icmpUp,
      goodStreak: this.goodStreak,
      streakSince: this.streakSince,
      lastSnmpAt: finite(this.lastSnmpAt),
      snmpFailure: this.snmpFailure ? { ...this.snmpFailure } : null,
      quality: this.quality.toJSON(),
      qualityVerdict: this.quality.verdict,
    };
  }

  /** Without remembered evidence, a restored site is taken to be what it was shown as. */
  assume(status: ObservedStatus, since: number | null): void {
    this.observed = status;
    this.observedAt = since;
    this.observedArrival = since;
  }

  load(memory: SiteMemory): void {
    this.observed = memory.observed;
    this.observedAt = memory.observedAt;
    this.observedArrival = memory.observedArrival;
    this.reason = memory.reason;
    this.lastIcmpAt = memory.lastIcmpAt ?? Number.NEGATIVE_INFINITY;
    this.icmpUp = memory.icmpUp;
    this.goodStreak = memory.goodStreak;
    this.streakSince = memory.streakSince;
    this.lastSnmpAt = memory.lastSnmpAt ?? Number.NEGATIVE_INFINITY;
    this.snmpFailure = memory.snmpFailure ? { ...memory.snmpFailure } : null;
    this.quality.load(memory.quality, memory.qualityVerdict);
  }
}
