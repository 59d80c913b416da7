// Pantau's own health (/health): what the engineer checks first when the board looks wrong. Each
// item OK, a warning or a problem, by icon, word and colour: InfluxDB, the collector workers, the
// last cycle and lag, the spool, the monitor's isolation, lost points; then the workers one by one,
// the isolation periods and Pantau's own figures from /metrics. Refreshed every 10 s.

import { now } from '../clock.js';
import { formatAgo, formatDateTime, formatDuration, formatNumber, lang, texts } from '../i18n.js';
import { connection, isolation } from '../live.js';
import { StateIcon, type SiteStateName } from '../states.js';
import {
  type Check,
  type CheckId,
  type CheckStatus,
  type HealthReport,
  healthChecks,
  type IsolationsAnswer,
  isolationLengthMs,
  overall,
} from '../reports/health-checks.js';
import { figure, figureSum, type PromFigures, parsePrometheus } from '../reports/prometheus.js';
import { useFetch } from '../reports/use-fetch.js';
import '../reports/report.css';
import './health.css';

const tx = texts({
  id: {
    title: 'Kesehatan Pantau',
    sub: 'Periksa ini dulu bila papan status tampak janggal',
    updated: 'Diperbarui {ago}',
    refresh: 'Muat ulang sekarang',
    allOk: 'Semua komponen Pantau normal',
    someWarn: '{n} komponen perlu diperhatikan',
    someProblem: '{n} komponen bermasalah',
    someUnknown: 'Sebagian keadaan belum diketahui',
    ok: 'Normal',
    warn: 'Perhatian',
    problem: 'Bermasalah',
    unknown: 'Tidak diketahui',
    checks: 'Pemeriksaan',
    influx: 'InfluxDB',
    influxOk: 'Terjangkau',
    influxBad: 'Tidak terjangkau: titik data ditampung di spool',
    workers: 'Pekerja kolektor',
    workersValue: '{alive} dari {expected} berjalan',
    workersRestarts: '{n} kali dimulai ulang sejak Pantau berjalan',
    workersNoRestarts: 'Belum pernah dimulai ulang',
    cycle: 'Siklus terakhir',
    cycleNever: 'Belum ada siklus',
    lag: 'Keterlambatan hasil',
    lagDetail: 'Dari hasil probe terbaru sampai sekarang',
    lagNone: 'Belum ada hasil',
    spool: 'Spool',
    spoolValue: '{points} titik menunggu',
    spoolDetail: '{size} di disk',
    isolation: 'Isolasi monitor',
    isolatedNow: 'Terisolasi sejak {since}',
    notIsolated: 'Terhubung ke jaringan',
    isolationsRecent: '{n} periode isolasi dalam 7 hari',
    points: 'Titik data hilang',
    pointsValue: '{n} titik dibuang',
    pointsDetail: 'Dibuang atau ke dead letter sejak Pantau berjalan',
    subscribers: 'Penerima hasil',
    subscribersValue: '{n} kegagalan',
    subscribersDetail: 'Metrik, status dan siaran langsung menerima setiap hasil',
    noMetrics: '/metrics tidak terbaca',
    workersTitle: 'Pekerja kolektor',
    colWorker: 'Pekerja',
    colState: 'Keadaan',
    colSites: 'Situs',
    running: 'Berjalan',
    stopped: 'Berhenti',
    workerN: 'Pekerja {n}',
    noWorkers: 'Server tidak melaporkan rincian per pekerja.',
    isolationsTitle: 'Periode isolasi (7 hari terakhir)',
    colStart: 'Mulai',
    colEnd: 'Selesai',
    colLength: 'Lama',
    colTrigger: 'Pemicu',
    stillIsolated: 'masih berlangsung',
    triggerRefs: 'Target acuan tidak menjawab',
    triggerShare: 'Banyak situs independen putus bersamaan',
    triggerNone: 'Tidak tercatat',
    noIsolations: 'Tidak ada isolasi dalam 7 hari terakhir.',
    figuresTitle: 'Angka Pantau sendiri',
    fWritten: 'Titik ditulis ke InfluxDB',
    fSpooled: 'Titik masuk spool',
    fReplayed: 'Titik dari spool ditulis ulang',
    fResults: 'Hasil probe diterima',
    fOverruns: 'Siklus terlewat atau terlambat',
    fWrite: 'Lama tulis terakhir',
    fClients: 'Klien langsung tersambung',
    fStatusVersion: 'Versi status',
    fSnmpFailed: 'Polling SNMP gagal',
    liveTitle: 'Sambungan halaman ini',
    liveOk: 'Menerima perubahan langsung',
    liveBad: 'Tidak tersambung ke siaran langsung',
    loadError: 'Gagal memuat {what}: {message}',
    seconds: '{n} dtk',
  },
  en: {
    title: 'Pantau health',
    sub: 'Check this first when the status board looks wrong',
    updated: 'Updated {ago}',
    refresh: 'Reload now',
    allOk: 'Every part of Pantau is working',
    someWarn: '{n} items need attention',
    someProblem: '{n} items are failing',
    someUnknown: 'Some states are not known yet',
    ok: 'OK',
    warn: 'Warning',
    problem: 'Problem',
    unknown: 'Unknown',
    checks: 'Checks',
    influx: 'InfluxDB',
    influxOk: 'Reachable',
    influxBad: 'Unreachable: points are kept in the spool',
    workers: 'Collector workers',
    workersValue: '{alive} of {expected} running',
    workersRestarts: 'Restarted {n} times since Pantau started',
    workersNoRestarts: 'Never restarted',
    cycle: 'Last cycle',
    cycleNever: 'No cycle yet',
    lag: 'Result lag',
    lagDetail: 'From the newest probe result to now',
    lagNone: 'No result yet',
    spool: 'Spool',
    spoolValue: '{points} points waiting',
    spoolDetail: '{size} on disk',
    isolation: 'Monitor isolation',
    isolatedNow: 'Isolated since {since}',
    notIsolated: 'Connected to the network',
    isolationsRecent: '{n} isolation periods in 7 days',
    points: 'Lost points',
    pointsValue: '{n} points dropped',
    pointsDetail: 'Dropped or dead-lettered since Pantau started',
    subscribers: 'Result subscribers',
    subscribersValue: '{n} failures',
    subscribersDetail: 'Metrics, status and the live hub take every result',
    noMetrics: '/metrics could not be read',
    workersTitle: 'Collector workers',
    colWorker: 'Worker',
    colState: 'State',
    colSites: 'Sites',
    running: 'Running',
    stopped: 'Stopped',
    workerN: 'Worker {n}',
    noWorkers: 'The server does not report each worker.',
    isolationsTitle: 'Isolation periods (last 7 days)',
    colStart: 'Started',
    colEnd: 'Ended',
    colLength: 'Length',
    colTrigger: 'Trigger',
    stillIsolated: 'still isolated',
    triggerRefs: 'Reference targets not answering',
    triggerShare: 'Many independent sites down at once',
    triggerNone: 'Not recorded',
    noIsolations: 'No isolation in the last 7 days.',
    figuresTitle: "Pantau's own figures",
    fWritten: 'Points written to InfluxDB',
    fSpooled: 'Points spooled',
    fReplayed: 'Spooled points replayed',
    fResults: 'Probe results received',
    fOverruns: 'Cycles missed or late',
    fWrite: 'Last write took',
    fClients: 'Live clients connected',
    fStatusVersion: 'Status version',
    fSnmpFailed: 'SNMP polls failed',
    liveTitle: "This page's connection",
    liveOk: 'Receiving live changes',
    liveBad: 'Not connected to the live hub',
    loadError: 'Could not load {what}: {message}',
    seconds: '{n} s',
  },
});

