import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, enteId, login, TEST_PASSWORD, XRW, type TestContext } from '../../../test/build-app.js';

let t: TestContext;
let padova: string;
beforeAll(async () => {
  t = await createTestApp();
  padova = await enteId(t.database, 'provincia', '028');
});
afterAll(() => t.close());

describe('POST /api/v1/auth/login', () => {
  it('sets an httpOnly session cookie and answers the user with memberships', async () => {
    const u = await createUser(t.database, [{ role: 'sua_operator', enteId: padova }]);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: XRW, payload: { email: u.email.toUpperCase(), password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'pc_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    const body = res.json();
    expect(body.user.email).toBe(u.email);
    expect(body.user.memberships).toEqual([expect.objectContaining({ role: 'sua_operator', enteName: 'Provincia di Padova', enteIstatCode: '028' })]);
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
  });

  it('answers 401 invalid_credentials for a wrong password and for an unknown e-mail alike', async () => {
    const u = await createUser(t.database);
    for (const payload of [{ email: u.email, password: 'wrong-password' }, { email: 'nobody@test.example.it', password: 'whatever-pass' }]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: XRW, payload });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'invalid_credentials', requestId: expect.any(String) });
    }
  });

  it('refuses a deactivated account', async () => {
    const u = await createUser(t.database, [], { active: false });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: XRW, payload: { email: u.email, password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(401);
  });

  it('answers 403 csrf_failed without X-Requested-With or a CSRF token', async () => {
    const u = await createUser(t.database);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: u.email, password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('csrf_failed');
  });

  it('answers 400 with the field paths for a malformed body', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: XRW, payload: { email: 'not-an-email' } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('validation_failed');
    const paths = body.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['body.email', 'body.password']));
  });
});

describe('rate limit on login', () => {
  it('answers 429 rate_limited after too many attempts for one address', async () => {
    const limited = await createTestApp({ AUTH_RATE_LIMIT: '3' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await limited.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: XRW, payload: { email: 'victim@test.example.it', password: 'guess-' + i } });
        codes.push(res.statusCode);
        if (res.statusCode === 429) expect(res.json().code).toBe('rate_limited');
      }
      expect(codes).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('account lockout', () => {
  it('locks an account after the threshold of wrong passwords, tells its owner, and lets in again after the lock or a reset', async () => {
    const locking = await createTestApp({ LOGIN_LOCK_THRESHOLD: '3', LOGIN_LOCK_MINUTES: '15' });
    try {
      const u = await createUser(locking.database);
      const attempt = (password: string) =>
        locking.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: XRW, payload: { email: u.email, password } });
      // two wrong, one right: the count starts again
      expect((await attempt('wrong-password-1')).statusCode).toBe(401);
      expect((await attempt('wrong-password-2')).statusCode).toBe(401);
      expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
      for (let i = 0; i < 3; i++) expect((await attempt(`wrong-password-${i}`)).statusCode).toBe(401);
      // locked: the right password answers exactly like a wrong one
      const locked = await attempt(TEST_PASSWORD);
      expect(locked.statusCode).toBe(401);
      expect(locked.json().code).toBe('invalid_credentials');
      expect(locking.mails.filter((m) => m.to === u.email && /bloccato/.test(m.subject))).toHaveLength(1);
      const events = await locking.database.db.execute(sql`select action from audit_events where entity_id = ${u.id} and action = 'user.locked'`);
      expect(((events as { rows?: unknown[] }).rows ?? (events as unknown[])).length).toBe(1);
      // after the lock has passed the account works again
      await locking.database.db.execute(sql`update users set locked_until = now() - interval '1 second' where id = ${u.id}`);
      expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
      // a password reset also lifts a lock
      for (let i = 0; i < 3; i++) await attempt(`wrong-password-${i}`);
      expect((await attempt(TEST_PASSWORD)).statusCode).toBe(401);
      await locking.app.inject({ method: 'POST', url: '/api/v1/auth/password/forgot', headers: XRW, payload: { email: u.email } });
      const link = locking.mails.map((m) => /token=([\w-]+)/.exec(m.text)?.[1]).filter(Boolean).pop()!;
      const reset = await locking.app.inject({
        method: 'POST',
        url: '/api/v1/auth/password/reset',
        headers: XRW,
        payload: { token: link, password: 'Another-password-2026' },
      });
      expect(reset.statusCode).toBe(204);
      expect((await attempt('Another-password-2026')).statusCode).toBe(200);
    } finally {
      await locking.close();
    }
  });
});

describe('session fixation', () => {
  it('never adopts a session id the browser brought: login issues a new one, and the planted one stays invalid', async () => {
    const u = await createUser(t.database);
    const planted = 'attacker-chosen-session-token-0123456789';
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { ...XRW, cookie: `pc_session=${planted}` },
      payload: { email: u.email, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const issued = res.cookies.find((c) => c.name === 'pc_session')!;
    expect(issued.value).not.toBe(planted);
    expect(issued.httpOnly).toBe(true);
    expect(issued.sameSite).toBe('Lax');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie: `pc_session=${planted}` } })).statusCode).toBe(401);
    // a session of an earlier login is not carried over either
    const again = await login(t.app, u.email);
    expect(again.cookie).not.toBe(`pc_session=${issued.value}`);
  });
});

