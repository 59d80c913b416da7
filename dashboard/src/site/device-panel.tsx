// The router's own record: uptime and the reboots seen in the range, and the error and discard
// counters of each interface (their growth over the last day at most: see ranges.ts).

import { now } from '../clock.js';
import { formatAgo, formatDateTime, formatDuration, formatNumber } from '../i18n.js';
import type { InterfaceCounters, UptimeRecord } from './device.js';
import { DASH } from './format.js';
import type { Loaded } from './use-data.js';
import { st } from './texts.js';

const STALE_MS = 3 * 60_000;

export function DevicePanel({
  uptime,
  reboots,
  counters,
  rangeLabel,
  counterSpanLabel,
  counterSpanShort,
  zone,
}: {
  uptime: UptimeRecord | null;
  reboots: Loaded<unknown> & { readonly record: UptimeRecord | null };
  counters: Loaded<unknown> & { readonly rows: readonly InterfaceCounters[] };
  rangeLabel: string;
  counterSpanLabel: string;
  /** The counters cover less than the range. */
  counterSpanShort: boolean;
  zone: string;
}) {
  const nowMs = now.value;
  const latest = uptime?.latest ?? null;
  const fresh = latest !== null && nowMs - latest.atMs < STALE_MS;
  const times = reboots.record?.reboots ?? [];
  return (
    <section class="panel side-panel" aria-labelledby="device-title">
      <h2 id="device-title">{st('device.title')}</h2>
      <dl class="facts">
        <div class="fact">
          <dt>{st('device.uptime')}</dt>
          <dd>
            {latest === null ? (
              <span class="muted">{st('device.noUptime')}</span>
            ) : (
              <>
                <b>{formatDuration((fresh ? nowMs : latest.atMs) - latest.bootedAtMs)}</b>{' '}
                <span class="muted">
                  {fresh
                    ? st('device.bootedAt', { date: formatDateTime(latest.bootedAtMs, zone) })
                    : st('device.lastRead', { ago: formatAgo(latest.atMs, nowMs) })}
                </span>
              </>
            )}
          </dd>
        </div>
        <div class="fact">
          <dt>{st('device.reboots', { range: rangeLabel })}</dt>
          <dd>
            {reboots.error !== null ? (
              <span class="muted">{st('error.load', { message: reboots.error })}</span>
            ) : reboots.loading ? (
              DASH
            ) : times.length === 0 ? (
              <span class="muted">{st('device.noReboots')}</span>
            ) : (
              <>
                <b>{formatNumber(times.length)}</b>
                <ul class="reboots">
                  {[...times]
                    .reverse()
                    .slice(0, 5)
                    .map((ms) => (
                      <li>{st('device.rebootAt', { date: formatDateTime(ms, zone) })}</li>
                    ))}
                </ul>
              </>
            )}
          </dd>
        </div>
      </dl>
      <h3>{st('counters.title', { span: counterSpanLabel })}</h3>
      {counters.error !== null ? (
        <p class="muted">{st('error.load', { message: counters.error })}</p>
      ) : counters.loading ? (
        <p class="muted">{DASH}</p>
      ) : counters.rows.length === 0 ? (
        <p class="muted">{st('counters.none')}</p>
      ) : (
        <table class="data compact counters">
          <thead>
            <tr>
              <th scope="col">{st('counters.iface')}</th>
              <th scope="col" class="num">
                {st('counters.inErrors')}
              </th>
              <th scope="col" class="num">
                {st('counters.outErrors')}
              </th>
              <th scope="col" class="num">
                {st('counters.inDiscards')}
              </th>
            </tr>
          </thead>
          <tbody>
            {counters.rows.map((row) => (
              <tr>
                <th scope="row" class="mono">
                  {row.role.toUpperCase()}
                </th>
                <CounterCell value={row.inErrors} />
                <CounterCell value={row.outErrors} />
                <CounterCell value={row.inDiscards} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {counterSpanShort ? <p class="note muted">{st('counters.note')}</p> : null}
    </section>
  );
}

function CounterCell({ value }: { value: number | null }) {
  if (value === null)
    return (
      <td class="num muted" title={st('counters.notRead')}>
        {DASH}
        <span class="visually-hidden">{st('counters.notRead')}</span>
      </td>
    );
  return <td class={value > 0 ? 'num warn' : 'num'}>{formatNumber(value)}</td>;
}