const REFRESH_MS = 10_000;

/** Each status drawn with a state's colour and icon: the same palette as the sites. */
const LOOK: Record<CheckStatus, SiteStateName> = {
  ok: 'up',
  warn: 'degraded',
  problem: 'down',
  unknown: 'unknown',
};

/** /api/health answers 503 with its report when monitoring is impaired: both are reports. */
async function loadHealth(path: string, signal: AbortSignal): Promise<HealthReport> {
  const response = await fetch(path, { headers: { accept: 'application/json' }, signal });
  if (response.status !== 200 && response.status !== 503)
    throw new Error(`${response.status} ${response.statusText}`);
  return (await response.json()) as HealthReport;
}

async function loadMetrics(path: string, signal: AbortSignal): Promise<PromFigures> {
  const response = await fetch(path, { headers: { accept: 'text/plain' }, signal });
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  return parsePrometheus(await response.text());
}

function bytes(n: number): string {
  if (n < 1024) return `${formatNumber(n)} B`;
  if (n < 1024 ** 2) return `${formatNumber(n / 1024, 1)} KiB`;
  if (n < 1024 ** 3) return `${formatNumber(n / 1024 ** 2, 1)} MiB`;
  return `${formatNumber(n / 1024 ** 3, 2)} GiB`;
}

