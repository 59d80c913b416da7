// /api/incidents: outages over a range, by site or kecamatan, or only the open ones; newest first.

import type { FastifyInstance } from 'fastify';
import type { InventoryIndex, Site } from '../../inventory/index.js';
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
  q?: string;
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
            q: {
              type: 'string',
              maxLength: 200,
              description:
                'only sites whose id or name contains this (any case); narrows kecamatan',
            },
            open: { type: 'boolean', description: 'only incidents still open' },
            limit: limitParam(100),
            offset: OFFSET_PARAM,
          },
        },
        response: { 400: ERROR_SCHEMA, 404: ERROR_SCHEMA },
      },
    },
    async (request) => {
      const { site, kecamatan, q, open, limit, offset } = request.query;
      const range = parseRange(request.query, WEEK, Date.now());
      if (site !== undefined && !index().has(site))
        throw notFound(`no site "${site}" in the inventory`);
      const inKecamatan = kecamatan === undefined ? undefined : index().kecamatan(kecamatan);
      if (kecamatan !== undefined && inKecamatan === undefined)
        throw notFound(`no kecamatan "${kecamatan}" in the inventory`);
      const siteIds =
        q === undefined || q.trim() === '' ? inKecamatan : matching(q, inKecamatan, index().all);
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

/** Sites (of `within`, or all) whose id or name contains `q`, any case: the dashboard's search. */
function matching(
  q: string,
  within: readonly string[] | undefined,
  all: readonly Site[],
): string[] {
  const needle = q.trim().toLowerCase();
  const allowed = within === undefined ? null : new Set(within);
  return all
    .filter(
      (s) =>
        (allowed === null || allowed.has(s.id)) &&
        (s.id.toLowerCase().includes(needle) || s.name.toLowerCase().includes(needle)),
    )
    .map((s) => s.id);
}
