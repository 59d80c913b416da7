// The HTTP API (fastify): sites and their state, history, incidents, availability, health.

export { ApiError } from './api-error.js';
export { buildApi } from './server.js';
export { type SiteView, siteView } from './site-view.js';
export type { ApiSources, HealthReport, WorkerHealth } from './sources.js';
export { workerHealth } from './worker-health.js';
