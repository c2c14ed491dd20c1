import { z } from 'zod';
import { PageQuerySchema } from '../common/common.schemas.js';

export const AuditQuerySchema = PageQuerySchema.extend({
  actor: z.string().trim().max(254).optional().describe("E-mail (o parte) dell'autore"),
  action: z.string().trim().max(80).optional().describe('Azione, es. user.create'),
  entityType: z.string().trim().max(60).optional(),
  entityId: z.string().trim().max(80).optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('Dal (ISO 8601)'),
  to: z.iso.datetime({ offset: true }).optional().describe('Al (ISO 8601)'),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditEventSchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  enteId: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  changes: z.unknown(),
  requestId: z.string().nullable(),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;
export const AuditListSchema = z.object({ items: z.array(AuditEventSchema), total: z.number().int() });
