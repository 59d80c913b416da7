// ICMP as a probe kind: every site and reference target is pinged, a cycle's targets in one
// prober run (one fping per group), and its result is the site's liveness unless the site names
// another liveness check.

import * as z from 'zod';
import type { BatchProbeKind } from '../kind.js';
import { createIcmpProber } from './icmp.js';
import {
  ICMP_BACKENDS,
  type IcmpBackendChoice,
  type IcmpCheck,
  type IcmpKindSettings,
  type IcmpProbeResult,
  type IcmpProber,
} from './types.js';

const SECOND = 1_000;

export const icmpKind: BatchProbeKind<IcmpKindSettings, IcmpCheck, IcmpProbeResult> = {
  name: 'icmp',
  mode: 'batch',
  settings: {
    builtIn: {
      intervalMs: 30_000,
      count: 3,
      timeoutMs: 500,
      confirm: { attempts: 3, intervalMs: 1_000 },
      backend: 'auto',
    },
    schema: (f) =>
      z
        .strictObject({
          interval: f.duration({ min: SECOND }).optional(),
          count: f.integer({ min: 1, max: 20 }).optional(),
          timeout: f.duration({ min: 10 }).optional(),
          confirm: z
            .strictObject({
              attempts: f.integer({ min: 0, max: 10 }).optional(),
              interval: f.duration({ min: 100 }).optional(),
            })
            .optional(),
          backend: f.choice(ICMP_BACKENDS).optional(),
        })
        .transform((v) => ({
          intervalMs: v.interval,
          count: v.count,
          timeoutMs: v.timeout,
          confirm: v.confirm && { attempts: v.confirm.attempts, intervalMs: v.confirm.interval },
          backend: v.backend,
        })),
    workerWide: [],
  },
  plan: (site, settings) => check(site.id, site.router.host, settings),
  planReference: (target, settings) => check(target.id, target.host, settings),
  batchKey: (c) => `${c.backend}|${JSON.stringify(c.settings)}`,
  createProber: ({ log }) => {
    // One prober a back end, made when a group first needs it: a kind may ask for `ping`.
    const probers = new Map<IcmpBackendChoice, IcmpProber>();
    return {
      probe(checks, signal) {
        const first = checks[0];
        if (first === undefined) return Promise.resolve([]);
        let prober = probers.get(first.backend);
        if (!prober) {
          prober = createIcmpProber(first.backend, { log });
          probers.set(first.backend, prober);
          log.debug({ backend: first.backend, prober: prober.name }, 'ICMP prober ready');
        }
        return prober.probe(
          checks.map((c) => ({ siteId: c.siteId, host: c.host })),
          first.settings,
          signal,
        );
      },
      close: () => Promise.resolve(),
    };
  },
  outcome: (r) => ({ ok: r.up, failure: r.up ? null : 'no-reply' }),
  points: (r) => [
    {
      measurement: 'icmp',
      fields: {
        up: r.up ? 1 : 0,
        loss_pct: r.lossPct,
        rtt_min_ms: r.rttMinMs,
        rtt_avg_ms: r.rttAvgMs,
        rtt_max_ms: r.rttMaxMs,
        jitter_ms: r.jitterMs,
        sent: r.sent,
        received: r.received,
      },
      timeMs: r.at,
    },
  ],
  live: (r) => ({ rttAvgMs: r.rttAvgMs, lossPct: r.lossPct }),
  status: (r) => ({
    type: 'liveness',
    at: r.at,
    up: r.up,
    lossPct: r.lossPct,
    rttMs: r.rttAvgMs,
  }),
};

function check(siteId: string, host: string, s: IcmpKindSettings): IcmpCheck {
  return {
    kind: 'icmp',
    siteId,
    host,
    intervalMs: s.intervalMs,
    settings: { count: s.count, timeoutMs: s.timeoutMs, confirm: s.confirm },
    backend: s.backend,
  };
}
