import type { FastifyInstance } from 'fastify';
import { registryRoutes } from './registry.routes.js';
import type { RegistryService } from './registry.service.js';

export { createRegistryService, type RegistryService } from './registry.service.js';
export { createRegistryRepository } from './registry.repository.js';

/** Registry module: the enti of the network. */
export default async function registryModule(app: FastifyInstance, opts: { service: RegistryService }) {
  await app.register(registryRoutes, opts);
}
