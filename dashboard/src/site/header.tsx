// The top of the site page: where it is (breadcrumb), its name and live state with since when, what
// it is, the root cause when it is unreachable, and the time range buttons.

import { now } from '../clock.js';
import { formatAgo, formatDateTime, t } from '../i18n.js';
import { type InventorySite, sitesById } from '../inventory.js';
import { liveSite } from '../live.js';
import { setQuery } from '../router.js';
import { StateBadge } from '../states.js';
import { RANGES, type RangeSpec } from './ranges.js';
import { st } from './texts.js';

export function kindLabel(kind: string): string {
  return t(`kind.${kind}` as 'kind.desa');
}

export function SiteHeader({ site, range }: { site: InventorySite; range: RangeSpec }) {
  const live = liveSite(site.id).value;
  const state = live?.state ?? 'unknown';
  const since = live?.since ?? null;
  return (
    <header class="site-head">
      <nav class="crumbs" aria-label={st('breadcrumb')}>
        <a href="/">{t('nav.board')}</a>
        <span aria-hidden="true">›</span>
        <a href={`/?kecamatan=${encodeURIComponent(site.kecamatan)}`}>{site.kecamatan}</a>
        <span aria-hidden="true">›</span>
        <span aria-current="page">{site.name}</span>
      </nav>
      <div class="site-title">
        <div class="site-name">
          <h1 id="site-title">{site.name}</h1>
          <StateBadge state={state} />
          {live?.flapping ? (
            <span class="pill flapping" title={st('flappingTitle')}>
              {st('flapping')}
            </span>
          ) : null}
        </div>
        <RangePicker range={range} />
      </div>
      <p class="site-meta">
        <span>{kindLabel(site.kind)}</span>
        <span>{site.kecamatan}</span>
        <span>{site.isp}</span>
        <span class="mono">{site.id}</span>
        {since === null ? null : (
          <span title={formatDateTime(since, site.timezone, true)}>
            {st('since', { date: formatDateTime(since, site.timezone) })} (
            <span data-ago>{formatAgo(since, now.value)}</span>)
          </span>
        )}
        {live?.state === 'maintenance' ? (
          <span>{st('maintenanceUntil', { date: formatDateTime(live.until, site.timezone) })}</span>
        ) : null}
      </p>
      {live?.state === 'unreachable' ? <CauseNote causeId={live.causeId} /> : null}
    </header>
  );
}

/** An unreachable site's root cause, linked, with its own state and since when. */
function CauseNote({ causeId }: { causeId: string }) {
  const cause = sitesById.value.get(causeId);
  const causeLive = liveSite(causeId).value;
  return (
    <p class="cause-note" role="note">
      <span>{st('cause.lead')}:</span>
      <a href={`/sites/${encodeURIComponent(causeId)}`} class="cause-link">
        {cause?.name ?? causeId}
      </a>
      {causeLive === undefined ? null : <StateBadge state={causeLive.state} />}
      {causeLive?.since != null ? (
        <span class="muted">
          {st('cause.since', { ago: formatAgo(causeLive.since, now.value) })}
        </span>
      ) : null}
    </p>
  );
}

function RangePicker({ range }: { range: RangeSpec }) {
  return (
    <fieldset class="range-picker">
      <legend class="visually-hidden">{st('range.label')}</legend>
      {RANGES.map((r) => (
        <button
          type="button"
          aria-pressed={r.key === range.key}
          data-range={r.key}
          onClick={() => setQuery({ range: r.key })}
        >
          {st(`range.${r.key}`)}
        </button>
      ))}
    </fieldset>
  );
}
