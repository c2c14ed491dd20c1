import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { and, eq, sql } from 'drizzle-orm';
import { tables, type Database, type DbOrTx } from '@app/db';
import type { ObjectType, ProcedureState, Role } from '@app/contracts';
import { loadRequirementCheckCatalogue, requirementCheckSeed } from '@app/db/seed';
import { createUser, enteId, openTestDatabase } from '../../../test/build-app.js';
import type { RequestContext } from '../../lib/actor.js';
import { notFound, forbidden } from '../../lib/errors.js';
import { createJobQueue } from '../../lib/jobs.js';
import { audience, createRecordRegistry, loadActor } from '../../lib/records.js';
import { errorsPlugin } from '../../plugins/errors.js';
import { serializerCompiler } from '../../plugins/serializer.js';
import { createAuditRepository, createAuditService } from '../audit/index.js';
import { addDays } from '../calendar/calendar.dates.js';
import { createCalendarRepository, createCalendarService } from '../calendar/index.js';
import { createNotificationsService } from '../notifications/index.js';
import { createChecksRepository } from './checks.repository.js';
import { checksRoutes } from './checks.routes.js';
import { createChecksService, EXPIRY_EVENT } from './checks.service.js';
import type { ProcedureAccess } from './procedure-access.js';
import { can } from './procurement.policy.js';

const { procurementProcedures, procurementParticipants, economicOperators, procurementChecks, calendarItems, notifications, auditEvents } = tables;

/** The test's clock: 15 June 2026, 10:00 in Rome. */
let clock = new Date('2026-06-15T08:00:00Z');
const TODAY = '2026-06-15';
/** Procedures at or above the EU threshold (the procedures' service decides it from the rules). */
const aboveEu = new Set<string>();
/** Documents uploaded through the documents service: id → owner. */
const docs = new Map<string, { ownerType: string; ownerId: string }>();

interface Harness {
  app: FastifyInstance;
  runJobs(): Promise<number>;
  sweep(day: string): Promise<number>;
  service: ReturnType<typeof createChecksService>;
}

/**
 * The checks' routes on the real database in a small app of their own: the project's error handler and
 * compilers, real audit, job queue, notifications and calendar; a session stand-in (the `x-user` header);
 * the procedures' gate as the procurement policy decides it.
 */
async function buildHarness(database: Database): Promise<Harness> {
  const { db } = database;
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(errorsPlugin);
  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.addHook('onRequest', async (req) => {
    const userId = req.headers['x-user'];
    req.ctx = { actor: typeof userId === 'string' ? await loadActor(db, userId) : null, requestId: req.id };
  });
  const now = () => clock;
  const audit = createAuditService({ db, repo: createAuditRepository() });
  const jobs = createJobQueue({ db, log: app.log, now });
  const records = createRecordRegistry();
  const find = async (id: string, on: DbOrTx = db) => (await on.select().from(procurementProcedures).where(eq(procurementProcedures.id, id)))[0] ?? null;
  const facts = (p: typeof procurementProcedures.$inferSelect) => ({ comuneId: p.comuneId, provinciaId: p.provinciaId, state: p.state as ProcedureState });
  const audienceOf = (p: { comuneId: string; provinciaId: string }) => [audience.ente(p.comuneId), audience.enteRole(p.provinciaId, 'sua_operator'), audience.enteRole(p.provinciaId, 'ente_admin')];
  records.register('procurement_procedure', {
    access: async (ctx, id) => {
      const p = await find(id);
      if (!p) return null;
      return { enteId: p.comuneId, read: can(ctx.actor, { type: 'procedure.read', ...facts(p) }), write: can(ctx.actor, { type: 'procedure.manage', ...facts(p) }) };
    },
    audience: async (tx, id) => {
      const p = await find(id, tx);
      return p ? audienceOf(p) : null;
    },
  });
  const notificationsService = createNotificationsService({ db, jobs, records, mailer: { send: async () => undefined }, log: app.log, baseUrl: 'http://localhost' });
  notificationsService.registerJobs();
  const calendar = createCalendarService({ db, repo: createCalendarRepository(), audit, jobs, records, notifications: notificationsService, baseUrl: 'http://localhost' });
  const procedures = {
    async load(ctx: RequestContext, id: string, action: 'read' | 'manage'): Promise<ProcedureAccess> {
      const p = await find(id);
      if (!p || !can(ctx.actor, { type: 'procedure.read', ...facts(p) })) throw notFound('procedure');
      if (action === 'manage' && !can(ctx.actor, { type: 'procedure.manage', ...facts(p) })) throw forbidden();
      return {
        id: p.id,
        number: p.number,
        title: p.title,
        comuneId: p.comuneId,
        provinciaId: p.provinciaId,
        state: p.state as ProcedureState,
        objectType: p.objectType as ObjectType,
        estimatedValue: Number(p.estimatedValue),
        aboveEuThreshold: aboveEu.has(p.id),
        sia: p.sia,
        audience: audienceOf(p),
      };
    },
  };
  const documents = { findDocument: async (_db: unknown, id: string) => docs.get(id) ?? null };
  const service = createChecksService({ db, repo: createChecksRepository(), audit, procedures, documents, notifications: notificationsService, calendar, records, jobs, now });
  await app.register(async (api) => api.register(checksRoutes, { service }), { prefix: '/api/v1' });
  await app.ready();
  return { app, runJobs: () => jobs.drain(), sweep: (day) => service.sweepExpiry(day), service };
}

