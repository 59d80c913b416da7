// The map page's pure modules: grid clustering, parent links between marks, kecamatan names and
// their placement, the graticule, the tile-layer decision, and which sites are shown.

import { describe, expect, it } from 'vitest';
import {
  clusterPoints,
  type MapPoint,
  markLook,
  projectPx,
  worstState,
} from '../../../dashboard/src/map/cluster.js';
import { graticuleLines, graticuleStep } from '../../../dashboard/src/map/graticule.js';
import { kecamatanCentres, placeLabels } from '../../../dashboard/src/map/labels.js';
import { linkKind, linkSegments } from '../../../dashboard/src/map/links.js';
import {
  mapFilterOf,
  shownSites,
  stateTally,
  troubleSites,
} from '../../../dashboard/src/map/map-data.js';
import {
  escapeHtml,
  MAX_ZOOM_WITHOUT_TILES,
  tileLayerSpec,
} from '../../../dashboard/src/map/tiles.js';
import type { InventorySite } from '../../../src/api/inventory-view.js';
import type { SiteStateName } from '../../../src/status/types.js';

/** As dashboard/src/states.tsx orders them (that module needs a DOM). */
const ORDER: readonly SiteStateName[] = [
  'down',
  'unreachable',
  'snmp-failed',
  'degraded',
  'maintenance',
  'unknown',
  'up',
];
const TROUBLE = new Set<SiteStateName>(['down', 'unreachable', 'snmp-failed', 'degraded']);

const point = (id: string, lat: number, lon: number, state: SiteStateName = 'up'): MapPoint => ({
  id,
  lat,
  lon,
  state,
});

const site = (
  id: string,
  kind: string,
  kecamatan: string,
  location: { lat: number; lon: number } | null,
  parentId: string | null = null,
  name = id,
): InventorySite => ({
  id,
  name,
  kind,
  kecamatan,
  parentId,
  location,
  timezone: 'Asia/Jakarta',
  host: '198.18.0.1',
  isp: 'telkom',
  planId: 'p',
  contract: { start: '2026-01-01', end: null },
  liveness: 'icmp',
});

/** Points spread by a fixed pseudo-random walk (no Math.random: the test must repeat). */
function spread(n: number): MapPoint[] {
  // mulberry32: consecutive draws are independent enough to scatter points evenly.
  let seed = 42;
  const next = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return Array.from({ length: n }, (_, i) =>
    point(`s${i}`, -6.4 + next() * 0.4, 106.3 + next() * 0.45, i % 97 === 0 ? 'down' : 'up'),
  );
}

describe('projectPx (Web Mercator, 256 px tiles, as Leaflet)', () => {
  it('puts 0°,0° at the middle of the world and the antimeridian at its edge', () => {
    expect(projectPx(0, 0, 0)).toEqual({ x: 128, y: 128 });
    expect(projectPx(0, 180, 1).x).toBe(512);
    expect(projectPx(0, -180, 3).x).toBe(0);
  });

  it('agrees with the tan form of the projection, and doubles with each zoom', () => {
    const lat = -6.2;
    const y =
      (0.5 - Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) / (2 * Math.PI)) * 256 * 4096;
    expect(projectPx(lat, 106.8, 12).y).toBeCloseTo(y, 6);
    const a = projectPx(lat, 106.8, 11);
    const b = projectPx(lat, 106.8, 12);
    expect(b.x).toBeCloseTo(a.x * 2, 6);
    expect(b.y).toBeCloseTo(a.y * 2, 6);
  });
});

