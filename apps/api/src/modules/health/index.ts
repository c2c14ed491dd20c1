import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** Liveness and readiness probes. */
export default async function healthModule(app: FastifyInstance, o: { ping: () => Promise<void> }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/health', {
    schema: { tags: ['health'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } },
  }, async () => ({ status: 'ok' as const }));
  r.get('/ready', {
    schema: {
      tags: ['health'],
      summary: 'Readiness: the database answers',
      response: { 200: z.object({ status: z.literal('ok'), database: z.literal('ok') }), 503: z.object({ status: z.literal('unavailable'), database: z.literal('down') }) },
    },
  }, async (_req, reply) => {
    try {
      await o.ping();
      return { status: 'ok' as const, database: 'ok' as const };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: 'down' });
    }
  });
}
