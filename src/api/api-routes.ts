// The API's routes as one fastify plugin, registered under /api: its error shape and its JSON 404
// stay inside /api, so the rest of the server (the dashboard at /) answers in its own way.

import type { FastifyError, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { MetricsBadRequestError, MetricsUnavailableError } from '../metrics/index.js';
import { IncidentQueryError } from '../state/index.js';
import { AvailabilityRequestError } from '../status/index.js';
import { ApiError, badRequest, unavailable } from './api-error.js';
import { availabilityRoutes } from './routes/availability.js';
import { healthRoutes } from './routes/health.js';
import { historyRoutes } from './routes/history.js';
import { incidentsRoutes } from './routes/incidents.js';
import { inventoryRoutes } from './routes/inventory.js';
import { liveRoutes } from './routes/live.js';
import { isolationsRoutes } from './routes/isolations.js';
import { sitesRoutes } from './routes/sites.js';
import { summaryRoutes } from './routes/summary.js';
import { uiRoutes } from './routes/ui.js';
import type { ApiSources } from './sources.js';

export interface ApiRoutesOptions {
  readonly sources: ApiSources;
}

// What the parts behind the routes refuse as a bad request, whichever route asked; InfluxDB
// refusing a history query (its 400) is one too.
const REQUEST_ERRORS = [AvailabilityRequestError, MetricsBadRequestError, IncidentQueryError];

export const apiRoutes: FastifyPluginAsync<ApiRoutesOptions> = async (api, { sources }) => {
  const { index } = sources;
  api.setErrorHandler((error: FastifyError, request, reply) => {
    const known = apiErrorOf(error);
    if (known !== null)
      return reply
        .code(known.statusCode)
        .send({ statusCode: known.statusCode, error: known.code, message: known.message });
    request.log.error({ err: error, url: request.url }, 'API request failed');
    return reply
      .code(500)
      .send({ statusCode: 500, error: 'internal', message: 'internal error; see the server log' });
  });
  // Scoped to the /api prefix: other paths get the server's own 404.
  api.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      statusCode: 404,
      error: 'not-found',
      message: `no route ${request.method} ${request.url.split('?')[0]}`,
    }),
  );
  api.addHook('preHandler', async (request) => refuseEndlessNumbers(request));

  sitesRoutes(api, sources, index);
  inventoryRoutes(api, index);
  historyRoutes(api, sources, index);
  summaryRoutes(api, sources);
  incidentsRoutes(api, sources, index);
  isolationsRoutes(api, sources);
  availabilityRoutes(api, sources, index);
  healthRoutes(api, sources);
  uiRoutes(api, sources);
  liveRoutes(api, sources);
};

/** The answer for an error that is not a bug; null for one that is (a 500). */
function apiErrorOf(error: FastifyError): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error.validation || REQUEST_ERRORS.some((kind) => error instanceof kind))
    return badRequest(error.message);
  // A peer that is down: the client may try again; the message names InfluxDB.
  if (error instanceof MetricsUnavailableError) return unavailable(error.message);
  const status = error.statusCode ?? 500;
  return status < 500 ? new ApiError(status, 'bad-request', error.message) : null;
}

/**
 * Ajv coerces "Infinity" and "1e309" to Infinity and then skips minimum and maximum for a number
 * that is not finite: without this, `limit=Infinity` would pass every schema.
 */
function refuseEndlessNumbers(request: FastifyRequest): void {
  for (const [part, values] of [
    ['querystring', request.query],
    ['params', request.params],
  ] as const) {
    if (typeof values !== 'object' || values === null) continue;
    for (const [name, value] of Object.entries(values))
      if (typeof value === 'number' && !Number.isFinite(value))
        throw badRequest(`${part}/${name} must be a finite number, not ${value}`);
  }
}
