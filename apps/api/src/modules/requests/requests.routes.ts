import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ErrorSchema,
  IdParamsSchema,
  RequestAssignSchema,
  RequestCategoryCreateSchema,
  RequestCategoryListSchema,
  RequestCategoryQuerySchema,
  RequestCategorySchema,
  RequestCategoryUpdateSchema,
  RequestCloseSchema,
  RequestCreateSchema,
  RequestDashboardSchema,
  RequestDetailSchema,
  RequestListSchema,
  RequestQuerySchema,
  RequestStatsQuerySchema,
  RequestStatsSchema,
  RequestTransitionSchema,
} from '@app/contracts';
import type { RequestsService } from './requests.service.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const tags = ['requests'];

export async function requestsRoutes(app: FastifyInstance, o: { service: RequestsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = o.service;

  // ---------------------------------------------------------------- catalogue
  r.get('/requests/categories', {
    schema: { tags, summary: 'Catalogue of request categories with their service levels', querystring: RequestCategoryQuerySchema, response: { 200: RequestCategoryListSchema, ...errors } },
  }, async (req) => s.listCategories(req.ctx, req.query));
  r.post('/requests/categories', {
    schema: { tags, summary: 'Adds a category to a service catalogue (UPI)', body: RequestCategoryCreateSchema, response: { 201: RequestCategorySchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.createCategory(req.ctx, req.body)));
  r.patch('/requests/categories/:id', {
    schema: { tags, summary: 'Edits or deactivates a category (UPI)', params: IdParamsSchema, body: RequestCategoryUpdateSchema, response: { 200: RequestCategorySchema, ...errors } },
  }, async (req) => s.updateCategory(req.ctx, req.params.id, req.body));

  // ---------------------------------------------------------------- statistics
  r.get('/requests/stats', {
    schema: { tags, summary: 'Aggregated statistics per Province and service (UPI)', querystring: RequestStatsQuerySchema, response: { 200: RequestStatsSchema, ...errors } },
  }, async (req) => s.stats(req.ctx, req.query));
  r.get('/requests/stats.csv', {
    schema: { tags, summary: 'The statistics as CSV (UPI)', querystring: RequestStatsQuerySchema, response: { 200: z.string().describe('CSV, separated by semicolons'), 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema } },
  }, async (req, reply) => {
    const body = await s.statsCsv(req.ctx, req.query);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="richieste-assistenza.csv"')
      .serializer((x: unknown) => String(x))
      .send(`\ufeff${body}`);
  });

  // ---------------------------------------------------------------- requests
  r.get('/requests/dashboard', {
    schema: { tags, summary: "The operator's dashboard: queue counts, deadlines, median first answer", response: { 200: RequestDashboardSchema, ...errors } },
  }, async (req) => s.dashboard(req.ctx));
  r.get('/requests', {
    schema: { tags, summary: 'Requests of my Comune (view=mine) or of the queues I operate (view=queue)', querystring: RequestQuerySchema, response: { 200: RequestListSchema, ...errors } },
  }, async (req) => s.list(req.ctx, req.query));
  r.post('/requests', {
    schema: { tags, summary: 'A Comune asks a service of its Province for assistance', body: RequestCreateSchema, response: { 201: RequestDetailSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.create(req.ctx, req.body)));
  r.get('/requests/:id', {
    schema: { tags, summary: 'One request with its history and what I may do', params: IdParamsSchema, response: { 200: RequestDetailSchema, ...errors } },
  }, async (req) => s.get(req.ctx, req.params.id));
  r.post('/requests/:id/assign', {
    schema: { tags, summary: 'Assigns the request to an operator of the service', params: IdParamsSchema, body: RequestAssignSchema, response: { 200: RequestDetailSchema, ...errors } },
  }, async (req) => s.assign(req.ctx, req.params.id, req.body));
  r.post('/requests/:id/transition', {
    schema: { tags, summary: 'Moves the request: in progress, waiting for the requester, resolved, reopened', params: IdParamsSchema, body: RequestTransitionSchema, response: { 200: RequestDetailSchema, ...errors } },
  }, async (req) => s.transition(req.ctx, req.params.id, req.body));
  r.post('/requests/:id/close', {
    schema: { tags, summary: 'The requester closes a resolved request with a rating from 1 to 5', params: IdParamsSchema, body: RequestCloseSchema, response: { 200: RequestDetailSchema, ...errors } },
  }, async (req) => s.close(req.ctx, req.params.id, req.body));
}
