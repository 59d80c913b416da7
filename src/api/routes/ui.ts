// /api/ui: the dashboard's settings from the config file (today: the map's tile server, if any).

import type { FastifyInstance } from 'fastify';
import { NO_QUERY } from '../query-params.js';
import type { ApiSources } from '../sources.js';
import { DEFAULT_UI_SETTINGS, type UiSettings } from '../ui-view.js';

const TILES_SCHEMA = {
  type: ['object', 'null'],
  additionalProperties: false,
  properties: {
    url: { type: 'string' },
    attribution: { type: 'string' },
    maxZoom: { type: 'integer' },
  },
  required: ['url', 'attribution', 'maxZoom'],
} as const;

export function uiRoutes(app: FastifyInstance, sources: ApiSources): void {
  app.get(
    '/ui',
    {
      schema: {
        summary: "The dashboard's settings: the map's tile server (null: no tiles)",
        querystring: NO_QUERY,
        response: {
          200: {
            type: 'object',
            additionalProperties: false,
            properties: {
              map: {
                type: 'object',
                additionalProperties: false,
                properties: { tiles: TILES_SCHEMA },
                required: ['tiles'],
              },
            },
            required: ['map'],
          },
        },
      },
    },
    async (): Promise<UiSettings> => {
      const settings = sources.dashboard?.();
      if (settings === undefined) return DEFAULT_UI_SETTINGS;
      const { tiles } = settings.map;
      return {
        map: {
          tiles:
            tiles === null
              ? null
              : { url: tiles.url, attribution: tiles.attribution, maxZoom: tiles.maxZoom },
        },
      };
    },
  );
}