describe('clusterPoints', () => {
  const options = { zoom: 12, cellPx: 40, cluster: true, order: ORDER };

  it('gathers the sites of one grid cell into a cluster: count, states, worst, mean, bounds', () => {
    // About 10 m apart: one cell at zoom 12 (a pixel is about 38 m there).
    const pts = [
      point('a', -6.2, 106.8),
      point('b', -6.2001, 106.8001, 'down'),
      point('c', -6.2002, 106.8002, 'degraded'),
    ];
    const { marks, markOf } = clusterPoints(pts, options);
    expect(marks).toHaveLength(1);
    const [mark] = marks;
    expect(mark).toMatchObject({
      count: 3,
      counts: { up: 1, down: 1, degraded: 1 },
      worst: 'down',
      siteId: null,
      bounds: { south: -6.2002, north: -6.2, west: 106.8, east: 106.8002 },
    });
    expect(mark?.lat).toBeCloseTo(-6.2001, 9);
    expect(mark?.lon).toBeCloseTo(106.8001, 9);
    expect(mark?.key).toMatch(/^c:12:\d+:\d+$/);
    expect(['a', 'b', 'c'].map((id) => markOf.get(id))).toEqual([mark, mark, mark]);
  });

  it('draws a site alone in its cell as itself, keyed by its id', () => {
    const { marks } = clusterPoints([point('a', -6.2, 106.8), point('b', -6.3, 106.5)], options);
    expect(marks.map((m) => [m.key, m.siteId, m.count])).toEqual([
      ['s:a', 'a', 1],
      ['s:b', 'b', 1],
    ]);
  });

  it('splits a cell of fewer than minCluster sites into its sites', () => {
    const pts = [point('a', -6.2, 106.8), point('b', -6.2001, 106.8001)];
    expect(clusterPoints(pts, { ...options, minCluster: 3 }).marks.map((m) => m.key)).toEqual([
      's:a',
      's:b',
    ]);
    expect(clusterPoints(pts, { ...options, minCluster: 2 }).marks).toHaveLength(1);
  });

  it('draws every site on its own when clustering is off (the highest zoom)', () => {
    const pts = [point('a', -6.2, 106.8), point('b', -6.2, 106.8)];
    const { marks } = clusterPoints(pts, { ...options, cluster: false });
    expect(marks.map((m) => m.key)).toEqual(['s:a', 's:b']);
  });

  it('joins clusters of neighbouring cells whose centres are close, keeping the top-left key', () => {
    // Two crowds on either side of a cell border, 4 px apart at zoom 12.
    const size = 256 * 2 ** 12;
    const borderLon = (Math.ceil(projectPx(-6.2, 106.8, 12).x / 40) * 40 * 360) / size - 180;
    const dLon = (2 * 360) / size;
    const left = [0, 1, 2].map((i) => point(`l${i}`, -6.2, borderLon - dLon));
    const right = [0, 1, 2].map((i) => point(`r${i}`, -6.2, borderLon + dLon));
    const apart = clusterPoints([...left, ...right], options);
    expect(apart.marks).toHaveLength(2);
    const joined = clusterPoints([...left, ...right], { ...options, mergeWithinPx: 30 });
    expect(joined.marks).toHaveLength(1);
    expect(joined.marks[0]?.count).toBe(6);
    const leftKey = apart.markOf.get('l0')?.key;
    expect(joined.marks[0]?.key).toBe(leftKey);
    // Far apart crowds stay two.
    const far = [0, 1, 2].map((i) => point(`f${i}`, -6.3, 106.5));
    expect(clusterPoints([...left, ...far], { ...options, mergeWithinPx: 30 }).marks).toHaveLength(
      2,
    );
  });

  it('accounts for every site exactly once at every zoom, 10,000 sites in a few ms each', () => {
    const pts = spread(10_000);
    const started = performance.now();
    for (const zoom of [8, 10, 11.5, 13, 15, 17]) {
      const { marks, markOf } = clusterPoints(pts, {
        ...options,
        zoom,
        minCluster: 4,
        mergeWithinPx: 34,
      });
      expect(marks.reduce((n, m) => n + m.count, 0)).toBe(10_000);
      expect(markOf.size).toBe(10_000);
      // A cluster with a down site in it says so.
      const down = pts.filter((p) => p.state === 'down');
      for (const p of down) expect(markOf.get(p.id)?.worst).toBe('down');
    }
    expect(performance.now() - started).toBeLessThan(2500);
    // Zoomed out, 10,000 sites are a few hundred marks at most; zoomed in, mostly sites.
    expect(clusterPoints(pts, { ...options, zoom: 10 }).marks.length).toBeLessThan(400);
    expect(clusterPoints(pts, { ...options, zoom: 17 }).marks.length).toBeGreaterThan(9000);
  });

  it('names the worst state by the order given; the look changes with state and position only', () => {
    expect(worstState({ up: 3, maintenance: 1 }, ORDER)).toBe('maintenance');
    expect(worstState({}, ORDER)).toBe('unknown');
    const [mark] = clusterPoints([point('a', -6.2, 106.8)], options).marks;
    const [moved] = clusterPoints([point('a', -6.25, 106.8)], options).marks;
    const [down] = clusterPoints([point('a', -6.2, 106.8, 'down')], options).marks;
    if (!mark || !moved || !down) throw new Error('expected marks');
    expect(markLook(mark, ORDER)).toBe(markLook({ ...mark }, ORDER));
    expect(markLook(moved, ORDER)).not.toBe(markLook(mark, ORDER));
    expect(markLook(down, ORDER)).not.toBe(markLook(mark, ORDER));
  });
});

