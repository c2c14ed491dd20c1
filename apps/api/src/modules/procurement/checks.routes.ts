import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  CheckBuildSchema,
  CheckCatalogueSchema,
  CheckParamsSchema,
  CheckUpdateSchema,
  ErrorSchema,
  IdParamsSchema,
  RequirementCheckListSchema,
  RequirementCheckSchema,
} from '@app/contracts';
import type { ChecksService } from './checks.service.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const tags = ['procurement'];

/** The catalogue of requirement checks and the checklists on the operators of a procedure. */
export async function checksRoutes(app: FastifyInstance, o: { service: ChecksService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = o.service;

  r.get('/procurement/check-catalogue', {
    schema: { tags, summary: 'The catalogue of requirement checks (artt. 94, 95, 100 D.Lgs. 36/2023)', response: { 200: CheckCatalogueSchema, ...errors } },
  }, async (req) => s.catalogue(req.ctx));
  r.get('/procurement/procedures/:id/checks', {
    schema: { tags, summary: 'The requirement checks of a procedure, with the overall result per operator', params: IdParamsSchema, response: { 200: RequirementCheckListSchema, ...errors } },
  }, async (req) => s.list(req.ctx, req.params.id));
  r.post('/procurement/procedures/:id/checks/build', {
    schema: { tags, summary: 'Builds the checklist of an operator from the catalogue (items already there are kept)', params: IdParamsSchema, body: CheckBuildSchema, response: { 200: RequirementCheckListSchema, ...errors } },
  }, async (req) => s.build(req.ctx, req.params.id, req.body));
  r.patch('/procurement/procedures/:id/checks/:checkId', {
    schema: { tags, summary: 'Records the request, outcome, issue date, expiry and evidence of one check (with the version read)', params: CheckParamsSchema, body: CheckUpdateSchema, response: { 200: RequirementCheckSchema, ...errors } },
  }, async (req) => s.update(req.ctx, req.params.id, req.params.checkId, req.body));
}
