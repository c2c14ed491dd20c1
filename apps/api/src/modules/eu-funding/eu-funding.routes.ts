import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CallDetailSchema,
  CallInputSchema,
  CallListSchema,
  CallQuerySchema,
  CallUpdateSchema,
  ClaimCreateSchema,
  ClaimParamsSchema,
  EnteParamsSchema,
  ErrorSchema,
  ExpenditureInputSchema,
  ForMeQuerySchema,
  IdParamsSchema,
  ImportInputSchema,
  ImportResultSchema,
  InterestsSchema,
  OfficeParamsSchema,
  OfficeYearSchema,
  ProcurementLinkSchema,
  ProgrammeListSchema,
  ProjectCreateSchema,
  ProjectDetailSchema,
  ProjectListSchema,
  ProjectQuerySchema,
  ProjectTransitionSchema,
  ProjectUpdateSchema,
  ReceiptSchema,
  LangQuerySchema,
  ProvinceServicesParamsSchema,
  SapeServiceAdminSchema,
  SapeServiceInputSchema,
  SapeServiceParamsSchema,
  SapeServiceSchema,
  SapeServiceUpdateSchema,
  SapeServicesQuerySchema,
  SapeServicesSchema,
  StatementDocumentSchema,
  TerritoryQuerySchema,
  TerritorySchema,
} from '@app/contracts';
import type { EuFundingService } from './eu-funding.service.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const tags = ['eu-funding'];
const P = '/eu-funding';

