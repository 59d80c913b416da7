// The site's incidents over the range (a month at least): when, how long, and why — its own fault,
// or unreachable behind a root cause, linked.

import { now } from '../clock.js';
import { formatDateTime, formatDuration } from '../i18n.js';
import { sitesById } from '../inventory.js';
import { StateIcon } from '../states.js';
import {
  type Incident,
  type IncidentPage,
  incidentCauses,
  incidentDurationMs,
} from './incidents.js';
import type { Loaded } from './use-data.js';
import { st } from './texts.js';

function Cause({ incident }: { incident: Incident }) {
  const causes = incidentCauses(incident);
  const byId = sitesById.value;
  return (
    <span class="causes">
      {causes.own ? (
        <span class="cause state-down">
          <StateIcon state="down" size={14} />
          {st('incidents.own')}
        </span>
      ) : null}
      {causes.upstream.map((id) => (
        <span class="cause state-unreachable">
          <StateIcon state="unreachable" size={14} />
          {st('incidents.behind')}{' '}
          <a href={`/sites/${encodeURIComponent(id)}`}>{byId.get(id)?.name ?? id}</a>
        </span>
      ))}
    </span>
  );
}

export function IncidentsPanel({
  loaded,
  spanLabel,
  zone,
}: {
  loaded: Loaded<IncidentPage>;
  spanLabel: string;
  zone: string;
}) {
  const page = loaded.data;
  const nowMs = now.value;
  return (
    <section class="panel" aria-labelledby="incidents-title">
      <div class="panel-head">
        <h2 id="incidents-title">
          {st('incidents.title')} {page === null ? null : <span class="pill">{page.total}</span>}
        </h2>
        <span class="muted">{st('incidents.span', { span: spanLabel })}</span>
      </div>
      {loaded.error !== null ? (
        <p class="muted">{st('error.load', { message: loaded.error })}</p>
      ) : page === null ? (
        <p class="muted">{st('loading')}</p>
      ) : page.incidents.length === 0 ? (
        <p class="empty-note">{st('incidents.none', { span: spanLabel })}</p>
      ) : (
        <div class="table-scroll">
          <table class="data incidents stack">
            <thead>
              <tr>
                <th scope="col">{st('incidents.start')}</th>
                <th scope="col">{st('incidents.end')}</th>
                <th scope="col" class="num">
                  {st('incidents.duration')}
                </th>
                <th scope="col">{st('incidents.cause')}</th>
              </tr>
            </thead>
            <tbody>
              {page.incidents.map((incident) => (
                <tr class={incident.closedAt === null ? 'open' : undefined}>
                  <td data-label={st('incidents.start')}>
                    {formatDateTime(incident.openedAt, zone)}
                  </td>
                  <td data-label={st('incidents.end')}>
                    {incident.closedAt === null ? (
                      <span class="ongoing">{st('incidents.open')}</span>
                    ) : (
                      formatDateTime(incident.closedAt, zone)
                    )}
                    {incident.closedBy === 'removed' ? (
                      <span class="muted"> ({st('incidents.removed')})</span>
                    ) : null}
                  </td>
                  <td class="num" data-label={st('incidents.duration')}>
                    {formatDuration(incidentDurationMs(incident, nowMs))}
                  </td>
                  <td data-label={st('incidents.cause')}>
                    <Cause incident={incident} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page !== null && page.total > page.incidents.length ? (
        <p class="note muted">
          {st('incidents.more', { n: page.incidents.length, total: page.total })}
        </p>
      ) : null}
    </section>
  );
}
