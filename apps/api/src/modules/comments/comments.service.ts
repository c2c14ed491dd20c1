import type { Db, DbOrTx } from '@app/db';
import type {
  Comment,
  CommentList,
  CommentRevisionList,
  MentionableList,
} from '@app/contracts';
import type { RequestContext } from '../../lib/actor.js';
import { badRequest, notFound, unauthenticated, forbidden } from '../../lib/errors.js';
import type { RecordAccess, RecordRegistry } from '../../lib/records.js';
import type { AuditService } from '../audit/audit.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import type { SearchEntry, SearchService } from '../search/search.service.js';
import { can } from './comments.policy.js';
import { plainText, renderMarkdown } from './comments.markdown.js';
import type { CommentRow, CommentsRepository } from './comments.repository.js';

export interface CommentsDeps {
  db: Db;
  repo: CommentsRepository;
  audit: AuditService;
  records: RecordRegistry;
  notifications: NotificationsService;
  search: SearchService;
}

/** Where a bad field came from: the query string (reads) or the body (writes). */
type Where = 'querystring' | 'body';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const invalid = (path: string, message: string) => badRequest('validation_failed', 'Invalid input', { issues: [{ path, message }] });
const EXCERPT = 280;
const excerpt = (text: string) => (text.length > EXCERPT ? `${text.slice(0, EXCERPT - 1)}…` : text);
export const COMMENT_ANCHOR = (id: string) => `#commento-${id}`;

/**
 * Comments on any record whose type allows them: Markdown rendered sanitized, mentions of people who may see
 * the record, files through the document service (owner type `comment`), edits with history, deletion by the
 * author or a moderator, followers told of new comments.
 */
