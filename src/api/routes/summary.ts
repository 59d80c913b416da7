// /api/summary: how many sites are in each state, overall and per kind: the dashboard's header.

import type { FastifyInstance } from 'fastify';
import { SITE_STATES, type SiteStateName } from '../../status/index.js';
import { ERROR_SCHEMA } from '../api-error.js';
import { NO_QUERY } from '../query-params.js';
import type { ApiSources } from '../sources.js';

export function summaryRoutes(app: FastifyInstance, sources: ApiSources): void {
  app.get(
    '/summary',
    {
      schema: {
        summary:
          'Counts of sites by state, overall and by kind, and whether the monitor is isolated',
        querystring: NO_QUERY,
        response: { 400: ERROR_SCHEMA },
      },
    },
    async () => {
      const zero = (): Record<SiteStateName, number> =>
        Object.fromEntries(SITE_STATES.map((s) => [s, 0])) as Record<SiteStateName, number>;
      const total = zero();
      const byKind: Record<string, Record<SiteStateName, number>> = {};
      for (const site of sources.index().all) {
        const state = sources.stateOf(site.id)?.status.state ?? 'unknown';
        total[state] += 1;
        byKind[site.kind] ??= zero();
        (byKind[site.kind] as Record<SiteStateName, number>)[state] += 1;
      }
      return {
        sites: sources.index().all.length,
        version: sources.statusVersion(),
        // While set, the counts say "unknown": Pantau cannot see, not that sites are down.
        isolation: sources.isolation(),
        total,
        byKind,
      };
    },
  );
}
