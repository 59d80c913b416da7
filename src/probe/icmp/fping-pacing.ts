// How fast one fping run sends: -i (between any two packets) and -p (between two to one target).
// Pure.
//
// -i 0, back to back. fping sleeps before every packet when -i > 0, and its CPU grows with those
// wake-ups: 10,000 lab sites × 3 took 0.6 CPU-s and 0.7 s at -i 0 -p 100, 1.1 CPU-s and 5 s at
// -i 0.1, 1.8 CPU-s and 33 s at -i 1 (measured here against the lab; no reply lost in any). At
// -i 0 fping's own work (~20 µs a packet) spaces the packets, some 50,000 a second: a round to
// 10,000 sites is a 0.2 s burst of some 35 Mbit/s, and a regency's few hundred sites a few
// milliseconds' worth. A path with an ICMP flood guard (a firewall's "ICMP sweep" threshold) can
// ask for a floor (minIntervalMs).
//
// -p: a main round spreads each target's requests over about a second (MAIN_SPREAD_MS), so a
// short burst of loss (a queue overflowing for some milliseconds) cannot take every one of them,
// while the round still ends about a second plus the timeout after it starts, whatever the count;
// the wake-ups per round do not depend on -p, so a longer spread costs no CPU. A confirmation
// round uses the configured spacing. Neither is shorter than the time one round takes to send,
// so a target's requests really are -p apart.

export interface FpingPacing {
  /** -i: between any two packets, ms. */
  readonly intervalMs: number;
  /** -p: between two packets to one target, ms. */
  readonly periodMs: number;
}

/** How long a main round's requests to one target are spread over. */
export const MAIN_SPREAD_MS = 1000;
/** fping's own time to send one packet at -i 0 (measured: ~20 µs; rounded up). */
export const SEND_COST_MS = 0.025;
/** No period shorter than this: a target's requests never go out back to back. */
export const MIN_PERIOD_MS = 10;

/** Rounds to the microsecond, which is what fping parses (as a float of ms). */
function toMicros(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/**
 * Pacing of a round to `hosts` targets, `count` requests each; `periodMs` as asked (confirmation)
 * or null (a main round: spread over MAIN_SPREAD_MS); `minIntervalMs`, a floor for -i.
 */
export function fpingPacing(
  hosts: number,
  count: number,
  periodMs: number | null,
  minIntervalMs = 0,
): FpingPacing {
  const intervalMs = toMicros(Math.max(0, minIntervalMs));
  const wanted = periodMs ?? (count > 1 ? MAIN_SPREAD_MS / (count - 1) : MAIN_SPREAD_MS);
  const roundMs = hosts * Math.max(intervalMs, SEND_COST_MS);
  return { intervalMs, periodMs: toMicros(Math.max(wanted, roundMs, MIN_PERIOD_MS)) };
}

/**
 * fping numbers its requests from one map of 65,535 entries, each held for 10 s; a run that sends
 * more within that dies ("not enough sequence numbers available"). A margin stays for the clock.
 */
export const FPING_SEQUENCE_NUMBERS = 65_000;

/** Hosts split into runs small enough for fping's sequence numbers, `count` requests each. */
export function hostChunks<T>(hosts: readonly T[], count: number): T[][] {
  const size = Math.max(1, Math.floor(FPING_SEQUENCE_NUMBERS / Math.max(1, count)));
  const chunks: T[][] = [];
  for (let i = 0; i < hosts.length; i += size) chunks.push(hosts.slice(i, i + size));
  return chunks;
}
