import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { eq, sql } from 'drizzle-orm';
import { tables, type Database } from '@app/db';
import type { Role } from '@app/contracts';
import { createUser, enteId, openTestDatabase } from '../../../test/build-app.js';
import type { RequestContext } from '../../lib/actor.js';
import { loadActor } from '../../lib/records.js';
import { errorsPlugin } from '../../plugins/errors.js';
import { serializerCompiler } from '../../plugins/serializer.js';
import { createAuditRepository, createAuditService } from '../audit/index.js';
import { createOperatorsRepository } from './operators.repository.js';
import { operatorsRoutes } from './operators.routes.js';
import { createOperatorsService } from './operators.service.js';
import { numericCheckDigit } from './operators.validation.js';

/**
 * The operators' routes on the real database, in a small app of their own: the project's error handler and
 * compilers, and a session stand-in that signs in the user named by the `x-user` header.
 */
async function buildHarness(database: Database): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(errorsPlugin);
  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.addHook('onRequest', async (req) => {
    const userId = req.headers['x-user'];
    req.ctx = { actor: typeof userId === 'string' ? await loadActor(database.db, userId) : null, requestId: req.id };
  });
  const audit = createAuditService({ db: database.db, repo: createAuditRepository() });
  const service = createOperatorsService({ db: database.db, repo: createOperatorsRepository(), audit });
  await app.register(async (api) => api.register(operatorsRoutes, { service }), { prefix: '/api/v1' });
  await app.ready();
  return app;
}

let database: Database;
let app: FastifyInstance;
const as: Record<string, Record<string, string>> = {};
const BASE = '/api/v1/procurement/operators';

const auditCount = async (entityId?: string) => {
  const { auditEvents } = tables;
  const [row] = await database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(auditEvents)
    .where(entityId ? eq(auditEvents.entityId, entityId) : eq(auditEvents.entityType, 'economic_operator'));
  return Number(row!.n);
};
const operatorCount = async () => {
  const [row] = await database.db.select({ n: sql<number>`count(*)::int` }).from(tables.economicOperators);
  return Number(row!.n);
};

