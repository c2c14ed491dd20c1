import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AdviceInputSchema,
  AdviceSchema,
  ChecklistSchema,
  ConventionParamsSchema,
  DocDraftSchema,
  DocLinkSchema,
  DocParamsSchema,
  DocTransitionSchema,
  DrawInputSchema,
  DrawListSchema,
  DrawSchema,
  ErrorSchema,
  IdParamsSchema,
  LotCigSchema,
  LotParamsSchema,
  LotSchema,
  ParticipantInputSchema,
  ParticipantListSchema,
  ParticipantParamsSchema,
  ParticipantSchema,
  ParticipantUpdateSchema,
  ProcedureCreateSchema,
  ProcedureDetailSchema,
  ProcedureDocumentListSchema,
  ProcedureDocumentSchema,
  ProcedureListSchema,
  ProcedureQuerySchema,
  ProcedureTransitionSchema,
  ProcedureUpdateSchema,
  ProcurementDashboardQuerySchema,
  ProcurementDashboardSchema,
  ProcurementRuleListSchema,
  ProcurementRuleQuerySchema,
  ProcurementTaskListSchema,
  ProcurementTermsInputSchema,
  ProcurementTermsSchema,
  TeamMemberInputSchema,
  TeamMemberSchema,
  TeamParamsSchema,
  TransparencyListSchema,
  TransparencyQuerySchema,
} from '@app/contracts';
import type { ProcurementService } from './procurement.service.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };
const tags = ['procurement'];
const P = '/procurement';