export function createCommentsService(d: CommentsDeps) {
  const { db, repo, audit, records, notifications, search } = d;

  notifications.defineEvent('comments.mention', {
    module: 'comments',
    label: { it: 'Qualcuno ti menziona in un commento', en: 'Someone mentions you in a comment' },
    defaults: { inApp: true, email: 'immediate' },
    render: (p, locale) =>
      locale === 'en'
        ? { title: `${String(p.authorName)} mentioned you on “${String(p.recordTitle)}”`, body: String(p.excerpt ?? '') }
        : { title: `${String(p.authorName)} ti ha menzionato in «${String(p.recordTitle)}»`, body: String(p.excerpt ?? '') },
  });
  notifications.defineEvent('comments.new', {
    module: 'comments',
    label: { it: 'Nuovi commenti su ciò che segui', en: 'New comments on what you follow' },
    defaults: { inApp: true, email: 'daily' },
    render: (p, locale) =>
      locale === 'en'
        ? { title: `New comment by ${String(p.authorName)} on “${String(p.recordTitle)}”`, body: String(p.excerpt ?? '') }
        : { title: `Nuovo commento di ${String(p.authorName)} su «${String(p.recordTitle)}»`, body: String(p.excerpt ?? '') },
  });

  /** The caller's access to a commentable record: 400 for a type without comments, 404 when it may not be seen. */
  async function recordAccess(ctx: RequestContext, recordType: string, recordId: string, where: Where): Promise<RecordAccess> {
    if (!ctx.actor) throw unauthenticated();
    if (!records.get(recordType)?.commentable) throw invalid(`${where}.recordType`, `Records of type "${recordType}" take no comments`);
    const access = await records.access(ctx, recordType, recordId);
    if (!access?.read) throw notFound('record');
    return access;
  }

  /** A comment and the caller's access to its record; 404 when either may not be seen. */
  async function loadComment(ctx: RequestContext, id: string) {
    if (!ctx.actor) throw unauthenticated();
    const c = UUID.test(id) ? await repo.find(db, id) : null;
    if (!c) throw notFound('comment');
    const access = records.get(c.recordType)?.commentable ? await records.access(ctx, c.recordType, c.recordId) : null;
    if (!can(ctx.actor, 'read', { record: access })) throw notFound('comment');
    return { c, access: access! };
  }

  const target = (access: RecordAccess, c: CommentRow) => ({ record: access, comment: { authorId: c.authorId, deleted: c.deletedAt !== null } });

  /** Mentioned users split by whether they may see the record; unknown ids are refused. */
  async function checkMentions(tx: DbOrTx, ids: string[], recordType: string, recordId: string, path: string) {
    const unique = [...new Set(ids)];
    const known = await repo.existingUsers(tx, unique);
    const unknownAt = ids.findIndex((id) => !known.has(id));
    if (unknownAt >= 0) throw invalid(`${path}.${unknownAt}`, 'No such user');
    const out: { userId: string; notified: boolean }[] = [];
    for (const userId of unique) out.push({ userId, notified: await records.userCanRead(tx, userId, recordType, recordId) });
    return out;
  }

  /** The index entry of a live comment; null when its record has no audience (then it is not searchable). */
  async function searchEntry(tx: DbOrTx, c: Pick<CommentRow, 'id' | 'recordType' | 'recordId' | 'enteId' | 'body'>): Promise<SearchEntry | null> {
    const aud = await records.audience(tx, c.recordType, c.recordId);
    if (!aud || aud.length === 0) return null;
    const desc = await records.describe(tx, c.recordType, c.recordId);
    return {
      kind: 'comment',
      refId: c.id,
      ownerType: c.recordType,
      ownerId: c.recordId,
      title: desc?.title ?? 'Commento',
      body: plainText(c.body),
      url: `${desc?.url ?? ''}${COMMENT_ANCHOR(c.id)}`,
      enteId: c.enteId,
      audience: aud,
    };
  }

  async function index(tx: DbOrTx, c: Pick<CommentRow, 'id' | 'recordType' | 'recordId' | 'enteId' | 'body'>) {
    const entry = await searchEntry(tx, c);
    if (entry) await search.upsert(tx, entry);
    else await search.remove(tx, 'comment', c.id);
  }

  async function authorName(tx: DbOrTx, userId: string): Promise<string> {
    const rows = await repo.usersNames(tx, [userId]);
    return rows.get(userId) ?? '';
  }

  /** Tells the mentioned readers, then the followers and stakeholders who were not mentioned. */
  async function tell(
    tx: DbOrTx,
    ctx: RequestContext,
    c: CommentRow,
    mentioned: string[],
    followers: boolean,
  ) {
    const authorId = ctx.actor!.userId;
    const desc = await records.describe(tx, c.recordType, c.recordId);
    const params = { authorName: await authorName(tx, authorId), recordTitle: desc?.title ?? 'Commento', excerpt: excerpt(plainText(c.body)) };
    const url = `${desc?.url ?? ''}${COMMENT_ANCHOR(c.id)}`;
    const record = { type: c.recordType, id: c.recordId };
    const mentionRecipients = mentioned.filter((u) => u !== authorId);
    await notifications.publish(tx, { type: 'comments.mention', recipients: mentionRecipients, actorId: authorId, record, url, params });
    if (!followers) return;
    const subs = await repo.subscriptions(tx, c.recordType, c.recordId);
    const muted = new Set(subs.filter((s) => s.level === 'muted').map((s) => s.userId));
    const stakeholders = (await records.get(c.recordType)?.stakeholders?.(tx, c.recordId)) ?? [];
    const skip = new Set([...muted, authorId, ...mentionRecipients]);
    const recipients = [...new Set([...subs.filter((s) => s.level === 'watching').map((s) => s.userId), ...stakeholders])].filter((u) => !skip.has(u));
    await notifications.publish(tx, { type: 'comments.new', recipients, actorId: authorId, record, url, params });
  }

  function present(
    ctx: RequestContext,
    access: RecordAccess,
    row: { c: CommentRow; authorName: string },
    mentions: { userId: string; displayName: string }[],
    attachments: Comment['attachments'],
  ): Comment {
    const { c } = row;
    const deleted = c.deletedAt !== null;
    const canEdit = can(ctx.actor, 'edit', target(access, c));
    return {
      id: c.id,
      author: { id: c.authorId, displayName: row.authorName },
      bodyHtml: deleted ? '' : c.bodyHtml,
      ...(canEdit ? { body: c.body } : {}),
      createdAt: c.createdAt.toISOString(),
      editedAt: c.editedAt?.toISOString() ?? null,
      deleted,
      canEdit,
      canDelete: can(ctx.actor, 'delete', target(access, c)),
      attachments: deleted ? [] : attachments,
      mentions: deleted ? [] : mentions.map((m) => ({ id: m.userId, displayName: m.displayName })),
    };
  }

  return {
    /** The comments of a record, oldest first, with the caller's rights on each. */
    async list(ctx: RequestContext, q: { recordType: string; recordId: string }): Promise<CommentList> {
      const access = await recordAccess(ctx, q.recordType, q.recordId, 'querystring');
      const rows = await repo.listForRecord(db, q.recordType, q.recordId);
      const ids = rows.map((r) => r.c.id);
      const mentions = await repo.mentionsOf(db, ids);
      const attachments = await repo.attachmentsOf(db, ids);
      const items = rows.map((r) =>
        present(
          ctx,
          access,
          r,
          mentions.filter((m) => m.commentId === r.c.id),
          attachments.filter((a) => a.commentId === r.c.id).map(({ id, title, mediaType, size }) => ({ id, title, mediaType, size: Number(size) })),
        ),
      );
      const subscription = await repo.subscription(db, ctx.actor!.userId, q.recordType, q.recordId);
      return { items, total: items.length, subscription, canComment: can(ctx.actor, 'create', { record: access }) };
    },

    async create(ctx: RequestContext, input: { recordType: string; recordId: string; body: string; mentions: string[] }): Promise<Comment> {
      const access = await recordAccess(ctx, input.recordType, input.recordId, 'body');
      if (!can(ctx.actor, 'create', { record: access })) throw forbidden();
      const actor = ctx.actor!;
      // the record types answer access on their own connection: asked before the transaction
      const mentions = await checkMentions(db, input.mentions, input.recordType, input.recordId, 'body.mentions');
      const id = await db.transaction(async (tx) => {
        const c = await repo.insert(tx, {
          recordType: input.recordType,
          recordId: input.recordId,
          enteId: access.enteId,
          authorId: actor.userId,
          body: input.body,
          bodyHtml: renderMarkdown(input.body),
        });
        await repo.insertMentions(tx, mentions.map((m) => ({ commentId: c.id, ...m })));
        const readers = mentions.filter((m) => m.notified).map((m) => m.userId);
        await repo.watch(tx, [actor.userId, ...readers], c.recordType, c.recordId);
        await audit.record(tx, ctx, {
          action: 'comment.create',
          entityType: 'comment',
          entityId: c.id,
          enteId: c.enteId,
          changes: { recordType: c.recordType, recordId: c.recordId, body: c.body, mentions: mentions },
        });
        await index(tx, c);
        await tell(tx, ctx, c, readers, true);
        await records.get(c.recordType)?.onComment?.(tx, { commentId: c.id, recordType: c.recordType, recordId: c.recordId, authorId: actor.userId, body: c.body }, ctx);
        return c.id;
      });
      return this.get(ctx, id);
    },

    /** One comment as the list shows it. */
    async get(ctx: RequestContext, id: string): Promise<Comment> {
      const { c, access } = await loadComment(ctx, id);
      const rows = await repo.listForRecord(db, c.recordType, c.recordId);
      const row = rows.find((r) => r.c.id === id)!;
      const mentions = await repo.mentionsOf(db, [id]);
      const attachments = await repo.attachmentsOf(db, [id]);
      return present(ctx, access, row, mentions, attachments.map(({ id: aid, title, mediaType, size }) => ({ id: aid, title, mediaType, size: Number(size) })));
    },

    /** The author changes the text; the previous one is kept, newly mentioned readers are told. */
    async update(ctx: RequestContext, id: string, input: { body: string; mentions: string[] }): Promise<Comment> {
      const { c, access } = await loadComment(ctx, id);
      if (!can(ctx.actor, 'edit', target(access, c))) throw forbidden();
      const actor = ctx.actor!;
      const mentions = await checkMentions(db, input.mentions, c.recordType, c.recordId, 'body.mentions');
      await db.transaction(async (tx) => {
        const before = new Set((await repo.mentionsOf(tx, [c.id])).map((m) => m.userId));
        const wanted = new Set(mentions.map((m) => m.userId));
        await repo.deleteMentions(tx, c.id, [...before].filter((u) => !wanted.has(u)));
        const added = mentions.filter((m) => !before.has(m.userId));
        await repo.insertMentions(tx, added.map((m) => ({ commentId: c.id, ...m })));
        await repo.insertRevision(tx, { commentId: c.id, body: c.body, editedBy: actor.userId });
        const updated = { ...c, body: input.body, bodyHtml: renderMarkdown(input.body), editedAt: new Date() };
        await repo.update(tx, c.id, { body: updated.body, bodyHtml: updated.bodyHtml, editedAt: updated.editedAt });
        const readers = added.filter((m) => m.notified).map((m) => m.userId);
        await repo.watch(tx, readers, c.recordType, c.recordId);
        await audit.record(tx, ctx, {
          action: 'comment.update',
          entityType: 'comment',
          entityId: c.id,
          enteId: c.enteId,
          changes: { from: c.body, to: input.body, mentions: mentions },
        });
        await index(tx, updated);
        await tell(tx, ctx, updated, readers, false);
      });
      return this.get(ctx, id);
    },

    /** The earlier texts of a comment (not of a deleted one, whose text is kept for the audit only). */
    async revisions(ctx: RequestContext, id: string): Promise<CommentRevisionList> {
      const { c } = await loadComment(ctx, id);
      if (c.deletedAt) return { items: [] };
      const rows = await repo.revisions(db, id);
      return {
        items: rows.map((r) => ({
          id: r.id,
          body: r.body,
          bodyHtml: renderMarkdown(r.body),
          replacedAt: r.replacedAt.toISOString(),
          editedBy: r.editorId ? { id: r.editorId, displayName: r.editorName ?? '' } : null,
        })),
      };
    },

    /** Leaves a placeholder: the text leaves the list and the search, and is kept as a revision for the audit. */
    async remove(ctx: RequestContext, id: string): Promise<void> {
      const { c, access } = await loadComment(ctx, id);
      if (!can(ctx.actor, 'delete', target(access, c))) throw forbidden();
      const actor = ctx.actor!;
      await db.transaction(async (tx) => {
        await repo.insertRevision(tx, { commentId: c.id, body: c.body, editedBy: actor.userId });
        await repo.update(tx, c.id, { body: '', bodyHtml: '', deletedAt: new Date(), deletedBy: actor.userId });
        await audit.record(tx, ctx, {
          action: 'comment.delete',
          entityType: 'comment',
          entityId: c.id,
          enteId: c.enteId,
          changes: { recordType: c.recordType, recordId: c.recordId, byAuthor: c.authorId === actor.userId },
        });
        await search.remove(tx, 'comment', c.id);
        // its files leave the search with it (they stay in the document store for the record)
        await search.removeByOwner(tx, 'comment', c.id);
      });
    },

    /** The HTML a comment with this Markdown would show (signed-in callers). */
    preview(ctx: RequestContext, body: string): { html: string } {
      if (!ctx.actor) throw unauthenticated();
      return { html: renderMarkdown(body) };
    },

    /** Follow, mute or forget a record's comments. */
    async setSubscription(ctx: RequestContext, input: { recordType: string; recordId: string; level: 'watching' | 'muted' | 'none' }) {
      const access = await recordAccess(ctx, input.recordType, input.recordId, 'body');
      const actor = ctx.actor!;
      const level = input.level === 'none' ? null : input.level;
      await db.transaction(async (tx) => {
        await repo.setSubscription(tx, actor.userId, input.recordType, input.recordId, level);
        await audit.record(tx, ctx, {
          action: 'comment.subscription',
          entityType: input.recordType,
          entityId: input.recordId,
          enteId: access.enteId,
          changes: { level: input.level },
        });
      });
      return { subscription: level };
    },

    /** Up to 10 active people whose name or e-mail starts with the text and who may see the record. */
    async mentionable(ctx: RequestContext, q: { recordType: string; recordId: string; q: string }): Promise<MentionableList> {
      await recordAccess(ctx, q.recordType, q.recordId, 'querystring');
      const items: MentionableList['items'] = [];
      const candidates = await repo.usersByPrefix(db, q.q, 50);
      for (const u of candidates) {
        if (items.length >= 10) break;
        if (await records.userCanRead(db, u.id, q.recordType, q.recordId)) items.push(u);
      }
      return { items };
    },

    /** Registers the `comment` record type (files attached to comments) and the search source of comments. */
    register() {
      records.register('comment', {
        access: async (ctx, id) => {
          const c = await repo.find(db, id);
          if (!c || !records.get(c.recordType)?.commentable) return null;
          const parent = await records.access(ctx, c.recordType, c.recordId);
          if (!parent?.read) return { enteId: c.enteId, read: false, write: false };
          return { enteId: c.enteId, read: true, write: c.deletedAt === null && c.authorId === ctx.actor?.userId };
        },
        audience: async (tx, id) => {
          const c = await repo.find(tx, id);
          return c ? records.audience(tx, c.recordType, c.recordId) : null;
        },
        describe: async (tx, id) => {
          const c = await repo.find(tx, id);
          const desc = c ? await records.describe(tx, c.recordType, c.recordId) : null;
          return c ? { title: desc?.title ?? 'Commento', url: `${desc?.url ?? ''}${COMMENT_ANCHOR(c.id)}`, module: 'comments' } : null;
        },
      });
      search.registerSource('comment', async (sdb, emit) => {
        let after: string | null = null;
        for (;;) {
          const batch = await repo.liveComments(sdb, after, 500);
          if (batch.length === 0) break;
          for (const c of batch) {
            const entry = await searchEntry(sdb, c);
            if (entry) await emit(sdb, entry);
          }
          after = batch[batch.length - 1]!.id;
        }
      });
    },
  };
}
export type CommentsService = ReturnType<typeof createCommentsService>;