describe('linkSegments', () => {
  const end = (key: string, lat: number, lon: number) => ({ key, lat, lon });
  const core = end('s:core', 0, 0);
  const kec = end('c:kec', 1, 1);

  it('joins each site to its parent once per pair of marks, skipping links inside one mark', () => {
    const markOf = new Map([
      ['core', core],
      ['kec', kec],
      ['desa1', kec],
      ['desa2', kec],
      ['desa3', end('s:desa3', 2, 2)],
    ]);
    const segments = linkSegments(
      [
        { id: 'core', parentId: null, state: 'up' },
        { id: 'kec', parentId: 'core', state: 'up' },
        { id: 'desa1', parentId: 'kec', state: 'up' },
        { id: 'desa2', parentId: 'core', state: 'up' },
        { id: 'desa3', parentId: 'kec', state: 'up' },
      ],
      markOf,
      () => null,
    );
    expect(segments).toEqual({
      all: [
        [
          [1, 1],
          [0, 0],
        ],
        [
          [2, 2],
          [1, 1],
        ],
      ],
      unreachable: [],
      down: [],
    });
  });

  it('highlights the link of a down or unreachable site, the worst of a shared link winning', () => {
    expect(
      ['down', 'unreachable', 'degraded', 'up'].map((s) => linkKind(s as SiteStateName)),
    ).toEqual(['down', 'unreachable', 'normal', 'normal']);
    const markOf = new Map([
      ['core', core],
      ['kec', kec],
      ['desa1', kec],
      ['desa2', end('s:desa2', 2, 2)],
    ]);
    const segments = linkSegments(
      [
        { id: 'desa1', parentId: 'core', state: 'up' },
        { id: 'kec', parentId: 'core', state: 'down' },
        { id: 'desa2', parentId: 'kec', state: 'unreachable' },
      ],
      markOf,
      () => null,
    );
    // Every link is in `all`; the down one wins the link kec shares with desa1 (to core).
    expect(segments.all).toHaveLength(2);
    expect(segments.down).toEqual([
      [
        [1, 1],
        [0, 0],
      ],
    ]);
    expect(segments.unreachable).toEqual([
      [
        [2, 2],
        [1, 1],
      ],
    ]);
  });

  it("points at a parent that is not drawn at the parent's own place, and skips one without", () => {
    const segments = linkSegments(
      [
        { id: 'a', parentId: 'hidden', state: 'down' },
        { id: 'b', parentId: 'nowhere', state: 'up' },
      ],
      new Map([
        ['a', end('s:a', 1, 1)],
        ['b', end('s:b', 2, 2)],
      ]),
      (id) => (id === 'hidden' ? { lat: 5, lon: 5 } : null),
    );
    expect(segments.down).toEqual([
      [
        [1, 1],
        [5, 5],
      ],
    ]);
    expect(segments.all).toEqual(segments.down);
  });
});

