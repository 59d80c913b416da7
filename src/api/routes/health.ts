// /api/health for load balancers and people; /metrics for Prometheus.

import type { FastifyInstance } from 'fastify';
import type { ApiSources } from '../sources.js';

export function healthRoutes(app: FastifyInstance, sources: ApiSources): void {
  app.get(
    '/api/health',
    { schema: { summary: 'InfluxDB reachable, spool size, workers alive, last cycle, lag' } },
    async (_request, reply) => {
      const report = await sources.health();
      // 503 when monitoring is impaired, so a load balancer or uptime check sees it without parsing.
      return reply.code(report.ok ? 200 : 503).send(report);
    },
  );
  app.get(
    '/metrics',
    { schema: { summary: "Pantau's own figures in Prometheus' text format", hide: true } },
    async (_request, reply) =>
      reply.type('text/plain; version=0.0.4; charset=utf-8').send(sources.metricsText()),
  );
}
