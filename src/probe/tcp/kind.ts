// TCP connect as a probe kind, for routers behind ISPs that drop ICMP: a site with
// `liveness: { tcp: PORT }` is judged alive by a connect to router.host:PORT (accepted or
// refused: the host answered; every attempt timed out: it did not), instead of by ping.

import * as z from 'zod';
import type { PerTargetProbeKind } from '../kind.js';
import { connectOnce } from './tcp-connect.js';
import type { TcpCheck, TcpKindSettings, TcpProbeResult } from './types.js';

const SECOND = 1_000;

export const tcpKind: PerTargetProbeKind<TcpKindSettings, TcpCheck, TcpProbeResult> = {
  name: 'tcp',
  mode: 'per-target',
  settings: {
    builtIn: { intervalMs: 30_000, timeoutMs: 2_000, attempts: 2 },
    schema: (f) =>
      z
        .strictObject({
          interval: f.duration({ min: SECOND }).optional(),
          timeout: f.duration({ min: 10 }).optional(),
          attempts: f.integer({ min: 1, max: 10 }).optional(),
        })
        .transform((v) => ({ intervalMs: v.interval, timeoutMs: v.timeout, attempts: v.attempts })),
    workerWide: [],
  },
  plan: (site, s): TcpCheck | null =>
    site.liveness?.tcp === undefined
      ? null
      : {
          kind: 'tcp',
          siteId: site.id,
          intervalMs: s.intervalMs,
          host: site.router.host,
          port: site.liveness.tcp,
          timeoutMs: s.timeoutMs,
          attempts: s.attempts,
        },
  createProber: () => ({
    probe: (c, signal) => probeTcp(c, signal),
    forget: () => {},
    close: () => Promise.resolve(),
  }),
  outcome: (r) => ({ ok: r.up, failure: r.failure }),
  points: (r) => [
    {
      measurement: 'tcp',
      tags: { port: String(r.port) },
      fields: {
        up: r.up ? 1 : 0,
        refused: r.up ? (r.refused ? 1 : 0) : null,
        connect_ms: r.connectMs,
        attempts: r.attempts,
      },
      timeMs: r.at,
    },
  ],
  // The live page's RTT and loss are ping's; a connect time is not a round-trip time.
  live: () => ({}),
  status: (r) => ({
    type: 'liveness',
    at: r.at,
    up: r.up,
    lossPct: r.up ? 0 : 100,
    rttMs: r.connectMs,
  }),
};

/** Attempts until the host answers, up to the check's number; a refusal ends it at once. */
export async function probeTcp(c: TcpCheck, signal: AbortSignal): Promise<TcpProbeResult> {
  const at = Date.now();
  let attempts = 0;
  let last: { failure: TcpProbeResult['failure']; message: string } = {
    failure: 'error',
    message: 'not attempted',
  };
  while (attempts < c.attempts && !signal.aborted) {
    attempts++;
    const outcome = await connectOnce(c.host, c.port, c.timeoutMs, signal);
    if (outcome.answered)
      return {
        kind: 'tcp',
        siteId: c.siteId,
        at,
        port: c.port,
        up: true,
        refused: outcome.refused,
        connectMs: outcome.connectMs,
        attempts,
        failure: null,
        message: null,
      };
    last = outcome;
  }
  return {
    kind: 'tcp',
    siteId: c.siteId,
    at,
    port: c.port,
    up: false,
    refused: false,
    connectMs: null,
    attempts,
    failure: last.failure,
    message: last.message,
  };
}
