import type { FastifyInstance } from 'fastify';
import { identityRoutes, type IdentityRouteOptions } from './identity.routes.js';

export { createIdentityService, type IdentityService } from './identity.service.js';
export { createIdentityRepository } from './identity.repository.js';
export { SESSION_COOKIE } from './identity.routes.js';

/** Identity module: authentication, sessions, users and memberships. */
export default async function identityModule(app: FastifyInstance, opts: IdentityRouteOptions) {
  await app.register(identityRoutes, opts);
}
