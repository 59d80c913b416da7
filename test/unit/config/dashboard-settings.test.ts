// The dashboard's section: the map's tile server, parsed, defaulted, refused with the field named
// and where, and taken at a reload without a restart.

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig, reloadScope } from '../../../src/config/index.js';
import { configProblems } from '../../helpers/config-problems.js';
import { lines, tempFiles } from '../../helpers/temp-files.js';

const EXAMPLE = fileURLToPath(new URL('../../../config/pantau.example.yaml', import.meta.url));

async function load(...rows: string[]) {
  const dir = tempFiles({ 'main.yaml': lines(...rows) });
  return loadConfig(join(dir, 'main.yaml'), {});
}

describe('loadConfig: dashboard', () => {
  it('has no tile server by default', async () => {
    expect((await load('# nothing set')).dashboard).toEqual({ map: { tiles: null } });
    expect((await load('dashboard: {}')).dashboard).toEqual({ map: { tiles: null } });
    expect((await load('dashboard: { map: { tiles: null } }')).dashboard).toEqual({
      map: { tiles: null },
    });
  });

  it('reads a tile server: url, attribution and maxZoom, with their defaults', async () => {
    const full = await load(
      'dashboard:',
      '  map:',
      '    tiles:',
      '      url: https://tiles.example.go.id/osm/{z}/{x}/{y}.png',
      '      attribution: © OpenStreetMap contributors',
      '      maxZoom: 17',
    );
    expect(full.dashboard.map.tiles).toEqual({
      url: 'https://tiles.example.go.id/osm/{z}/{x}/{y}.png',
      attribution: '© OpenStreetMap contributors',
      maxZoom: 17,
    });
    // A path on Pantau's own host (a reverse proxy) and a TMS server's {-y}; defaults filled.
    const tms = await load('dashboard: { map: { tiles: { url: "/tiles/{z}/{x}/{-y}.png" } } }');
    expect(tms.dashboard.map.tiles).toEqual({
      url: '/tiles/{z}/{x}/{-y}.png',
      attribution: '',
      maxZoom: 18,
    });
  });

  it('refuses a wrong tile setting, naming the field, its line and what was expected', async () => {
    expect(
      await configProblems({
        'main.yaml': lines(
          'dashboard:',
          '  map:',
          '    tiles:',
          '      url: https://tiles.example.go.id/{z}/{x}.png',
          '      maxZoom: 30',
          '      attribution: [a, b]',
          '      subdomains: abc',
        ),
      }),
    ).toEqual([
      'main.yaml:4:12: dashboard.map.tiles.url: "https://tiles.example.go.id/{z}/{x}.png" lacks {y}: a tile URL names {z}, {x} and {y}, like "https://tiles.example.go.id/{z}/{x}/{y}.png"',
      'main.yaml:5:16: dashboard.map.tiles.maxZoom: 30 is not between 1 and 22',
      'main.yaml:6:20: dashboard.map.tiles.attribution: expected text, found a list',
      'main.yaml:7:7: dashboard.map.tiles.subdomains: unknown key (expected one of url, attribution, maxZoom)',
    ]);
    expect(
      await configProblems({
        'main.yaml': lines(
          'dashboard:',
          '  map:',
          '    tiles: { url: "https://{s}.tiles.example.go.id/{z}/{x}/{y}.png" }',
          '  mapp: {}',
        ),
      }),
    ).toEqual([
      'main.yaml:3:19: dashboard.map.tiles.url: "https://{s}.tiles.example.go.id/{z}/{x}/{y}.png" has {s}, which the map cannot fill: a tile URL names {z}, {x} and {y} (or {-y}), like "https://tiles.example.go.id/{z}/{x}/{y}.png"',
      'main.yaml:4:3: dashboard.mapp: unknown key (did you mean map?)',
    ]);
    expect(
      await configProblems({
        'main.yaml': lines(
          'dashboard:',
          '  map:',
          '    tiles: { url: "ftp://tiles/{z}/{x}/{y}.png" }',
          '    tile: { maxZoom: 12 }',
        ),
      }),
    ).toEqual([
      'main.yaml:3:19: dashboard.map.tiles.url: "ftp://tiles/{z}/{x}/{y}.png" is not an http://, https:// or /path tile URL like "https://tiles.example.go.id/{z}/{x}/{y}.png"',
      'main.yaml:4:5: dashboard.map.tile: unknown key (did you mean tiles?)',
    ]);
    expect(
      await configProblems({ 'main.yaml': lines('dashboard:', '  map:', '    tiles: {}') }),
    ).toEqual(['main.yaml:3:5: dashboard.map.tiles.url: required']);
  });

  it('the example file documents the section with its default', async () => {
    const config = await loadConfig(EXAMPLE, { SNMP_COMMUNITY: 'public' });
    expect(config.dashboard).toEqual({ map: { tiles: null } });
  });

  it('a reload takes a changed tile server without a restart or re-planning the sites', async () => {
    const dir = tempFiles({
      'before.yaml': lines('# nothing set'),
      'after.yaml': lines('dashboard: { map: { tiles: { url: "/t/{z}/{x}/{y}.png" } } }'),
    });
    const before = await loadConfig(join(dir, 'before.yaml'), {});
    const after = await loadConfig(join(dir, 'after.yaml'), {});
    expect(after.dashboard).not.toEqual(before.dashboard);
    expect(reloadScope(before, after)).toEqual({ sites: false, needRestart: [] });
  });
});
