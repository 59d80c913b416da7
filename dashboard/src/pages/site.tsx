// A site's page (/sites/:id): its live state and since when, where it sits in the network, the
// latency chart (Smokeping's smoke, loss by colour) and the WAN traffic chart against the plan's
// capacity over a range kept in the URL, the router's uptime, reboots and error counters, its
// incidents and availability, and the plan it pays for.

import { useMemo } from 'preact/hooks';
import { LatencyChart } from '../charts/latency-chart.js';
import { TrafficChart } from '../charts/traffic-chart.js';
import { now } from '../clock.js';
import { formatDuration, t } from '../i18n.js';
import {
  type InventorySite,
  inventory,
  inventoryError,
  plansById,
  sitesById,
} from '../inventory.js';
import { liveSite } from '../live.js';
import { queryParams } from '../router.js';
import { type AvailabilityAnswer, availabilityPath, monthRows } from '../site/availability.js';
import { latencyWithLive, trafficWithLive } from '../site/chart-data.js';
import { AvailabilityPanel } from '../site/availability-panel.js';
import { interfaceCounters, uptimeRecord } from '../site/device.js';
import { DevicePanel } from '../site/device-panel.js';
import { LiveFigures } from '../site/figures.js';
import { chartLocale, formatBucket } from '../site/format.js';
import { SiteHeader } from '../site/header.js';
import {
  countValues,
  type HistoryAnswer,
  latencyData,
  medianStepMs,
  trafficData,
  wanSeries,
} from '../site/history-data.js';
import { type IncidentPage, incidentSpans } from '../site/incidents.js';
import { IncidentsPanel } from '../site/incidents-panel.js';
import { repeatMsFor } from '../site/live-points.js';
import { thisAndLastMonth } from '../site/months.js';
import { PlanPanel } from '../site/plan-panel.js';
import {
  COUNTER_FIELDS,
  counterSpanMs,
  DEVICE_FIELDS,
  historyPath,
  incidentSpanMs,
  LATENCY_FIELDS,
  type RangeSpec,
  rangeOf,
  RANGES,
  TRAFFIC_FIELDS,
} from '../site/ranges.js';
import { st } from '../site/texts.js';
import { TopologyPanel } from '../site/topology-panel.js';
import { capacityBps } from '../site/units.js';
import { type Loaded, useLiveFeed, usePolled } from '../site/use-data.js';
import './site.css';

export function SitePage({ id }: { id: string }) {
  const inv = inventory.value;
  if (inv === null)
    return (
      <section class="page site-page">
        <p class="muted" role="status">
          {inventoryError.value === null
            ? st('loading')
            : t('error.load', { message: inventoryError.value })}
        </p>
      </section>
    );
  const site = sitesById.value.get(id);
  if (site === undefined) return <SiteNotFound id={id} />;
  return <SiteDetail key={site.id} site={site} />;
}

function SiteNotFound({ id }: { id: string }) {
  return (
    <section class="page narrow site-missing" aria-labelledby="missing-title">
      <div class="panel">
        <h1 id="missing-title">{st('notFound.title')}</h1>
        <p>{st('notFound.body', { id })}</p>
        <p>
          <a href="/">{st('notFound.back')}</a>
        </p>
      </div>
    </section>
  );
}

function rangeLabel(range: RangeSpec): string {
  return st(`range.${range.key}`);
}

/** "24 jam" for the counters' span, whichever range is shown. */
function spanLabel(spanMs: number): string {
  const match = RANGES.find((r) => r.spanMs === spanMs);
  return match === undefined ? formatDuration(spanMs) : rangeLabel(match);
}

function sourceNote(answer: HistoryAnswer | null, live: boolean): string {
  if (answer === null) return '';
  const bucket = formatBucket(answer.bucketMs);
  const text = st(answer.source === 'raw' ? 'chart.raw' : 'chart.rollup', { bucket });
  return live ? `${text} · ${st('chart.live')}` : text;
}

function loadOf(loaded: Loaded<unknown>) {
  if (loaded.error !== null && loaded.data === null)
    return { kind: 'error', message: loaded.error } as const;
  if (loaded.loading) return { kind: 'loading' } as const;
  return null;
}

