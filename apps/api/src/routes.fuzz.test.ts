import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { count } from 'drizzle-orm';
import { tables } from '@app/db';
import { createTestApp, createUser, enteId, login, type TestContext } from '../test/build-app.js';

/**
 * Property: random bodies thrown at every mutating route never answer 5xx, and a 400
 * never writes anything (the audit log, which every write appends to, does not grow).
 */
let t: TestContext;
let headers: Record<string, string>;
let userId: string;
let membershipId: string;
beforeAll(async () => {
  t = await createTestApp();
  const upi = await enteId(t.database, 'upi', null);
  const admin = await createUser(t.database, [{ role: 'upi_admin', enteId: upi }]);
  headers = await login(t.app, admin.email);
  const target = await createUser(t.database, [{ role: 'viewer', enteId: upi }]);
  userId = target.id;
  const u = (await t.app.inject({ method: 'GET', url: `/api/v1/users/${userId}`, headers })).json();
  membershipId = u.memberships[0].id;
});
afterAll(() => t.close());

const routes = () => [
  { method: 'POST' as const, url: '/api/v1/auth/login' },
  { method: 'POST' as const, url: '/api/v1/auth/active-membership' },
  { method: 'POST' as const, url: '/api/v1/auth/password/forgot' },
  { method: 'POST' as const, url: '/api/v1/auth/password/reset' },
  { method: 'POST' as const, url: '/api/v1/users' },
  { method: 'PATCH' as const, url: `/api/v1/users/${userId}` },
  { method: 'POST' as const, url: `/api/v1/users/${userId}/memberships` },
  { method: 'DELETE' as const, url: `/api/v1/users/${userId}/memberships/not-a-uuid` },
  { method: 'PATCH' as const, url: '/api/v1/users/not-a-uuid' },
];

const auditCount = async () => (await t.database.db.select({ n: count() }).from(tables.auditEvents))[0]!.n;

/** Bodies shaped like the real ones but with wrong types, plus arbitrary JSON. */
const body = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      email: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.emailAddress().map((e) => e + '@@')),
      password: fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.array(fc.string())),
      displayName: fc.oneof(fc.string({ maxLength: 1 }), fc.object()),
      version: fc.oneof(fc.string(), fc.double(), fc.constant(-1)),
      enteId: fc.oneof(fc.string(), fc.uuid().map((u) => u + 'x')),
      role: fc.oneof(fc.string(), fc.constant('superuser')),
      membershipId: fc.oneof(fc.string(), fc.integer()),
      token: fc.string({ maxLength: 10 }),
      active: fc.oneof(fc.string(), fc.integer()),
      locale: fc.constantFrom('de', 'xx', 1),
    },
    { requiredKeys: [] },
  ),
);

describe('every mutating route under random input', () => {
  it('never answers 5xx, and a 400 carries field paths and writes nothing', async () => {
    void membershipId;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes()), body, async (route, payload) => {
        const before = await auditCount();
        const res = await t.app.inject({ ...route, headers: { ...headers, 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
        expect(res.statusCode).toBeLessThan(500);
        if (res.statusCode === 400) {
          const b = res.json();
          expect(b.code).toMatch(/^(validation_failed|invalid_json|invalid_token|bad_request)$/);
          expect(await auditCount()).toBe(before);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('answers 400 invalid_json for a body that is not JSON', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: { ...headers, 'content-type': 'application/json' }, payload: '{"email": ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('invalid_json');
    expect(res.body).not.toContain('at ');
  });
});
