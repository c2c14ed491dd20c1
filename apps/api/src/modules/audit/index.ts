import type { FastifyInstance } from 'fastify';
import { auditRoutes } from './audit.routes.js';
import type { AuditService } from './audit.service.js';

export { createAuditService, type AuditService, type AuditRecord } from './audit.service.js';
export { createAuditRepository } from './audit.repository.js';

/** Audit module: the hash-chained log of every change, its list and CSV export. */
export default async function auditModule(app: FastifyInstance, opts: { service: AuditService }) {
  await app.register(auditRoutes, opts);
}