function SiteDetail({ site }: { site: InventorySite }) {
  const range = rangeOf(queryParams.value.get('range'));
  const zone = site.timezone;
  const plan = plansById.value.get(site.planId);
  const live = liveSite(site.id).value;
  const path =
    (
      measurement: 'icmp' | 'ifstat' | 'device',
      fields: readonly string[],
      spanMs: number,
      points: number,
    ) =>
    (nowMs: number) =>
      historyPath(site.id, measurement, fields, nowMs - spanMs, nowMs, points);
  const key = `${site.id}/${range.key}`;

  const icmp = usePolled<HistoryAnswer>(
    `${key}/icmp`,
    path('icmp', LATENCY_FIELDS, range.spanMs, range.maxPoints),
    range.refreshMs,
  );
  const ifstat = usePolled<HistoryAnswer>(
    `${key}/ifstat`,
    path('ifstat', TRAFFIC_FIELDS, range.spanMs, range.maxPoints),
    range.refreshMs,
  );
  const device = usePolled<HistoryAnswer>(
    `${key}/device`,
    path('device', DEVICE_FIELDS, range.spanMs, range.maxPoints),
    range.refreshMs,
  );
  const counterSpan = counterSpanMs(range);
  const counters = usePolled<HistoryAnswer>(
    `${site.id}/counters/${counterSpan}`,
    path('ifstat', COUNTER_FIELDS, counterSpan, 288),
    5 * 60_000,
  );
  // The newest uptime reading, to the second: the range's buckets may be hours wide.
  const uptimeNow = usePolled<HistoryAnswer>(
    `${site.id}/uptime`,
    path('device', DEVICE_FIELDS, 15 * 60_000, 90),
    60_000,
  );
  const incidentSpan = incidentSpanMs(range);
  // Read again when the site's state changes: an incident opened or closed.
  const incidents = usePolled<IncidentPage>(
    `${site.id}/incidents/${incidentSpan}`,
    (nowMs) =>
      `/api/incidents?site=${encodeURIComponent(site.id)}&from=${nowMs - incidentSpan}&limit=50`,
    5 * 60_000,
    `${live?.state}/${live?.since}`,
  );
  const months = thisAndLastMonth(now.value, zone);
  const availability = usePolled<AvailabilityAnswer>(
    `${site.id}/availability/${months.current}`,
    () => availabilityPath(site.id, months.last, months.current),
    10 * 60_000,
    `${live?.state}/${live?.since}`,
  );

  const history = useMemo(
    () => ({
      latency: icmp.data === null ? null : latencyData(icmp.data),
      traffic: ifstat.data === null ? null : trafficData(ifstat.data),
    }),
    [icmp.data, ifstat.data],
  );
  const feed = useLiveFeed(site.id, range.live, range.spanMs, () => ({
    latency: repeatMsFor(medianStepMs(history.latency?.x ?? [])),
    traffic: repeatMsFor(medianStepMs(history.traffic?.x ?? [])),
  }));

  const liveLatency = feed.latency.value;
  const liveTraffic = feed.traffic.value;
  const latestLiveAt = Math.max(liveLatency.at(-1)?.atMs ?? 0, liveTraffic.at(-1)?.atMs ?? 0);
  const toMs = Math.max(icmp.at || Date.now(), range.live ? latestLiveAt : 0);
  const window = { fromMs: toMs - range.spanMs, toMs };

  const latency = useMemo(
    () => latencyWithLive(history.latency, range.live ? liveLatency : [], window.fromMs),
    [history.latency, liveLatency, range.live, window.fromMs],
  );
  const traffic = useMemo(
    () => trafficWithLive(history.traffic, range.live ? liveTraffic : [], window.fromMs),
    [history.traffic, liveTraffic, range.live, window.fromMs],
  );

  // Not clipped to the window (the chart clips them), so a live point does not rebuild the charts;
  // an open incident reaches the right edge.
  const spans = useMemo(
    () =>
      incidents.data === null
        ? []
        : incidentSpans(
            incidents.data.incidents,
            Number.NEGATIVE_INFINITY,
            Number.POSITIVE_INFINITY,
            Number.POSITIVE_INFINITY,
          ),
    [incidents.data],
  );
  const rebootRecord = useMemo(
    () => (device.data === null ? null : uptimeRecord(device.data)),
    [device.data],
  );
  const reboots = useMemo(() => rebootRecord?.reboots ?? [], [rebootRecord]);
  // The last quarter hour's reading, else the range's newest (SNMP silent for a while: "last read …").
  const latestUptime = useMemo(() => {
    const recent = uptimeNow.data === null ? null : uptimeRecord(uptimeNow.data);
    return recent?.latest != null ? recent : rebootRecord;
  }, [uptimeNow.data, rebootRecord]);
  const counterRows = useMemo(
    () => (counters.data === null ? [] : interfaceCounters(counters.data)),
    [counters.data],
  );
  const rows =
    availability.data === null ? [] : monthRows(availability.data, [months.current, months.last]);
  const label = rangeLabel(range);
  const locale = chartLocale();
  const trafficHistoryPoints =
    ifstat.data === null
      ? 0
      : countValues(wanSeries(ifstat.data)?.points.map((p) => p.values.mean_in_bps ?? null) ?? []);

  return (
    <section class="page site-page" aria-labelledby="site-title" data-site={site.id}>
      <SiteHeader site={site} range={range} />
      <LiveFigures
        latest={feed.latest}
        plan={plan}
        uptime={latestUptime}
        month={{ period: months.current, row: rows.find((r) => r.period === months.current) }}
        zone={zone}
      />
      <div class="site-grid">
        <div class="site-main">
          <LatencyChart
            data={latency}
            historyPoints={history.latency === null ? 0 : countValues(history.latency.avg)}
            window={window}
            spans={spans}
            zone={zone}
            locale={locale}
            load={loadOf(icmp)}
            note={sourceNote(icmp.data, range.live)}
            rangeLabel={label}
          />
          <TrafficChart
            data={traffic}
            historyPoints={trafficHistoryPoints}
            window={window}
            spans={spans}
            reboots={reboots}
            capacityBps={plan === undefined ? null : capacityBps(plan.mbps)}
            zone={zone}
            locale={locale}
            load={loadOf(ifstat)}
            note={sourceNote(ifstat.data, range.live)}
            rangeLabel={label}
          />
          <AvailabilityPanel
            loaded={availability}
            rows={rows}
            current={months.current}
            sla={plan?.sla?.pct ?? null}
          />
          <IncidentsPanel loaded={incidents} spanLabel={spanLabel(incidentSpan)} zone={zone} />
        </div>
        <aside class="site-side">
          <TopologyPanel site={site} />
          <DevicePanel
            uptime={latestUptime}
            reboots={{ ...device, record: rebootRecord }}
            counters={{ ...counters, rows: counterRows }}
            rangeLabel={label}
            counterSpanLabel={spanLabel(counterSpan)}
            counterSpanShort={counterSpan < range.spanMs}
            zone={zone}
          />
          <PlanPanel site={site} />
        </aside>
      </div>
    </section>
  );
}
