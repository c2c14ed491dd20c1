import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '@app/db';
import type { Role } from '@app/contracts';
import type { Actor } from '../../lib/actor.js';

const iso = (v: unknown): string => new Date(v as string | Date).toISOString();
const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));

export interface RecipientRow {
  id: string;
  locale: string;
  /** The stored preference; null = the event type's default. */
  inApp: boolean | null;
  email: string | null;
}

export interface NewNotification {
  eventId: string;
  userId: string;
  type: string;
  module: string;
  recordType: string | null;
  recordId: string | null;
  actorId: string | null;
  title: string;
  body: string;
  url: string | null;
  inApp: boolean;
  emailMode: 'none' | 'immediate' | 'daily' | 'weekly';
  createdAt: string;
}

export interface NotificationRow {
  id: string;
  type: string;
  module: string;
  title: string;
  body: string;
  url: string | null;
  actor: { id: string; displayName: string } | null;
  createdAt: string;
  readAt: string | null;
}

export interface EmailRow {
  id: string;
  type: string;
  title: string;
  body: string;
  url: string | null;
  emailedAt: string | null;
  userId: string;
  email: string;
  locale: string;
  active: boolean;
  /** The user's unsubscribe key, when it exists already. */
  unsubscribeKey: string | null;
}

export interface DigestRow {
  id: string;
  module: string;
  recordType: string | null;
  recordId: string | null;
  title: string;
  body: string;
  url: string | null;
  createdAt: Date;
}

export interface PreferenceRow {
  eventType: string;
  inApp: boolean;
  email: string;
}

