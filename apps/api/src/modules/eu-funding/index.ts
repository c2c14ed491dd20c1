import type { FastifyInstance } from 'fastify';
import { euFundingRoutes } from './eu-funding.routes.js';
import type { EuFundingService } from './eu-funding.service.js';

export { createEuFundingService, type EuFundingService, type ProcurementReader, type RequestsCatalogue } from './eu-funding.service.js';
export { createEuFundingRepository } from './eu-funding.repository.js';

/**
 * EU funding module (SAPE): calls and eligibility matching, the project pipeline from idea to closing,
 * rendicontazione, the territory view of the Province's EU office and open data.
 */
export default async function euFundingModule(app: FastifyInstance, opts: { service: EuFundingService }) {
  await app.register(euFundingRoutes, { service: opts.service });
}
