import type { FastifyInstance } from 'fastify';
import { networkRoutes } from './network.routes.js';
import type { NetworkService } from './network.service.js';
import { registryRoutes } from './registry.routes.js';
import type { RegistryService } from './registry.service.js';

export { createRegistryService, type RegistryService } from './registry.service.js';
export { createRegistryRepository } from './registry.repository.js';
export { createNetworkService, type NetworkService, type DocumentsPort } from './network.service.js';
export { createNetworkRepository } from './network.repository.js';

/** Registry module: the enti of the network and the network itself (referents, protocols, conventions, bodies, groups, tables). */
export default async function registryModule(app: FastifyInstance, opts: { service: RegistryService; network: NetworkService }) {
  await app.register(registryRoutes, opts);
  await app.register(networkRoutes, { service: opts.network });
}
