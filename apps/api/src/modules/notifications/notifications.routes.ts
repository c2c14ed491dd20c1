import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ErrorSchema,
  IdParamsSchema,
  NotificationListSchema,
  NotificationPreferenceListSchema,
  NotificationPreferencesUpdateSchema,
  NotificationQuerySchema,
  UnreadCountSchema,
  UnsubscribeQuerySchema,
} from '@app/contracts';
import { badRequest } from '../../lib/errors.js';
import { WEB_PAGES, type NotificationsService } from './notifications.service.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const tags = ['notifications'];

export async function notificationsRoutes(app: FastifyInstance, o: { service: NotificationsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = o.service;

  // one-click unsubscribe (RFC 8058) posts `List-Unsubscribe=One-Click` as a form: the signed query is what counts
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_req, body, done) => done(null, body));

  r.get('/notifications', {
    schema: { tags, summary: "The caller's notifications, newest first", querystring: NotificationQuerySchema, response: { 200: NotificationListSchema, ...errors } },
  }, async (req) => s.list(req.ctx, req.query));
  r.get('/notifications/unread-count', {
    schema: { tags, summary: 'How many notifications the caller has not read (the bell)', response: { 200: UnreadCountSchema, ...errors } },
  }, async (req) => s.unreadCount(req.ctx));
  r.post('/notifications/read-all', {
    schema: { tags, summary: "Marks all the caller's notifications read", response: { 200: UnreadCountSchema, ...errors } },
  }, async (req) => s.markAllRead(req.ctx));
  r.post('/notifications/:id/read', {
    schema: { tags, summary: 'Marks one notification read', params: IdParamsSchema, response: { 200: UnreadCountSchema, ...errors } },
  }, async (req) => s.markRead(req.ctx, req.params.id));
  r.get('/notifications/preferences', {
    schema: { tags, summary: "The caller's choices for every event type (in-app, e-mail)", response: { 200: NotificationPreferenceListSchema, ...errors } },
  }, async (req) => s.preferences(req.ctx));
  r.put('/notifications/preferences', {
    schema: { tags, summary: "Changes the caller's choices for some event types", body: NotificationPreferencesUpdateSchema, response: { 200: NotificationPreferenceListSchema, ...errors } },
  }, async (req) => s.updatePreferences(req.ctx, req.body));

  r.get('/notifications/unsubscribe', {
    schema: { tags, summary: 'Signed link of an e-mail footer: turns off e-mails of one event type, then shows the confirmation page', querystring: UnsubscribeQuerySchema, response: { 303: z.null(), ...errors } },
  }, async (req, reply) => {
    const ok = await s.unsubscribe(req.ctx, req.query);
    const q = new URLSearchParams({ type: req.query.type, ok: ok ? '1' : '0' });
    return reply.code(303).header('location', `${WEB_PAGES.unsubscribed}?${q.toString()}`).send(null);
  });
  r.post('/notifications/unsubscribe', {
    config: { csrf: false },
    schema: { tags, summary: 'One-click unsubscribe (RFC 8058) of a signed link', querystring: UnsubscribeQuerySchema, response: { 200: z.object({ unsubscribed: z.literal(true) }), ...errors } },
  }, async (req) => {
    if (!(await s.unsubscribe(req.ctx, req.query))) throw badRequest('invalid_link', 'The unsubscribe link is not valid');
    return { unsubscribed: true as const };
  });
}
