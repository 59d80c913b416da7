// One simulated site router's changing state: uptime, reboots, counters, interface status, and the
// stretches of time when no traffic flowed. Pure: every method takes the time it is asked about.

import type { RouterProfile } from './router-profile.js';
import { shapeAt, shapeIntegral } from './traffic.js';

const TWO_32 = 2 ** 32;

export type InterfaceRole = 'wan' | 'lan';

export interface OctetCounts {
  readonly in: number;
  readonly out: number;
}

/** Octets that crossed each interface over an interval. */
export interface ServedOctets {
  readonly wan: OctetCounts;
  readonly lan: OctetCounts;
}

export interface InterfaceCounters {
  readonly hcIn: bigint;
  readonly hcOut: bigint;
  readonly in32: number;
  readonly out32: number;
  readonly operUp: boolean;
  readonly inErrors: number;
  readonly inDiscards: number;
}

/** A stretch of time during which traffic flowed; `base` is the flowing integral at `start`. */
interface FlowSegment {
  readonly start: number;
  end: number | null;
  readonly base: number;
}

export class SimulatedRouter {
  readonly profile: RouterProfile;
  private bootMs: number;
  private boots = 1;
  /** Flowing shape-integral at boot, so counters start at zero after a reboot. */
  private flowAtBoot: number;
  private readonly segments: FlowSegment[];
  /** Reasons traffic is stopped now (site down, interface down); traffic flows when empty. */
  private readonly stoppers = new Set<string>();
  private readonly operDown = new Set<InterfaceRole>();
  /** Added to the octet counts before the 2^32 modulus, to bring a Counter32 wrap near. */
  private readonly wrapOffset: Record<InterfaceRole, { in: number; out: number }> = {
    wan: { in: 0, out: 0 },
    lan: { in: 0, out: 0 },
  };
  private ifIndexShift = 0;

  constructor(profile: RouterProfile, startMs: number) {
    this.profile = profile;
    this.bootMs = startMs - profile.initialUptimeS * 1000;
    // Traffic has flowed since boot; the first segment starts there.
    this.segments = [{ start: this.bootMs, end: null, base: 0 }];
    this.flowAtBoot = 0;
  }

  get engineBoots(): number {
    return this.boots;
  }

  get bootTimeMs(): number {
    return this.bootMs;
  }

  /** sysUpTime in hundredths of a second (TimeTicks wrap at 2^32). */
  uptimeTicks(nowMs: number): number {
    return Math.floor(Math.max(0, nowMs - this.bootMs) / 10) % TWO_32;
  }

  ifIndex(role: InterfaceRole): number {
    return (role === 'wan' ? this.profile.wan : this.profile.lan).ifIndex + this.ifIndexShift;
  }

  isOperUp(role: InterfaceRole): boolean {
    return !this.operDown.has(role);
  }

  get flowing(): boolean {
    return this.stoppers.size === 0;
  }

