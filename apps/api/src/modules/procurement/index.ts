import type { FastifyInstance } from 'fastify';
import { checksRoutes } from './checks.routes.js';
import type { ChecksService } from './checks.service.js';
import { operatorsRoutes } from './operators.routes.js';
import type { OperatorsService } from './operators.service.js';
import { procurementRoutes } from './procurement.routes.js';
import type { ProcurementService } from './procurement.service.js';

export { createProcurementService, type ProcurementService } from './procurement.service.js';
export { createProcurementRepository } from './procurement.repository.js';
export { createOperatorsService, type OperatorsService } from './operators.service.js';
export { createOperatorsRepository } from './operators.repository.js';
export { createChecksService, type ChecksService } from './checks.service.js';
export { createChecksRepository } from './checks.repository.js';

/**
 * Procurement module (SUA): the Province's Stazione Unica Appaltante runs procurements for the Comuni under
 * convention — procedures, economic operators and the requirement checks on them.
 */
export default async function procurementModule(
  app: FastifyInstance,
  opts: { service: ProcurementService; operators: OperatorsService; checks: ChecksService },
) {
  await app.register(procurementRoutes, { service: opts.service });
  await app.register(operatorsRoutes, { service: opts.operators });
  await app.register(checksRoutes, { service: opts.checks });
}
