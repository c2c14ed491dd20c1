import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  AdhesionSchema,
  BodyListSchema,
  BodyMemberInputSchema,
  BodyMemberSchema,
  BodySchema,
  CandidatureDecisionSchema,
  CandidatureInputSchema,
  CandidatureSchema,
  ConventionCreateSchema,
  ConventionListSchema,
  ConventionQuerySchema,
  ConventionSchema,
  ConventionTransitionSchema,
  ConventionUpdateSchema,
  DashboardSchema,
  DecisionInputSchema,
  DecisionListSchema,
  DecisionQuerySchema,
  EnteNetworkSchema,
  EnteRefListSchema,
  ErrorSchema,
  GroupMemberInputSchema,
  GroupMemberLeaveSchema,
  GroupMemberSchema,
  IdParamsSchema,
  LocalTableInputSchema,
  LocalTableListSchema,
  LocalTableSchema,
  LocalTableUpdateSchema,
  MeetingInputSchema,
  MeetingSchema,
  MissingReferentsQuerySchema,
  ProtocolCommitmentsSchema,
  ProtocolListSchema,
  ProtocolQuerySchema,
  ProtocolSchema,
  ProtocolTransitionSchema,
  ReferentInputSchema,
  ReferentListSchema,
  ReferentQuerySchema,
  ReferentSchema,
  ReferentUpdateSchema,
  ReminderResultSchema,
  WorkingGroupListSchema,
  WorkingGroupSchema,
} from '@app/contracts';
import type { NetworkService } from './network.service.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema };
const tags = ['network'];

/** Sends a CSV download, bypassing the JSON serializer of the route. */
const sendCsv = (reply: FastifyReply, name: string, body: string) =>
  reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .serializer((x: unknown) => String(x))
    .send(`\ufeff${body}`);

