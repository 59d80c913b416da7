// The page frame: header with navigation, language and theme switches and the connection
// indicator; the isolation banner; and the page for the current path.

import type { ComponentChildren } from 'preact';
import { formatDateTime, lang, setLang, t, type TextKey } from './i18n.js';
import { connection, isolation } from './live.js';
import { AvailabilityPage } from './pages/availability.js';
import { BoardPage } from './pages/board.js';
import { HealthPage } from './pages/health.js';
import { IncidentsPage } from './pages/incidents.js';
import { MapPage } from './pages/map.js';
import { SitePage } from './pages/site.js';
import { WallPage } from './pages/wall.js';
import { currentPath } from './router.js';
import { applyTheme, theme } from './theme.js';

const NAV: readonly { path: string; key: TextKey }[] = [
  { path: '/', key: 'nav.board' },
  { path: '/map', key: 'nav.map' },
  { path: '/incidents', key: 'nav.incidents' },
  { path: '/availability', key: 'nav.availability' },
  { path: '/health', key: 'nav.health' },
  { path: '/wall', key: 'nav.wall' },
];

function page(path: string): ComponentChildren {
  if (path === '/' || path === '') return <BoardPage />;
  if (path === '/wall') return <WallPage />;
  if (path === '/map') return <MapPage />;
  if (path === '/incidents') return <IncidentsPage />;
  if (path === '/availability') return <AvailabilityPage />;
  if (path === '/health') return <HealthPage />;
  const site = /^\/sites\/([^/]+)\/?$/.exec(path);
  if (site?.[1]) return <SitePage id={decodeURIComponent(site[1])} />;
  return <NotFound />;
}

export function App() {
  const path = currentPath.value;
  // Read so that a language switch re-renders every text.
  void lang.value;
  if (path === '/wall') return <WallPage />;
  return (
    <div class="frame">
      <a class="skip" href="#main">
        {lang.value === 'id' ? 'Langsung ke isi' : 'Skip to content'}
      </a>
      <Header path={path} />
      <IsolationBanner />
      <main id="main" tabIndex={-1}>
        {page(path)}
      </main>
    </div>
  );
}

function Header({ path }: { path: string }) {
  const current = (item: string) =>
    item === '/' ? path === '/' : path === item || path.startsWith(`${item}/`);
  return (
    <header class="top">
      <a class="brand" href="/">
        <img src="/favicon.svg" alt="" width="24" height="24" />
        <span>{t('app.name')}</span>
      </a>
      <nav aria-label={t('nav.main')}>
        {NAV.map((item) => (
          <a href={item.path} aria-current={current(item.path) ? 'page' : undefined}>
            {t(item.key)}
          </a>
        ))}
      </nav>
      <div class="tools">
        <ConnectionIndicator />
        <button
          type="button"
          class="ghost"
          title={t('lang.switchLabel')}
          onClick={() => setLang(lang.value === 'id' ? 'en' : 'id')}
        >
          {lang.value === 'id' ? 'EN' : 'ID'}
          <span class="visually-hidden"> — {t('lang.switchLabel')}</span>
        </button>
        <button
          type="button"
          class="ghost"
          aria-label={t('theme.switch')}
          onClick={() => applyTheme(theme.value === 'dark' ? 'light' : 'dark')}
        >
          {theme.value === 'dark' ? '☀' : '☾'}
        </button>
      </div>
    </header>
  );
}

export function ConnectionIndicator() {
  const state = connection.value;
  const key: TextKey =
    state === 'live'
      ? 'conn.live'
      : state === 'connecting'
        ? 'conn.connecting'
        : 'conn.reconnecting';
  return (
    <span class={`conn conn-${state}`} role="status" aria-label={`${t('conn.label')}: ${t(key)}`}>
      <span class="dot" aria-hidden="true" />
      {t(key)}
    </span>
  );
}

export function IsolationBanner() {
  const current = isolation.value;
  if (current === null) return null;
  return (
    <div class="banner isolation" role="alert">
      {t('isolation.banner', { since: formatDateTime(current.since) })}
    </div>
  );
}

function NotFound() {
  return (
    <section class="page narrow">
      <h1>{t('notFound.title')}</h1>
      <p>
        <a href="/">{t('notFound.back')}</a>
      </p>
    </section>
  );
}
