// The board's tiles as HTML text: escaped names, the state in the class and in words, the cause of
// an unreachable site, and the age shown only where it tells something.

import { describe, expect, it } from 'vitest';
import { escapeHtml, tileHtml } from '../../../dashboard/src/tile-html.js';
import { shortAge, tileName } from '../../../dashboard/src/tile-text.js';
import type { InventorySite } from '../../../src/api/inventory-view.js';
import type { LiveSite } from '../../../src/live/protocol.js';

const NOW = Date.UTC(2026, 11, 6, 1, 0, 0);
const site = (id: string, name: string): InventorySite => ({
  id,
  name,
  kind: 'desa',
  kecamatan: 'Cisoka',
  parentId: 'kec-cisoka',
  location: null,
  timezone: 'Asia/Jakarta',
  host: '198.18.0.9',
  isp: 'Telkom',
  planId: 'p',
  contract: { start: '2026-01-01', end: null },
  liveness: 'icmp',
});
const context = {
  nowMs: NOW,
  en: false,
  nameOf: (id: string) => (id === 'kec-cisoka' ? 'Kantor Kecamatan Cisoka' : undefined),
};

function parse(html: string): { attrs: Record<string, string>; texts: string[] } {
  const anchor = /^<a [^>]*>/.exec(html)?.[0] ?? '';
  const attrs = Object.fromEntries(
    [...anchor.matchAll(/ ([a-z-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
  );
  const texts = [...html.matchAll(/<span class="([^"]+)">([^<]*)<\/span>/g)].map(
    (m) => `${m[1]}=${m[2]}`,
  );
  return { attrs: attrs as Record<string, string>, texts };
}

describe('tileHtml', () => {
  it('draws an unreachable site with its state in the class and its cause in words', () => {
    const live: LiveSite = {
      siteId: 'desa-cibugel',
      state: 'unreachable',
      causeId: 'kec-cisoka',
      since: NOW - 125_000,
      flapping: false,
    };
    const { attrs, texts } = parse(tileHtml(site('desa-cibugel', 'Desa Cibugel'), live, context));
    expect(attrs.class).toBe('tile state-mark state-unreachable');
    expect(attrs['data-state']).toBe('unreachable');
    expect(attrs.href).toBe('/sites/desa-cibugel');
    // The short name is drawn; the age comes from data-age; the full name and the words are its label.
    expect(texts).toEqual(['tile-name=Desa Cibugel']);
    expect(attrs['data-age']).toBe('2 mnt');
    expect(attrs['aria-label']).toBe(
      'Desa Cibugel: Tak terjangkau, karena Kantor Kecamatan Cisoka putus, 2 menit lalu',
    );
  });

  it('leaves out the age of a site up for long, and shortens office names but not their label', () => {
    const live: LiveSite = { siteId: 'k', state: 'up', since: NOW - 7_200_000, flapping: false };
    const { attrs, texts } = parse(tileHtml(site('k', 'Kantor Kecamatan Cisoka'), live, context));
    expect(attrs['data-age']).toBeUndefined();
    expect(texts).toEqual(['tile-name=Kec. Cisoka']);
    // The drawn name comes first in the label (WCAG 2.5.3), then the full one.
    expect(attrs['aria-label']).toBe('Kec. Cisoka — Kantor Kecamatan Cisoka: Normal, 2 jam lalu');
  });

  it('escapes names and ids, so an inventory cannot inject markup', () => {
    const html = tileHtml(site('a"b<c', 'Desa <b>"X" & Y'), undefined, context);
    expect(html).not.toContain('<b>');
    expect(html).toContain('Desa &lt;b&gt;&quot;X&quot; &amp; Y');
    expect(html).toContain('data-site="a&quot;b&lt;c"');
    expect(html).toContain('href="/sites/a%22b%3Cc"');
    expect(escapeHtml(`'&'`)).toBe('&#39;&amp;&#39;');
  });

  it('marks a flapping site in its class and its words', () => {
    const live: LiveSite = { siteId: 's', state: 'up', since: NOW - 5000, flapping: true };
    const html = tileHtml(site('s', 'Desa S'), live, { ...context, en: true });
    expect(html).toContain('class="tile state-mark state-up flapping"');
    expect(html).toContain('aria-label="Desa S: Normal, tidak stabil, baru saja"');
  });
});

describe('shortAge and tileName', () => {
  it('shows the age of a recent change, and none for a site up for over an hour', () => {
    const up = (ago: number): LiveSite => ({
      siteId: 's',
      state: 'up',
      since: NOW - ago,
      flapping: false,
    });
    expect(shortAge(up(42_000), NOW, false)).toBe('42 dtk');
    expect(shortAge(up(59 * 60_000), NOW, true)).toBe('59 min');
    expect(shortAge(up(61 * 60_000), NOW, false)).toBe('');
    const down: LiveSite = {
      siteId: 's',
      state: 'down',
      since: NOW - 3 * 86_400_000,
      flapping: false,
    };
    expect(shortAge(down, NOW, false)).toBe('3 hr');
    expect(shortAge(undefined, NOW, false)).toBe('–');
  });
  it('shortens office names, keeping the place', () => {
    expect(tileName('Kantor Kecamatan Cisoka')).toBe('Kec. Cisoka');
    expect(tileName('Kelurahan Kelapa Dua')).toBe('Kel. Kelapa Dua');
    expect(tileName('Dinas Kesehatan')).toBe('Dinas Kesehatan');
  });
});
