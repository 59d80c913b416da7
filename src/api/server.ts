// The HTTP API: fastify with a JSON schema on every route, OpenAPI at /docs, and one error shape.
// A request that cannot be answered gets a 4xx that says why; a 500 is a bug, logged in full.

import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from '../logger.js';
import { AvailabilityRequestError } from '../status/index.js';
import { HistoryRequestError } from '../metrics/index.js';
import { IncidentQueryError } from '../state/index.js';
import { ApiError } from './api-error.js';
import { InventoryIndex } from '../inventory/index.js';
import { availabilityRoutes } from './routes/availability.js';
import { healthRoutes } from './routes/health.js';
import { historyRoutes } from './routes/history.js';
import { incidentsRoutes } from './routes/incidents.js';
import { isolationsRoutes } from './routes/isolations.js';
import { sitesRoutes } from './routes/sites.js';
import { summaryRoutes } from './routes/summary.js';
import type { ApiSources } from './sources.js';

const REQUEST_ERRORS = [AvailabilityRequestError, HistoryRequestError, IncidentQueryError];

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

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError)
      return reply
        .code(error.statusCode)
        .send({ statusCode: error.statusCode, error: error.code, message: error.message });
    // What the parts behind the routes refuse as a bad request, whichever route asked.
    if (error.validation || REQUEST_ERRORS.some((kind) => error instanceof kind))
      return reply
        .code(400)
        .send({ statusCode: 400, error: 'bad-request', message: error.message });
    const status = error.statusCode ?? 500;
    if (status < 500)
      return reply
        .code(status)
        .send({ statusCode: status, error: 'bad-request', message: error.message });
    request.log.error({ err: error, url: request.url }, 'API request failed');
    return reply
      .code(500)
      .send({ statusCode: 500, error: 'internal', message: 'internal error; see the server log' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      statusCode: 404,
      error: 'not-found',
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
    }),
  );

  const index = new InventoryIndex(sources.inventory);
  sitesRoutes(app, sources, index);
  historyRoutes(app, sources, index);
  summaryRoutes(app, sources);
  incidentsRoutes(app, sources, index);
  isolationsRoutes(app, sources);
  availabilityRoutes(app, sources, index);
  healthRoutes(app, sources);
  return app;
}
