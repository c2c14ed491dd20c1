import type { FastifyInstance } from 'fastify';
import { requestsRoutes } from './requests.routes.js';
import type { RequestsService } from './requests.service.js';

export { createRequestsService, type RequestsService } from './requests.service.js';
export { createRequestsRepository } from './requests.repository.js';

/** Requests module: Comuni ask the services of their Province for assistance, with service levels. */
export default async function requestsModule(app: FastifyInstance, opts: { service: RequestsService }) {
  await app.register(requestsRoutes, opts);
}
