import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorSchema, IdParamsSchema, OperatorInputSchema, OperatorListSchema, OperatorQuerySchema, OperatorSchema, OperatorUpdateSchema } from '@app/contracts';
import type { OperatorsService } from './operators.service.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const tags = ['procurement'];

/** The registry of economic operators (SUA officers). */
export async function operatorsRoutes(app: FastifyInstance, o: { service: OperatorsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = o.service;

  r.get('/procurement/operators', {
    schema: { tags, summary: 'Economic operators, searched by name, codice fiscale or partita IVA', querystring: OperatorQuerySchema, response: { 200: OperatorListSchema, ...errors } },
  }, async (req) => s.list(req.ctx, req.query));
  r.post('/procurement/operators', {
    schema: { tags, summary: 'Registers an economic operator (codice fiscale and partita IVA are checked)', body: OperatorInputSchema, response: { 201: OperatorSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.create(req.ctx, req.body)));
  r.get('/procurement/operators/:id', {
    schema: { tags, summary: 'One economic operator', params: IdParamsSchema, response: { 200: OperatorSchema, ...errors } },
  }, async (req) => s.get(req.ctx, req.params.id));
  // the update schema fills a missing `soa` with []: only a list actually sent replaces the attestations
  r.patch('/procurement/operators/:id', {
    schema: { tags, summary: 'Edits an economic operator (with the version read)', params: IdParamsSchema, body: OperatorUpdateSchema, response: { 200: OperatorSchema, ...errors } },
  }, async (req) => s.update(req.ctx, req.params.id, req.body));
}
