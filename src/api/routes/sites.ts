// /api/sites: every site with its state (filters, search, paging) and one site with its parent
// chain and children.

import type { FastifyInstance } from 'fastify';
import type { InventoryIndex, Site } from '../../inventory/index.js';
import { SITE_STATES } from '../../status/index.js';
import { ERROR_SCHEMA, notFound } from '../api-error.js';
import { limitParam, MAX_PAGE, NO_QUERY, OFFSET_PARAM } from '../query-params.js';
import { SITE_VIEW_SCHEMA, siteView } from '../site-view.js';
import type { ApiSources } from '../sources.js';

interface SitesQuery {
  kind?: string;
  kecamatan?: string;
  isp?: string;
  state?: string;
  q?: string;
  limit: number;
  offset: number;
}

export function sitesRoutes(
  app: FastifyInstance,
  sources: ApiSources,
  index: () => InventoryIndex,
): void {
  const view = (site: Site) => siteView(site, sources.stateOf(site.id));
  // Lower-cased once per inventory version, not per request.
  const foldings = new WeakMap<InventoryIndex, ReturnType<typeof fold>>();
  const folded = () => {
    const current = index();
    let list = foldings.get(current);
    if (list === undefined) {
      list = fold(current.all);
      foldings.set(current, list);
    }
    return list;
  };

  app.get<{ Querystring: SitesQuery }>(
    '/sites',
    {
      schema: {
        summary: 'Sites with their current state',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            kind: { type: 'string', maxLength: 50 },
            kecamatan: { type: 'string', maxLength: 200 },
            isp: { type: 'string', maxLength: 200 },
            state: { type: 'string', enum: [...SITE_STATES] },
            q: { type: 'string', maxLength: 200, description: 'part of the id or name' },
            limit: limitParam(MAX_PAGE),
            offset: OFFSET_PARAM,
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              total: { type: 'integer' },
              version: { type: 'integer' },
              items: { type: 'array', items: SITE_VIEW_SCHEMA },
            },
          },
          400: ERROR_SCHEMA,
        },
      },
    },
    async (request) => {
      const { kind, kecamatan, isp, state, q, limit, offset } = request.query;
      const needle = q?.toLowerCase();
      const wantKecamatan = kecamatan?.toLowerCase();
      const wantIsp = isp?.toLowerCase();
      const matching = folded()
        .filter(
          (f) =>
            (kind === undefined || f.site.kind === kind) &&
            (wantKecamatan === undefined || f.kecamatan === wantKecamatan) &&
            (wantIsp === undefined || f.isp === wantIsp) &&
            (state === undefined ||
              (sources.stateOf(f.site.id)?.status.state ?? 'unknown') === state) &&
            (needle === undefined || f.id.includes(needle) || f.name.includes(needle)),
        )
        .map((f) => f.site);
      return {
        total: matching.length,
        version: sources.statusVersion(),
        items: matching.slice(offset, offset + limit).map(view),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/sites/:id',
    {
      schema: {
        summary:
          'One site: its state, the chain of parents it reaches the core through, its children',
        params: {
          type: 'object',
          properties: { id: { type: 'string', maxLength: 200 } },
          required: ['id'],
        },
        querystring: NO_QUERY,
        response: {
          200: {
            type: 'object',
            properties: {
              site: SITE_VIEW_SCHEMA,
              parents: { type: 'array', items: SITE_VIEW_SCHEMA },
              children: { type: 'array', items: SITE_VIEW_SCHEMA },
            },
          },
          404: ERROR_SCHEMA,
        },
      },
    },
    async (request) => {
      const site = index().site(request.params.id);
      if (!site) throw notFound(`no site "${request.params.id}" in the inventory`);
      return {
        site: view(site),
        parents: index().sites(index().tree.ancestors(site.id)).map(view),
        children: index().sites(index().tree.children(site.id)).map(view),
      };
    },
  );
}

function fold(sites: readonly Site[]) {
  return sites.map((site) => ({
    site,
    kecamatan: site.kecamatan.toLowerCase(),
    isp: site.isp.toLowerCase(),
    id: site.id.toLowerCase(),
    name: site.name.toLowerCase(),
  }));
}