describe('GET /api/v1/auth/me and POST /api/v1/auth/logout', () => {
  it('answers 401 unauthenticated without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('unauthenticated');
  });

  it('revokes the session on logout, so the same cookie no longer works', async () => {
    const u = await createUser(t.database);
    const headers = await login(t.app, u.email);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode).toBe(200);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
    expect(out.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode).toBe(401);
  });

  it('accepts the CSRF token from /auth/me in place of X-Requested-With', async () => {
    const u = await createUser(t.database);
    const { cookie } = await login(t.app, u.email);
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).json();
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, 'x-csrf-token': 'forged' } });
    expect(bad.statusCode).toBe(403);
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie, 'x-csrf-token': me.csrfToken } });
    expect(ok.statusCode).toBe(204);
  });
});

describe('session expiry', () => {
  it('refuses a session idle past its expiry, and one past its absolute lifetime', async () => {
    // the expiry is changed in the database, as another process would: read sessions every time
    const fresh = await createTestApp({ SESSION_CACHE_SECONDS: '0' });
    const t = fresh;
    const u = await createUser(t.database);
    for (const column of ['expires_at', 'absolute_expires_at']) {
      const headers = await login(t.app, u.email);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode).toBe(200);
      const token = headers.cookie.split('=')[1]!;
      await t.database.db.execute(
        sql`update sessions set ${sql.raw(column)} = now() - interval '1 minute' where id = ${createHash('sha256').update(token).digest('hex')}`,
      );
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode, column).toBe(401);
    }
    await fresh.close();
  });

  it('lets another process revoke a session within SESSION_CACHE_SECONDS', async () => {
    const cached = await createTestApp({ SESSION_CACHE_SECONDS: '1' });
    try {
      const u = await createUser(cached.database);
      const headers = await login(cached.app, u.email);
      expect((await cached.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode).toBe(200);
      await cached.database.db.execute(sql`update sessions set revoked_at = now() where user_id = ${u.id}`);
      await new Promise((r) => setTimeout(r, 1100));
      expect((await cached.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).statusCode).toBe(401);
    } finally {
      await cached.close();
    }
  });
});

describe('POST /api/v1/auth/active-membership', () => {
  it('switches the active ente among the user own memberships only', async () => {
    const rovigo = await enteId(t.database, 'provincia', '029');
    const u = await createUser(t.database, [
      { role: 'referent', enteId: padova },
      { role: 'referent', enteId: rovigo },
    ]);
    const headers = await login(t.app, u.email);
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).json();
    const target = me.user.memberships.find((m: { enteId: string }) => m.enteId === rovigo);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/active-membership', headers, payload: { membershipId: target.id } });
    expect(res.statusCode).toBe(200);
    expect(res.json().activeMembershipId).toBe(target.id);
    const again = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers })).json();
    expect(again.activeMembershipId).toBe(target.id);
    const other = await createUser(t.database, [{ role: 'viewer', enteId: padova }]);
    const otherMe = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: await login(t.app, other.email) })).json();
    const foreign = await t.app.inject({ method: 'POST', url: '/api/v1/auth/active-membership', headers, payload: { membershipId: otherMe.user.memberships[0].id } });
    expect(foreign.statusCode).toBe(403);
  });
});

