// /metrics for Prometheus, outside /api where scrapers look for it.

import type { FastifyInstance } from 'fastify';
import type { ApiSources } from '../sources.js';

export function metricsRoute(app: FastifyInstance, sources: ApiSources): void {
  app.get(
    '/metrics',
    { schema: { summary: "Pantau's own figures in Prometheus' text format", hide: true } },
    async (_request, reply) =>
      reply.type('text/plain; version=0.0.4; charset=utf-8').send(sources.metricsText()),
  );
}
