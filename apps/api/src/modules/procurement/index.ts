import type { FastifyInstance } from 'fastify';
import { procurementRoutes } from './procurement.routes.js';
import type { ProcurementService } from './procurement.service.js';

export { createProcurementService, type ProcurementService } from './procurement.service.js';
export { createProcurementRepository } from './procurement.repository.js';

/** Procurement module (SUA): the Province's Stazione Unica Appaltante runs procurements for the Comuni. */
export default async function procurementModule(app: FastifyInstance, opts: { service: ProcurementService }) {
  await app.register(procurementRoutes, opts);
}