export async function procurementRoutes(app: FastifyInstance, o: { service: ProcurementService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = o.service;

  // ---------------------------------------------------------------- rules
  r.post(`${P}/advice`, {
    schema: {
      tags,
      summary: 'Which procedures the law allows for a procurement, and why (thresholds in force on the date)',
      body: AdviceInputSchema,
      response: { 200: AdviceSchema, ...errors },
    },
  }, async (req) => s.advice(req.ctx, req.body));
  r.get(`${P}/rules`, {
    schema: { tags, summary: 'Thresholds, bands and time limits in force on a date', querystring: ProcurementRuleQuerySchema, response: { 200: ProcurementRuleListSchema, ...errors } },
  }, async (req) => s.rules(req.ctx, req.query.date));

  // ---------------------------------------------------------------- procedures
  r.get(`${P}/procedures`, {
    schema: { tags, summary: 'Procedures of my Comune or of the Comuni my SUA serves', querystring: ProcedureQuerySchema, response: { 200: ProcedureListSchema, ...errors } },
  }, async (req) => s.list(req.ctx, req.query));
  r.post(`${P}/procedures`, {
    schema: { tags, summary: "A Comune asks its Province's SUA to run a procurement (needs an active SUA convention)", body: ProcedureCreateSchema, response: { 201: ProcedureDetailSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.create(req.ctx, req.body)));
  r.get(`${P}/procedures/:id`, {
    schema: { tags, summary: 'One procedure: data, advice, team, history and what I may do', params: IdParamsSchema, response: { 200: ProcedureDetailSchema, ...errors } },
  }, async (req) => s.get(req.ctx, req.params.id));
  r.patch(`${P}/procedures/:id`, {
    schema: { tags, summary: 'The Comune edits its request while it is a draft', params: IdParamsSchema, body: ProcedureUpdateSchema, response: { 200: ProcedureDetailSchema, ...errors } },
  }, async (req) => s.update(req.ctx, req.params.id, req.body));
  r.post(`${P}/procedures/:id/transitions`, {
    schema: { tags, summary: 'Moves the procedure through its life-cycle (guards of the law enforced)', params: IdParamsSchema, body: ProcedureTransitionSchema, response: { 200: ProcedureDetailSchema, ...errors } },
  }, async (req) => s.transition(req.ctx, req.params.id, req.body));
  r.put(`${P}/procedures/:id/lots/:lotId/cig`, {
    schema: { tags, summary: 'Records the CIG of a lot', params: LotParamsSchema, body: LotCigSchema, response: { 200: LotSchema, ...errors } },
  }, async (req) => s.setCig(req.ctx, req.params.id, req.params.lotId, req.body.cig));

  // ---------------------------------------------------------------- team
  r.get(`${P}/procedures/:id/team/candidates`, {
    schema: {
      tags,
      summary: 'People of the Comune and of the SUA who may join the team',
      params: IdParamsSchema,
      response: { 200: z.object({ items: z.array(z.object({ id: z.uuid(), displayName: z.string(), enteName: z.string() })) }), ...errors },
    },
  }, async (req) => s.teamCandidates(req.ctx, req.params.id));
  r.post(`${P}/procedures/:id/team`, {
    schema: { tags, summary: 'Adds a person to the team with a role', params: IdParamsSchema, body: TeamMemberInputSchema, response: { 201: TeamMemberSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.addTeamMember(req.ctx, req.params.id, req.body)));
  r.delete(`${P}/procedures/:id/team/:memberId`, {
    schema: { tags, summary: 'Removes a person from the team', params: TeamParamsSchema, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await s.removeTeamMember(req.ctx, req.params.id, req.params.memberId);
    return reply.code(204).send(null);
  });

  // ---------------------------------------------------------------- participants
  r.get(`${P}/procedures/:id/participants`, {
    schema: { tags, summary: 'Economic operators invited, bidding, excluded, proposed and awarded', params: IdParamsSchema, response: { 200: ParticipantListSchema, ...errors } },
  }, async (req) => s.participants(req.ctx, req.params.id));
  r.post(`${P}/procedures/:id/participants`, {
    schema: { tags, summary: 'Adds an economic operator to the procedure', params: IdParamsSchema, body: ParticipantInputSchema, response: { 201: ParticipantSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.addParticipant(req.ctx, req.params.id, req.body)));
  r.patch(`${P}/procedures/:id/participants/:participantId`, {
    schema: { tags, summary: 'Records the offer, rank or exclusion of an operator', params: ParticipantParamsSchema, body: ParticipantUpdateSchema, response: { 200: ParticipantSchema, ...errors } },
  }, async (req) => s.updateParticipant(req.ctx, req.params.id, req.params.participantId, req.body));
  r.delete(`${P}/procedures/:id/participants/:participantId`, {
    schema: { tags, summary: 'Removes an operator from the procedure', params: ParticipantParamsSchema, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await s.removeParticipant(req.ctx, req.params.id, req.params.participantId);
    return reply.code(204).send(null);
  });

  // ---------------------------------------------------------------- convention terms and transparency
  r.get(`${P}/conventions/:conventionId/terms`, {
    schema: { tags, summary: "The cap and the SUA's fee set by a SUA convention", params: ConventionParamsSchema, response: { 200: ProcurementTermsSchema, ...errors } },
  }, async (req) => s.getTerms(req.ctx, req.params.conventionId));
  r.put(`${P}/conventions/:conventionId/terms`, {
    schema: { tags, summary: "The Province's SUA sets the cap and the fee of its convention", params: ConventionParamsSchema, body: ProcurementTermsInputSchema, response: { 200: ProcurementTermsSchema, ...errors } },
  }, async (req) => s.putTerms(req.ctx, req.params.conventionId, req.body));
  r.get(`${P}/transparency`, {
    schema: { tags, summary: 'Public: the procedures of a Comune once published, with CIG, awardee and amount (art. 28)', querystring: TransparencyQuerySchema, response: { 200: TransparencyListSchema, ...errors } },
  }, async (req) => s.transparency(req.query));

  // ---------------------------------------------------------------- rotation and verifiable draw
  r.get(`${P}/procedures/:id/draws`, {
    schema: { tags, summary: 'The draws of the operators to invite, each verified again from its published data', params: IdParamsSchema, response: { 200: DrawListSchema, ...errors } },
  }, async (req) => s.draws(req.ctx, req.params.id));
  r.post(`${P}/procedures/:id/draws`, {
    schema: {
      tags,
      summary: 'Draws the operators to invite with a public seed, leaving out the outgoing contractor (art. 49)',
      params: IdParamsSchema,
      body: DrawInputSchema,
      response: { 201: DrawSchema, ...errors },
    },
  }, async (req, reply) => reply.code(201).send(await s.draw(req.ctx, req.params.id, req.body)));

  // ---------------------------------------------------------------- document workspace
  r.get(`${P}/procedures/:id/documents`, {
    schema: { tags, summary: 'The documents the procedure needs, with their state', params: IdParamsSchema, response: { 200: ProcedureDocumentListSchema, ...errors } },
  }, async (req) => s.documents(req.ctx, req.params.id));
  r.post(`${P}/procedures/:id/documents/:docType/draft`, {
    schema: { tags, summary: "Drafts the document from the SUA's DOCX template filled with the procedure's data", params: DocParamsSchema, body: DocDraftSchema, response: { 200: ProcedureDocumentSchema, ...errors, 503: ErrorSchema } },
  }, async (req) => s.draft(req.ctx, req.params.id, req.params.docType, req.body));
  r.post(`${P}/procedures/:id/documents/:docType/link`, {
    schema: { tags, summary: 'Links a file uploaded to the procedure as the document of this type', params: DocParamsSchema, body: DocLinkSchema, response: { 200: ProcedureDocumentSchema, ...errors } },
  }, async (req) => s.link(req.ctx, req.params.id, req.params.docType, req.body.documentId));
  r.post(`${P}/procedures/:id/documents/:docType/transition`, {
    schema: { tags, summary: 'Moves a document: in revisione, approvato (by the right role), firmato (signed file)', params: DocParamsSchema, body: DocTransitionSchema, response: { 200: ProcedureDocumentSchema, ...errors } },
  }, async (req) => s.docTransition(req.ctx, req.params.id, req.params.docType, req.body));
  r.get(`${P}/procedures/:id/checklist`, {
    schema: { tags, summary: 'What the tender file still misses before publication', params: IdParamsSchema, response: { 200: ChecklistSchema, ...errors } },
  }, async (req) => s.checklist(req.ctx, req.params.id));
  r.get(`${P}/procedures/:id/export`, {
    schema: {
      tags,
      summary: 'The tender file as a ZIP for the e-procurement platform: documents, AgID metadata, SInCRO index, OCDS data',
      params: IdParamsSchema,
      querystring: z.object({ force: z.enum(['true', 'false']).optional().describe('Esporta anche se incompleto') }),
      response: { 200: z.unknown().describe('application/zip'), ...errors },
    },
  }, async (req, reply) => {
    const { fileName, stream } = await s.export(req.ctx, req.params.id, req.query.force === 'true');
    return reply
      .type('application/zip')
      .header('content-disposition', `attachment; filename="${fileName}"`)
      .send(stream);
  });
  r.get(`${P}/procedures/:id/ocds`, {
    schema: { tags, summary: 'The procedure as an OCDS 1.1.5 release package', params: IdParamsSchema, response: { 200: z.record(z.string(), z.unknown()), ...errors } },
  }, async (req) => s.ocds(req.ctx, req.params.id));

  // ---------------------------------------------------------------- tasks and dashboard
  r.get(`${P}/tasks`, {
    schema: { tags, summary: 'What needs me across procedures', response: { 200: ProcurementTaskListSchema, ...errors } },
  }, async (req) => s.tasks(req.ctx));
  r.get(`${P}/dashboard`, {
    schema: {
      tags,
      summary: 'SUA dashboard of a Province (UPI: all Provinces); format=csv for a spreadsheet',
      querystring: ProcurementDashboardQuerySchema,
      response: { 200: ProcurementDashboardSchema, ...errors },
    },
  }, async (req, reply) => {
    if (req.query.format === 'csv') {
      const body = await s.dashboardCsv(req.ctx, req.query);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="cruscotto-sua.csv"')
        .serializer((x: unknown) => String(x))
        .send(`\ufeff${body}` as never);
    }
    return s.dashboard(req.ctx, req.query);
  });
}
