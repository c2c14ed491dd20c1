import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorSchema, SearchQuerySchema, SearchResponseSchema } from '@app/contracts';
import type { SearchService } from './search.service.js';

export async function searchRoutes(app: FastifyInstance, o: { service: SearchService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/search', {
    schema: {
      tags: ['search'],
      summary: 'Global search across what the caller may see, grouped by kind',
      querystring: SearchQuerySchema,
      response: { 200: SearchResponseSchema, 400: ErrorSchema, 401: ErrorSchema },
    },
  }, async (req) => o.service.search(req.ctx, req.query));
}