export function HealthPage() {
  void lang.value;
  const nowMs = now.value;
  const health = useFetch<HealthReport>('/api/health', { refreshMs: REFRESH_MS, load: loadHealth });
  const isolations = useFetch<IsolationsAnswer>('/api/isolations', { refreshMs: REFRESH_MS });
  const metrics = useFetch<PromFigures>('/metrics', { refreshMs: REFRESH_MS, load: loadMetrics });
  const report = health.error === null ? health.data : null;
  const checks = healthChecks({
    report,
    liveIsolation: connection.value === 'live' ? isolation.value : undefined,
    isolations: isolations.data,
    metrics: metrics.error === null ? metrics.data : null,
    nowMs: Math.max(nowMs, health.at ?? 0),
  });
  const worst = overall(checks);
  const count = (s: CheckStatus) => checks.filter((c) => c.status === s).length;
  const headline =
    worst === 'ok'
      ? tx('allOk')
      : worst === 'problem'
        ? tx('someProblem', { n: count('problem') })
        : worst === 'warn'
          ? tx('someWarn', { n: count('warn') })
          : tx('someUnknown');
  const errors = [
    health.error === null ? null : tx('loadError', { what: '/api/health', message: health.error }),
    isolations.error === null
      ? null
      : tx('loadError', { what: '/api/isolations', message: isolations.error }),
    metrics.error === null ? null : tx('loadError', { what: '/metrics', message: metrics.error }),
  ].filter((e): e is string => e !== null);
  return (
    <section class="page health" aria-labelledby="health-title">
      <div class="report-head">
        <h1 id="health-title">{tx('title')}</h1>
        <span class="sub">{tx('sub')}</span>
      </div>
      <div class={`verdict state-${LOOK[worst]}`} role="status" data-status={worst}>
        <StateIcon state={LOOK[worst]} size={28} />
        <div>
          <strong>{headline}</strong>
          <span class="muted updated">
            {health.at === null ? '…' : tx('updated', { ago: formatAgo(health.at, nowMs) })}
          </span>
        </div>
      </div>
      {errors.map((e) => (
        <p class="report-error" role="alert">
          {e}
        </p>
      ))}
      <h2 class="visually-hidden">{tx('checks')}</h2>
      <ul class="checks">
        {checks.map((check) => (
          <CheckCard
            check={check}
            report={report}
            isolations={isolations.data}
            metrics={metrics.data}
            nowMs={nowMs}
          />
        ))}
        <LiveCard />
      </ul>
      <div class="health-grid">
        <Workers report={report} />
        <Isolations answer={isolations.data} nowMs={nowMs} />
        <Figures metrics={metrics.error === null ? metrics.data : null} />
      </div>
    </section>
  );
}

function StatusWord({ status }: { status: CheckStatus }) {
  return (
    <span class={`status-word state-${LOOK[status]}`}>
      <StateIcon state={LOOK[status]} size={15} />
      {tx(status)}
    </span>
  );
}

const CHECK_TITLE: Record<CheckId, Parameters<typeof tx>[0]> = {
  influx: 'influx',
  workers: 'workers',
  cycle: 'cycle',
  lag: 'lag',
  spool: 'spool',
  isolation: 'isolation',
  points: 'points',
  subscribers: 'subscribers',
};

function CheckCard({
  check,
  report,
  isolations,
  metrics,
  nowMs,
}: {
  check: Check;
  report: HealthReport | null;
  isolations: IsolationsAnswer | null;
  metrics: PromFigures | null;
  nowMs: number;
}) {
  const { value, detail } = describe(check.id, report, isolations, metrics, nowMs);
  return (
    <li
      class={`check-card state-${LOOK[check.status]}`}
      data-check={check.id}
      data-status={check.status}
    >
      <div class="check-top">
        <h3>{tx(CHECK_TITLE[check.id])}</h3>
        <StatusWord status={check.status} />
      </div>
      <p class="check-value">{value}</p>
      {detail ? <p class="check-detail muted">{detail}</p> : null}
    </li>
  );
}

