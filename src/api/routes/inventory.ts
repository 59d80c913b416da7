// /api/inventory: every site's facts and every plan at once, for the dashboard to hold and join
// with the live hub's states. No credentials: a router's SNMP community or keys never leave.

import type { FastifyInstance } from 'fastify';
import type { InventoryIndex, Plan } from '../../inventory/index.js';
import { inventorySite } from '../inventory-view.js';
import { NO_QUERY } from '../query-params.js';

export function inventoryRoutes(app: FastifyInstance, index: () => InventoryIndex): void {
  // Built once per inventory version: 10,000 sites are about 2 MB of JSON.
  const cache = new WeakMap<InventoryIndex, string>();
  app.get(
    '/inventory',
    {
      schema: {
        summary: "Every site's facts (no credentials) and every plan, for the dashboard",
        querystring: NO_QUERY,
      },
    },
    async (_request, reply) => {
      const current = index();
      let body = cache.get(current);
      if (body === undefined) {
        body = JSON.stringify({
          sites: current.all.map(inventorySite),
          plans: current.inventory.plans satisfies readonly Plan[],
        });
        cache.set(current, body);
      }
      return reply.type('application/json; charset=utf-8').send(body);
    },
  );
}