beforeAll(async () => {
  database = await openTestDatabase();
  await database.db.delete(tables.economicOperators).where(sql`${tables.economicOperators.taxCode} in ('01114601006', 'RSSMRA85T10A562S', '80016350821', '12345678903')`);
  app = await buildHarness(database);
  const padova = await enteId(database, 'provincia', '028');
  const rovigo = await enteId(database, 'provincia', '029');
  const abano = await enteId(database, 'comune', '028001');
  const upi = await enteId(database, 'upi', null);
  const people: Record<string, { role: Role; enteId: string }[]> = {
    sua: [{ role: 'sua_operator', enteId: padova }],
    provinceAdmin: [{ role: 'ente_admin', enteId: rovigo }],
    comuneAdmin: [{ role: 'ente_admin', enteId: abano }],
    comuneUser: [{ role: 'comune_user', enteId: abano }],
    viewer: [{ role: 'viewer', enteId: padova }],
    upi: [{ role: 'upi_admin', enteId: upi }],
    sapeOperator: [{ role: 'sape_operator', enteId: padova }],
  };
  for (const [name, memberships] of Object.entries(people)) {
    const u = await createUser(database, memberships);
    as[name] = { 'x-user': u.id };
  }
  as.anonymous = {};
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const valid = { name: 'Edilizia Veneta S.r.l.', taxCode: '01114601006', vatNumber: '01114601006', employees: 40, soa: [{ category: 'OG1', classifica: 'III' as const, validUntil: '2028-05-31' }] };

describe('economic operators registry', () => {
  it('answers 400 with field paths on an invalid codice fiscale and partita IVA, and writes nothing', async () => {
    const before = { operators: await operatorCount(), audit: await auditCount() };
    const res = await app.inject({ method: 'POST', url: BASE, headers: as.sua, payload: { ...valid, taxCode: 'RSSMRA85T10A562T', vatNumber: '12345678904' } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('validation_failed');
    expect(body.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.taxCode', 'body.vatNumber']);
    const numeric = await app.inject({ method: 'POST', url: BASE, headers: as.sua, payload: { ...valid, taxCode: '80016350822', vatNumber: null } });
    expect(numeric.statusCode).toBe(400);
    expect(numeric.json().details.issues).toEqual([expect.objectContaining({ path: 'body.taxCode', code: 'invalid_check_digit' })]);
    expect({ operators: await operatorCount(), audit: await auditCount() }).toEqual(before);
  });

  it('registers an operator with a valid legal-person codice fiscale, audited, and refuses the same tax code with 409 operator_exists', async () => {
    const res = await app.inject({ method: 'POST', url: BASE, headers: as.sua, payload: valid });
    expect(res.statusCode).toBe(201);
    const op = res.json();
    expect(op).toMatchObject({ name: valid.name, taxCode: '01114601006', vatNumber: '01114601006', employees: 40, isDemo: false, version: 1, soa: valid.soa });
    expect(await auditCount(op.id)).toBe(1);

    const before = await operatorCount();
    const again = await app.inject({ method: 'POST', url: BASE, headers: as.provinceAdmin, payload: { ...valid, name: 'Altro nome' } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'operator_exists', details: { operator: { id: op.id } } });
    expect(await operatorCount()).toBe(before);
  });

  it('registers a person (ditta individuale) by the 16-character codice fiscale, upper-casing it', async () => {
    const res = await app.inject({ method: 'POST', url: BASE, headers: as.sua, payload: { name: 'Mario Rossi impianti', taxCode: 'rssmra85t10a562s', vatNumber: '12345678903' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ taxCode: 'RSSMRA85T10A562S', soa: [], employees: null });
  });

  it('finds operators by part of the name or of the tax code, with % and _ taken literally', async () => {
    const byName = await app.inject({ method: 'GET', url: `${BASE}?q=veneta`, headers: as.sua });
    expect(byName.statusCode).toBe(200);
    expect(byName.json().items.map((o: { taxCode: string }) => o.taxCode)).toContain('01114601006');
    const byCode = await app.inject({ method: 'GET', url: `${BASE}?q=562S`, headers: as.sua });
    expect(byCode.json().items.map((o: { name: string }) => o.name)).toEqual(['Mario Rossi impianti']);
    const wildcard = await app.inject({ method: 'GET', url: `${BASE}?q=%25`, headers: as.sua });
    expect(wildcard.json()).toEqual({ items: [], total: 0 });
  });

  it('updates with the version read, keeps the SOA list when none is sent, and answers 409 conflict on a stale version', async () => {
    const list = await app.inject({ method: 'GET', url: `${BASE}?q=Edilizia`, headers: as.sua });
    const op = list.json().items.find((o: { taxCode: string }) => o.taxCode === '01114601006');
    const res = await app.inject({ method: 'PATCH', url: `${BASE}/${op.id}`, headers: as.sua, payload: { employees: 55, version: op.version } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ employees: 55, version: op.version + 1, soa: valid.soa });
    const stale = await app.inject({ method: 'PATCH', url: `${BASE}/${op.id}`, headers: as.sua, payload: { employees: 60, version: op.version } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('conflict');
    const got = await app.inject({ method: 'GET', url: `${BASE}/${op.id}`, headers: as.provinceAdmin });
    expect(got.json()).toMatchObject({ employees: 55, version: op.version + 1 });
    expect(await auditCount(op.id)).toBe(2);
  });

  it('refuses to change a tax code to one already registered, or to an invalid one', async () => {
    const list = (await app.inject({ method: 'GET', url: BASE, headers: as.sua })).json().items as { id: string; taxCode: string; version: number }[];
    const person = list.find((o) => o.taxCode === 'RSSMRA85T10A562S')!;
    const dup = await app.inject({ method: 'PATCH', url: `${BASE}/${person.id}`, headers: as.sua, payload: { taxCode: '01114601006', version: person.version } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('operator_exists');
    const bad = await app.inject({ method: 'PATCH', url: `${BASE}/${person.id}`, headers: as.sua, payload: { vatNumber: '12345678900', version: person.version } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.issues[0].path).toBe('body.vatNumber');
    const unchanged = await app.inject({ method: 'GET', url: `${BASE}/${person.id}`, headers: as.sua });
    expect(unchanged.json()).toMatchObject({ taxCode: 'RSSMRA85T10A562S', vatNumber: '12345678903', version: person.version });
  });

  it('answers 404 for an unknown operator', async () => {
    const res = await app.inject({ method: 'GET', url: `${BASE}/00000000-0000-4000-8000-000000000000`, headers: as.sua });
    expect(res.statusCode).toBe(404);
  });

  describe('permissions', () => {
    const cases: [string, number, number][] = [
      // who, read status, write status
      ['sua', 200, 201],
      ['provinceAdmin', 200, 201],
      ['comuneAdmin', 403, 403],
      ['comuneUser', 403, 403],
      ['viewer', 403, 403],
      ['upi', 403, 403],
      ['sapeOperator', 403, 403],
      ['anonymous', 401, 401],
    ];
    // valid legal-person codes made for the test: ten digits and their check digit
    const taxCodes = cases.map((_, i) => `0990000${String(i).padStart(3, '0')}`).map((b) => `${b}${numericCheckDigit(b)}`);
    it.each(cases.map((c, i) => [...c, taxCodes[i]!] as const))('%s: list %i, create %i', async (who, read, write, taxCode) => {
      await database.db.delete(tables.economicOperators).where(eq(tables.economicOperators.taxCode, taxCode));
      const list = await app.inject({ method: 'GET', url: BASE, headers: as[who] });
      expect(list.statusCode).toBe(read);
      const created = await app.inject({ method: 'POST', url: BASE, headers: as[who], payload: { name: `Operatore ${who}`, taxCode } });
      expect(created.statusCode).toBe(write);
      const [row] = await database.db.select().from(tables.economicOperators).where(eq(tables.economicOperators.taxCode, taxCode));
      expect(!!row).toBe(write === 201);
    });
  });
});