  /** ∫ shape over the time traffic flowed, from the first boot to `tMs`, in shape-seconds. */
  private flowIntegral(tMs: number): number {
    const segs = this.segments;
    // Binary search for the last segment that starts at or before t.
    let lo = 0;
    let hi = segs.length - 1;
    if (tMs <= (segs[0]?.start ?? 0)) return 0;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((segs[mid]?.start ?? 0) <= tMs) lo = mid;
      else hi = mid - 1;
    }
    const seg = segs[lo];
    if (!seg) return 0;
    const until = seg.end === null ? tMs : Math.min(tMs, seg.end);
    const p = this.profile.traffic;
    return seg.base + (shapeIntegral(p, until) - shapeIntegral(p, seg.start));
  }

  /** Stops traffic for a reason (an outage, an interface down) from `atMs` until released. */
  stopTraffic(reason: string, atMs: number): void {
    const wasFlowing = this.flowing;
    this.stoppers.add(reason);
    if (wasFlowing) {
      const last = this.segments[this.segments.length - 1];
      if (last && last.end === null) last.end = Math.max(atMs, last.start);
    }
  }

  /** Releases one reason; traffic resumes from `atMs` once no reason is left. */
  resumeTraffic(reason: string, atMs: number): void {
    if (!this.stoppers.delete(reason) || !this.flowing) return;
    const last = this.segments[this.segments.length - 1];
    const start = Math.max(atMs, last?.end ?? atMs);
    this.segments.push({ start, end: null, base: this.flowIntegral(start) });
  }

  setOperStatus(role: InterfaceRole, up: boolean, atMs: number): void {
    if (up) {
      this.operDown.delete(role);
      this.resumeTraffic(`if-down:${role}`, atMs);
    } else {
      this.operDown.add(role);
      this.stopTraffic(`if-down:${role}`, atMs);
    }
  }

  /** A restart at `atMs`: uptime and counters from zero, engineBoots + 1; optionally new ifIndexes. */
  reboot(atMs: number, renumberInterfaces = false): void {
    this.bootMs = atMs;
    this.boots += 1;
    this.flowAtBoot = this.flowIntegral(atMs);
    this.wrapOffset.wan = { in: 0, out: 0 };
    this.wrapOffset.lan = { in: 0, out: 0 };
    if (renumberInterfaces) this.ifIndexShift += 10;
  }

  /** Octet counts since boot, exact to the byte up to float rounding. */
  private sinceBoot(nowMs: number): { wanIn: number; wanOut: number } {
    const flow = Math.max(0, this.flowIntegral(nowMs) - this.flowAtBoot);
    const t = this.profile.traffic;
    const wanIn = Math.floor(flow * t.peakInBytesPerS);
    const wanOut = Math.floor(flow * t.peakInBytesPerS * t.outRatio);
    return { wanIn, wanOut };
  }

  counters(role: InterfaceRole, nowMs: number): InterfaceCounters {
    const { wanIn, wanOut } = this.sinceBoot(nowMs);
    // The LAN side forwards what the WAN carries: LAN out is the download, LAN in the upload.
    const inOctets = role === 'wan' ? wanIn : wanOut;
    const outOctets = role === 'wan' ? wanOut : wanIn;
    const offset = this.wrapOffset[role];
    // A handful of errors per GB, so the error counters are not flat zero.
    return {
      hcIn: BigInt(inOctets),
      hcOut: BigInt(outOctets),
      in32: (inOctets + offset.in) % TWO_32,
      out32: (outOctets + offset.out) % TWO_32,
      operUp: this.isOperUp(role),
      inErrors: Math.floor(inOctets / 2.5e8) % TWO_32,
      inDiscards: Math.floor(inOctets / 9e8) % TWO_32,
    };
  }

  /** Download rate now, in bytes per second (0 while traffic is stopped). */
  rateNow(nowMs: number): number {
    if (!this.flowing) return 0;
    return shapeAt(this.profile.traffic, nowMs) * this.profile.traffic.peakInBytesPerS;
  }

  /**
   * Shifts the Counter32 octet counters of an interface so that they wrap in about `inSeconds`
   * at the current rate (the 64-bit counters are untouched).
   */
  wrapCounter32Soon(role: InterfaceRole, nowMs: number, inSeconds: number): void {
    const c = this.counters(role, nowMs);
    const t = this.profile.traffic;
    const inRate = role === 'wan' ? this.rateNow(nowMs) : this.rateNow(nowMs) * t.outRatio;
    const outRate = role === 'wan' ? this.rateNow(nowMs) * t.outRatio : this.rateNow(nowMs);
    const headroom = (rate: number): number => Math.max(1, Math.round(rate * inSeconds));
    const offset = this.wrapOffset[role];
    offset.in = (offset.in + TWO_32 - c.in32 - headroom(inRate) + TWO_32) % TWO_32;
    offset.out = (offset.out + TWO_32 - c.out32 - headroom(outRate) + TWO_32) % TWO_32;
  }

  /** Octets that crossed each interface in [fromMs, toMs), whatever reboots happened between. */
  served(fromMs: number, toMs: number): ServedOctets {
    const flow = Math.max(0, this.flowIntegral(toMs) - this.flowIntegral(fromMs));
    const t = this.profile.traffic;
    const down = Math.round(flow * t.peakInBytesPerS);
    const up = Math.round(flow * t.peakInBytesPerS * t.outRatio);
    return { wan: { in: down, out: up }, lan: { in: up, out: down } };
  }
}