describe('kecamatan names', () => {
  it("sit at the centre of the kecamatan's own sites, not its OPD offices; unlocated ones left out", () => {
    const centres = kecamatanCentres([
      site('kec', 'kecamatan', 'Cisoka', { lat: -6.2, lon: 106.4 }),
      site('d1', 'desa', 'Cisoka', { lat: -6.4, lon: 106.6 }),
      site('d2', 'desa', 'Cisoka', null),
      site('opd', 'opd', 'Cisoka', { lat: -7, lon: 107 }),
      site('core', 'core', 'Tigaraksa', { lat: -6.26, lon: 106.48 }),
      site('x', 'desa', '', { lat: 0, lon: 0 }),
    ]);
    expect(centres).toHaveLength(2);
    const cisoka = centres.find((c) => c.name === 'Cisoka');
    expect(cisoka?.sites).toBe(2);
    expect(cisoka?.lat).toBeCloseTo(-6.3, 9);
    expect(cisoka?.lon).toBeCloseTo(106.5, 9);
    // Only OPD or core sites: still named, at their centre.
    expect(centres.find((c) => c.name === 'Tigaraksa')).toEqual({
      name: 'Tigaraksa',
      lat: -6.26,
      lon: 106.48,
      sites: 1,
    });
  });

  const box = (name: string, x: number, y: number, weight: number) => ({
    name,
    x,
    y,
    width: 80,
    height: 14,
    weight,
  });

  it('places the heavier of two overlapping names on its centre and moves the other below', () => {
    const placed = placeLabels([box('small', 10, 0, 3), box('big', 0, 0, 30)]);
    expect(placed).toEqual([
      { name: 'big', x: 0, y: 0 },
      { name: 'small', x: 10, y: 18 },
    ]);
  });

  it('moves a name off a site drawn on its centre, and leaves it there when nowhere is free', () => {
    expect(placeLabels([box('a', 0, 0, 1)], [{ x: 0, y: 0, r: 6 }])).toEqual([
      { name: 'a', x: 0, y: 18 },
    ]);
    const crowd = [-60, -40, -20, 0, 20, 40, 60].flatMap((y) =>
      [-80, -40, 0, 40, 80].map((x) => ({ x, y, r: 12 })),
    );
    expect(placeLabels([box('a', 0, 0, 1)], crowd)).toEqual([{ name: 'a', x: 0, y: 0 }]);
  });

  it('leaves out a name whose centre is taken by a heavier name and finds no free spot', () => {
    const names = [box('a', 0, 0, 9), box('b', 0, 18, 8), box('c', 0, -18, 7), box('d', 0, 36, 6)];
    const crowd = [-120, -80, -40, 40, 80, 120].map((x) => ({ x, y: 0, r: 30 }));
    const placed = placeLabels([...names, box('e', 0, 0, 1)], crowd).map((p) => p.name);
    expect(placed).toContain('a');
    expect(placed).not.toContain('e');
  });
});

describe('graticule', () => {
  it('takes the roundest step that keeps lines at least minPx apart', () => {
    // Zoom 11: 1456 px a degree; 0.05° would be 73 px, 0.1° is 146 px.
    expect(graticuleStep(11)).toBe(0.1);
    expect(graticuleStep(12)).toBe(0.05);
    expect(graticuleStep(5)).toBe(5);
    expect(graticuleStep(11, 50)).toBe(0.05);
  });

  it('draws each meridian and parallel in the bounds from edge to edge, at clean multiples', () => {
    const lines = graticuleLines({ south: -6.45, west: 106.25, north: -6.05, east: 106.52 }, 0.1);
    expect(lines).toEqual([
      [
        [-6.45, 106.3],
        [-6.05, 106.3],
      ],
      [
        [-6.45, 106.4],
        [-6.05, 106.4],
      ],
      [
        [-6.45, 106.5],
        [-6.05, 106.5],
      ],
      [
        [-6.4, 106.25],
        [-6.4, 106.52],
      ],
      [
        [-6.3, 106.25],
        [-6.3, 106.52],
      ],
      [
        [-6.2, 106.25],
        [-6.2, 106.52],
      ],
      [
        [-6.1, 106.25],
        [-6.1, 106.52],
      ],
    ]);
  });
});

