// /api/isolations: when Pantau itself was cut off (its reference targets or most independent sites
// failing at once), so the sites' state then is unknown and their availability not charged.

import type { FastifyInstance } from 'fastify';
import { ERROR_SCHEMA } from '../api-error.js';
import type { ApiSources } from '../sources.js';
import { parseRange, timeParam } from '../time-param.js';

const WEEK = 7 * 86_400_000;

export function isolationsRoutes(app: FastifyInstance, sources: ApiSources): void {
  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/isolations',
    {
      schema: {
        summary:
          'Periods when the monitor was isolated, overlapping a range (default: the last 7 days), and whether it is now',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            from: timeParam('default: to − 7 days'),
            to: timeParam('default: now'),
          },
        },
        response: { 400: ERROR_SCHEMA },
      },
    },
    async (request) => {
      const range = parseRange(request.query, WEEK, Date.now());
      return { isolated: sources.isolation(), periods: sources.isolations(range) };
    },
  );
}
