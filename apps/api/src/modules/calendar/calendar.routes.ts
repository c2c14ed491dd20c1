import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CalendarFeedQuerySchema,
  CalendarFeedTokenSchema,
  CalendarItemListSchema,
  CalendarQuerySchema,
  ErrorSchema,
} from '@app/contracts';
import type { CalendarService } from './calendar.service.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const tags = ['calendar'];

export async function calendarRoutes(app: FastifyInstance, o: { service: CalendarService; feedRateLimit?: number }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = o.service;

  r.get(
    '/calendar/items',
    {
      schema: {
        tags,
        summary: "The caller's dated items between two days (at most 400 days)",
        querystring: CalendarQuerySchema,
        response: { 200: CalendarItemListSchema, ...errors },
      },
    },
    async (req) => s.list(req.ctx, req.query),
  );

  r.get(
    '/calendar/feed-token',
    {
      schema: {
        tags,
        summary: "The private address of the caller's iCalendar feed (created on first request)",
        response: { 200: CalendarFeedTokenSchema, ...errors },
      },
    },
    async (req) => s.feedToken(req.ctx),
  );

  r.post(
    '/calendar/feed-token/reset',
    {
      schema: {
        tags,
        summary: 'A new private address; the old one stops working',
        response: { 200: CalendarFeedTokenSchema, ...errors },
      },
    },
    async (req) => s.resetFeedToken(req.ctx),
  );

  r.delete(
    '/calendar/feed-token',
    {
      schema: {
        tags,
        summary: 'Revokes the private address of the feed',
        response: { 204: z.null().describe('Revoked'), ...errors },
      },
    },
    async (req, reply) => {
      await s.revokeFeedToken(req.ctx);
      return reply.code(204).send(null);
    },
  );

  // no session: calendar programs fetch it with the private token of the address
  r.get(
    '/calendar/feed.ics',
    {
      config: { rateLimit: { max: o.feedRateLimit ?? 120, timeWindow: '1 minute' } },
      schema: {
        tags,
        summary: "The iCalendar (RFC 5545) feed of the token's user",
        querystring: CalendarFeedQuerySchema,
        response: { 200: z.string().describe('text/calendar (RFC 5545)'), 400: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req, reply) => {
      const text = await s.feed(req.query.token);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'inline; filename="province-e-comuni.ics"')
        .header('cache-control', 'private, max-age=300')
        .serializer((x: unknown) => String(x))
        .send(text);
    },
  );
}
