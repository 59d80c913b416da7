// The dashboard's built files (dashboard/dist) at /, with the history-API fallback: a deep link
// such as /sites/kec-cisoka answers index.html, and the client's router shows that page. Paths that
// belong to the server (/api, /socket.io, /docs, /metrics) and files that do not exist stay a 404.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** dashboard/dist, from src/api/ under vitest and from dist/api/ when built: the same depth. */
export const DASHBOARD_DIST = fileURLToPath(new URL('../../dashboard/dist/', import.meta.url));

const SERVER_PATHS = /^\/(api|socket\.io|docs|metrics)(\/|$)/;
// A path with a file extension asks for a file: a missing one is a 404, not the page.
const FILE_PATH = /\/[^/]+\.[a-z0-9]+$/i;

/** Answers a request no route took: the page for a client-side path, else a plain 404. */
export type PageFallback = (request: FastifyRequest, reply: FastifyReply) => FastifyReply;

const notFound = (reply: FastifyReply): FastifyReply =>
  reply.code(404).type('text/plain; charset=utf-8').send('Not found\n');

export async function registerDashboard(
  app: FastifyInstance,
  root = DASHBOARD_DIST,
): Promise<PageFallback> {
  const built = existsSync(`${root}index.html`);
  if (!built) app.log.warn({ root }, 'the dashboard is not built: `npm run build` builds it');
  else
    await app.register(fastifyStatic, {
      root,
      index: false,
      wildcard: false,
      // Hashed names under assets/ never change; index.html must be asked for again each time.
      setHeaders: (response, path) => {
        response.setHeader(
          'cache-control',
          path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  return (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const wantsPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !SERVER_PATHS.test(path) &&
      !FILE_PATH.test(path);
    if (!wantsPage) return notFound(reply);
    if (!built)
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The dashboard is not built: run `npm run build`. The API is at /api and /docs.\n');
    return reply
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .sendFile('index.html');
  };
}
