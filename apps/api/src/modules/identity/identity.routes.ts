import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ActiveMembershipSchema,
  AuthProvidersSchema,
  ErrorSchema,
  IdParamsSchema,
  LoginSchema,
  MeSchema,
  MembershipCreateSchema,
  PasswordForgotSchema,
  PasswordResetSchema,
  UserCreateSchema,
  UserListQuerySchema,
  UserListSchema,
  UserMembershipParamsSchema,
  UserSchema,
  UserUpdateSchema,
} from '@app/contracts';
import { AppError } from '../../lib/errors.js';
import type { IdentityService, NewSession } from './identity.service.js';

export const SESSION_COOKIE = 'pc_session';

export interface IdentityRouteOptions {
  service: IdentityService;
  cookieSecure: boolean;
  sessionTtlHours: number;
  oidcLabel: string;
  authRateLimit: number;
}

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 429: ErrorSchema };

/** A redirect target inside the platform only (no open redirects). */
const safeRedirect = (v: unknown) => (typeof v === 'string' && /^\/(?!\/)[\w\-/?=&%.]*$/.test(v) ? v : '/');

export async function identityRoutes(app: FastifyInstance, o: IdentityRouteOptions) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = o.service;
  const setSession = (reply: FastifyReply, session: NewSession) =>
    reply.setCookie(SESSION_COOKIE, session.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: o.cookieSecure,
      maxAge: 7 * 86_400,
    });
  const authLimit = {
    rateLimit: {
      max: o.authRateLimit,
      timeWindow: '15 minutes',
      hook: 'preHandler' as const,
      keyGenerator: (req: { ip: string; body?: unknown }) => {
        const email = (req.body as { email?: unknown } | undefined)?.email;
        return `${req.ip}|${typeof email === 'string' ? email.toLowerCase() : ''}`;
      },
    },
  };
  const meta = (req: { ip: string; headers: Record<string, unknown> }) => ({
    ip: req.ip,
    userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : undefined,
  });

  r.get('/auth/providers', {
    schema: { tags: ['auth'], summary: 'Sign-in methods available', response: { 200: AuthProvidersSchema } },
  }, async () => ({ password: true, oidc: s.oidcEnabled(), oidcLabel: s.oidcEnabled() ? o.oidcLabel : null }));

  r.post('/auth/login', {
    config: authLimit,
    schema: { tags: ['auth'], summary: 'Log in with e-mail and password; sets the session cookie', body: LoginSchema, response: { 200: MeSchema, ...errors } },
  }, async (req, reply) => {
    const session = await s.login(req.ctx, req.body.email, req.body.password, meta(req));
    setSession(reply, session);
    const auth = await s.authenticate(session.token);
    return s.me({ ...req.ctx, actor: auth!.actor }, session.csrfToken);
  });

  r.post('/auth/logout', {
    schema: { tags: ['auth'], summary: 'Log out: revokes the session', response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await s.logout(req.ctx);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  r.get('/auth/me', {
    schema: { tags: ['auth'], summary: 'The signed-in user, memberships and CSRF token', response: { 200: MeSchema, ...errors } },
  }, async (req) => s.me(req.ctx, req.csrfToken ?? ''));

  r.post('/auth/active-membership', {
    schema: { tags: ['auth'], summary: 'Switch the active ente (membership) of the session', body: ActiveMembershipSchema, response: { 200: MeSchema, ...errors } },
  }, async (req) => {
    await s.setActiveMembership(req.ctx, req.body.membershipId);
    return s.me(req.ctx, req.csrfToken ?? '');
  });

  r.post('/auth/password/forgot', {
    config: authLimit,
    schema: { tags: ['auth'], summary: 'Send a one-time password reset link (always 202)', body: PasswordForgotSchema, response: { 202: z.null(), ...errors } },
  }, async (req, reply) => {
    const locale = req.headers['accept-language']?.startsWith('en') ? 'en' : 'it';
    await s.requestPasswordReset(req.ctx, req.body.email, locale);
    return reply.code(202).send(null);
  });

  r.post('/auth/password/reset', {
    config: authLimit,
    schema: { tags: ['auth'], summary: 'Set a new password with a reset token', body: PasswordResetSchema, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await s.resetPassword(req.ctx, req.body.token, req.body.password);
    return reply.code(204).send(null);
  });

  r.get('/auth/oidc/login', {
    schema: { tags: ['auth'], summary: 'Start single sign-on (redirects to the identity provider)', querystring: z.object({ redirect: z.string().max(200).optional() }) },
  }, async (req, reply) => reply.redirect(await s.startOidc(safeRedirect(req.query.redirect))));

  r.get('/auth/oidc/callback', {
    schema: { tags: ['auth'], summary: 'Single sign-on callback', hide: true },
  }, async (req, reply) => {
    const url = new URL(req.url, `${req.protocol}://${req.host}`);
    try {
      const { session, redirectTo } = await s.finishOidc(req.ctx, url, meta(req));
      setSession(reply, session);
      return reply.redirect(redirectTo);
    } catch (err) {
      if (err instanceof AppError) return reply.redirect(`/login?error=${err.code}`);
      throw err;
    }
  });

  r.get('/users', {
    schema: { tags: ['users'], summary: 'List users (administrators)', querystring: UserListQuerySchema, response: { 200: UserListSchema, ...errors } },
  }, async (req) => s.listUsers(req.ctx, req.query));

  r.post('/users', {
    schema: { tags: ['users'], summary: 'Create a user', body: UserCreateSchema, response: { 201: UserSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.createUser(req.ctx, req.body)));

  r.get('/users/:id', {
    schema: { tags: ['users'], summary: 'A user with memberships', params: IdParamsSchema, response: { 200: UserSchema, ...errors } },
  }, async (req) => s.getUser(req.ctx, req.params.id));

  r.patch('/users/:id', {
    schema: { tags: ['users'], summary: 'Update a user (optimistic concurrency on version)', params: IdParamsSchema, body: UserUpdateSchema, response: { 200: UserSchema, ...errors } },
  }, async (req) => s.updateUser(req.ctx, req.params.id, req.body));

  r.post('/users/:id/memberships', {
    schema: { tags: ['users'], summary: 'Give a user a role on an ente', params: IdParamsSchema, body: MembershipCreateSchema, response: { 201: UserSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.addMembership(req.ctx, req.params.id, req.body)));

  r.delete('/users/:id/memberships/:membershipId', {
    schema: { tags: ['users'], summary: 'Remove a membership', params: UserMembershipParamsSchema, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await s.removeMembership(req.ctx, req.params.id, req.params.membershipId);
    return reply.code(204).send(null);
  });
}