let database: Database;
let h: Harness;
let app: FastifyInstance;
const as: Record<string, Record<string, string>> = {};
const userIds: Record<string, string> = {};
let padova: string;
let abano: string;

async function newProcedure(p: { objectType: ObjectType; value: string; sia?: boolean; state?: ProcedureState }) {
  const [row] = await database.db
    .insert(procurementProcedures)
    .values({
      number: `SUA-PD-2026-${randomUUID().slice(0, 8)}`,
      comuneId: abano,
      provinciaId: padova,
      title: `Procedura di prova (${p.objectType})`,
      objectType: p.objectType,
      sia: p.sia ?? false,
      cpvMain: '45000000-7',
      estimatedValue: p.value,
      rupName: 'Anna Bianchi',
      state: p.state ?? 'verifica',
    })
    .returning();
  return row!;
}
async function newOperator(name: string, employees: number | null) {
  const [row] = await database.db
    .insert(economicOperators)
    .values({ name, taxCode: `T${randomUUID().replace(/-/g, '').slice(0, 15)}`.toUpperCase(), employees })
    .returning();
  return row!;
}
const join = (procedureId: string, operatorId: string, role = 'bidder') => database.db.insert(procurementParticipants).values({ procedureId, operatorId, role });
const url = (procedureId: string, rest = '') => `/api/v1/procurement/procedures/${procedureId}/checks${rest}`;
type Item = { id: string; code: string; version: number; operator: { id: string }; outcome: string; validUntil: string | null; issuedOn: string | null; expiring: boolean; expired: boolean };
const build = async (procedureId: string, operatorId: string, who = 'sua') => app.inject({ method: 'POST', url: url(procedureId, '/build'), headers: as[who], payload: { operatorId } });
const patch = (procedureId: string, item: { id: string; version: number }, body: Record<string, unknown>, who = 'sua') =>
  app.inject({ method: 'PATCH', url: url(procedureId, `/${item.id}`), headers: as[who], payload: { version: item.version, ...body } });
const list = async (procedureId: string, who = 'sua') => (await app.inject({ method: 'GET', url: url(procedureId), headers: as[who] })).json() as { items: Item[]; overall: { operatorId: string; operatorName: string; result: string }[] };

