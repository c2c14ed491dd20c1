import { z } from 'zod';

/** Longest comment, in characters of Markdown. */
export const COMMENT_MAX_LENGTH = 10_000;

const recordType = z.string().min(1).max(50).regex(/^[a-z][a-z0-9_.-]*$/, 'Invalid record type');

/** The record whose comments are read or written. */
export const CommentRecordQuerySchema = z.object({ recordType, recordId: z.uuid() });
export type CommentRecordQuery = z.infer<typeof CommentRecordQuerySchema>;

export const CommentCreateSchema = z.object({
  recordType,
  recordId: z.uuid(),
  body: z.string().trim().min(1, 'Write the comment').max(COMMENT_MAX_LENGTH),
  /** The people mentioned, as chosen from the suggestions. */
  mentions: z.array(z.uuid()).max(50).default([]),
});
export type CommentCreate = z.input<typeof CommentCreateSchema>;

export const CommentUpdateSchema = z.object({
  body: z.string().trim().min(1, 'Write the comment').max(COMMENT_MAX_LENGTH),
  mentions: z.array(z.uuid()).max(50).default([]),
});
export type CommentUpdate = z.input<typeof CommentUpdateSchema>;

export const SubscriptionLevelSchema = z.enum(['watching', 'muted', 'none']);
export const CommentSubscriptionInputSchema = z.object({ recordType, recordId: z.uuid(), level: SubscriptionLevelSchema });
export const CommentSubscriptionSchema = z.object({ subscription: z.enum(['watching', 'muted']).nullable() });

const PersonRefSchema = z.object({ id: z.uuid(), displayName: z.string() });

export const CommentSchema = z.object({
  id: z.uuid(),
  author: PersonRefSchema,
  bodyHtml: z.string(),
  /** The Markdown, for its author to edit. */
  body: z.string().optional(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  deleted: z.boolean(),
  canEdit: z.boolean(),
  canDelete: z.boolean(),
  attachments: z.array(z.object({ id: z.uuid(), title: z.string(), mediaType: z.string(), size: z.number() })),
  mentions: z.array(PersonRefSchema),
});
export type Comment = z.infer<typeof CommentSchema>;

export const CommentListSchema = z.object({
  items: z.array(CommentSchema),
  total: z.number(),
  subscription: z.enum(['watching', 'muted']).nullable(),
  /** Whether the caller may write a comment. */
  canComment: z.boolean(),
});
export type CommentList = z.infer<typeof CommentListSchema>;

export const CommentRevisionListSchema = z.object({
  items: z.array(z.object({ id: z.uuid(), body: z.string(), bodyHtml: z.string(), replacedAt: z.string(), editedBy: PersonRefSchema.nullable() })),
});
export type CommentRevisionList = z.infer<typeof CommentRevisionListSchema>;

export const MentionableQuerySchema = CommentRecordQuerySchema.extend({ q: z.string().trim().max(100).default('') });
export const MentionableListSchema = z.object({ items: z.array(PersonRefSchema) });
export type MentionableList = z.infer<typeof MentionableListSchema>;

export const CommentPreviewInputSchema = z.object({ body: z.string().max(COMMENT_MAX_LENGTH) });
export const CommentPreviewSchema = z.object({ html: z.string() });
