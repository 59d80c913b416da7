// Where the site sits: the chain of parents it reaches the core through, each with its live state,
// and the sites behind it as tiles (worst first), so an outage's reach reads at a glance.

import { lang } from '../i18n.js';
import { childrenOf, type InventorySite, sitesById } from '../inventory.js';
import { liveSite, liveSites, liveVersion } from '../live.js';
import { STATE_ORDER, StateBadge, TROUBLE } from '../states.js';
import { SiteTile } from '../tile.js';
import { kindLabel } from './header.js';
import { st } from './texts.js';
import { ancestorIds } from './topology.js';

function ChainRow({ site, current }: { site: InventorySite; current: boolean }) {
  const state = liveSite(site.id).value?.state ?? 'unknown';
  return (
    <li class={current ? 'chain-row current' : 'chain-row'}>
      <span class="chain-node" aria-hidden="true" style={{ background: `var(--state-${state})` }} />
      {current ? (
        <span class="chain-name" aria-current="page">
          {site.name} <span class="muted">({st('topology.this')})</span>
        </span>
      ) : (
        <a class="chain-name" href={`/sites/${encodeURIComponent(site.id)}`}>
          {site.name}
        </a>
      )}
      <span class="chain-kind muted">{kindLabel(site.kind)}</span>
      <StateBadge state={state} />
    </li>
  );
}

export function TopologyPanel({ site }: { site: InventorySite }) {
  const byId = sitesById.value;
  const chain = ancestorIds((id) => byId.get(id)?.parentId, site.id)
    .map((id) => byId.get(id))
    .filter((s): s is InventorySite => s !== undefined);
  const children = (childrenOf.value.get(site.id) ?? [])
    .map((id) => byId.get(id))
    .filter((s): s is InventorySite => s !== undefined);
  void liveVersion.value;
  const live = liveSites();
  const rank = (id: string) => STATE_ORDER.indexOf(live.get(id)?.state ?? 'unknown');
  const sorted = [...children].sort(
    (a, b) => rank(a.id) - rank(b.id) || a.name.localeCompare(b.name, lang.value),
  );
  const trouble = children.filter((c) => TROUBLE.has(live.get(c.id)?.state ?? 'unknown')).length;
  return (
    <section class="panel side-panel" aria-labelledby="topology-title">
      <h2 id="topology-title">{st('topology.title')}</h2>
      <h3>{st('topology.path')}</h3>
      {chain.length === 0 ? (
        <p class="muted">{st(site.kind === 'core' ? 'topology.core' : 'topology.direct')}</p>
      ) : (
        <ol class="chain">
          {chain.map((s) => (
            <ChainRow site={s} current={false} />
          ))}
          <ChainRow site={site} current />
        </ol>
      )}
      <h3>
        {st('topology.children')} <span class="pill">{children.length}</span>
        {trouble > 0 ? (
          <span class="trouble-count">{st('topology.trouble', { n: trouble })}</span>
        ) : null}
      </h3>
      {children.length === 0 ? (
        <p class="muted">{st('topology.noChildren')}</p>
      ) : (
        <div class={children.length > 12 ? 'child-tiles many' : 'child-tiles'}>
          {sorted.map((child) => (
            <SiteTile site={child} en={lang.value === 'en'} />
          ))}
        </div>
      )}
    </section>
  );
}
