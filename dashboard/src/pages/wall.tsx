// Wall mode (/wall) for the NOC television: dark, large type, no controls in sight (the few there
// are appear on focus or hover), the sites in trouble first in large tiles, then every site in a
// dense grid that fits 342 sites on a 1080p screen without scrolling. An optional sound on a new
// root-cause outage is off by default and remembered.

import { signal, useComputed, useSignalEffect } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ConnectionIndicator, IsolationBanner } from '../app.js';
import { now } from '../clock.js';
import { formatNumber, formatTime, lang, t } from '../i18n.js';
import { inventory } from '../inventory.js';
import { liveSites, liveVersion, newOutages } from '../live.js';
import { STATE_ORDER, StateIcon, stateLabel, TROUBLE, type SiteStateName } from '../states.js';
import { SiteTile } from '../tile.js';
import { fitWall, type WallGrid } from '../wall-fit.js';

const SOUND_KEY = 'pantau.wall.sound';
const sound = signal(readSound());

function readSound(): boolean {
  try {
    return localStorage.getItem(SOUND_KEY) === 'on';
  } catch {
    return false;
  }
}

function setSound(on: boolean): void {
  sound.value = on;
  try {
    localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
  } catch {
    // for this page only
  }
}

/** Two short tones, made in the page: no audio file to fetch. */
function chime(): void {
  const context = new AudioContext();
  const start = context.currentTime;
  [660, 440].forEach((frequency, i) => {
    const osc = context.createOscillator();
    const gain = context.createGain();
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.2, start + i * 0.25);
    gain.gain.exponentialRampToValueAtTime(0.001, start + i * 0.25 + 0.22);
    osc.connect(gain).connect(context.destination);
    osc.start(start + i * 0.25);
    osc.stop(start + i * 0.25 + 0.25);
  });
  setTimeout(() => void context.close(), 1000);
}

export function WallPage() {
  useEffect(() => {
    document.documentElement.classList.add('wall-mode');
    return () => document.documentElement.classList.remove('wall-mode');
  }, []);
  useSignalEffect(() => {
    if (newOutages.value.length > 0 && sound.peek()) chime();
  });
  const en = lang.value === 'en';
  const view = useComputed(() => {
    void liveVersion.value;
    const live = liveSites();
    const sites = inventory.value?.sites ?? [];
    const counts = Object.fromEntries(STATE_ORDER.map((s) => [s, 0])) as Record<
      SiteStateName,
      number
    >;
    const trouble = [];
    for (const site of sites) {
      const state = live.get(site.id)?.state ?? 'unknown';
      counts[state] += 1;
      if (TROUBLE.has(state))
        trouble.push({
          site,
          rank: STATE_ORDER.indexOf(state),
          since: live.get(site.id)?.since ?? 0,
        });
    }
    trouble.sort((a, b) => a.rank - b.rank || (b.since ?? 0) - (a.since ?? 0));
    return { counts, trouble: trouble.map((x) => x.site), sites };
  }).value;
  return (
    <div class="wall">
      <header class="wall-head">
        <h1 class="wall-title">
          <a href="/" class="wall-brand" title={t('wall.exit')}>
            {t('app.name')}
            <span class="visually-hidden"> — {t('wall.exit')}</span>
          </a>
        </h1>
        <p class="wall-counts">
          {STATE_ORDER.filter((s) => view.counts[s] > 0 || s === 'down').map((state) => (
            <span class={`wall-count state-${state}`}>
              <StateIcon state={state} size={28} />
              <b>{formatNumber(view.counts[state])}</b> {stateLabel(state)}
            </span>
          ))}
        </p>
        <div class="wall-tools">
          <label class="wall-sound">
            <input
              type="checkbox"
              checked={sound.value}
              onChange={(e) => setSound(e.currentTarget.checked)}
            />
            {t('wall.sound')}
          </label>
          <ConnectionIndicator />
          <span class="wall-clock">{formatTime(now.value)} WIB</span>
        </div>
      </header>
      <IsolationBanner />
      <main class="wall-main">
        {view.trouble.length > 0 ? (
          <section class="wall-trouble" aria-label={t('wall.inTrouble')}>
            {view.trouble.slice(0, 24).map((site) => (
              <SiteTile key={site.id} site={site} en={en} large />
            ))}
          </section>
        ) : (
          <p class="wall-allup">
            <StateIcon state="up" size={28} /> {t('wall.allUp')}
          </p>
        )}
        <FittedGrid count={view.sites.length}>
          {view.sites.map((site) => (
            <SiteTile key={site.id} site={site} en={en} />
          ))}
        </FittedGrid>
      </main>
    </div>
  );
}

/** The grid of every site, its tiles sized to fill the space below the header and trouble list. */
function FittedGrid({ count, children }: { count: number; children: ComponentChildren }) {
  const ref = useRef<HTMLElement>(null);
  const [grid, setGrid] = useState<WallGrid | null>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const refit = () => setGrid(fitWall(count, element.clientWidth, element.clientHeight));
    const observer = new ResizeObserver(refit);
    observer.observe(element);
    refit();
    return () => observer.disconnect();
  }, [count]);
  const style =
    grid === null
      ? undefined
      : {
          gridTemplateColumns: `repeat(${grid.columns}, minmax(0, 1fr))`,
          gridAutoRows: `${grid.rowHeight}px`,
          fontSize: `${Math.max(11, Math.min(18, grid.rowHeight * 0.45))}px`,
        };
  return (
    <section ref={ref} class="wall-grid" style={style} aria-label={t('board.title')}>
      {children}
    </section>
  );
}
