import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { EnteListQuerySchema, EnteListSchema, EnteSchema, ErrorSchema, IdParamsSchema } from '@app/contracts';
import type { RegistryService } from './registry.service.js';

export async function registryRoutes(app: FastifyInstance, o: { service: RegistryService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get('/enti', {
    schema: { tags: ['registry'], summary: 'Enti of the network (UPI, regions, provinces, città metropolitane, comuni)', querystring: EnteListQuerySchema, response: { 200: EnteListSchema, 400: ErrorSchema } },
  }, async (req) => o.service.listEnti(req.query));
  r.get('/enti/:id', {
    schema: { tags: ['registry'], summary: 'One ente', params: IdParamsSchema, response: { 200: EnteSchema, 400: ErrorSchema, 404: ErrorSchema } },
  }, async (req) => o.service.getEnte(req.params.id));
}
