// /api/inventory: every site's facts and every plan at once, for the dashboard to hold and join
// with the live hub's states. No credentials: a router's SNMP community or keys never leave.

import type { FastifyInstance } from 'fastify';
import type { InventoryIndex, Plan } from '../../inventory/index.js';
import { type BodyEncoding, chooseEncoding, encodeBody } from '../content-encoding.js';
import { siteColumns } from '../inventory-columns.js';
import { inventorySite } from '../inventory-view.js';

type Form = 'rows' | 'columns';

/** One inventory version's answer in one form, as JSON and in each encoding asked for so far. */
interface Answer {
  readonly json: string;
  readonly encoded: Map<Exclude<BodyEncoding, 'identity'>, Promise<Buffer>>;
}

export function inventoryRoutes(app: FastifyInstance, index: () => InventoryIndex): void {
  // Built once per inventory version: 10,000 sites are about 3 MB of JSON, 0.3 MB compressed.
  const cache = new WeakMap<InventoryIndex, Map<Form, Answer>>();
  app.get(
    '/inventory',
    {
      schema: {
        summary: "Every site's facts (no credentials) and every plan, for the dashboard",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            form: {
              type: 'string',
              enum: ['rows', 'columns'],
              default: 'rows',
              description:
                'rows: an object per site; columns: a list per field, repeated values as indexes ' +
                "into their distinct values (the dashboard's form, a quarter of the size)",
            },
          },
        },
      },
    },
    async (request, reply) => {
      const { form } = request.query as { form: Form };
      const current = index();
      let forms = cache.get(current);
      if (forms === undefined) {
        forms = new Map();
        cache.set(current, forms);
      }
      let answer = forms.get(form);
      if (answer === undefined) {
        const sites = current.all.map(inventorySite);
        answer = {
          json: JSON.stringify({
            sites: form === 'columns' ? siteColumns(sites) : sites,
            plans: current.inventory.plans satisfies readonly Plan[],
          }),
          encoded: new Map(),
        };
        forms.set(form, answer);
      }
      reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
      const encoding = chooseEncoding(request.headers['accept-encoding']);
      if (encoding === 'identity') return reply.send(answer.json);
      let body = answer.encoded.get(encoding);
      if (body === undefined) {
        body = encodeBody(answer.json, encoding);
        answer.encoded.set(encoding, body);
        // A failed encoding is not kept: the next request tries again.
        const encodings = answer.encoded;
        body.catch(() => encodings.delete(encoding));
      }
      return reply.header('content-encoding', encoding).send(await body);
    },
  );
}
