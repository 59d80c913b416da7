// The dashboard's section: its map draws no tiles unless a tile server on the intranet is given.

import * as z from 'zod';
import { bad, checkHttpUrl, checkText, field, integer, maybeText, ok, show } from './fields.js';
import type { DashboardConfig } from './types.js';

/** What Leaflet fills in a tile URL; {-y} is the row counted from the south (TMS servers). */
const TILE_PLACEHOLDERS = ['z', 'x', 'y', '-y'];
const TILE_EXAMPLE = '"https://tiles.example.go.id/{z}/{x}/{y}.png"';

/** An http(s) URL or a path on Pantau's own host, naming {z}, {x} and {y} (or {-y}). */
function tileUrl() {
  return field((v) => {
    const t = checkText(v);
    if (!t.ok) return t;
    const url = t.value.trim();
    if (!url.startsWith('/')) {
      const absolute = checkHttpUrl(url);
      if (!absolute.ok)
        return bad(
          `${show(url)} is not an http://, https:// or /path tile URL like ${TILE_EXAMPLE}`,
        );
    }
    const names = [...url.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] ?? '');
    const unknown = names.find((name) => !TILE_PLACEHOLDERS.includes(name));
    if (unknown !== undefined)
      return bad(
        `${show(url)} has {${unknown}}, which the map cannot fill: a tile URL names {z}, {x} and {y} (or {-y}), like ${TILE_EXAMPLE}`,
      );
    const missing = ['z', 'x', 'y'].filter(
      (name) => !names.includes(name) && !(name === 'y' && names.includes('-y')),
    );
    if (missing.length > 0)
      return bad(
        `${show(url)} lacks ${missing.map((name) => `{${name}}`).join(', ')}: a tile URL names {z}, {x} and {y}, like ${TILE_EXAMPLE}`,
      );
    return ok(url);
  });
}

const tilesSchema = z.strictObject({
  url: tileUrl(),
  attribution: maybeText(),
  maxZoom: integer({ min: 1, max: 22 }).default(18),
});

export const dashboardSchema = z
  .strictObject({
    map: z
      .strictObject({
        // null as well as absent: the example file writes the default out.
        tiles: tilesSchema.nullable().optional(),
      })
      .prefault({}),
  })
  .prefault({})
  .transform(
    (d): DashboardConfig => ({
      map: {
        tiles: d.map.tiles
          ? {
              url: d.map.tiles.url,
              attribution: d.map.tiles.attribution ?? '',
              maxZoom: d.map.tiles.maxZoom,
            }
          : null,
      },
    }),
  );