export async function euFundingRoutes(app: FastifyInstance, o: { service: EuFundingService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = o.service;

  // ---------------------------------------------------------------- programmes and calls
  r.get(`${P}/programmes`, {
    schema: { tags, summary: 'Funding programmes: cohesion PN/PR, Interreg, PNRR missions, EU direct management', response: { 200: ProgrammeListSchema, ...errors } },
  }, async () => s.programmes());
  r.get(`${P}/calls`, {
    schema: { tags, summary: 'Calls for funding: open now, closing soon, by theme, those a Comune (ISTAT code) may apply to', querystring: CallQuerySchema, response: { 200: CallListSchema, ...errors } },
  }, async (req) => s.listCalls(req.ctx, req.query));
  r.post(`${P}/calls`, {
    schema: { tags, summary: 'A SAPE officer adds a call; interested eligible Comuni are alerted', body: CallInputSchema, response: { 201: CallDetailSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.createCall(req.ctx, req.body)));
  r.post(`${P}/calls/import`, {
    schema: { tags, summary: 'Imports calls from a PA digitale 2026 avvisi.csv', body: ImportInputSchema, response: { 200: ImportResultSchema, ...errors } },
  }, async (req) => s.importAvvisi(req.ctx, req.body.csv));
  r.get(`${P}/calls/for-me`, {
    schema: {
      tags,
      summary: '"Per te": open calls my Comune may apply to that match its declared interests',
      querystring: ForMeQuerySchema,
      response: { 200: CallListSchema.extend({ enteId: z.string(), interests: z.array(z.string()) }), ...errors },
    },
  }, async (req) => s.forMe(req.ctx, req.query));
  r.get(`${P}/calls/:id`, {
    schema: { tags, summary: 'One call', params: IdParamsSchema, response: { 200: CallDetailSchema, ...errors } },
  }, async (req) => s.getCall(req.ctx, req.params.id));
  r.put(`${P}/calls/:id`, {
    schema: { tags, summary: 'A SAPE officer updates a call', params: IdParamsSchema, body: CallUpdateSchema, response: { 200: CallDetailSchema, ...errors } },
  }, async (req) => s.updateCall(req.ctx, req.params.id, req.body.call, req.body.version));
  r.put(`${P}/calls/:id/follow`, {
    schema: { tags, summary: 'Follows a call: its deadlines go to my calendar with reminders', params: IdParamsSchema, response: { 200: CallDetailSchema, ...errors } },
  }, async (req) => s.follow(req.ctx, req.params.id, true));
  r.delete(`${P}/calls/:id/follow`, {
    schema: { tags, summary: 'Stops following a call', params: IdParamsSchema, response: { 200: CallDetailSchema, ...errors } },
  }, async (req) => s.follow(req.ctx, req.params.id, false));
  r.get(`${P}/interests/:enteId`, {
    schema: { tags, summary: 'Themes an ente declared it is interested in', params: EnteParamsSchema, response: { 200: InterestsSchema, ...errors } },
  }, async (req) => s.getInterests(req.ctx, req.params.enteId));
  r.put(`${P}/interests/:enteId`, {
    schema: { tags, summary: 'Declares the themes of interest of an ente', params: EnteParamsSchema, body: InterestsSchema, response: { 200: InterestsSchema, ...errors } },
  }, async (req) => s.setInterests(req.ctx, req.params.enteId, req.body.topics));

  // ---------------------------------------------------------------- projects
  r.get(`${P}/projects`, {
    schema: { tags, summary: 'Projects of my ente, those I am partner in, those of the Comuni my SAPE serves', querystring: ProjectQuerySchema, response: { 200: ProjectListSchema, ...errors } },
  }, async (req) => s.listProjects(req.ctx, req.query));
  r.post(`${P}/projects`, {
    schema: { tags, summary: 'Creates a project (idea) with partners, budget and co-financing', body: ProjectCreateSchema, response: { 201: ProjectDetailSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.createProject(req.ctx, req.body)));
  r.get(`${P}/projects/:id`, {
    schema: { tags, summary: 'One project: life-cycle, partners, money, reporting', params: IdParamsSchema, response: { 200: ProjectDetailSchema, ...errors } },
  }, async (req) => s.getProject(req.ctx, req.params.id));
  r.put(`${P}/projects/:id`, {
    schema: { tags, summary: 'Edits a project', params: IdParamsSchema, body: ProjectUpdateSchema, response: { 200: ProjectDetailSchema, ...errors } },
  }, async (req) => s.updateProject(req.ctx, req.params.id, req.body));
  r.post(`${P}/projects/:id/transitions`, {
    schema: { tags, summary: 'Moves the project through its life-cycle (guards enforced)', params: IdParamsSchema, body: ProjectTransitionSchema, response: { 200: ProjectDetailSchema, ...errors } },
  }, async (req) => s.transition(req.ctx, req.params.id, req.body));
  r.put(`${P}/projects/:id/procurement`, {
    schema: { tags, summary: 'Links the SUA procedure that buys for the project (its CIG is read from it)', params: IdParamsSchema, body: ProcurementLinkSchema, response: { 200: ProjectDetailSchema, ...errors } },
  }, async (req) => s.linkProcurement(req.ctx, req.params.id, req.body.procedureId, req.body.version));
  r.post(`${P}/projects/:id/expenditures`, {
    schema: { tags, summary: 'Records an expenditure', params: IdParamsSchema, body: ExpenditureInputSchema, response: { 201: ProjectDetailSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.addExpenditure(req.ctx, req.params.id, req.body)));
  r.post(`${P}/projects/:id/claims`, {
    schema: { tags, summary: 'Makes a payment claim from eligible expenditures', params: IdParamsSchema, body: ClaimCreateSchema, response: { 201: ProjectDetailSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.createClaim(req.ctx, req.params.id, req.body)));
  r.put(`${P}/projects/:id/claims/:claimId/receipt`, {
    schema: { tags, summary: 'Records what was received for a claim', params: ClaimParamsSchema, body: ReceiptSchema, response: { 200: ProjectDetailSchema, ...errors } },
  }, async (req) => s.recordReceipt(req.ctx, req.params.id, req.params.claimId, req.body.receivedOn, req.body.amount));
  r.get(`${P}/projects/:id/claims/:claimId/statement.csv`, {
    schema: { tags, summary: 'The statement of a claim (CSV)', params: ClaimParamsSchema, response: { 200: z.string(), ...errors } },
  }, async (req, reply) => {
    const { filename, csv } = await s.claimStatementCsv(req.ctx, req.params.id, req.params.claimId);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).serializer((x: unknown) => String(x)).send(csv as never);
  });

  r.post(`${P}/projects/:id/claims/:claimId/statement`, {
    schema: { tags, summary: 'Files the statement of a claim as a document of the project: DOCX and its PDF/A-2b (when LibreOffice is installed)', params: ClaimParamsSchema, response: { 201: StatementDocumentSchema, ...errors, 503: ErrorSchema } },
  }, async (req, reply) => reply.code(201).send(await s.claimStatementDocument(req.ctx, req.params.id, req.params.claimId)));

  // ---------------------------------------------------------------- services, territory, office, open data
  r.get(`${P}/services`, {
    schema: { tags, summary: 'Services of the SAPE office serving my Comune (requested through the service-request system) and its adhesion', querystring: SapeServicesQuerySchema, response: { 200: SapeServicesSchema, ...errors } },
  }, async (req) => s.services(req.ctx, req.query));
  r.get(`${P}/office/:provinciaId/services`, {
    schema: { tags, summary: "The services the Province's SAPE publishes (drafts too), with the request categories and SAPE conventions to choose from", params: ProvinceServicesParamsSchema, querystring: LangQuerySchema, response: { 200: SapeServiceAdminSchema, ...errors } },
  }, async (req) => s.adminServices(req.ctx, req.params.provinciaId, req.query.lang));
  r.post(`${P}/office/:provinciaId/services`, {
    schema: { tags, summary: "The Province's SAPE adds a service: its kind (request category), description, service level and adhesion convention", params: ProvinceServicesParamsSchema, body: SapeServiceInputSchema, response: { 201: SapeServiceSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.createSapeService(req.ctx, req.params.provinciaId, req.body)));
  r.put(`${P}/office/:provinciaId/services/:serviceId`, {
    schema: { tags, summary: "The Province's SAPE edits, publishes or withdraws one of its services", params: SapeServiceParamsSchema, body: SapeServiceUpdateSchema, response: { 200: SapeServiceSchema, ...errors } },
  }, async (req) => s.updateSapeService(req.ctx, req.params.provinciaId, req.params.serviceId, req.body));
  r.get(`${P}/territory`, {
    schema: { tags, summary: 'Territory view of a Province (its SAPE) or across Provinces (UPI)', querystring: TerritoryQuerySchema, response: { 200: TerritorySchema, ...errors } },
  }, async (req) => s.territory(req.ctx, req.query));
  r.put(`${P}/office/:provinciaId`, {
    schema: { tags, summary: 'Staff, costs, fees and hours of support of the SAPE office for a year', params: OfficeParamsSchema, body: OfficeYearSchema, response: { 200: OfficeYearSchema, ...errors } },
  }, async (req) => s.setOfficeYear(req.ctx, req.params.provinciaId, req.body));
  r.get(`${P}/open-data/projects.csv`, {
    schema: { tags, summary: 'Projects with a CUP, columns aligned to OpenCoesione (open data)', response: { 200: z.string() } },
  }, async (_req, reply) =>
    reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="progetti-sape.csv"').serializer((x: unknown) => String(x)).send(`\ufeff${await s.openDataCsv()}` as never),
  );
}
