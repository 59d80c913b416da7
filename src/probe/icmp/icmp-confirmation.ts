// One ICMP probe: a main round of echo requests to every distinct host, then a confirmation round
// for the hosts that answered none, so one lost packet is not an outage and a real one is seen in
// seconds. The decisions are pure; the rounds themselves (fping, ping) are passed in.

import { type EchoStats, NOT_PROBED } from './icmp-stats.js';
import type { IcmpProbeResult, IcmpSettings, IcmpTarget } from './types.js';

export interface EchoRequest {
  readonly count: number;
  readonly timeoutMs: number;
  /** Between two requests to one host; null lets the back end pace a main round its own way. */
  readonly periodMs: number | null;
}

export interface HostEchoes {
  /** Epoch ms when this host's first request was about to go out. */
  readonly at: number;
  readonly stats: EchoStats;
}

/** One round of echo requests to distinct hosts; a host missing from the answer was not probed. */
export type EchoRound = (
  hosts: readonly string[],
  request: EchoRequest,
  signal: AbortSignal,
) => Promise<ReadonlyMap<string, HostEchoes>>;

/** Each host once, in first-seen order: several sites may share a router's address. */
export function distinctHosts(targets: readonly IcmpTarget[]): string[] {
  return [...new Set(targets.map((t) => t.host))];
}

/** Hosts to re-probe: sent requests and got no reply. A name that never resolved is not re-tried. */
export function hostsToConfirm(
  main: ReadonlyMap<string, HostEchoes>,
  confirm: IcmpSettings['confirm'],
): string[] {
  if (confirm.attempts <= 0) return [];
  return [...main]
    .filter(([, { stats }]) => stats.sent > 0 && stats.received === 0)
    .map(([host]) => host);
}

/** The request of the confirmation round: the configured attempts and spacing, the probe's timeout. */
export function confirmationRequest(settings: IcmpSettings): EchoRequest {
  return {
    count: settings.confirm.attempts,
    timeoutMs: settings.timeoutMs,
    periodMs: settings.confirm.intervalMs,
  };
}

/**
 * A site's result: loss and RTTs of the main round only; `up` if any reply came in either round;
 * `confirmation` present when the site was re-probed.
 */
export function icmpResult(
  siteId: string,
  main: HostEchoes,
  confirmation: EchoStats | null,
): IcmpProbeResult {
  const { stats } = main;
  return {
    kind: 'icmp',
    siteId,
    at: main.at,
    sent: stats.sent,
    received: stats.received,
    lossPct: stats.lossPct,
    rttMinMs: stats.rttMinMs,
    rttAvgMs: stats.rttAvgMs,
    rttMaxMs: stats.rttMaxMs,
    jitterMs: stats.jitterMs,
    up: stats.received > 0 || (confirmation?.received ?? 0) > 0,
    confirmation: confirmation
      ? { attempts: confirmation.sent, received: confirmation.received }
      : null,
  };
}

/** Runs the main round, the confirmation round when needed, and gives one result per target. */
export async function probeWithConfirmation(
  targets: readonly IcmpTarget[],
  settings: IcmpSettings,
  signal: AbortSignal,
  round: EchoRound,
  now: () => number,
): Promise<IcmpProbeResult[]> {
  signal.throwIfAborted();
  const hosts = distinctHosts(targets);
  if (hosts.length === 0) return [];
  const startedAt = now();
  const main = await round(
    hosts,
    { count: settings.count, timeoutMs: settings.timeoutMs, periodMs: null },
    signal,
  );
  const toConfirm = hostsToConfirm(main, settings.confirm);
  signal.throwIfAborted();
  const confirmed =
    toConfirm.length > 0
      ? await round(toConfirm, confirmationRequest(settings), signal)
      : new Map<string, HostEchoes>();
  const reProbed = new Set(toConfirm);
  return targets.map((target) => {
    const echoes = main.get(target.host) ?? { at: startedAt, stats: NOT_PROBED };
    const confirmation = reProbed.has(target.host)
      ? (confirmed.get(target.host)?.stats ?? NOT_PROBED)
      : null;
    return icmpResult(target.siteId, echoes, confirmation);
  });
}
