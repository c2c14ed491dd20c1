import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * Liveness and readiness probes. Readiness also tells whether the work a start may leave running after the server
 * listens (aggregates of indicator values loaded in bulk) is still going: the server answers meanwhile, more slowly.
 */
export default async function healthModule(app: FastifyInstance, o: { ping: () => Promise<void>; startupRunning: () => boolean }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/health', {
    schema: { tags: ['health'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } },
  }, async () => ({ status: 'ok' as const }));
  r.get('/ready', {
    schema: {
      tags: ['health'],
      summary: 'Readiness: the database answers; `startup` says whether start-up work is still running',
      response: { 200: z.object({ status: z.literal('ok'), database: z.literal('ok'), startup: z.enum(['running', 'done']) }), 503: z.object({ status: z.literal('unavailable'), database: z.literal('down') }) },
    },
  }, async (_req, reply) => {
    try {
      await o.ping();
      return { status: 'ok' as const, database: 'ok' as const, startup: o.startupRunning() ? ('running' as const) : ('done' as const) };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: 'down' });
    }
  });
}
