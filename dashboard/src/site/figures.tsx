// The site's figures now, in a row of cards: latency and loss, WAN in and out (live from the site's
// room), the router's uptime, and this month's availability against the plan's SLA.

import type { Signal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { now } from '../clock.js';
import { formatAgo, formatDateTime, formatDuration, formatNumber } from '../i18n.js';
import type { Plan } from '../inventory.js';
import type { Measurement } from '../live.js';
import { belowSla, type AvailabilityRow } from './availability.js';
import type { UptimeRecord } from './device.js';
import {
  DASH,
  formatAvailability,
  formatBps,
  formatLoss,
  formatMonth,
  formatRtt,
  formatShare,
} from './format.js';
import { lossColour } from './loss.js';
import { st } from './texts.js';
import { capacityBps } from './units.js';

/** A reading older than this is not "now": the card says when it was taken. */
const STALE_MS = 3 * 60_000;

function Card({
  label,
  value,
  sub,
  tone,
}: {
  label: string;
  value: ComponentChildren;
  sub: ComponentChildren;
  tone?: string | undefined;
}) {
  return (
    <div class={`figure${tone ? ` tone-${tone}` : ''}`}>
      <dt>{label}</dt>
      <dd>
        <span class="figure-value">{value}</span>
        <span class="figure-sub">{sub}</span>
      </dd>
    </div>
  );
}

export function LiveFigures({
  latest,
  plan,
  uptime,
  month,
  zone,
}: {
  latest: Signal<Measurement | null>;
  plan: Plan | undefined;
  uptime: UptimeRecord | null;
  month: { period: string; row: AvailabilityRow | undefined };
  zone: string;
}) {
  const m = latest.value;
  const nowMs = now.value;
  const liveSub =
    m === null
      ? st('figures.waiting')
      : st('figures.live', { ago: formatAgo(m.at, Math.max(nowMs, m.at)) });
  const capacity = plan === undefined ? null : capacityBps(plan.mbps);
  const share = (bps: number | null | undefined) =>
    bps == null || capacity === null || capacity <= 0
      ? liveSub
      : st('figures.ofCapacity', { pct: formatShare((bps / capacity) * 100) });
  const latestUptime = uptime?.latest ?? null;
  const fresh = latestUptime !== null && nowMs - latestUptime.atMs < STALE_MS;
  const own = month.row?.own.pct ?? null;
  const sla = plan?.sla?.pct ?? null;
  const loss = m?.lossPct ?? null;
  return (
    <dl class="figures" aria-label={st('figures.label')}>
      <Card label={st('figures.rtt')} value={formatRtt(m?.rttAvgMs ?? null)} sub={liveSub} />
      <Card
        label={st('figures.loss')}
        value={
          <>
            {loss === null ? null : (
              <span class="loss-dot" aria-hidden="true" style={{ background: lossColour(loss) }} />
            )}
            {formatLoss(loss)}
          </>
        }
        sub={liveSub}
        tone={loss !== null && loss >= 20 ? 'bad' : undefined}
      />
      <Card label={st('figures.in')} value={formatBps(m?.inBps ?? null)} sub={share(m?.inBps)} />
      <Card label={st('figures.out')} value={formatBps(m?.outBps ?? null)} sub={share(m?.outBps)} />
      <Card
        label={st('figures.uptime')}
        value={
          latestUptime === null
            ? DASH
            : formatDuration((fresh ? nowMs : latestUptime.atMs) - latestUptime.bootedAtMs)
        }
        sub={
          latestUptime === null
            ? st('device.noUptime')
            : fresh
              ? st('device.bootedAt', { date: formatDateTime(latestUptime.bootedAtMs, zone) })
              : st('device.lastRead', { ago: formatAgo(latestUptime.atMs, nowMs) })
        }
      />
      <Card
        label={st('figures.availability', { month: formatMonth(month.period, true) })}
        value={formatAvailability(own)}
        sub={
          sla === null
            ? st('plan.noSla')
            : belowSla(own, sla)
              ? st('avail.belowSla', { sla: `${formatNumber(sla, 1)}%` })
              : st('figures.sla', { sla: `${formatNumber(sla, 1)}%` })
        }
        tone={belowSla(own, sla) ? 'bad' : undefined}
      />
    </dl>
  );
}
