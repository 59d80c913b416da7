// The HTTP server: the API (a fastify plugin under /api, a JSON schema on every route, one error
// shape), Pantau's own figures at /metrics, the OpenAPI document at /docs. Every other path is left
// to what serves the dashboard at /: until then it gets a plain 404, not the API's JSON one.
// A request that cannot be answered gets a 4xx that says why; a 500 is a bug, logged in full.

import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../logger.js';
import { apiRoutes } from './api-routes.js';
import { metricsRoute } from './routes/metrics.js';
import type { ApiSources } from './sources.js';

export const API_PREFIX = '/api';

export async function buildApi(sources: ApiSources, log: Logger): Promise<FastifyInstance> {
  const app = Fastify({
    // Requests are logged at info by fastify: too chatty beside the collectors; warnings and errors stay.
    loggerInstance: log.child({ component: 'api' }, { level: 'warn' }) as FastifyBaseLogger,
    // An unknown query parameter is a typo to report, not to drop silently.
    ajv: { customOptions: { removeAdditional: false } },
  });
  await app.register(swagger, {
    openapi: { info: { title: 'Pantau API', version: '1' } },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).type('text/plain; charset=utf-8').send('Not found\n'),
  );
  metricsRoute(app, sources);
  await app.register(apiRoutes, {
    prefix: API_PREFIX,
    sources,
  });
  return app;
}
