import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import { rowsOf, tables, type DbOrTx } from '@app/db';
import { usersWithTokens } from '../../lib/records.js';
import { integerArray, textArray } from '../../lib/sql-arrays.js';
import type { CalendarItemInput } from './calendar.service.js';

const { calendarItems: items, calendarFeedTokens: tokens } = tables;

export type CalendarItemRow = typeof items.$inferSelect;
export type FeedTokenRow = typeof tokens.$inferSelect;

/** Every query of the calendar. */
export function createCalendarRepository() {
  return {
    /** Creates or updates the item of (sourceType, sourceId, kind); a new date forgets the reminders sent. */
    async upsertItem(tx: DbOrTx, i: CalendarItemInput): Promise<void> {
      await tx.execute(sql`
        insert into calendar_items (module, source_type, source_id, kind, title, description, starts_at, ends_at, all_day, url,
          location, ente_id, audience, remind_days, is_demo)
        values (${i.module}, ${i.sourceType}, ${i.sourceId}, ${i.kind}, ${i.title}, ${i.description ?? ''}, ${i.startsAt.toISOString()}::timestamptz,
          ${i.endsAt ? i.endsAt.toISOString() : null}::timestamptz, ${i.allDay ?? false}, ${i.url ?? null}, ${i.location ?? null},
          ${i.enteId ?? null}, ${textArray(i.audience)}, ${integerArray(i.remindDays ?? [7, 1])}, ${i.isDemo ?? false})
        on conflict (source_type, source_id, kind) do update set module = excluded.module, title = excluded.title,
          description = excluded.description, starts_at = excluded.starts_at, ends_at = excluded.ends_at, all_day = excluded.all_day,
          url = excluded.url, location = excluded.location, ente_id = excluded.ente_id, audience = excluded.audience,
          remind_days = excluded.remind_days,
          reminders_sent = case when calendar_items.starts_at = excluded.starts_at then calendar_items.reminders_sent else '{}' end,
          sequence = calendar_items.sequence + 1, updated_at = now()`);
    },
    async removeItems(tx: DbOrTx, sourceType: string, sourceId: string, kind?: string): Promise<void> {
      await tx.execute(
        sql`delete from calendar_items where source_type = ${sourceType} and source_id = ${sourceId} ${kind ? sql`and kind = ${kind}` : sql``}`,
      );
    },
    async setAudience(tx: DbOrTx, sourceType: string, sourceId: string, audience: string[]): Promise<void> {
      await tx.execute(sql`update calendar_items set audience = ${textArray(audience)}, sequence = sequence + 1, updated_at = now()
        where source_type = ${sourceType} and source_id = ${sourceId}`);
    },
    /** The active users holding one of the audience tokens. */
    async usersOfAudience(tx: DbOrTx, audience: string[]): Promise<string[]> {
      return rowsOf<{ id: string }>(await tx.execute(usersWithTokens(audience))).map((r) => r.id);
    },
    /** Items seen through one of the tokens that overlap [from, to). */
    async listVisible(
      db: DbOrTx,
      q: { tokens: string[]; from: Date; to: Date; module?: string; kind?: string; limit?: number },
    ) {
      if (q.tokens.length === 0) return [];
      return db
        .select()
        .from(items)
        .where(
          and(
            sql`${items.audience} && ${textArray(q.tokens)}`,
            lt(items.startsAt, q.to),
            gte(sql`coalesce(${items.endsAt}, ${items.startsAt})`, q.from),
            q.module ? eq(items.module, q.module) : undefined,
            q.kind ? eq(items.kind, q.kind) : undefined,
          ),
        )
        .orderBy(asc(items.startsAt), asc(items.title), asc(items.id))
        .limit(q.limit ?? 5000);
    },
    /** Items starting in [from, to) that still have reminders to send. */
    async withReminders(db: DbOrTx, from: Date, to: Date) {
      return db
        .select()
        .from(items)
        .where(and(gte(items.startsAt, from), lt(items.startsAt, to), sql`cardinality(${items.remindDays}) > 0`))
        .orderBy(asc(items.startsAt));
    },
    /** Records that the reminder of `days` went out; false when it had already (another worker, a rerun). */
    async markReminded(tx: DbOrTx, id: string, days: number): Promise<boolean> {
      const rows = await tx
        .update(items)
        .set({ remindersSent: sql`array_append(${items.remindersSent}, ${days}::integer)` })
        .where(and(eq(items.id, id), sql`not (${days}::integer = any(${items.remindersSent}))`))
        .returning({ id: items.id });
      return rows.length > 0;
    },
    async tokenOf(db: DbOrTx, userId: string): Promise<FeedTokenRow | null> {
      const [row] = await db.select().from(tokens).where(eq(tokens.userId, userId));
      return row ?? null;
    },
    /** Creates the user's token unless one exists; answers the one in force. */
    async ensureToken(tx: DbOrTx, userId: string, token: string): Promise<{ row: FeedTokenRow; created: boolean }> {
      const inserted = await tx
        .insert(tokens)
        .values({ userId, token })
        .onConflictDoNothing({ target: tokens.userId })
        .returning();
      if (inserted[0]) return { row: inserted[0], created: true };
      const [row] = await tx.select().from(tokens).where(eq(tokens.userId, userId));
      return { row: row!, created: false };
    },
    async replaceToken(tx: DbOrTx, userId: string, token: string): Promise<FeedTokenRow> {
      const [row] = await tx
        .insert(tokens)
        .values({ userId, token })
        .onConflictDoUpdate({ target: tokens.userId, set: { token, createdAt: new Date(), lastUsedAt: null } })
        .returning();
      return row!;
    },
    async deleteToken(tx: DbOrTx, userId: string): Promise<boolean> {
      const rows = await tx.delete(tokens).where(eq(tokens.userId, userId)).returning({ userId: tokens.userId });
      return rows.length > 0;
    },
    /** The owner of a token (unique index lookup). */
    async userOfToken(db: DbOrTx, token: string): Promise<string | null> {
      const [row] = await db.select({ userId: tokens.userId }).from(tokens).where(eq(tokens.token, token));
      return row?.userId ?? null;
    },
    async touchToken(db: DbOrTx, userId: string): Promise<void> {
      await db.update(tokens).set({ lastUsedAt: new Date() }).where(eq(tokens.userId, userId));
    },
  };
}
export type CalendarRepository = ReturnType<typeof createCalendarRepository>;
