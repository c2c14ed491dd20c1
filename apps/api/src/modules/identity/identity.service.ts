import { hash, verify } from '@node-rs/argon2';
import type { Db } from '@app/db';
import type { MembershipCreate, Role, User, UserCreate, UserUpdate } from '@app/contracts';
import type { FastifyBaseLogger } from 'fastify';
import { entesWithRole, hasRole, type Actor, type RequestContext } from '../../lib/actor.js';
import { AppError, badRequest, conflict, forbidden, invalidCredentials, notFound, unauthenticated } from '../../lib/errors.js';
import { randomToken, sha256 } from '../../lib/hash.js';
import { TtlCache } from '../../lib/ttl-cache.js';
import type { Mailer } from '../../lib/mailer.js';
import type { OidcClient } from '../../lib/oidc.js';
import type { AuditService } from '../audit/audit.service.js';
import type { RegistryService } from '../registry/registry.service.js';
import { can, type IdentityAction, type UserResource } from './identity.policy.js';
import type { IdentityRepository, MembershipView, UserRow } from './identity.repository.js';

export interface IdentityDeps {
  db: Db;
  repo: IdentityRepository;
  audit: AuditService;
  /** The registry module's service: which enti exist, and of what type. */
  enti: Pick<RegistryService, 'findEnteRef'>;
  mailer: Mailer;
  oidc: OidcClient | null;
  log: FastifyBaseLogger;
  baseUrl: string;
  sessionTtlHours: number;
  /** Seconds a read session may be reused by this process (0: read every time). */
  sessionCacheSeconds: number;
  /** Wrong passwords in a row that lock an account, and for how long. */
  loginLock: { threshold: number; minutes: number };
}

interface CachedSession {
  userId: string;
  actor: Actor;
  csrfToken: string;
  expiresAt: number;
  absoluteExpiresAt: number;
  lastSeenAt: number;
}

const ABSOLUTE_SESSION_DAYS = 7;
const RESET_TTL_MINUTES = 60;
/** A session's expiry is pushed forward at most once a minute, to spare writes. */
const TOUCH_INTERVAL_MS = 60_000;
/** Verified against when the e-mail is unknown, so both paths take the same time. */
let dummyHash: Promise<string> | null = null;

export interface NewSession {
  token: string;
  csrfToken: string;
  userId: string;
}