describe('tile layer', () => {
  it('is added only when the settings name a tile server', () => {
    expect(tileLayerSpec(null)).toBeNull();
    expect(tileLayerSpec({ map: { tiles: null } })).toBeNull();
    expect(
      tileLayerSpec({
        map: {
          tiles: {
            url: 'https://tiles.example.go.id/{z}/{x}/{y}.png',
            attribution: '',
            maxZoom: 17,
          },
        },
      }),
    ).toEqual({
      url: 'https://tiles.example.go.id/{z}/{x}/{y}.png',
      options: { attribution: '', maxZoom: 17 },
    });
    expect(MAX_ZOOM_WITHOUT_TILES).toBe(18);
  });

  it('shows the attribution as the text written, not as HTML', () => {
    expect(
      tileLayerSpec({
        map: {
          tiles: { url: '/t/{z}/{x}/{y}.png', attribution: '<b>Pemkab</b> & "OSM"', maxZoom: 18 },
        },
      })?.options.attribution,
    ).toBe('&lt;b&gt;Pemkab&lt;/b&gt; &amp; &quot;OSM&quot;');
    expect(escapeHtml("O'Brien")).toBe('O&#39;Brien');
  });
});

describe('shown sites', () => {
  const sites = [
    site('kec-a', 'kecamatan', 'Alpha', { lat: -6.2, lon: 106.4 }, null, 'Kantor Kecamatan Alpha'),
    site('desa-a1', 'desa', 'Alpha', { lat: -6.21, lon: 106.41 }, 'kec-a', 'Desa Alpha 1'),
    site('desa-a10', 'desa', 'Alpha', null, 'kec-a', 'Desa Alpha 10'),
    site('desa-a2', 'desa', 'Alpha', { lat: -6.22, lon: 106.42 }, 'kec-a', 'Desa Alpha 2'),
    site('kec-b', 'kecamatan', 'Beta', { lat: -6.3, lon: 106.5 }, null, 'Kantor Kecamatan Beta'),
  ];
  const states: Record<string, SiteStateName> = {
    'kec-a': 'down',
    'desa-a1': 'unreachable',
    'desa-a10': 'unreachable',
    'desa-a2': 'up',
  };
  const stateOf = (id: string): SiteStateName => states[id] ?? 'unknown';

  it('reads the filters from the URL', () => {
    expect(mapFilterOf(new URLSearchParams('state=down&kecamatan=Alpha&q=x'))).toEqual({
      state: 'down',
      kecamatan: 'Alpha',
    });
    expect(mapFilterOf(new URLSearchParams(''))).toEqual({ state: '', kecamatan: '' });
  });

  it('draws every located site that passes the filters, and counts the unlocated apart', () => {
    const all = shownSites(sites, { state: '', kecamatan: '' }, stateOf);
    expect(all.points.map((p) => `${p.id}:${p.state}`)).toEqual([
      'kec-a:down',
      'desa-a1:unreachable',
      'desa-a2:up',
      'kec-b:unknown',
    ]);
    expect(all.unlocated.map((s) => s.id)).toEqual(['desa-a10']);
    const alpha = shownSites(sites, { state: 'unreachable', kecamatan: 'Alpha' }, stateOf);
    expect(alpha.points.map((p) => p.id)).toEqual(['desa-a1']);
    expect(alpha.located.map((s) => s.id)).toEqual(['desa-a1']);
    expect(alpha.unlocated.map((s) => s.id)).toEqual(['desa-a10']);
    expect(shownSites(sites, { state: '', kecamatan: 'Beta' }, stateOf).unlocated).toEqual([]);
  });

  it('lists the sites in trouble worst first, then by name with numbers in order', () => {
    expect(troubleSites(sites, stateOf, ORDER, TROUBLE).map((t) => t.site.id)).toEqual([
      'kec-a',
      'desa-a1',
      'desa-a10',
    ]);
  });

  it('tallies sites by state, worst first, leaving out the states with none', () => {
    expect(stateTally({ up: 340, unknown: 0, down: 1, unreachable: 1 }, ORDER)).toBe(
      'down:1 unreachable:1 up:340',
    );
    expect(stateTally({}, ORDER)).toBe('');
  });
});
