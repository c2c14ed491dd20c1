import type { FastifyInstance } from 'fastify';
import { documentsRoutes } from './documents.routes.js';
import type { DocumentsService } from './documents.service.js';
import { fascicoliRoutes } from './fascicoli.routes.js';
import type { FascicoliService } from './fascicoli.service.js';

export {
  createDocumentsService,
  type DocumentsService,
  type DocumentRef,
  type OwnerAccess,
} from './documents.service.js';
export { createDocumentsRepository } from './documents.repository.js';
export { createTemplatesService, type TemplatesService } from './templates.service.js';
import type { TemplatesService } from './templates.service.js';
export { createFascicoliService, type FascicoliService } from './fascicoli.service.js';
export { createFascicoliRepository } from './fascicoli.repository.js';
export { verifyExport, type VerifyReport } from './fascicoli.export.js';
export { toAgidXml } from './documents.metadata.js';

/** Documents module: files of any module's records, versioned, with the permissions of their owner record; fascicoli. */
export default async function documentsModule(
  app: FastifyInstance,
  opts: { service: DocumentsService; templates: TemplatesService; fascicoli: FascicoliService },
) {
  await app.register(documentsRoutes, opts);
  await app.register(fascicoliRoutes, { fascicoli: opts.fascicoli });
}