function LiveCard() {
  const ok = connection.value === 'live';
  const status: CheckStatus = ok ? 'ok' : 'warn';
  return (
    <li class={`check-card state-${LOOK[status]}`} data-check="live" data-status={status}>
      <div class="check-top">
        <h3>{tx('liveTitle')}</h3>
        <StatusWord status={status} />
      </div>
      <p class="check-value">{ok ? tx('liveOk') : tx('liveBad')}</p>
    </li>
  );
}

function describe(
  id: CheckId,
  report: HealthReport | null,
  isolations: IsolationsAnswer | null,
  metrics: PromFigures | null,
  nowMs: number,
): { value: string; detail?: string } {
  const dash = { value: '—' };
  switch (id) {
    case 'influx':
      if (report === null) return dash;
      return {
        value: report.influx.reachable ? tx('influxOk') : tx('influxBad'),
        detail: report.influx.url,
      };
    case 'workers':
      if (report === null) return dash;
      return {
        value: tx('workersValue', {
          alive: formatNumber(report.workers.alive),
          expected: formatNumber(report.workers.expected),
        }),
        detail:
          report.workers.restarts > 0
            ? tx('workersRestarts', { n: formatNumber(report.workers.restarts) })
            : tx('workersNoRestarts'),
      };
    case 'cycle':
      if (report === null) return dash;
      return report.lastCycleAt === null
        ? { value: tx('cycleNever') }
        : {
            value: formatAgo(report.lastCycleAt, nowMs),
            detail: formatDateTime(report.lastCycleAt, undefined, true),
          };
    case 'lag':
      if (report === null) return dash;
      return report.lagMs === null
        ? { value: tx('lagNone') }
        : { value: lagText(report.lagMs), detail: tx('lagDetail') };
    case 'spool':
      if (report === null) return dash;
      return {
        value: tx('spoolValue', { points: formatNumber(report.spool.pendingPoints) }),
        detail: tx('spoolDetail', { size: bytes(report.spool.bytes) }),
      };
    case 'isolation': {
      const current = isolation.value ?? isolations?.isolated ?? null;
      const recent = isolations?.periods.length ?? 0;
      return {
        value: current
          ? tx('isolatedNow', { since: formatDateTime(current.since) })
          : tx('notIsolated'),
        detail: tx('isolationsRecent', { n: formatNumber(recent) }),
      };
    }
    case 'points': {
      if (metrics === null) return { value: tx('noMetrics') };
      const lost =
        (figure(metrics, 'pantau_points_dropped_total') ?? 0) +
        (figure(metrics, 'pantau_points_dead_lettered_total') ?? 0);
      return { value: tx('pointsValue', { n: formatNumber(lost) }), detail: tx('pointsDetail') };
    }
    case 'subscribers': {
      if (metrics === null) return { value: tx('noMetrics') };
      const failures =
        (figure(metrics, 'pantau_result_subscriber_failures_total') ?? 0) +
        (figure(metrics, 'pantau_status_subscriber_failures_total') ?? 0);
      return {
        value: tx('subscribersValue', { n: formatNumber(failures) }),
        detail: tx('subscribersDetail'),
      };
    }
  }
}

/** Seconds under two minutes (the usual case), a duration beyond. */
function lagText(ms: number): string {
  return ms < 120_000 ? tx('seconds', { n: formatNumber(ms / 1000, 1) }) : formatDuration(ms);
}

