// Figures as the site page prints them, before the language's number format: bit rates scaled to
// kbps…Gbps, RTT with as many decimals as it needs, percentages never rounded up to 100. Pure.

export interface Scaled {
  readonly value: number;
  readonly unit: 'bps' | 'kbps' | 'Mbps' | 'Gbps';
  readonly digits: number;
}

/** A bit rate in its unit (powers of 1000, as plans count Mbps), with 0–2 decimals. */
export function scaleBps(bps: number): Scaled {
  const units = [
    [1e9, 'Gbps'],
    [1e6, 'Mbps'],
    [1e3, 'kbps'],
  ] as const;
  for (const [size, unit] of units) {
    if (Math.abs(bps) >= size) {
      const value = bps / size;
      // A whole number (a plan's 20 Mbps) needs no decimals.
      const digits = Number.isInteger(value) || value >= 100 ? 0 : value >= 10 ? 1 : 2;
      return { value, unit, digits };
    }
  }
  return { value: bps, unit: 'bps', digits: 0 };
}

/** Decimals for an RTT: 0.042 ms, 0.42 ms and 3.2 ms need them, 148 ms does not. */
export function rttDigits(ms: number): number {
  return ms < 0.1 ? 3 : ms < 1 ? 2 : ms < 100 ? 1 : 0;
}

/**
 * An availability percentage cut (not rounded) to `digits` decimals: 99.996 % shows as 99.99 %,
 * never as 100 %, which would claim no downtime at all.
 */
export function truncatePct(pct: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.floor(pct * factor + 1e-9) / factor;
}

/** The plan's capacity in bit/s: Mbps are 10^6 bit/s. */
export function capacityBps(mbps: number): number {
  return mbps * 1e6;
}
