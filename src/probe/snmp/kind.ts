// SNMP as a probe kind: each site polled at its own slot through one shared socket, counters
// turned into rates here (the RateBook keeps each interface's previous reading), and the result
// weighed as the device's health, never as liveness.

import * as z from 'zod';
import type { KindPoint, PerTargetProbeKind } from '../kind.js';
import { RateBook } from './rate-book.js';
import { snmpPollerFigures } from './figures.js';
import { createSnmpPoller } from './snmp.js';
import type { InterfaceResult, SnmpCheck, SnmpKindSettings, SnmpProbeResult } from './types.js';

const SECOND = 1_000;

export const snmpKind: PerTargetProbeKind<SnmpKindSettings, SnmpCheck, SnmpProbeResult> = {
  name: 'snmp',
  mode: 'per-target',
  settings: {
    builtIn: { intervalMs: 60_000, timeoutMs: 2_000, retries: 1, concurrency: 500 },
    schema: (f) =>
      z
        .strictObject({
          interval: f.duration({ min: SECOND }).optional(),
          timeout: f.duration({ min: 10 }).optional(),
          retries: f.integer({ min: 0, max: 5 }).optional(),
          concurrency: f.integer({ min: 1, max: 10_000 }).optional(),
        })
        .transform((v) => ({
          intervalMs: v.interval,
          timeoutMs: v.timeout,
          retries: v.retries,
          concurrency: v.concurrency,
        })),
    workerWide: [
      {
        key: 'concurrency',
        why: 'it limits the SNMP requests in flight of a whole collector worker, whatever the site kind',
      },
    ],
  },
  plan: (site, s): SnmpCheck => ({
    kind: 'snmp',
    siteId: site.id,
    intervalMs: s.intervalMs,
    target: {
      siteId: site.id,
      host: site.router.host,
      port: site.router.snmpPort,
      credentials: site.router.snmp,
      wan: site.router.wan,
      lan: site.router.lan,
    },
    settings: { timeoutMs: s.timeoutMs, retries: s.retries },
  }),
  createProber: ({ log, settings }) => {
    const poller = createSnmpPoller({ log, concurrency: settings.concurrency });
    const rates = new RateBook();
    return {
      async probe(c, signal) {
        const outcome = await poller.poll(c.target, c.settings, signal);
        return rates.result(c.siteId, outcome, (e) => {
          if (e.event === 'spike-discarded' || e.event === 'speed-flagged')
            log.warn(
              { site: e.siteId, iface: e.role, event: e.event },
              'interface counters: data quality',
            );
        });
      },
      forget(siteId) {
        poller.forget(siteId);
        rates.forget(siteId);
      },
      figures: () => snmpPollerFigures(poller.totals()),
      close: () => poller.close(),
    };
  },
  outcome: (r) => (r.ok ? { ok: true, failure: null } : { ok: false, failure: r.failure }),
  points: (r) => {
    if (!r.ok)
      return [
        { measurement: 'device', fields: { snmp_ok: 0, poll_ms: r.pollMs }, timeMs: r.at },
        {
          measurement: 'snmp_error',
          fields: { failure: r.failure, message: r.message },
          timeMs: r.at,
        },
      ];
    return [
      {
        measurement: 'device',
        fields: { snmp_ok: 1, poll_ms: r.pollMs, uptime_s: r.uptimeS },
        timeMs: r.at,
      },
      ...r.interfaces.flatMap((iface) => interfacePoints(iface, r.at)),
    ];
  },
  // A failed poll says nothing about traffic now: show none rather than a stale rate.
  live: (r) => {
    const rate = r.ok ? (r.interfaces.find((i) => i.role === 'wan')?.rates.at(-1) ?? null) : null;
    return { inBps: rate?.inBps ?? null, outBps: rate?.outBps ?? null };
  },
  status: (r) => ({ type: 'health', at: r.at, failure: r.ok ? null : r.failure }),
};

const flag = (value: boolean | null): number | null => (value === null ? null : value ? 1 : 0);

function interfacePoints(iface: InterfaceResult, at: number): KindPoint[] {
  const tags = { role: iface.role, ifname: iface.name };
  return [
    {
      measurement: 'ifstat',
      tags,
      fields: {
        oper_up: flag(iface.operUp),
        speed_mbps: iface.speedMbps,
        in_errors: iface.inErrors,
        out_errors: iface.outErrors,
        in_discards: iface.inDiscards,
      },
      timeMs: at,
    },
    // A rate covers the interval ending at its own time; a released held rate ends earlier.
    ...iface.rates.map((rate) => ({
      measurement: 'ifstat',
      tags,
      fields: {
        in_bps: rate.inBps,
        out_bps: rate.outBps,
        in_octets: rate.inOctets,
        out_octets: rate.outOctets,
        in_errors_delta: rate.inErrors,
        out_errors_delta: rate.outErrors,
        in_discards_delta: rate.inDiscards,
        interval_s: rate.intervalMs / 1000,
      },
      timeMs: rate.at,
    })),
  ];
}