function Workers({ report }: { report: HealthReport | null }) {
  const list = report?.workers.perWorker;
  return (
    <section class="panel-block" aria-labelledby="workers-title">
      <h2 id="workers-title">{tx('workersTitle')}</h2>
      {report !== null && list === undefined ? (
        <p class="muted">{tx('noWorkers')}</p>
      ) : (
        <div class="table-wrap">
          <table class="data">
            <thead>
              <tr>
                <th scope="col">{tx('colWorker')}</th>
                <th scope="col">{tx('colState')}</th>
                <th scope="col" class="num">
                  {tx('colSites')}
                </th>
              </tr>
            </thead>
            <tbody>
              {(list ?? []).map((w) => (
                <tr data-worker={w.worker}>
                  <th scope="row" class="row-head">
                    {tx('workerN', { n: w.worker + 1 })}
                  </th>
                  <td>
                    <StatusWordText ok={w.alive} yes={tx('running')} no={tx('stopped')} />
                  </td>
                  <td class="num">{formatNumber(w.sites)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function StatusWordText({ ok, yes, no }: { ok: boolean; yes: string; no: string }) {
  const state: SiteStateName = ok ? 'up' : 'down';
  return (
    <span class={`status-word state-${state}`}>
      <StateIcon state={state} size={14} />
      {ok ? yes : no}
    </span>
  );
}

function Isolations({ answer, nowMs }: { answer: IsolationsAnswer | null; nowMs: number }) {
  const periods = [...(answer?.periods ?? [])].reverse();
  const trigger = (t: string | null) =>
    t === 'reference-targets'
      ? tx('triggerRefs')
      : t === 'share'
        ? tx('triggerShare')
        : tx('triggerNone');
  return (
    <section class="panel-block" aria-labelledby="isolations-title">
      <h2 id="isolations-title">{tx('isolationsTitle')}</h2>
      {answer !== null && periods.length === 0 ? (
        <p class="quiet">
          <StatusWordText ok yes={tx('noIsolations')} no="" />
        </p>
      ) : (
        <div class="table-wrap">
          <table class="data">
            <thead>
              <tr>
                <th scope="col">{tx('colStart')}</th>
                <th scope="col">{tx('colEnd')}</th>
                <th scope="col" class="num">
                  {tx('colLength')}
                </th>
                <th scope="col">{tx('colTrigger')}</th>
              </tr>
            </thead>
            <tbody>
              {periods.map((p) => (
                <tr class={p.endedAt === null ? 'open' : undefined}>
                  <td class="nowrap">{formatDateTime(p.startedAt)}</td>
                  <td class="nowrap">
                    {p.endedAt === null ? (
                      <span class="status-word state-down">
                        <StateIcon state="down" size={14} />
                        {tx('stillIsolated')}
                      </span>
                    ) : (
                      formatDateTime(p.endedAt)
                    )}
                  </td>
                  <td class="num nowrap">{formatDuration(isolationLengthMs(p, nowMs))}</td>
                  <td>{trigger(p.trigger)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

const FIGURES: readonly {
  name: string;
  key: Parameters<typeof tx>[0];
  seconds?: boolean;
  /** Summed over every figure named so (one per failure reason). */
  prefix?: boolean;
}[] = [
  { name: 'pantau_results_total', key: 'fResults' },
  { name: 'pantau_points_written_total', key: 'fWritten' },
  { name: 'pantau_points_spooled_total', key: 'fSpooled' },
  { name: 'pantau_points_replayed_total', key: 'fReplayed' },
  { name: 'pantau_cycle_overruns_total', key: 'fOverruns' },
  { name: 'pantau_snmp_polls_failed_', key: 'fSnmpFailed', prefix: true },
  { name: 'pantau_write_seconds_last', key: 'fWrite', seconds: true },
  { name: 'pantau_live_clients', key: 'fClients' },
  { name: 'pantau_status_version', key: 'fStatusVersion' },
];

function Figures({ metrics }: { metrics: PromFigures | null }) {
  if (metrics === null) return null;
  const rows = FIGURES.flatMap((f) => {
    const value = f.prefix ? figureSum(metrics, f.name) : figure(metrics, f.name);
    return value === null ? [] : [{ ...f, value }];
  });
  return (
    <section class="panel-block" aria-labelledby="figures-title">
      <h2 id="figures-title">{tx('figuresTitle')}</h2>
      <div class="table-wrap">
        <table class="data self-figures">
          <tbody>
            {rows.map((r) => (
              <tr data-metric={r.name}>
                <th scope="row" class="row-head" title={r.name}>
                  {tx(r.key)}
                </th>
                <td class="num">
                  {r.seconds
                    ? tx('seconds', { n: formatNumber(r.value, 2) })
                    : formatNumber(r.value)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
