// /api/availability: per site, or per kecamatan, kind or ISP, per day or month in each site's own
// time zone; the site's own downtime and the downtime including upstream, MTTR and MTBF.

import type { FastifyInstance } from 'fastify';
import type { InventoryIndex } from '../../inventory/index.js';
import { AVAILABILITY_GROUPS, groupAvailability, siteAvailability } from '../../status/index.js';
import { badRequest, ERROR_SCHEMA } from '../api-error.js';
import type { ApiSources } from '../sources.js';

const DAY = 86_400_000;

interface AvailabilityQuery {
  period: 'day' | 'month';
  from: string;
  to?: string;
  groupBy: 'site' | (typeof AVAILABILITY_GROUPS)[number];
  site?: string;
}

export function availabilityRoutes(
  app: FastifyInstance,
  sources: ApiSources,
  index: () => InventoryIndex,
): void {
  app.get<{ Querystring: AvailabilityQuery }>(
    '/availability',
    {
      schema: {
        summary: 'Availability per day or month, per site or grouped',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            period: { type: 'string', enum: ['day', 'month'], default: 'day' },
            from: {
              type: 'string',
              pattern: '^\\d{4}-\\d{2}(-\\d{2})?$',
              description: 'YYYY-MM-DD (days) or YYYY-MM (months)',
              examples: ['2026-01-31', '2026-01'],
            },
            to: {
              type: 'string',
              pattern: '^\\d{4}-\\d{2}(-\\d{2})?$',
              description: 'inclusive; default: from',
              examples: ['2026-01-31', '2026-01'],
            },
            groupBy: { type: 'string', enum: ['site', ...AVAILABILITY_GROUPS], default: 'site' },
            site: { type: 'string', maxLength: 200 },
          },
          required: ['from'],
        },
        response: { 400: ERROR_SCHEMA },
      },
    },
    async (request) => {
      const { period, from, groupBy, site } = request.query;
      const to = request.query.to ?? from;
      const sites = site === undefined ? index().all : index().sites([site]);
      if (sites.length === 0) throw badRequest(`site: no site "${site}" in the inventory`);
      // Records a little wider than the periods: every site's zone is within a day of UTC.
      const fromMs = Date.parse(`${from.length === 7 ? `${from}-01` : from}T00:00:00Z`) - DAY;
      const toMs = Date.parse(`${to.length === 7 ? `${to}-01` : to}T00:00:00Z`) + 32 * DAY;
      if (!Number.isFinite(fromMs) || !Number.isFinite(toMs))
        throw badRequest(`from/to: "${from}"/"${to}" are not dates`);
      const rows = siteAvailability(
        sites,
        sources.availabilityRecords({
          fromMs,
          toMs,
          ...(site !== undefined ? { siteId: site } : {}),
        }),
        { unit: period, from, to, nowMs: Date.now() },
      );
      return {
        period,
        from,
        to,
        groupBy,
        rows: groupBy === 'site' ? rows : groupAvailability(sites, rows, groupBy),
      };
    },
  );
}
