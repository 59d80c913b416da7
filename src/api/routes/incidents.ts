// /api/incidents: outages over a range, by site or kecamatan, or only the open ones; newest first.

import type { FastifyInstance } from 'fastify';
import type { InventoryIndex } from '../../inventory/index.js';
import { ERROR_SCHEMA, notFound } from '../api-error.js';
import { limitParam, OFFSET_PARAM } from '../query-params.js';
import type { ApiSources } from '../sources.js';
import { parseRange, timeParam } from '../time-param.js';

const WEEK = 7 * 86_400_000;

interface IncidentsQuery {
  from?: string;
  to?: string;
  site?: string;
  kecamatan?: string;
  open?: boolean;
  limit: number;
  offset: number;
}

export function incidentsRoutes(
  app: FastifyInstance,
  sources: ApiSources,
  index: () => InventoryIndex,
): void {
  app.get<{ Querystring: IncidentsQuery }>(
    '/incidents',
    {
      schema: {
        summary: 'Incidents overlapping a range (default: the last 7 days), newest first',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            from: timeParam('default: to − 7 days'),
            to: timeParam('default: now'),
            site: { type: 'string', maxLength: 200 },
            kecamatan: { type: 'string', maxLength: 200 },
            open: { type: 'boolean', description: 'only incidents still open' },
            limit: limitParam(100),
            offset: OFFSET_PARAM,
          },
        },
        response: { 400: ERROR_SCHEMA, 404: ERROR_SCHEMA },
      },
    },
    async (request) => {
      const { site, kecamatan, open, limit, offset } = request.query;
      const range = parseRange(request.query, WEEK, Date.now());
      if (site !== undefined && !index().has(site))
        throw notFound(`no site "${site}" in the inventory`);
      const siteIds = kecamatan === undefined ? undefined : index().kecamatan(kecamatan);
      if (kecamatan !== undefined && siteIds === undefined)
        throw notFound(`no kecamatan "${kecamatan}" in the inventory`);
      return sources.incidents({
        ...range,
        ...(site !== undefined ? { siteId: site } : {}),
        ...(siteIds !== undefined ? { siteIds } : {}),
        openOnly: open ?? false,
        limit,
        offset,
      });
    },
  );
}
