import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  CommentCreateSchema,
  CommentListSchema,
  CommentPreviewInputSchema,
  CommentPreviewSchema,
  CommentRecordQuerySchema,
  CommentRevisionListSchema,
  CommentSchema,
  CommentSubscriptionInputSchema,
  CommentSubscriptionSchema,
  CommentUpdateSchema,
  ErrorSchema,
  IdParamsSchema,
  MentionableListSchema,
  MentionableQuerySchema,
} from '@app/contracts';
import type { CommentsService } from './comments.service.js';

const errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema };
const tags = ['comments'];

export async function commentsRoutes(app: FastifyInstance, o: { service: CommentsService }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const s = o.service;

  r.get('/comments', {
    schema: { tags, summary: 'Comments of a record', querystring: CommentRecordQuerySchema, response: { 200: CommentListSchema, ...errors } },
  }, async (req) => s.list(req.ctx, req.query));
  r.get('/comments/mentionable', {
    schema: { tags, summary: 'People who may be mentioned in a comment on the record (up to 10)', querystring: MentionableQuerySchema, response: { 200: MentionableListSchema, ...errors } },
  }, async (req) => s.mentionable(req.ctx, req.query));
  r.post('/comments', {
    schema: { tags, summary: 'Writes a comment (Markdown) on a record', body: CommentCreateSchema, response: { 201: CommentSchema, ...errors } },
  }, async (req, reply) => reply.code(201).send(await s.create(req.ctx, req.body)));
  r.post('/comments/preview', {
    schema: { tags, summary: 'Renders Markdown as a comment would show it', body: CommentPreviewInputSchema, response: { 200: CommentPreviewSchema, ...errors } },
  }, async (req) => s.preview(req.ctx, req.body.body));
  r.patch('/comments/:id', {
    schema: { tags, summary: 'Edits one of my comments (the previous text is kept)', params: IdParamsSchema, body: CommentUpdateSchema, response: { 200: CommentSchema, ...errors } },
  }, async (req) => s.update(req.ctx, req.params.id, req.body));
  r.get('/comments/:id/revisions', {
    schema: { tags, summary: 'Earlier texts of a comment', params: IdParamsSchema, response: { 200: CommentRevisionListSchema, ...errors } },
  }, async (req) => s.revisions(req.ctx, req.params.id));
  r.delete('/comments/:id', {
    schema: { tags, summary: 'Deletes a comment (author, moderator of the record, UPI)', params: IdParamsSchema, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await s.remove(req.ctx, req.params.id);
    return reply.code(204).send(null);
  });
  r.put('/comments/subscription', {
    schema: { tags, summary: "Follows, mutes or forgets a record's comments", body: CommentSubscriptionInputSchema, response: { 200: CommentSubscriptionSchema, ...errors } },
  }, async (req) => s.setSubscription(req.ctx, req.body));
}
