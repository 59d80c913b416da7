// /api/live/snapshot: the live hub's first message by HTTP, so the dashboard can preload every
// site's state while its script loads; its socket then resumes from the snapshot's version
// (docs/status.md has the protocol).

import type { FastifyInstance } from 'fastify';
import { unavailable } from '../api-error.js';
import { NO_QUERY } from '../query-params.js';
import type { ApiSources } from '../sources.js';

export function liveRoutes(app: FastifyInstance, sources: ApiSources): void {
  app.get(
    '/live/snapshot',
    {
      schema: {
        summary:
          "Every site's live state at the hub's version, as its socket.io `snapshot` message; " +
          'a socket that connects with its epoch and version gets only what changed after it',
        querystring: NO_QUERY,
      },
    },
    async (_request, reply) => {
      const snapshot = sources.liveSnapshot?.() ?? null;
      if (snapshot === null)
        throw unavailable('the live hub is not running yet: try again shortly');
      // Live data: never from a cache.
      return reply.header('cache-control', 'no-store').send(snapshot);
    },
  );
}
