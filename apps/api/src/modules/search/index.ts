import type { FastifyInstance } from 'fastify';
import { searchRoutes } from './search.routes.js';
import type { SearchService } from './search.service.js';

export { createSearchService, searchEntries, type SearchService, type SearchEntry, type SearchSource } from './search.service.js';

/** Global search: one box across everything the caller may see. */
export default async function searchModule(app: FastifyInstance, opts: { service: SearchService }) {
  await app.register(searchRoutes, opts);
}