/** Every query of the notifications module. */
export function createNotificationsRepository() {
  return {
    /** The active users among `ids`, with their stored choice for the event type (one query). */
    async recipients(db: DbOrTx, ids: string[], type: string): Promise<RecipientRow[]> {
      if (ids.length === 0) return [];
      const res = await db.execute(sql`
        select u.id, u.locale, p.in_app, p.email from users u
        left join notification_preferences p on p.user_id = u.id and p.event_type = ${type}
        where u.active and u.id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`);
      return rowsOf<{ id: string; locale: string; in_app: boolean | null; email: string | null }>(res).map((r) => ({
        id: r.id,
        locale: r.locale,
        inApp: r.in_app,
        email: r.email,
      }));
    },

    /** The actors the users would be if signed in (all memberships), in one query: for permission checks. */
    async actors(db: DbOrTx, ids: string[]): Promise<Map<string, Actor>> {
      const out = new Map<string, Actor>();
      if (ids.length === 0) return out;
      const rows = rowsOf<{ user_id: string; email: string; membership_id: string | null; ente_id: string | null; role: string | null; ente_type: string | null }>(
        await db.execute(sql`
          select u.id as user_id, u.email, m.id as membership_id, m.ente_id, m.role, e.type as ente_type
          from users u
          left join memberships m on m.user_id = u.id
          left join enti e on e.id = m.ente_id
          where u.active and u.id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))
          order by u.id, m.created_at, m.id`),
      );
      for (const r of rows) {
        let actor = out.get(r.user_id);
        if (!actor) out.set(r.user_id, (actor = { userId: r.user_id, email: r.email, sessionId: 'system', memberships: [], activeMembershipId: null }));
        if (r.membership_id && r.ente_id && r.role && r.ente_type) {
          actor.memberships.push({ id: r.membership_id, enteId: r.ente_id, enteType: r.ente_type, role: r.role as Role });
          actor.activeMembershipId ??= r.membership_id;
        }
      }
      return out;
    },

    /** Stores the notifications of an event in one statement; a second run stores nothing (event × user is unique). */
    async insertMany(tx: DbOrTx, rows: NewNotification[]): Promise<{ id: string; emailMode: string }[]> {
      if (rows.length === 0) return [];
      const res = await tx.execute(sql`
        insert into notifications (event_id, user_id, type, module, record_type, record_id, actor_id, title, body, url, in_app, email_mode, created_at)
        select x."eventId", x."userId", x.type, x.module, x."recordType", x."recordId", x."actorId", x.title, x.body, x.url, x."inApp", x."emailMode", x."createdAt"
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x("eventId" uuid, "userId" uuid, type text, module text, "recordType" text,
          "recordId" uuid, "actorId" uuid, title text, body text, url text, "inApp" boolean, "emailMode" text, "createdAt" timestamptz)
        on conflict (event_id, user_id) do nothing
        returning id, email_mode`);
      return rowsOf<{ id: string; email_mode: string }>(res).map((r) => ({ id: r.id, emailMode: r.email_mode }));
    },

    async forEmail(db: DbOrTx, id: string): Promise<EmailRow | null> {
      const [r] = rowsOf<{
        id: string; type: string; title: string; body: string; url: string | null; emailed_at: unknown;
        user_id: string; email: string; locale: string; active: boolean; unsubscribe_key: string | null;
      }>(
        await db.execute(sql`
          select n.id, n.type, n.title, n.body, n.url, n.emailed_at, u.id as user_id, u.email, u.locale, u.active, s.unsubscribe_key
          from notifications n join users u on u.id = n.user_id left join notification_settings s on s.user_id = n.user_id
          where n.id = ${id}::uuid`),
      );
      if (!r) return null;
      return {
        id: r.id, type: r.type, title: r.title, body: r.body, url: r.url, emailedAt: isoOrNull(r.emailed_at),
        userId: r.user_id, email: r.email, locale: r.locale, active: r.active, unsubscribeKey: r.unsubscribe_key,
      };
    },

    async markEmailed(db: DbOrTx, ids: string[]): Promise<void> {
      if (ids.length === 0) return;
      await db.execute(sql`update notifications set emailed_at = now() where emailed_at is null and id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`);
    },

    /** Users with notifications waiting for a digest of this kind. */
    async digestUsers(db: DbOrTx, mode: 'daily' | 'weekly'): Promise<string[]> {
      const res = await db.execute(sql`select distinct user_id from notifications where emailed_at is null and email_mode = ${mode}`);
      return rowsOf<{ user_id: string }>(res).map((r) => r.user_id);
    },

    async digestItems(db: DbOrTx, userId: string, mode: 'daily' | 'weekly', limit = 500): Promise<{ user: { email: string; locale: string; active: boolean } | null; items: DigestRow[] }> {
      const [user] = rowsOf<{ email: string; locale: string; active: boolean }>(await db.execute(sql`select email, locale, active from users where id = ${userId}::uuid`));
      const res = await db.execute(sql`
        select id, module, record_type, record_id, title, body, url, created_at from notifications
        where user_id = ${userId}::uuid and emailed_at is null and email_mode = ${mode}
        order by created_at, id limit ${limit}`);
      const items = rowsOf<{ id: string; module: string; record_type: string | null; record_id: string | null; title: string; body: string; url: string | null; created_at: unknown }>(res).map(
        (r) => ({ id: r.id, module: r.module, recordType: r.record_type, recordId: r.record_id, title: r.title, body: r.body, url: r.url, createdAt: new Date(r.created_at as string) }),
      );
      return { user: user ?? null, items };
    },

    /** The bell's list: the user's in-app notifications, newest first. */
    async list(db: DbOrTx, userId: string, q: { unread?: boolean; page: number; pageSize: number }): Promise<{ items: NotificationRow[]; total: number; unread: number }> {
      const filter = q.unread ? sql`and n.read_at is null` : sql``;
      const [res, countRes] = await Promise.all([
        db.execute(sql`
          select n.id, n.type, n.module, n.title, n.body, n.url, n.created_at, n.read_at, a.id as actor_id, a.display_name as actor_name
          from notifications n left join users a on a.id = n.actor_id
          where n.user_id = ${userId}::uuid and n.in_app ${filter}
          order by n.created_at desc, n.id desc
          limit ${q.pageSize} offset ${(q.page - 1) * q.pageSize}`),
        db.execute(sql`
          select count(*) filter (where true ${filter})::int as total, count(*) filter (where n.read_at is null)::int as unread
          from notifications n where n.user_id = ${userId}::uuid and n.in_app`),
      ]);
      const [counts] = rowsOf<{ total: number; unread: number }>(countRes);
      const items = rowsOf<{
        id: string; type: string; module: string; title: string; body: string; url: string | null; created_at: unknown; read_at: unknown;
        actor_id: string | null; actor_name: string | null;
      }>(res).map((r) => ({
        id: r.id,
        type: r.type,
        module: r.module,
        title: r.title,
        body: r.body,
        url: r.url,
        actor: r.actor_id ? { id: r.actor_id, displayName: r.actor_name ?? '' } : null,
        createdAt: iso(r.created_at),
        readAt: isoOrNull(r.read_at),
      }));
      return { items, total: counts?.total ?? 0, unread: counts?.unread ?? 0 };
    },

    async unreadCount(db: DbOrTx, userId: string): Promise<number> {
      const [r] = rowsOf<{ n: number }>(
        await db.execute(sql`select count(*)::int as n from notifications where user_id = ${userId}::uuid and in_app and read_at is null`),
      );
      return r?.n ?? 0;
    },

    /** Marks one of the user's notifications read; false when the user has no such notification. */
    async markRead(db: DbOrTx, userId: string, id: string): Promise<boolean> {
      const res = await db.execute(sql`
        update notifications set read_at = coalesce(read_at, now()) where id = ${id}::uuid and user_id = ${userId}::uuid and in_app returning id`);
      return rowsOf(res).length > 0;
    },

    async markAllRead(db: DbOrTx, userId: string): Promise<number> {
      const res = await db.execute(sql`update notifications set read_at = now() where user_id = ${userId}::uuid and in_app and read_at is null returning id`);
      return rowsOf(res).length;
    },

    async preferences(db: DbOrTx, userId: string): Promise<PreferenceRow[]> {
      const res = await db.execute(sql`select event_type, in_app, email from notification_preferences where user_id = ${userId}::uuid`);
      return rowsOf<{ event_type: string; in_app: boolean; email: string }>(res).map((r) => ({ eventType: r.event_type, inApp: r.in_app, email: r.email }));
    },

    async upsertPreferences(tx: DbOrTx, userId: string, items: { type: string; inApp: boolean; email: string }[]): Promise<void> {
      if (items.length === 0) return;
      await tx.execute(sql`
        insert into notification_preferences (user_id, event_type, in_app, email, updated_at)
        select ${userId}::uuid, x.type, x."inApp", x.email, now()
        from jsonb_to_recordset(${JSON.stringify(items)}::jsonb) as x(type text, "inApp" boolean, email text)
        on conflict (user_id, event_type) do update set in_app = excluded.in_app, email = excluded.email, updated_at = now()`);
    },

    async userLocale(db: DbOrTx, userId: string): Promise<string | null> {
      const [r] = rowsOf<{ locale: string }>(await db.execute(sql`select locale from users where id = ${userId}::uuid`));
      return r?.locale ?? null;
    },

    /** The user's secret for unsubscribe links; created on first need when `create`. */
    async unsubscribeKey(db: DbOrTx, userId: string, create: boolean): Promise<string | null> {
      if (create) {
        await db.execute(sql`
          insert into notification_settings (user_id, unsubscribe_key) values (${userId}::uuid, ${randomBytes(32).toString('base64url')})
          on conflict (user_id) do nothing`);
      }
      const [r] = rowsOf<{ unsubscribe_key: string }>(await db.execute(sql`select unsubscribe_key from notification_settings where user_id = ${userId}::uuid`));
      return r?.unsubscribe_key ?? null;
    },
  };
}
export type NotificationsRepository = ReturnType<typeof createNotificationsRepository>;
