// The lab's control API, on loopback only: list sites, inject and heal faults, and ask what octets a
// site served, so tests can check the collector's rates against the truth.

import Fastify, { LogController } from 'fastify';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { faultSpecSchema } from './faults.js';
import { type Lab, LabFaultError } from './lab.js';

/** An instant given as epoch milliseconds or an ISO 8601 date-time. */
function parseInstant(value: string, name: string): number {
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new LabFaultError(
      `${name}: "${value}" is not a time (epoch milliseconds or ISO 8601)`,
      400,
    );
  }
  return ms;
}

function zodMessage(error: z.ZodError): string {
  return error.issues
    .map((issue) =>
      issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
}

const healBody = z
  .strictObject({ site: z.string().min(1).optional(), fault: z.string().min(1).optional() })
  .optional();

export function buildControlApi(lab: Lab, log: Logger) {
  const app = Fastify({
    loggerInstance: log.child({ component: 'lab-control' }),
    logController: new LogController({ disableRequestLogging: true }),
  });

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof LabFaultError)
      return reply.status(error.status).send({ error: error.message });
    if (error instanceof z.ZodError) return reply.status(400).send({ error: zodMessage(error) });
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return reply.status(status).send({ error: (error as Error).message });
    }
    log.error({ err: error }, 'lab control API error');
    return reply.status(500).send({ error: 'internal error in the lab; see its log' });
  });

  app.get('/health', async () => ({
    mode: lab.mode,
    sites: lab.sites().length,
    startedAt: lab.startedAt.toISOString(),
    faults: lab.faults().length,
  }));

  app.get('/sites', async () => {
    const faulty = new Map<string, string[]>();
    for (const f of lab.faults()) {
      for (const id of f.affected) faulty.set(id, [...(faulty.get(id) ?? []), f.id]);
    }
    return lab.sites().map((s) => ({ ...s, faults: faulty.get(s.id) ?? [] }));
  });

  app.get<{ Params: { id: string } }>('/sites/:id', async (request) => {
    const site = lab.site(request.params.id);
    if (!site) throw new LabFaultError(`unknown site "${request.params.id}"`, 404);
    return { ...site, now: await lab.snapshot(site.id) };
  });

  app.get<{ Params: { id: string }; Querystring: { from?: string; to?: string } }>(
    '/sites/:id/octets',
    async (request) => {
      const { from, to } = request.query;
      if (from === undefined || to === undefined) {
        throw new LabFaultError('from and to are required (epoch milliseconds or ISO 8601)', 400);
      }
      const fromMs = parseInstant(from, 'from');
      const toMs = parseInstant(to, 'to');
      if (toMs < fromMs) throw new LabFaultError('to is before from', 400);
      return {
        site: request.params.id,
        from: new Date(fromMs).toISOString(),
        to: new Date(toMs).toISOString(),
        octets: await lab.served(request.params.id, fromMs, toMs),
      };
    },
  );

  app.get('/faults', async () => lab.faults());

  app.post('/faults', async (request, reply) => {
    const parsed = faultSpecSchema.safeParse(request.body);
    if (!parsed.success) throw new LabFaultError(zodMessage(parsed.error), 400);
    return reply.status(201).send(await lab.inject(parsed.data));
  });

  app.delete<{ Params: { id: string } }>('/faults/:id', async (request) => {
    const [healed] = await lab.heal({ faultId: request.params.id });
    return healed;
  });

  app.post('/heal', async (request) => {
    const parsed = healBody.safeParse(request.body ?? undefined);
    if (!parsed.success) throw new LabFaultError(zodMessage(parsed.error), 400);
    const body = parsed.data;
    const healed = body?.fault
      ? await lab.heal({ faultId: body.fault })
      : body?.site
        ? await lab.heal({ siteId: body.site })
        : await lab.heal('all');
    return { healed };
  });

  app.get('/stats', async () => ({ agents: await lab.stats() }));

  app.get('/firewall', async () => ({ rules: await lab.firewallRules() }));

  return app;
}