beforeAll(async () => {
  database = await openTestDatabase();
  await database.db.transaction((tx) => loadRequirementCheckCatalogue(tx));
  await database.db
    .insert(tables.procurementRules)
    .values({ key: 'AD_WORKS_MAX', value: '150000.00', unit: 'EUR', validFrom: '2023-07-01', validTo: null, legalBasis: 'art. 50 c.1 lett. a' })
    .onConflictDoNothing();
  h = await buildHarness(database);
  app = h.app;
  padova = await enteId(database, 'provincia', '028');
  const rovigo = await enteId(database, 'provincia', '029');
  abano = await enteId(database, 'comune', '028001');
  const upi = await enteId(database, 'upi', null);
  const people: Record<string, { role: Role; enteId: string }[]> = {
    sua: [{ role: 'sua_operator', enteId: padova }],
    provinceAdmin: [{ role: 'ente_admin', enteId: padova }],
    otherSua: [{ role: 'sua_operator', enteId: rovigo }],
    comuneUser: [{ role: 'comune_user', enteId: abano }],
    upi: [{ role: 'upi_admin', enteId: upi }],
  };
  for (const [name, memberships] of Object.entries(people)) {
    const u = await createUser(database, memberships);
    as[name] = { 'x-user': u.id };
    userIds[name] = u.id;
  }
  as.anonymous = {};
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('check catalogue', () => {
  it('lists the 29 checks to any signed-in user, and nothing to anonymous callers', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/procurement/check-catalogue', headers: as.comuneUser });
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { code: string; validityDays: number | null; category: string }[];
    expect(items).toHaveLength(requirementCheckSeed.length);
    expect(items.find((i) => i.code === 'GEN_94_6_DURC')).toMatchObject({ validityDays: 120, category: 'general' });
    expect(items.find((i) => i.code === 'SPEC_100_4_SOA')).toMatchObject({ validityDays: 1825, category: 'special' });
    expect((await app.inject({ method: 'GET', url: '/api/v1/procurement/check-catalogue' })).statusCode).toBe(401);
  });

  it('loading the catalogue again keeps one row per code', async () => {
    expect(await database.db.transaction((tx) => loadRequirementCheckCatalogue(tx))).toBe(29);
    const [row] = await database.db.select({ n: sql<number>`count(*)::int` }).from(tables.requirementCheckCatalogue);
    expect(Number(row!.n)).toBe(29);
  });
});

describe('building a checklist', () => {
  it('builds the checks that apply to a services procedure, once, and audits it', async () => {
    const p = await newProcedure({ objectType: 'servizi', value: '100000.00' });
    const op = await newOperator('Servizi Euganei S.r.l.', 10);
    await join(p.id, op.id);
    const res = await build(p.id, op.id);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { items: Item[]; overall: unknown[] };
    const codes = body.items.map((i) => i.code);
    expect(codes).toContain('GEN_94_6_DURC');
    expect(codes).toContain('SPEC_100_ECOFIN_FATTURATO');
    expect(codes).not.toContain('SPEC_100_4_SOA');
    expect(codes).not.toContain('GEN_94_5B_L68');
    expect(codes).not.toContain('GEN_94_2_ANTIMAFIA_COM');
    expect(body.items.every((i) => i.outcome === 'pending' && i.version === 1)).toBe(true);
    expect(body.overall).toEqual([{ operatorId: op.id, operatorName: 'Servizi Euganei S.r.l.', result: 'incomplete' }]);
    expect((await h.service.readiness(database.db, p.id, op.id)).pending).toEqual(codes);

    const again = await build(p.id, op.id);
    expect(again.json().items).toHaveLength(codes.length);
    const audits = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, p.id), eq(auditEvents.action, 'procurement_check.build')));
    expect(audits).toHaveLength(2);
    // the first build added every item, the second none (rows come in no guaranteed order)
    expect(audits.map((a) => (a.changes as { added: string[] }).added.length).sort((x, y) => x - y)).toEqual([0, codes.length]);
  });

  it('asks works above the SOA amount for the SOA, antimafia, employee checks when employees are unknown, and the single decision centre with two offers', async () => {
    const p = await newProcedure({ objectType: 'lavori', value: '200000.00' });
    const a = await newOperator('Costruzioni Colli S.p.A.', null);
    const b = await newOperator('Edil Brenta S.r.l.', 12);
    await join(p.id, a.id, 'proposed_awardee');
    await join(p.id, b.id, 'bidder');
    const codes = ((await build(p.id, a.id)).json().items as Item[]).map((i) => i.code);
    expect(codes).toEqual(expect.arrayContaining(['SPEC_100_4_SOA', 'GEN_94_2_ANTIMAFIA_COM', 'GEN_94_5B_L68', 'GEN_94_5C_PARITA', 'GEN_95_1D_CENTRO_DECISIONALE']));
    expect(codes).not.toContain('SPEC_LAVORI_LT150K');
    expect(codes).not.toContain('GEN_94_2_ANTIMAFIA_INF');
  });

  it('asks the antimafia information at the EU threshold', async () => {
    const p = await newProcedure({ objectType: 'forniture', value: '300000.00' });
    aboveEu.add(p.id);
    const op = await newOperator('Forniture Padane S.r.l.', 5);
    await join(p.id, op.id);
    expect(((await build(p.id, op.id)).json().items as Item[]).map((i) => i.code)).toContain('GEN_94_2_ANTIMAFIA_INF');
  });

  it('answers 400 on the operator field for an operator not taking part or unknown, and writes nothing', async () => {
    const p = await newProcedure({ objectType: 'servizi', value: '50000.00' });
    const stranger = await newOperator('Estranea S.r.l.', 3);
    const res = await build(p.id, stranger.id);
    expect(res.statusCode).toBe(400);
    expect(res.json().details.issues[0].path).toBe('body.operatorId');
    expect((await build(p.id, randomUUID())).statusCode).toBe(400);
    expect(await database.db.select().from(procurementChecks).where(eq(procurementChecks.procedureId, p.id))).toEqual([]);
  });
});

