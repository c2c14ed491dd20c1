import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Actor, RequestContext } from '../lib/actor.js';
import { AppError } from '../lib/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Actor and request id, passed to services. */
    ctx: RequestContext;
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** false: the route is authorised by a signature in its URL, not by the session (one-click unsubscribe). */
    csrf?: boolean;
  }
}

export interface AuthPluginOptions {
  cookieName: string;
  authenticate(token: string | undefined): Promise<{ actor: Actor; csrfToken: string } | null>;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the session cookie into `request.ctx.actor` and enforces CSRF protection:
 * a mutating API request must carry `X-Requested-With` or `X-CSRF-Token` equal to the
 * session's token. Browsers cannot add either header cross-site without CORS, which is off.
 */
export const authPlugin = fp(async (app: FastifyInstance, o: AuthPluginOptions) => {
  app.decorateRequest('ctx', null as unknown as RequestContext);
  app.decorateRequest('csrfToken', null);
  app.addHook('onRequest', async (req) => {
    req.ctx = { actor: null, requestId: req.id };
    if (!req.url.startsWith('/api/')) return;
    const auth = await o.authenticate(req.cookies[o.cookieName]);
    if (auth) {
      req.ctx.actor = auth.actor;
      req.csrfToken = auth.csrfToken;
    }
    if (!SAFE.has(req.method) && req.routeOptions.config?.csrf !== false) {
      const xrw = req.headers['x-requested-with'];
      const token = req.headers['x-csrf-token'];
      const ok = (typeof xrw === 'string' && xrw.length > 0) || (auth !== null && typeof token === 'string' && token === auth.csrfToken);
      if (!ok) throw new AppError(403, 'csrf_failed', 'Missing X-Requested-With or X-CSRF-Token header');
    }
  });
});