describe('password reset', () => {
  it('sends a one-time link; the new password works, the old one and the used link do not, sessions are revoked', async () => {
    const u = await createUser(t.database);
    const oldSession = await login(t.app, u.email);
    t.mails.length = 0;
    const forgot = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password/forgot', headers: XRW, payload: { email: u.email } });
    expect(forgot.statusCode).toBe(202);
    expect(t.mails).toHaveLength(1);
    expect(t.mails[0]!.to).toBe(u.email);
    const token = /token=([\w-]+)/.exec(t.mails[0]!.text)![1]!;
    const reset = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password/reset', headers: XRW, payload: { token, password: 'Nuova-password-sicura' } });
    expect(reset.statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: oldSession })).statusCode).toBe(401);
    await expect(login(t.app, u.email)).rejects.toThrow();
    await expect(login(t.app, u.email, 'Nuova-password-sicura')).resolves.toBeTruthy();
    const reuse = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password/reset', headers: XRW, payload: { token, password: 'Ancora-unaltra-pass' } });
    expect(reuse.statusCode).toBe(400);
    expect(reuse.json().code).toBe('invalid_token');
  });

  it('answers 202 and sends nothing for an unknown address', async () => {
    t.mails.length = 0;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password/forgot', headers: XRW, payload: { email: 'ghost@test.example.it' } });
    expect(res.statusCode).toBe(202);
    expect(t.mails).toHaveLength(0);
  });
});

describe('users administration', () => {
  it('lets the UPI administrator create a user, add a membership, and deactivate the user with optimistic concurrency', async () => {
    const upi = await enteId(t.database, 'upi', null);
    const admin = await createUser(t.database, [{ role: 'upi_admin', enteId: upi }]);
    const headers = await login(t.app, admin.email);
    const email = `nuovo-${Date.now()}@test.example.it`;
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers, payload: { email, displayName: 'Maria Rossi', password: 'Password-iniziale-1' } });
    expect(created.statusCode).toBe(201);
    const user = created.json();
    const abano = await enteId(t.database, 'comune', '028001');
    const m = await t.app.inject({ method: 'POST', url: `/api/v1/users/${user.id}/memberships`, headers, payload: { enteId: abano, role: 'comune_user' } });
    expect(m.statusCode).toBe(201);
    expect(m.json().memberships).toEqual([expect.objectContaining({ role: 'comune_user', enteIstatCode: '028001' })]);
    const dup = await t.app.inject({ method: 'POST', url: `/api/v1/users/${user.id}/memberships`, headers, payload: { enteId: abano, role: 'comune_user' } });
    expect(dup.statusCode).toBe(409);
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers, payload: { email, displayName: 'Doppione' } });
    expect(again.statusCode).toBe(409);
    const userSession = await login(t.app, email, 'Password-iniziale-1');
    const off = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, headers, payload: { active: false, version: m.json().version } });
    expect(off.statusCode).toBe(200);
    expect(off.json().active).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: userSession })).statusCode).toBe(401);
    const stale = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${user.id}`, headers, payload: { active: true, version: m.json().version } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('conflict');
  });

  it('sends a set-password link when a user is created without a password', async () => {
    const upi = await enteId(t.database, 'upi', null);
    const admin = await createUser(t.database, [{ role: 'upi_admin', enteId: upi }]);
    const headers = await login(t.app, admin.email);
    t.mails.length = 0;
    const email = `senza-password-${Date.now()}@test.example.it`;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/users', headers, payload: { email, displayName: 'Luca Bianchi' } });
    expect(res.statusCode).toBe(201);
    expect(t.mails.map((m) => m.to)).toEqual([email]);
  });
});