export async function networkRoutes(app: FastifyInstance, o: { service: NetworkService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = o.service;

  // ---------------------------------------------------------------- referents
  r.get('/registry/referents', {
    schema: { tags, summary: 'Referents directory (format=csv to export)', querystring: ReferentQuerySchema, response: { 200: ReferentListSchema, ...errors } },
  }, async (req, reply) => {
    const { format, ...q } = req.query;
    if (format === 'csv') return sendCsv(reply, 'referenti', await s.referentsCsv(req.ctx, q));
    return s.listReferents(req.ctx, q);
  });
  r.get('/registry/referents/missing', {
    schema: { tags, summary: 'Programme Provinces without a referent for an area (UPI)', querystring: MissingReferentsQuerySchema, response: { 200: EnteRefListSchema, ...errors } },
  }, async (req) => s.provincesWithoutReferent(req.ctx, req.query.area));
  r.post('/registry/enti/:id/referents', {
    schema: { tags, summary: 'Names a referent of an ente', params: IdParamsSchema, body: ReferentInputSchema, response: { 201: ReferentSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.createReferent(req.ctx, req.params.id, req.body)));
  r.put('/registry/referents/:id', {
    schema: { tags, summary: 'Updates a referent', params: IdParamsSchema, body: ReferentUpdateSchema, response: { 200: ReferentSchema, ...errors } },
  }, async (req) => s.updateReferent(req.ctx, req.params.id, req.body));
  r.delete('/registry/referents/:id', {
    schema: { tags, summary: 'Removes a referent', params: IdParamsSchema, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await s.deleteReferent(req.ctx, req.params.id);
    return reply.code(204).send(null);
  });

  // ---------------------------------------------------------------- protocols
  r.get('/registry/protocols', {
    schema: { tags, summary: "Protocolli d'intesa UPI–Provincia (format=csv to export)", querystring: ProtocolQuerySchema, response: { 200: ProtocolListSchema, ...errors } },
  }, async (req, reply) => {
    const { format, ...q } = req.query;
    if (format === 'csv') return sendCsv(reply, 'protocolli', await s.protocolsCsv(req.ctx, q));
    return s.listProtocols(req.ctx, q);
  });
  r.post('/registry/protocols/issue', {
    schema: { tags, body: z.object({}).optional(), summary: 'Issues a draft protocol to every programme Province without one (UPI)', response: { 200: z.object({ created: z.number().int() }), ...errors } },
  }, async (req) => s.issueProtocols(req.ctx));
  r.post('/registry/protocols/reminders', {
    schema: { tags, body: z.object({}).optional(), summary: 'E-mails a reminder to the Provinces with a protocol sent and not signed (UPI)', response: { 200: ReminderResultSchema, ...errors } },
  }, async (req) => s.sendReminders(req.ctx));
  r.get('/registry/protocols/:id', {
    schema: { tags, summary: 'One protocol', params: IdParamsSchema, response: { 200: ProtocolSchema, ...errors } },
  }, async (req) => s.getProtocol(req.ctx, req.params.id));
  r.put('/registry/protocols/:id/commitments', {
    schema: { tags, summary: 'Commitments of the Province: areas and staff', params: IdParamsSchema, body: ProtocolCommitmentsSchema, response: { 200: ProtocolSchema, ...errors } },
  }, async (req) => s.setCommitments(req.ctx, req.params.id, req.body));
  r.post('/registry/protocols/:id/transitions', {
    schema: { tags, summary: 'Moves a protocol: sent, signed (with the signed PDF), declined, back to draft', params: IdParamsSchema, body: ProtocolTransitionSchema, response: { 200: ProtocolSchema, ...errors } },
  }, async (req) => s.transitionProtocol(req.ctx, req.params.id, req.body));

  // ---------------------------------------------------------------- conventions
  r.get('/registry/conventions', {
    schema: { tags, summary: 'Conventions the caller may see (format=csv to export)', querystring: ConventionQuerySchema, response: { 200: ConventionListSchema, ...errors } },
  }, async (req, reply) => {
    const { format, ...q } = req.query;
    if (format === 'csv') return sendCsv(reply, 'convenzioni', await s.conventionsCsv(req.ctx, q));
    return s.listConventions(req.ctx, q);
  });
  r.post('/registry/conventions', {
    schema: { tags, summary: 'Creates a draft convention', body: ConventionCreateSchema, response: { 201: ConventionSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.createConvention(req.ctx, req.body)));
  r.get('/registry/conventions/:id', {
    schema: { tags, summary: 'One convention', params: IdParamsSchema, response: { 200: ConventionSchema, ...errors } },
  }, async (req) => s.getConvention(req.ctx, req.params.id));
  r.put('/registry/conventions/:id', {
    schema: { tags, summary: 'Edits a draft convention', params: IdParamsSchema, body: ConventionUpdateSchema, response: { 200: ConventionSchema, ...errors } },
  }, async (req) => s.updateConvention(req.ctx, req.params.id, req.body));
  r.post('/registry/conventions/:id/transitions', {
    schema: { tags, summary: 'Activates, expires or withdraws a convention', params: IdParamsSchema, body: ConventionTransitionSchema, response: { 200: ConventionSchema, ...errors } },
  }, async (req) => s.transitionConvention(req.ctx, req.params.id, req.body));
  r.get('/registry/enti/:id/adhesion', {
    schema: { tags, summary: "A Province's Comuni and the services they joined", params: IdParamsSchema, response: { 200: AdhesionSchema, ...errors } },
  }, async (req) => s.adhesion(req.ctx, req.params.id));
  r.get('/registry/enti/:id/network', {
    schema: { tags, summary: 'An ente in the network: referents, protocol, conventions, services, working groups', params: IdParamsSchema, response: { 200: EnteNetworkSchema, ...errors } },
  }, async (req) => s.enteNetwork(req.ctx, req.params.id));

  // ---------------------------------------------------------------- governance bodies and meetings
  r.get('/registry/bodies', {
    schema: { tags, summary: 'Governance bodies', response: { 200: BodyListSchema, ...errors } },
  }, async (req) => s.listBodies(req.ctx));
  r.get('/registry/bodies/:id', {
    schema: { tags, summary: 'A governance body with members and meetings', params: IdParamsSchema, response: { 200: BodySchema, ...errors } },
  }, async (req) => s.getBody(req.ctx, req.params.id));
  r.post('/registry/bodies/:id/members', {
    schema: { tags, summary: 'Adds a member (UPI)', params: IdParamsSchema, body: BodyMemberInputSchema, response: { 201: BodyMemberSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.addBodyMember(req.ctx, req.params.id, req.body)));
  r.delete('/registry/body-members/:id', {
    schema: { tags, summary: 'Removes a member (UPI)', params: IdParamsSchema, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await s.removeBodyMember(req.ctx, req.params.id);
    return reply.code(204).send(null);
  });
  r.post('/registry/bodies/:id/meetings', {
    schema: { tags, summary: 'Schedules a meeting of a body (UPI)', params: IdParamsSchema, body: MeetingInputSchema, response: { 201: MeetingSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.createMeeting(req.ctx, { bodyId: req.params.id }, req.body)));
  r.post('/registry/groups/:id/meetings', {
    schema: { tags, summary: 'Schedules a meeting of a working group (UPI)', params: IdParamsSchema, body: MeetingInputSchema, response: { 201: MeetingSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.createMeeting(req.ctx, { groupId: req.params.id }, req.body)));
  r.put('/registry/meetings/:id', {
    schema: { tags, summary: 'Edits a meeting: agenda, minutes (UPI)', params: IdParamsSchema, body: MeetingInputSchema, response: { 200: MeetingSchema, ...errors } },
  }, async (req) => s.updateMeeting(req.ctx, req.params.id, req.body));
  r.post('/registry/meetings/:id/decisions', {
    schema: { tags, summary: 'Records a decision of a meeting (UPI)', params: IdParamsSchema, body: DecisionInputSchema, response: { 201: MeetingSchema.shape.decisions.element, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.addDecision(req.ctx, req.params.id, req.body)));
  r.get('/registry/decisions', {
    schema: { tags, summary: 'Decisions of the governance bodies, searchable', querystring: DecisionQuerySchema, response: { 200: DecisionListSchema, ...errors } },
  }, async (req) => s.searchDecisions(req.ctx, req.query));

  // ---------------------------------------------------------------- working groups
  r.get('/registry/groups', {
    schema: { tags, summary: 'Thematic working groups', response: { 200: WorkingGroupListSchema, ...errors } },
  }, async (req) => s.listGroups(req.ctx));
  r.get('/registry/groups/:id', {
    schema: { tags, summary: 'A working group: members with history, lead, meetings', params: IdParamsSchema, response: { 200: WorkingGroupSchema, ...errors } },
  }, async (req) => s.getGroup(req.ctx, req.params.id));
  r.post('/registry/groups/:id/members', {
    schema: { tags, summary: 'Adds a Province to a group (UPI)', params: IdParamsSchema, body: GroupMemberInputSchema, response: { 201: GroupMemberSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.addGroupMember(req.ctx, req.params.id, req.body)));
  r.post('/registry/group-members/:id/leave', {
    schema: { tags, summary: 'Records that a Province left a group (UPI)', params: IdParamsSchema, body: GroupMemberLeaveSchema, response: { 200: GroupMemberSchema, ...errors } },
  }, async (req) => s.leaveGroup(req.ctx, req.params.id, req.body.leftOn));

  // ---------------------------------------------------------------- local tables
  r.get('/registry/tables', {
    schema: { tags, summary: 'Tavoli locali di confronto', response: { 200: LocalTableListSchema, ...errors } },
  }, async (req) => s.listTables(req.ctx));
  r.post('/registry/tables', {
    schema: { tags, summary: 'Opens a local table (UPI)', body: LocalTableInputSchema, response: { 201: LocalTableSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.createTable(req.ctx, req.body)));
  r.get('/registry/tables/:id', {
    schema: { tags, summary: 'A local table with the candidatures the caller may see', params: IdParamsSchema, response: { 200: LocalTableSchema, ...errors } },
  }, async (req) => s.getTable(req.ctx, req.params.id));
  r.put('/registry/tables/:id', {
    schema: { tags, summary: 'Closes, reopens or concludes a table; records outcomes (UPI)', params: IdParamsSchema, body: LocalTableUpdateSchema, response: { 200: LocalTableSchema, ...errors } },
  }, async (req) => s.updateTable(req.ctx, req.params.id, req.body));
  r.post('/registry/tables/:id/candidatures', {
    schema: { tags, summary: 'A Province applies to a table', params: IdParamsSchema, body: CandidatureInputSchema, response: { 201: CandidatureSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.apply(req.ctx, req.params.id, req.body)));
  r.post('/registry/candidatures/:id/decision', {
    schema: { tags, summary: 'UPI accepts or rejects; the Province withdraws', params: IdParamsSchema, body: CandidatureDecisionSchema, response: { 200: CandidatureSchema, ...errors } },
  }, async (req) => s.decideCandidature(req.ctx, req.params.id, req.body));

  // ---------------------------------------------------------------- dashboard
  r.get('/registry/dashboard', {
    schema: { tags, summary: 'Network dashboard: protocols, conventions, reach, groups, tables', response: { 200: DashboardSchema, ...errors } },
  }, async (req) => s.dashboard(req.ctx));
}
