// /api/health for load balancers and people.

import type { FastifyInstance } from 'fastify';
import { NO_QUERY } from '../query-params.js';
import type { ApiSources } from '../sources.js';

export function healthRoutes(app: FastifyInstance, sources: ApiSources): void {
  app.get(
    '/health',
    {
      schema: {
        summary: 'InfluxDB reachable, spool size, workers alive, last cycle, lag',
        querystring: NO_QUERY,
      },
    },
    async (_request, reply) => {
      const report = await sources.health();
      // 503 when monitoring is impaired, so a load balancer or uptime check sees it without parsing.
      return reply.code(report.ok ? 200 : 503).send(report);
    },
  );
}
