import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AuditListSchema, AuditQuerySchema, ErrorSchema } from '@app/contracts';
import type { AuditService } from './audit.service.js';

export async function auditRoutes(app: FastifyInstance, o: { service: AuditService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema };
  r.get('/audit-events', {
    schema: { tags: ['audit'], summary: 'Audit log (administrators), newest first', querystring: AuditQuerySchema, response: { 200: AuditListSchema, ...errors } },
  }, async (req) => o.service.list(req.ctx, req.query));
  r.get('/audit-events.csv', {
    schema: { tags: ['audit'], summary: 'Audit log as CSV, same filters', querystring: AuditQuerySchema, response: { 200: z.string(), ...errors } },
  }, async (req, reply) => {
    const csv = await o.service.exportCsv(req.ctx, req.query);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="registro-attivita.csv"')
      .send(csv);
  });
}
