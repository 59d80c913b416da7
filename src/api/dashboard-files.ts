// The dashboard's built files (dashboard/dist) at /, with the history-API fallback: a deep link
// such as /sites/kec-cisoka answers index.html, and the client's router shows that page. Paths that
// belong to the server (/api, /socket.io, /docs, /metrics) and files that do not exist stay a 404.
// Files are looked up when asked for, not listed at start: a rebuild while serve runs is served.

import { statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** dashboard/dist, from src/api/ under vitest and from dist/api/ when built: the same depth. */
export const DASHBOARD_DIST = fileURLToPath(new URL('../../dashboard/dist/', import.meta.url));

const SERVER_PATHS = /^\/(api|socket\.io|docs|metrics)(\/|$)/;
// A path with a file extension asks for a file: a missing one is a 404, not the page.
const FILE_PATH = /\/[^/]+\.[a-z0-9]+$/i;

/** Answers a request no route took: a file, the page for a client-side path, or a plain 404. */
export type PageFallback = (request: FastifyRequest, reply: FastifyReply) => FastifyReply;

const notFound = (reply: FastifyReply): FastifyReply =>
  reply.code(404).type('text/plain; charset=utf-8').send('Not found\n');

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export async function registerDashboard(
  app: FastifyInstance,
  root = DASHBOARD_DIST,
): Promise<PageFallback> {
  const built = isFile(join(root, 'index.html'));
  if (!built) app.log.warn({ root }, 'the dashboard is not built: `npm run build` builds it');
  // Only reply.sendFile: which file answers is decided below.
  else await app.register(fastifyStatic, { root, serve: false });
  return (request, reply) => {
    const path = decodeURIComponent(request.url.split('?')[0] ?? '/');
    const readable = request.method === 'GET' || request.method === 'HEAD';
    if (!readable || SERVER_PATHS.test(path)) return notFound(reply);
    if (!built)
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The dashboard is not built: run `npm run build`. The API is at /api and /docs.\n');
    if (FILE_PATH.test(path)) {
      const relative = normalize(path).replace(/^[/\\]+/, '');
      if (relative.startsWith(`..${sep}`) || !isFile(join(root, relative))) return notFound(reply);
      // Hashed names under assets/ never change; anything else must be asked for again.
      const cache = relative.startsWith(`assets${sep}`)
        ? 'public, max-age=31536000, immutable'
        : 'no-cache';
      return reply.header('cache-control', cache).sendFile(relative, { cacheControl: false });
    }
    return reply
      .header('cache-control', 'no-cache')
      .type('text/html; charset=utf-8')
      .sendFile('index.html', { cacheControl: false });
  };
}
