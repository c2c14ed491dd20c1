import type { FastifyInstance } from 'fastify';
import { documentsRoutes } from './documents.routes.js';
import type { DocumentsService } from './documents.service.js';

export {
  createDocumentsService,
  type DocumentsService,
  type DocumentRef,
  type OwnerAccess,
  type OwnerResolver,
} from './documents.service.js';
export { createDocumentsRepository } from './documents.repository.js';
export { createTemplatesService, type TemplatesService } from './templates.service.js';
import type { TemplatesService } from './templates.service.js';

/** Documents module: files of any module's records, versioned, with the permissions of their owner record. */
export default async function documentsModule(app: FastifyInstance, opts: { service: DocumentsService; templates: TemplatesService }) {
  await app.register(documentsRoutes, opts);
}
