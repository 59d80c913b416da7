// /api/sites: every site with its state (filters, search, paging) and one site with its parent
// chain and children.

import type { FastifyInstance } from 'fastify';
import type { Site } from '../../inventory/index.js';
import { SITE_STATES } from '../../status/index.js';
import { ERROR_SCHEMA, notFound } from '../api-error.js';
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

export function sitesRoutes(app: FastifyInstance, sources: ApiSources): void {
  const byId = new Map<string, Site>(sources.inventory.sites.map((s) => [s.id, s]));
  const children = new Map<string, Site[]>();
  for (const site of sources.inventory.sites) {
    if (site.parentId === null) continue;
    const list = children.get(site.parentId) ?? [];
    list.push(site);
    children.set(site.parentId, list);
  }

  app.get<{ Querystring: SitesQuery }>(
    '/api/sites',
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
            limit: { type: 'integer', minimum: 1, maximum: 10_000, default: 1000 },
            offset: { type: 'integer', minimum: 0, default: 0 },
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
      const matching = sources.inventory.sites
        .map((site) => siteView(site, sources.stateOf(site.id)))
        .filter(
          (v) =>
            (kind === undefined || v.kind === kind) &&
            (kecamatan === undefined || v.kecamatan.toLowerCase() === kecamatan.toLowerCase()) &&
            (isp === undefined || v.isp.toLowerCase() === isp.toLowerCase()) &&
            (state === undefined || v.state === state) &&
            (needle === undefined ||
              v.id.toLowerCase().includes(needle) ||
              v.name.toLowerCase().includes(needle)),
        );
      return {
        total: matching.length,
        version: sources.statusVersion(),
        items: matching.slice(offset, offset + limit),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/sites/:id',
    {
      schema: {
        summary:
          'One site: its state, the chain of parents it reaches the core through, its children',
        params: {
          type: 'object',
          properties: { id: { type: 'string', maxLength: 200 } },
          required: ['id'],
        },
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
      const site = byId.get(request.params.id);
      if (!site) throw notFound(`no site "${request.params.id}" in the inventory`);
      const parents = [];
      const seen = new Set([site.id]);
      for (let p = site.parentId; p !== null && !seen.has(p); ) {
        const parent = byId.get(p);
        if (!parent) break;
        seen.add(p);
        parents.push(siteView(parent, sources.stateOf(parent.id)));
        p = parent.parentId;
      }
      return {
        site: siteView(site, sources.stateOf(site.id)),
        parents,
        children: (children.get(site.id) ?? []).map((c) => siteView(c, sources.stateOf(c.id))),
      };
    },
  );
}
