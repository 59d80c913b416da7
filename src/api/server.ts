// The HTTP server: the API (a fastify plugin under /api, a JSON schema on every route, one error
// shape), Pantau's own figures at /metrics, the OpenAPI document at /docs, and the dashboard at /
// (dashboard-files.ts). An unknown path outside /api gets the page or a plain 404, not the API's JSON.
// A request that cannot be answered gets a 4xx that says why; a 500 is a bug, logged in full.

import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from '../logger.js';
import { apiRoutes } from './api-routes.js';
import { DASHBOARD_DIST, registerDashboard } from './dashboard-files.js';
import { metricsRoute } from './routes/metrics.js';
import type { ApiSources } from './sources.js';

export const API_PREFIX = '/api';

export interface ApiOptions {
  /** The built dashboard's folder (tests give another); default dashboard/dist. */
  readonly dashboardDir?: string;
}

export async function buildApi(
  sources: ApiSources,
  log: Logger,
  options: ApiOptions = {},
): Promise<FastifyInstance> {
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

  const page = await registerDashboard(app, options.dashboardDir ?? DASHBOARD_DIST);
  app.setNotFoundHandler(page);
  metricsRoute(app, sources);
  await app.register(apiRoutes, {
    prefix: API_PREFIX,
    sources,
  });
  return app;
}