export function createIdentityService(d: IdentityDeps) {
  const { db, repo, audit } = d;
  /** Sessions read recently, by SHA-256 of the token; every write of this service invalidates what it changes. */
  const sessionCache = new TtlCache<CachedSession>(d.sessionCacheSeconds * 1000, 20_000);
  const forgetUser = (userId: string) => sessionCache.deleteWhere((s) => s.userId === userId);

  function present(u: UserRow, ms: MembershipView[]): User {
    return {
      id: u.id,
      email: u.email,
      displayName: u.displayName,
      locale: u.locale === 'en' ? 'en' : 'it',
      active: u.active,
      isDemo: u.isDemo,
      version: u.version,
      createdAt: u.createdAt.toISOString(),
      memberships: ms
        .filter((m) => m.userId === u.id)
        .map((m) => ({ id: m.id, enteId: m.enteId, enteName: m.enteName, enteType: m.enteType, enteIstatCode: m.enteIstatCode, role: m.role as Role })),
    };
  }

  async function loadUser(id: string) {
    const [u, ms] = await Promise.all([repo.findUserById(db, id), repo.membershipsOf(db, [id])]);
    if (!u) return null;
    return { row: u, memberships: ms, resource: { id: u.id, memberships: ms } satisfies UserResource };
  }

  function authorize(actor: Actor | null, action: IdentityAction) {
    if (!actor) throw unauthenticated();
    if (!can(actor, action)) throw forbidden();
  }

  async function openSession(userId: string, meta: { ip?: string; userAgent?: string }): Promise<NewSession> {
    const token = randomToken();
    const csrfToken = randomToken();
    const now = Date.now();
    const ms = await repo.membershipsOf(db, [userId]);
    await repo.insertSession(db, {
      id: sha256(token),
      userId,
      activeMembershipId: ms[0]?.id ?? null,
      csrfToken,
      expiresAt: new Date(now + d.sessionTtlHours * 3_600_000),
      absoluteExpiresAt: new Date(now + ABSOLUTE_SESSION_DAYS * 86_400_000),
      ip: meta.ip ?? null,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
    });
    return { token, csrfToken, userId };
  }

  return {
    /** Resolves a session cookie into an Actor, sliding the idle expiry. Null when absent, expired or revoked. */
    async authenticate(token: string | undefined): Promise<{ actor: Actor; csrfToken: string } | null> {
      if (!token || token.length > 100) return null;
      const now = new Date();
      const key = sha256(token);
      let cached = sessionCache.get(key);
      if (cached && now.getTime() >= Math.min(cached.expiresAt, cached.absoluteExpiresAt)) {
        sessionCache.delete(key);
        cached = undefined;
      }
      if (!cached) {
        const found = await repo.findLiveSession(db, key, now);
        if (!found) return null;
        const s = found.session;
        const ms = found.memberships;
        const active = ms.find((m) => m.id === s.activeMembershipId) ?? ms[0];
        cached = {
          userId: s.userId,
          csrfToken: s.csrfToken,
          expiresAt: s.expiresAt.getTime(),
          absoluteExpiresAt: s.absoluteExpiresAt.getTime(),
          lastSeenAt: s.lastSeenAt.getTime(),
          actor: {
            userId: s.userId,
            email: found.email,
            sessionId: s.id,
            memberships: ms.map((m) => ({ id: m.id, enteId: m.enteId, enteType: m.enteType, role: m.role as Role })),
            activeMembershipId: active?.id ?? null,
          },
        };
        sessionCache.set(key, cached);
      }
      if (now.getTime() - cached.lastSeenAt > TOUCH_INTERVAL_MS) {
        const expiresAt = new Date(now.getTime() + d.sessionTtlHours * 3_600_000);
        await repo.touchSession(db, key, now, expiresAt);
        cached.lastSeenAt = now.getTime();
        cached.expiresAt = expiresAt.getTime();
      }
      // a copy: a request may change its own actor (active membership) without touching the cache
      return { csrfToken: cached.csrfToken, actor: { ...cached.actor } };
    },

    async login(ctx: RequestContext, email: string, password: string, meta: { ip?: string; userAgent?: string }) {
      const u = await repo.findUserByEmail(db, email);
      if (!u?.passwordHash || !u.active) {
        dummyHash ??= hash(randomToken());
        await verify(await dummyHash, password).catch(() => false);
        throw invalidCredentials();
      }
      const asUser = { ...ctx, actor: { userId: u.id, email: u.email, sessionId: '', memberships: [], activeMembershipId: null } };
      // a locked account answers like a wrong password (nothing tells an attacker which it was); its owner got an e-mail
      if (u.lockedUntil && u.lockedUntil.getTime() > Date.now()) {
        await verify(u.passwordHash, password).catch(() => false);
        throw invalidCredentials();
      }
      if (!(await verify(u.passwordHash, password).catch(() => false))) {
        const until = new Date(Date.now() + d.loginLock.minutes * 60_000);
        const locked = await db.transaction(async (tx) => {
          const l = await repo.recordFailedLogin(tx, u.id, d.loginLock.threshold, until);
          if (l) {
            await audit.record(tx, asUser, {
              action: 'user.locked',
              entityType: 'user',
              entityId: u.id,
              changes: { reason: 'failed_logins', threshold: d.loginLock.threshold, until: until.toISOString() },
            });
          }
          return l;
        });
        if (locked) {
          await d.mailer
            .send({
              to: u.email,
              subject: 'Province & Comuni: accesso temporaneamente bloccato',
              text:
                `Sono stati inseriti ${d.loginLock.threshold} tentativi di accesso con password errata per il tuo account.\n` +
                `Per proteggerlo, l'accesso con password è bloccato per ${d.loginLock.minutes} minuti.\n\n` +
                `Se non sei stato tu, reimposta la password: ${d.baseUrl}/password/forgot\n`,
            })
            .catch((err: unknown) => d.log.warn({ err }, 'could not send the account lock notice'));
        }
        throw invalidCredentials();
      }
      if (u.failedLogins > 0) await repo.clearFailedLogins(db, u.id);
      const session = await openSession(u.id, meta);
      const [first] = await repo.membershipsOf(db, [u.id]);
      await db.transaction(async (tx) => {
        await audit.record(tx, asUser, {
          action: 'auth.login',
          entityType: 'user',
          entityId: u.id,
          enteId: first?.enteId ?? null,
          changes: { method: 'password' },
        });
      });
      return session;
    },

    async logout(ctx: RequestContext) {
      if (!ctx.actor) return;
      await db.transaction(async (tx) => {
        await repo.revokeSession(tx, ctx.actor!.sessionId);
        sessionCache.delete(ctx.actor!.sessionId);
        await audit.record(tx, ctx, { action: 'auth.logout', entityType: 'user', entityId: ctx.actor!.userId });
      });
    },

    async me(ctx: RequestContext, csrfToken: string) {
      if (!ctx.actor) throw unauthenticated();
      const u = await loadUser(ctx.actor.userId);
      if (!u) throw unauthenticated();
      return { user: present(u.row, u.memberships), activeMembershipId: ctx.actor.activeMembershipId, csrfToken };
    },

    async setActiveMembership(ctx: RequestContext, membershipId: string) {
      if (!ctx.actor) throw unauthenticated();
      if (!ctx.actor.memberships.some((m) => m.id === membershipId)) throw forbidden();
      await repo.setActiveMembership(db, ctx.actor.sessionId, membershipId);
      sessionCache.delete(ctx.actor.sessionId);
      ctx.actor.activeMembershipId = membershipId;
    },

    /** Sends a one-time reset link when the address belongs to an active account; silent otherwise. */
    async requestPasswordReset(ctx: RequestContext, email: string, locale: 'it' | 'en') {
      const u = await repo.findUserByEmail(db, email);
      if (!u?.active) return;
      const token = randomToken();
      await db.transaction(async (tx) => {
        await repo.insertResetToken(tx, { tokenHash: sha256(token), userId: u.id, expiresAt: new Date(Date.now() + RESET_TTL_MINUTES * 60_000) });
        await audit.record(tx, ctx, { action: 'auth.password_reset_requested', entityType: 'user', entityId: u.id });
      });
      const link = `${d.baseUrl}/password/reset?token=${token}`;
      const it = locale === 'it' || u.locale === 'it';
      await d.mailer.send({
        to: u.email,
        subject: it ? 'Province & Comuni — reimpostazione della password' : 'Province & Comuni — password reset',
        text: it
          ? `Gentile ${u.displayName},\n\nper reimpostare la password apra questo link entro ${RESET_TTL_MINUTES} minuti:\n${link}\n\nSe non ha chiesto lei la reimpostazione, ignori questo messaggio.\n`
          : `Dear ${u.displayName},\n\nto reset your password open this link within ${RESET_TTL_MINUTES} minutes:\n${link}\n\nIf you did not ask for it, ignore this message.\n`,
      });
    },

    /** Sets a new password from a reset token and revokes every session of the user. */
    async resetPassword(ctx: RequestContext, token: string, password: string) {
      const passwordHash = await hash(password);
      await db.transaction(async (tx) => {
        const t = await repo.consumeResetToken(tx, sha256(token), new Date());
        if (!t) throw badRequest('invalid_token', 'The link is invalid, already used or expired');
        await repo.setPassword(tx, t.userId, passwordHash);
        await repo.revokeUserSessions(tx, t.userId);
        forgetUser(t.userId);
        await audit.record(tx, ctx, { action: 'auth.password_reset', entityType: 'user', entityId: t.userId });
      });
    },

    oidcEnabled: () => d.oidc !== null,

    async startOidc(redirectTo: string) {
      if (!d.oidc) throw notFound('OpenID Connect provider');
      const s = await d.oidc.start();
      await repo.insertOidcLogin(db, {
        state: s.state,
        codeVerifier: s.codeVerifier,
        nonce: s.nonce,
        redirectTo,
        expiresAt: new Date(Date.now() + 10 * 60_000),
      });
      return s.url;
    },

    /** Completes an OIDC login. Accounts are provisioned by administrators: an unknown identity is refused. */
    async finishOidc(ctx: RequestContext, callbackUrl: URL, meta: { ip?: string; userAgent?: string }) {
      if (!d.oidc) throw notFound('OpenID Connect provider');
      const state = callbackUrl.searchParams.get('state') ?? '';
      const pending = await repo.takeOidcLogin(db, state, new Date());
      if (!pending) throw badRequest('oidc_failed', 'Unknown or expired login attempt');
      let identity;
      try {
        identity = await d.oidc.finish(callbackUrl, pending);
      } catch (err) {
        d.log.warn({ err }, 'OpenID Connect callback failed');
        throw badRequest('oidc_failed', 'The identity provider did not confirm the login');
      }
      let u = await repo.findUserByOidc(db, identity.issuer, identity.subject);
      if (!u && identity.email && identity.emailVerified) {
        u = await repo.findUserByEmail(db, identity.email);
        if (u) await repo.linkOidc(db, u.id, identity.issuer, identity.subject);
      }
      if (!u?.active) throw new AppError(403, 'oidc_not_provisioned', 'No active account for this identity');
      const session = await openSession(u.id, meta);
      const user = u;
      await db.transaction(async (tx) => {
        await audit.record(tx, { ...ctx, actor: { userId: user.id, email: user.email, sessionId: '', memberships: [], activeMembershipId: null } }, {
          action: 'auth.login',
          entityType: 'user',
          entityId: user.id,
          changes: { method: 'oidc', issuer: identity.issuer },
        });
      });
      return { session, redirectTo: pending.redirectTo };
    },

    async listUsers(ctx: RequestContext, q: { q?: string; enteId?: string; page: number; pageSize: number }) {
      authorize(ctx.actor, { type: 'user.list' });
      const actor = ctx.actor!;
      const scope = hasRole(actor, 'upi_admin') ? null : [...entesWithRole(actor, 'ente_admin')];
      const { rows, total } = await repo.listUsers(db, { ...q, enteIds: scope });
      const ms = await repo.membershipsOf(db, rows.map((r) => r.id));
      return { items: rows.map((r) => present(r, ms)), total };
    },

    async getUser(ctx: RequestContext, id: string) {
      const u = await loadUser(id);
      if (!u) {
        authorize(ctx.actor, { type: 'user.list' });
        throw notFound('user');
      }
      authorize(ctx.actor, { type: 'user.read', user: u.resource });
      return present(u.row, u.memberships);
    },

    async createUser(ctx: RequestContext, input: UserCreate) {
      authorize(ctx.actor, { type: 'user.create', enteId: input.membership?.enteId ?? null });
      if (input.membership) {
        const ente = await d.enti.findEnteRef(input.membership.enteId);
        if (!ente) throw badRequest('validation_failed', 'Unknown ente', { issues: [{ path: ['membership', 'enteId'], message: 'unknown ente' }] });
        authorize(ctx.actor, { type: 'membership.create', user: { id: '', memberships: [] }, enteId: ente.id, enteType: ente.type, role: input.membership.role });
      }
      const passwordHash = input.password ? await hash(input.password) : null;
      const id = await db.transaction(async (tx) => {
        const u = await repo.insertUser(tx, { email: input.email.toLowerCase(), displayName: input.displayName, locale: input.locale, passwordHash });
        if (!u) throw conflict('email_taken', 'A user with this e-mail already exists');
        let enteId: string | null = null;
        if (input.membership) {
          await repo.insertMembership(tx, { userId: u.id, ...input.membership });
          enteId = input.membership.enteId;
        }
        await audit.record(tx, ctx, {
          action: 'user.create',
          entityType: 'user',
          entityId: u.id,
          enteId,
          changes: { email: u.email, displayName: u.displayName, locale: u.locale, membership: input.membership ?? null },
        });
        return u.id;
      });
      if (!input.password) await this.requestPasswordReset(ctx, input.email, input.locale);
      return this.getUser(ctx, id);
    },

    async updateUser(ctx: RequestContext, id: string, input: UserUpdate) {
      const u = await loadUser(id);
      if (!u) throw notFound('user');
      authorize(ctx.actor, { type: 'user.update', user: u.resource });
      const { version, ...changes } = input;
      const updated = await db.transaction(async (tx) => {
        const row = await repo.updateUser(tx, id, version, changes);
        if (!row) throw conflict();
        if (changes.active === false) await repo.revokeUserSessions(tx, id);
        forgetUser(id);
        await audit.record(tx, ctx, {
          action: 'user.update',
          entityType: 'user',
          entityId: id,
          enteId: u.memberships[0]?.enteId ?? null,
          changes,
        });
        return row;
      });
      return present(updated, await repo.membershipsOf(db, [id]));
    },

    async addMembership(ctx: RequestContext, userId: string, input: MembershipCreate) {
      const u = await loadUser(userId);
      if (!u) throw notFound('user');
      const ente = await d.enti.findEnteRef(input.enteId);
      if (!ente) throw badRequest('validation_failed', 'Unknown ente', { issues: [{ path: ['enteId'], message: 'unknown ente' }] });
      authorize(ctx.actor, { type: 'membership.create', user: u.resource, enteId: ente.id, enteType: ente.type, role: input.role });
      await db.transaction(async (tx) => {
        const m = await repo.insertMembership(tx, { userId, ...input });
        forgetUser(userId);
        if (!m) throw conflict('membership_exists', 'The user already has this role on this ente');
        await audit.record(tx, ctx, { action: 'membership.create', entityType: 'membership', entityId: m.id, enteId: ente.id, changes: { userId, role: input.role } });
      });
      return this.getUser(ctx, userId);
    },

    async removeMembership(ctx: RequestContext, userId: string, membershipId: string) {
      const u = await loadUser(userId);
      const m = u && (await repo.findMembership(db, userId, membershipId));
      if (!u || !m) {
        authorize(ctx.actor, { type: 'user.list' });
        throw notFound('membership');
      }
      authorize(ctx.actor, { type: 'membership.delete', user: u.resource, enteId: m.enteId, role: m.role });
      await db.transaction(async (tx) => {
        await repo.deleteMembership(tx, membershipId);
        forgetUser(userId);
        await audit.record(tx, ctx, { action: 'membership.delete', entityType: 'membership', entityId: membershipId, enteId: m.enteId, changes: { userId, role: m.role } });
      });
    },
  };
}
export type IdentityService = ReturnType<typeof createIdentityService>;
