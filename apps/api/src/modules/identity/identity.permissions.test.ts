import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Roles, type Role } from '@app/contracts';
import { createTestApp, createUser, enteId, login, type TestContext } from '../../../test/build-app.js';

/**
 * Permission matrix: every role, on its own ente (Comune A) and on another ente (Comune B),
 * against every identity and audit action. The expectation is written out per role, so a
 * policy change shows up here.
 */
type Action = 'list_users' | 'read_user' | 'create_user_in_ente' | 'update_user' | 'add_membership' | 'remove_membership' | 'read_audit';
const ACTIONS: Action[] = ['list_users', 'read_user', 'create_user_in_ente', 'update_user', 'add_membership', 'remove_membership', 'read_audit'];

/** Allowed on the actor's own ente (A) and on the other ente (B). */
const EXPECTED: Record<Role, { own: Action[]; other: Action[] }> = {
  upi_admin: { own: ACTIONS, other: ACTIONS },
  ente_admin: { own: ACTIONS, other: [] },
  sua_operator: { own: [], other: [] },
  sape_operator: { own: [], other: [] },
  sit_operator: { own: [], other: [] },
  referent: { own: [], other: [] },
  comune_user: { own: [], other: [] },
  researcher: { own: [], other: [] },
  trainer: { own: [], other: [] },
  viewer: { own: [], other: [] },
};

let t: TestContext;
let comuneA: string;
let comuneB: string;
let upi: string;
beforeAll(async () => {
  t = await createTestApp();
  comuneA = await enteId(t.database, 'comune', '028001');
  comuneB = await enteId(t.database, 'comune', '015146');
  upi = await enteId(t.database, 'upi', null);
});
afterAll(() => t.close());

async function attempt(headers: Record<string, string>, action: Action, ente: string): Promise<number> {
  const target = await createUser(t.database, [{ role: 'comune_user', enteId: ente }]);
  const me = await t.app.inject({ method: 'GET', url: `/api/v1/users/${target.id}`, headers: { cookie: (await login(t.app, target.email)).cookie } });
  const targetUser = me.json();
  switch (action) {
    case 'list_users': {
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/users?enteId=${ente}&pageSize=200`, headers });
      if (res.statusCode !== 200) return res.statusCode;
      // listing is allowed, but only people of the actor's own entes may appear
      return res.json().items.some((u: { id: string }) => u.id === target.id) ? 200 : 404;
    }
    case 'read_user':
      return (await t.app.inject({ method: 'GET', url: `/api/v1/users/${target.id}`, headers })).statusCode;
    case 'create_user_in_ente':
      return (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/users',
          headers,
          payload: { email: `m-${Math.random()}@test.example.it`, displayName: 'Nuova persona', password: 'Password-matrice-1', membership: { enteId: ente, role: 'viewer' } },
        })
      ).statusCode;
    case 'update_user':
      return (await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${target.id}`, headers, payload: { displayName: 'Rinominato', version: targetUser.version } })).statusCode;
    case 'add_membership':
      return (await t.app.inject({ method: 'POST', url: `/api/v1/users/${target.id}/memberships`, headers, payload: { enteId: ente, role: 'viewer' } })).statusCode;
    case 'remove_membership':
      return (await t.app.inject({ method: 'DELETE', url: `/api/v1/users/${target.id}/memberships/${targetUser.memberships[0].id}`, headers })).statusCode;
    case 'read_audit': {
      // the target's login above wrote an event on the target's ente
      const res = await t.app.inject({ method: 'GET', url: `/api/v1/audit-events?entityId=${target.id}`, headers });
      if (res.statusCode !== 200) return res.statusCode;
      return res.json().total > 0 ? 200 : 404;
    }
  }
}

describe('identity permission matrix (role × own/other ente × action)', () => {
  for (const role of Roles) {
    for (const where of ['own', 'other'] as const) {
      it(`${role} on ${where === 'own' ? 'its own ente' : 'another ente'}: allowed exactly ${EXPECTED[role][where].join(', ') || 'nothing'}`, async () => {
        const actorEnte = role === 'upi_admin' ? upi : comuneA;
        const actor = await createUser(t.database, [{ role, enteId: actorEnte }]);
        const headers = await login(t.app, actor.email);
        const ente = where === 'own' ? comuneA : comuneB;
        const allowed: Action[] = [];
        for (const action of ACTIONS) {
          const status = await attempt(headers, action, ente);
          expect(status, `${role} ${where} ${action}`).toBeLessThan(500);
          if (status < 300) allowed.push(action);
          else expect([403, 404]).toContain(status);
        }
        expect(allowed).toEqual(EXPECTED[role][where]);
      });
    }
  }

  it('an ente administrator of Comune A sees only audit events of Comune A', async () => {
    const adminA = await createUser(t.database, [{ role: 'ente_admin', enteId: comuneA }]);
    const adminB = await createUser(t.database, [{ role: 'ente_admin', enteId: comuneB }]);
    const hA = await login(t.app, adminA.email);
    const hB = await login(t.app, adminB.email);
    const made = await t.app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: hB,
      payload: { email: `solo-b-${Date.now()}@test.example.it`, displayName: 'Persona di B', password: 'Password-di-b-1', membership: { enteId: comuneB, role: 'viewer' } },
    });
    expect(made.statusCode).toBe(201);
    const seenByA = (await t.app.inject({ method: 'GET', url: `/api/v1/audit-events?entityId=${made.json().id}`, headers: hA })).json();
    const seenByB = (await t.app.inject({ method: 'GET', url: `/api/v1/audit-events?entityId=${made.json().id}`, headers: hB })).json();
    expect(seenByA.total).toBe(0);
    expect(seenByB.total).toBe(1);
  });

  it('an ente administrator cannot grant the upi_admin role, nor touch a UPI administrator', async () => {
    const adminA = await createUser(t.database, [{ role: 'ente_admin', enteId: comuneA }]);
    const h = await login(t.app, adminA.email);
    const person = await createUser(t.database, [{ role: 'viewer', enteId: comuneA }]);
    const grant = await t.app.inject({ method: 'POST', url: `/api/v1/users/${person.id}/memberships`, headers: h, payload: { enteId: upi, role: 'upi_admin' } });
    expect(grant.statusCode).toBe(403);
    const both = await createUser(t.database, [
      { role: 'upi_admin', enteId: upi },
      { role: 'viewer', enteId: comuneA },
    ]);
    const rename = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${both.id}`, headers: h, payload: { displayName: 'Xavier', version: 1 } });
    expect(rename.statusCode).toBe(403);
  });

  it('anonymous callers get 401 on every identity and audit endpoint', async () => {
    const someone = await createUser(t.database);
    const xrw = { 'x-requested-with': 'XMLHttpRequest' };
    const calls = [
      { method: 'GET' as const, url: '/api/v1/users' },
      { method: 'GET' as const, url: `/api/v1/users/${someone.id}` },
      { method: 'POST' as const, url: '/api/v1/users', payload: { email: 'a@test.example.it', displayName: 'Anonimo' } },
      { method: 'PATCH' as const, url: `/api/v1/users/${someone.id}`, payload: { version: 1, active: false } },
      { method: 'GET' as const, url: '/api/v1/audit-events' },
      { method: 'GET' as const, url: '/api/v1/audit-events.csv' },
    ];
    for (const c of calls) {
      const res = await t.app.inject({ ...c, headers: xrw });
      expect(res.statusCode, c.url).toBe(401);
    }
  });
});
