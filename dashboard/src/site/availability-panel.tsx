// This month's and last month's availability: the site's own downtime and the downtime including
// upstream outages, failures and MTTR, against the plan's SLA.

import { formatDuration, formatNumber } from '../i18n.js';
import { type AvailabilityRow, belowSla } from './availability.js';
import { DASH, formatAvailability, formatMonth } from './format.js';
import type { Loaded } from './use-data.js';
import { st } from './texts.js';

function Pct({ pct, sla, label }: { pct: number | null; sla: number | null; label: string }) {
  const below = belowSla(pct, sla);
  return (
    <td class={below ? 'num below-sla' : 'num'} data-label={label}>
      {pct === null ? <span class="muted">{st('avail.notCounted')}</span> : formatAvailability(pct)}
      {below && sla !== null ? (
        <span class="visually-hidden">
          {' '}
          ({st('avail.belowSla', { sla: `${formatNumber(sla, 1)}%` })})
        </span>
      ) : null}
    </td>
  );
}

export function AvailabilityPanel({
  loaded,
  rows,
  current,
  sla,
}: {
  loaded: Loaded<unknown>;
  rows: readonly AvailabilityRow[];
  current: string;
  sla: number | null;
}) {
  return (
    <section class="panel" aria-labelledby="avail-title">
      <div class="panel-head">
        <h2 id="avail-title">{st('avail.title')}</h2>
        {sla === null ? (
          <span class="muted">{st('plan.noSla')}</span>
        ) : (
          <span class="muted">{st('figures.sla', { sla: `${formatNumber(sla, 1)}%` })}</span>
        )}
      </div>
      {loaded.error !== null ? (
        <p class="muted">{st('error.load', { message: loaded.error })}</p>
      ) : loaded.loading ? (
        <p class="muted">{st('loading')}</p>
      ) : (
        <div class="table-scroll">
          <table class="data availability stack">
            <thead>
              <tr>
                <th scope="col">{st('avail.month')}</th>
                <th scope="col" class="num">
                  {st('avail.own')}
                </th>
                <th scope="col" class="num">
                  {st('avail.withUpstream')}
                </th>
                <th scope="col" class="num">
                  {st('avail.downtime')}
                </th>
                <th scope="col" class="num">
                  {st('avail.failures')}
                </th>
                <th scope="col" class="num">
                  {st('avail.mttr')}
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <th scope="row">
                    {formatMonth(row.period)}
                    {row.period === current ? (
                      <span class="muted"> ({st('avail.current')})</span>
                    ) : null}
                    {row.excludedMs > 0 && row.countedMs > 0 ? (
                      <span class="excluded muted">
                        {st('avail.excluded', { time: formatDuration(row.excludedMs) })}
                      </span>
                    ) : null}
                  </th>
                  <Pct pct={row.own.pct} sla={sla} label={st('avail.own')} />
                  <Pct pct={row.withUpstream.pct} sla={sla} label={st('avail.withUpstream')} />
                  <td class="num" data-label={st('avail.downtime')}>
                    {row.countedMs > 0 ? formatDuration(row.withUpstream.downMs) : DASH}
                    {row.countedMs > 0 && row.own.downMs !== row.withUpstream.downMs ? (
                      <span class="muted">
                        {' '}
                        ({st('avail.own').toLowerCase()} {formatDuration(row.own.downMs)})
                      </span>
                    ) : null}
                  </td>
                  <td class="num" data-label={st('avail.failures')}>
                    {row.countedMs > 0 ? formatNumber(row.withUpstream.failures) : DASH}
                  </td>
                  <td class="num" data-label={st('avail.mttr')}>
                    {row.withUpstream.mttrMs === null
                      ? DASH
                      : formatDuration(row.withUpstream.mttrMs)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p class="note muted">{st('avail.explain')}</p>
    </section>
  );
}
