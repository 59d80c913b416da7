// /api/sites/:id/history: a site's metrics over a range, raw or rolled up as the range needs, at
// most maxPoints points a series.

import type { FastifyInstance } from 'fastify';
import type { InventoryIndex } from '../../inventory/index.js';
import { defaultHistoryFields, HISTORY_FIELDS, MAX_HISTORY_POINTS } from '../../metrics/index.js';
import { ERROR_SCHEMA, notFound } from '../api-error.js';
import type { ApiSources } from '../sources.js';
import { parseRange, timeParam } from '../time-param.js';

const DAY = 86_400_000;

interface HistoryQuery {
  measurement: keyof typeof HISTORY_FIELDS;
  fields?: string;
  from?: string;
  to?: string;
  maxPoints: number;
}

export function historyRoutes(
  app: FastifyInstance,
  sources: ApiSources,
  index: () => InventoryIndex,
): void {
  app.get<{ Params: { id: string }; Querystring: HistoryQuery }>(
    '/sites/:id/history',
    {
      schema: {
        summary: "A site's metrics over a range (raw up to 2 days, else the 5-minute rollups)",
        params: {
          type: 'object',
          properties: { id: { type: 'string', maxLength: 200 } },
          required: ['id'],
        },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            measurement: { type: 'string', enum: Object.keys(HISTORY_FIELDS) },
            fields: {
              type: 'string',
              maxLength: 500,
              description: 'comma-separated; default: every field of the measurement',
            },
            from: timeParam('default: to − 1 day'),
            to: timeParam('default: now'),
            maxPoints: {
              type: 'integer',
              minimum: 1,
              maximum: MAX_HISTORY_POINTS,
              default: 500,
              description: `points a series at most, 1 to ${MAX_HISTORY_POINTS}`,
            },
          },
          required: ['measurement'],
        },
        response: { 400: ERROR_SCHEMA, 404: ERROR_SCHEMA, 503: ERROR_SCHEMA },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (!index().has(id)) throw notFound(`no site "${id}" in the inventory`);
      const { measurement, maxPoints } = request.query;
      const range = parseRange(request.query, DAY, Date.now());
      const fields =
        request.query.fields === undefined
          ? defaultHistoryFields(measurement)
          : request.query.fields.split(',').map((f) => f.trim());
      // InfluxDB refusing the query is a 400, InfluxDB away a 503 (api-routes.ts maps both).
      return await sources.history({ measurement, fields, sites: [id], ...range, maxPoints });
    },
  );
}