describe('updating checks, overall result and expiry', () => {
  let p: Awaited<ReturnType<typeof newProcedure>>;
  let op: Awaited<ReturnType<typeof newOperator>>;
  const item = async (code: string) => (await list(p.id)).items.find((i) => i.code === code)!;

  beforeAll(async () => {
    p = await newProcedure({ objectType: 'servizi', value: '90000.00' });
    op = await newOperator('Verde Pubblico Soc. Coop.', 8);
    await join(p.id, op.id, 'proposed_awardee');
    await build(p.id, op.id);
  });

  it('computes the last valid day from the issue date and the catalogue validity (DURC: 120 calendar days)', async () => {
    const durc = await item('GEN_94_6_DURC');
    const res = await patch(p.id, durc, { requestedAt: '2026-06-01', issuedOn: '2026-06-10', outcome: 'regolare' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ issuedOn: '2026-06-10', validUntil: '2026-10-08', outcome: 'regolare', version: 2, requestedBy: { id: userIds.sua }, expiring: false, expired: false });
    const audits = await database.db.select().from(auditEvents).where(and(eq(auditEvents.entityId, durc.id), eq(auditEvents.action, 'procurement_check.update')));
    expect(audits).toHaveLength(1);
  });

  it('keeps an expiry given explicitly, and answers 409 conflict on a stale version', async () => {
    const crisi = await item('GEN_94_5D_CRISI');
    const res = await patch(p.id, crisi, { issuedOn: '2026-06-01', validUntil: '2026-09-30', outcome: 'regolare' });
    expect(res.json()).toMatchObject({ validUntil: '2026-09-30' });
    const stale = await patch(p.id, crisi, { outcome: 'irregolare' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('conflict');
    expect((await item('GEN_94_5D_CRISI')).outcome).toBe('regolare');
  });

  it('answers 400 with field paths on evidence of another record, a future issue date or an expiry before the issue, and writes nothing', async () => {
    const fisco = await item('GEN_94_6_FISCO');
    const foreign = randomUUID();
    docs.set(foreign, { ownerType: 'procurement_procedure', ownerId: randomUUID() });
    const cases: [Record<string, unknown>, string][] = [
      [{ evidenceDocumentId: foreign }, 'body.evidenceDocumentId'],
      [{ evidenceDocumentId: randomUUID() }, 'body.evidenceDocumentId'],
      [{ issuedOn: addDays(TODAY, 1) }, 'body.issuedOn'],
      [{ issuedOn: '2026-06-01', validUntil: '2026-05-31' }, 'body.validUntil'],
    ];
    for (const [body, path] of cases) {
      const res = await patch(p.id, fisco, body);
      expect(res.statusCode, path).toBe(400);
      expect(res.json().details.issues[0].path).toBe(path);
    }
    expect(await item('GEN_94_6_FISCO')).toMatchObject({ version: fisco.version, issuedOn: null, outcome: 'pending' });
  });

  it('links evidence uploaded on the procedure', async () => {
    const fisco = await item('GEN_94_6_FISCO');
    const mine = randomUUID();
    docs.set(mine, { ownerType: 'procurement_procedure', ownerId: p.id });
    const res = await patch(p.id, fisco, { evidenceDocumentId: mine });
    expect(res.statusCode).toBe(200);
    expect(res.json().evidenceDocumentId).toBe(mine);
  });

  it('is regolare when every item is positive or not relevant, irregolare with a negative item, scaduto with an expired certificate', async () => {
    for (const i of (await list(p.id)).items) {
      if (i.outcome !== 'pending') continue;
      const res = await patch(p.id, i, i.code === 'GEN_WHITELIST' ? { outcome: 'non_pertinente' } : { outcome: 'regolare', issuedOn: '2026-06-12' });
      expect(res.statusCode).toBe(200);
    }
    expect((await list(p.id)).overall).toEqual([{ operatorId: op.id, operatorName: op.name, result: 'regolare' }]);
    expect(await h.service.readiness(database.db, p.id, op.id)).toEqual({ result: 'regolare', pending: [], irregular: [], expired: [] });

    const anac = await item('GEN_94_5EF_ANAC');
    expect(anac.validUntil).toBeNull(); // consulted at the verification: no expiry
    await patch(p.id, anac, { outcome: 'irregolare' });
    expect((await list(p.id)).overall[0]!.result).toBe('irregolare');
    expect(await h.service.readiness(database.db, p.id, op.id)).toMatchObject({ result: 'irregolare', irregular: ['GEN_94_5EF_ANAC'] });
    await patch(p.id, await item('GEN_94_5EF_ANAC'), { outcome: 'regolare' });

    const crisi = await item('GEN_94_5D_CRISI');
    await patch(p.id, crisi, { validUntil: addDays(TODAY, -1) });
    const after = await list(p.id);
    expect(after.overall[0]!.result).toBe('scaduto');
    expect(after.items.find((i) => i.code === 'GEN_94_5D_CRISI')).toMatchObject({ expired: true, expiring: false });
    await patch(p.id, await item('GEN_94_5D_CRISI'), { validUntil: addDays(TODAY, 10) });
    const renewed = await list(p.id);
    expect(renewed.overall[0]!.result).toBe('regolare');
    expect(renewed.items.find((i) => i.code === 'GEN_94_5D_CRISI')).toMatchObject({ expired: false, expiring: true });
  });

  it('publishes each last valid day to the calendar of the procedure’s audience, and removes it when the outcome is no longer positive', async () => {
    const durc = await item('GEN_94_6_DURC');
    const [cal] = await database.db.select().from(calendarItems).where(and(eq(calendarItems.sourceType, 'procurement_check'), eq(calendarItems.sourceId, durc.id)));
    expect(cal).toMatchObject({ module: 'procurement', kind: 'check_expiry', allDay: true, url: `/appalti/${p.id}/verifiche`, remindDays: [] });
    expect(cal!.audience).toEqual(expect.arrayContaining([audience.ente(abano), audience.enteRole(padova, 'sua_operator')]));
    expect(cal!.title).toContain(p.number);
    await patch(p.id, durc, { outcome: 'irregolare' });
    expect(await database.db.select().from(calendarItems).where(and(eq(calendarItems.sourceType, 'procurement_check'), eq(calendarItems.sourceId, durc.id)))).toEqual([]);
    await patch(p.id, await item('GEN_94_6_DURC'), { outcome: 'regolare' });
  });

  it('warns the procedure’s audience once 30 days before the last valid day and once when it has passed', async () => {
    const durc = await item('GEN_94_6_DURC');
    await patch(p.id, durc, { issuedOn: '2026-03-17' }); // valid until 2026-07-15: 30 days from today
    expect((await item('GEN_94_6_DURC')).validUntil).toBe('2026-07-15');
    const expiryNotices = async (userId: string) =>
      database.db.select().from(notifications).where(and(eq(notifications.userId, userId), eq(notifications.type, EXPIRY_EVENT), eq(notifications.recordId, p.id)));

    // the daily job of the queue runs the sweep for today (the clock is past 06:00 in Rome)
    await h.runJobs();
    const sua = await expiryNotices(userIds.sua!);
    const durcNotices = sua.filter((n) => n.title.includes('DURC') || n.title.includes('contributiva'));
    expect(durcNotices).toHaveLength(1);
    expect(durcNotices[0]!.title).toContain('in scadenza');
    expect((await expiryNotices(userIds.comuneUser!)).length).toBe(sua.length);
    expect(await expiryNotices(userIds.otherSua!)).toEqual([]);
    expect(await expiryNotices(userIds.upi!)).toEqual([]);

    expect(await h.sweep(TODAY)).toBe(0);
    clock = new Date('2026-07-16T08:00:00Z');
    expect(await h.sweep('2026-07-16')).toBeGreaterThanOrEqual(1);
    await h.runJobs();
    const later = (await expiryNotices(userIds.sua!)).filter((n) => n.title.includes('contributiva'));
    expect(later.map((n) => n.title.includes('scaduta'))).toEqual(expect.arrayContaining([true, false]));
    expect(later).toHaveLength(2);
    expect(await h.sweep('2026-07-17')).toBe(0);
    clock = new Date('2026-06-15T08:00:00Z');
  });
});

describe('who may see and work the checks', () => {
  let p: Awaited<ReturnType<typeof newProcedure>>;
  let op: Awaited<ReturnType<typeof newOperator>>;
  beforeAll(async () => {
    p = await newProcedure({ objectType: 'servizi', value: '60000.00' });
    op = await newOperator('Matrice Permessi S.r.l.', 4);
    await join(p.id, op.id);
  });

  const cases: [string, number, number][] = [
    // who, list, build
    ['sua', 200, 200],
    ['provinceAdmin', 200, 200],
    ['comuneUser', 200, 403],
    ['otherSua', 404, 404],
    ['upi', 404, 404],
    ['anonymous', 401, 401],
  ];
  it.each(cases)('%s: list %i, build %i', async (who, read, manage) => {
    expect((await app.inject({ method: 'GET', url: url(p.id), headers: as[who] })).statusCode).toBe(read);
    expect((await build(p.id, op.id, who)).statusCode).toBe(manage);
  });

  it('the Comune cannot record outcomes', async () => {
    const [first] = (await list(p.id)).items;
    const res = await patch(p.id, first!, { outcome: 'regolare' }, 'comuneUser');
    expect(res.statusCode).toBe(403);
    expect((await list(p.id)).items[0]!.outcome).toBe('pending');
  });
});
