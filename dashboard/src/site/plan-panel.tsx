// What the site pays for and how it is reached: plan, ISP, speed, monthly price and SLA from the
// inventory, the router's address and liveness check, and the contract's dates.

import type { ComponentChildren } from 'preact';
import { formatNumber, formatRupiah } from '../i18n.js';
import { type InventorySite, monthlyPrice, plansById } from '../inventory.js';
import { formatDay } from './format.js';
import { st } from './texts.js';

function Row({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="fact">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function PlanPanel({ site }: { site: InventorySite }) {
  const plan = plansById.value.get(site.planId);
  const tcpPort = /^tcp:(\d+)$/.exec(site.liveness)?.[1];
  const contract =
    site.contract.end === null
      ? st('plan.contractOpen', { start: formatDay(site.contract.start) })
      : st('plan.contractEnds', {
          start: formatDay(site.contract.start),
          end: formatDay(site.contract.end),
        });
  return (
    <section class="panel side-panel" aria-labelledby="plan-title">
      <h2 id="plan-title">{st('plan.title')}</h2>
      {plan === undefined ? <p class="muted">{st('plan.missing', { id: site.planId })}</p> : null}
      <dl class="facts">
        {plan === undefined ? null : (
          <>
            <Row label={st('plan.product')}>{plan.product}</Row>
            <Row label={st('plan.isp')}>{plan.isp}</Row>
            <Row label={st('plan.speed')}>{formatNumber(plan.mbps)} Mbps</Row>
            <Row label={st('plan.price')}>
              <b>{formatRupiah(monthlyPrice(plan))}</b>{' '}
              <span class="muted">
                {plan.billing.model === 'per_mbps'
                  ? `(${st('plan.perMbps', { price: formatRupiah(plan.billing.idrPerMbps) })}, ${st('plan.priceNote')})`
                  : `(${st('plan.priceNote')})`}
              </span>
            </Row>
            <Row label={st('plan.sla')}>
              {plan.sla === null ? (
                <span class="muted">{st('plan.noSla')}</span>
              ) : (
                `${formatNumber(plan.sla.pct, 1)}%`
              )}
            </Row>
          </>
        )}
        <Row label={st('plan.router')}>
          <span class="mono">{site.host}</span>
        </Row>
        <Row label={st('plan.liveness')}>
          {tcpPort === undefined
            ? st('plan.livenessIcmp')
            : st('plan.livenessTcp', { port: tcpPort })}
        </Row>
        <Row label={st('plan.contract')}>{contract}</Row>
        <Row label={st('plan.zone')}>{site.timezone}</Row>
      </dl>
    </section>
  );
}
