import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { tables, type DbOrTx } from '@app/db';

const { comments, commentRevisions, commentMentions, recordSubscriptions, users, documents, documentVersions } = tables;

export type CommentRow = typeof comments.$inferSelect;
export type SubscriptionLevel = 'watching' | 'muted';

/** Every query of the comments module. */
export function createCommentsRepository() {
  return {
    async find(db: DbOrTx, id: string): Promise<CommentRow | null> {
      const [row] = await db.select().from(comments).where(eq(comments.id, id));
      return row ?? null;
    },

    async listForRecord(db: DbOrTx, recordType: string, recordId: string) {
      return db
        .select({ c: comments, authorName: users.displayName })
        .from(comments)
        .innerJoin(users, eq(users.id, comments.authorId))
        .where(and(eq(comments.recordType, recordType), eq(comments.recordId, recordId)))
        .orderBy(asc(comments.createdAt), asc(comments.id));
    },

    async insert(db: DbOrTx, v: { recordType: string; recordId: string; enteId: string | null; authorId: string; body: string; bodyHtml: string }) {
      const [row] = await db.insert(comments).values(v).returning();
      return row!;
    },

    async update(db: DbOrTx, id: string, v: Partial<Pick<CommentRow, 'body' | 'bodyHtml' | 'editedAt' | 'deletedAt' | 'deletedBy'>>) {
      await db.update(comments).set(v).where(eq(comments.id, id));
    },

    async insertRevision(db: DbOrTx, v: { commentId: string; body: string; editedBy: string }) {
      await db.insert(commentRevisions).values(v);
    },

    async revisions(db: DbOrTx, commentId: string) {
      return db
        .select({ id: commentRevisions.id, body: commentRevisions.body, replacedAt: commentRevisions.replacedAt, editorId: commentRevisions.editedBy, editorName: users.displayName })
        .from(commentRevisions)
        .leftJoin(users, eq(users.id, commentRevisions.editedBy))
        .where(eq(commentRevisions.commentId, commentId))
        .orderBy(asc(commentRevisions.replacedAt), asc(commentRevisions.id));
    },

    async mentionsOf(db: DbOrTx, commentIds: string[]) {
      if (commentIds.length === 0) return [];
      return db
        .select({ commentId: commentMentions.commentId, userId: commentMentions.userId, notified: commentMentions.notified, displayName: users.displayName })
        .from(commentMentions)
        .innerJoin(users, eq(users.id, commentMentions.userId))
        .where(inArray(commentMentions.commentId, commentIds));
    },

    async insertMentions(db: DbOrTx, rows: { commentId: string; userId: string; notified: boolean }[]) {
      if (rows.length > 0) await db.insert(commentMentions).values(rows).onConflictDoNothing();
    },

    async deleteMentions(db: DbOrTx, commentId: string, userIds: string[]) {
      if (userIds.length > 0) await db.delete(commentMentions).where(and(eq(commentMentions.commentId, commentId), inArray(commentMentions.userId, userIds)));
    },

    /** The ids among these that are existing users. */
    async existingUsers(db: DbOrTx, ids: string[]): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await db.select({ id: users.id }).from(users).where(inArray(users.id, ids));
      return new Set(rows.map((r) => r.id));
    },

    /** Active users whose name (any word of it) or e-mail starts with the text. */
    async usersByPrefix(db: DbOrTx, prefix: string, limit: number) {
      const p = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
      return db
        .select({ id: users.id, displayName: users.displayName })
        .from(users)
        .where(
          and(
            eq(users.active, true),
            p === ''
              ? sql`true`
              : sql`(${users.displayName} ilike ${`${p}%`} or ${users.displayName} ilike ${`% ${p}%`} or ${users.email} ilike ${`${p}%`})`,
          ),
        )
        .orderBy(asc(users.displayName))
        .limit(limit);
    },

    async subscription(db: DbOrTx, userId: string, recordType: string, recordId: string): Promise<SubscriptionLevel | null> {
      const [row] = await db
        .select({ level: recordSubscriptions.level })
        .from(recordSubscriptions)
        .where(and(eq(recordSubscriptions.userId, userId), eq(recordSubscriptions.recordType, recordType), eq(recordSubscriptions.recordId, recordId)));
      return (row?.level as SubscriptionLevel | undefined) ?? null;
    },

    async subscriptions(db: DbOrTx, recordType: string, recordId: string) {
      const rows = await db
        .select({ userId: recordSubscriptions.userId, level: recordSubscriptions.level })
        .from(recordSubscriptions)
        .where(and(eq(recordSubscriptions.recordType, recordType), eq(recordSubscriptions.recordId, recordId)));
      return rows as { userId: string; level: SubscriptionLevel }[];
    },

    async setSubscription(db: DbOrTx, userId: string, recordType: string, recordId: string, level: SubscriptionLevel | null) {
      if (level === null) {
        await db
          .delete(recordSubscriptions)
          .where(and(eq(recordSubscriptions.userId, userId), eq(recordSubscriptions.recordType, recordType), eq(recordSubscriptions.recordId, recordId)));
        return;
      }
      await db
        .insert(recordSubscriptions)
        .values({ userId, recordType, recordId, level })
        .onConflictDoUpdate({ target: [recordSubscriptions.recordType, recordSubscriptions.recordId, recordSubscriptions.userId], set: { level } });
    },

    /** Starts watching unless the user already chose (watching or muted). */
    async watch(db: DbOrTx, userIds: string[], recordType: string, recordId: string) {
      if (userIds.length === 0) return;
      await db
        .insert(recordSubscriptions)
        .values(userIds.map((userId) => ({ userId, recordType, recordId, level: 'watching' })))
        .onConflictDoNothing();
    },

    /** The files attached to these comments, each with its current version. */
    async attachmentsOf(db: DbOrTx, commentIds: string[]) {
      if (commentIds.length === 0) return [];
      return db
        .select({ commentId: documents.ownerId, id: documents.id, title: documents.title, mediaType: documentVersions.mediaType, size: documentVersions.size })
        .from(documents)
        .innerJoin(documentVersions, and(eq(documentVersions.documentId, documents.id), eq(documentVersions.version, documents.currentVersion)))
        .where(and(eq(documents.ownerType, 'comment'), inArray(documents.ownerId, commentIds)))
        .orderBy(asc(documents.title));
    },

    async usersNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
      if (ids.length === 0) return new Map();
      const rows = await db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, ids));
      return new Map(rows.map((r) => [r.id, r.displayName]));
    },

    /** Live comments in id order, a batch after another (search index rebuild). */
    async liveComments(db: DbOrTx, afterId: string | null, limit: number) {
      return db
        .select()
        .from(comments)
        .where(and(isNull(comments.deletedAt), afterId ? sql`${comments.id} > ${afterId}` : sql`true`))
        .orderBy(asc(comments.id))
        .limit(limit);
    },
  };
}
export type CommentsRepository = ReturnType<typeof createCommentsRepository>;
