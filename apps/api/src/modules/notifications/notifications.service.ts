import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Db, DbOrTx } from '@app/db';
import type {
  NotificationList,
  NotificationPreferenceList,
  NotificationPreferencesUpdate,
  NotificationQuery,
  UnsubscribeQuery,
} from '@app/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { RequestContext } from '../../lib/actor.js';
import { badRequest, forbidden, notFound, unauthenticated } from '../../lib/errors.js';
import type { Job, JobQueue } from '../../lib/jobs.js';
import type { Mailer } from '../../lib/mailer.js';
import type { RecordRegistry } from '../../lib/records.js';
import type { AuditService } from '../audit/audit.service.js';
import { can, type NotificationAction } from './notifications.policy.js';
import { createNotificationsRepository, type NewNotification, type NotificationsRepository } from './notifications.repository.js';
import {
  asLocale,
  dailyDigestKey,
  groupDigest,
  moduleLabel,
  renderDigestEmail,
  renderNotificationEmail,
  weeklyDigestKey,
  type DigestItem,
  type DigestMode,
} from './notifications.templates.js';

export type EmailMode = 'immediate' | 'daily' | 'weekly' | 'off';
export type Locale = 'it' | 'en';

/** A kind of event people can be told of, with its default and its texts. */
export interface EventTypeDef {
  /** The module that raises it (digests group by module). */
  module: string;
  /** Name of the event type in the preferences page. */
  label: Record<Locale, string>;
  defaults: { inApp: boolean; email: EmailMode };
  /** Title and body of one notification, in the recipient's language. */
  render(params: Record<string, unknown>, locale: Locale): { title: string; body: string };
}

/** Something that happened, to tell some users of. */
export interface NotificationEvent {
  type: string;
  /** User ids; the author of the event and users who cannot read `record` are left out. */
  recipients: string[];
  actorId?: string | null;
  /** The record the event is about: only users who may read it are told. */
  record?: { type: string; id: string } | null;
  /** Where the notification leads (a path of the web app). */
  url?: string | null;
  params?: Record<string, unknown>;
}

/** An event as the fan-out job carries it. */
export interface PublishedEvent extends NotificationEvent {
  eventId: string;
  /** When it happened (ISO). */
  at: string;
}

export interface NotificationsDeps {
  db: Db;
  jobs: JobQueue;
  records: RecordRegistry;
  mailer: Mailer;
  log: FastifyBaseLogger;
  baseUrl: string;
  /** Records preference changes; optional for scripts that only publish. */
  audit?: AuditService;
  repo?: NotificationsRepository;
}

export const FANOUT_QUEUE = 'notifications.fanout';
export const EMAIL_QUEUE = 'notifications.email';
export const DIGEST_DAILY_QUEUE = 'notifications.digest.daily';
export const DIGEST_WEEKLY_QUEUE = 'notifications.digest.weekly';
export const DIGEST_SEND_QUEUE = 'notifications.digest.send';

/** The web pages the e-mails link to. */
export const WEB_PAGES = { list: '/notifiche', preferences: '/notifiche/preferenze', unsubscribed: '/notifiche/disiscrizione' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** HMAC-SHA256 of `userId:type` under the user's key, base64url: the signature of an unsubscribe link. */
export function unsubscribeSignature(key: string, userId: string, type: string): string {
  return createHmac('sha256', key).update(`${userId}:${type}`).digest('base64url');
}

function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Notifications: modules define event types and publish events in their own transaction; a job fans each
 * event out to its recipients (permissions, preferences), and e-mails go out through the job queue.
 */
export function createNotificationsService(d: NotificationsDeps) {
  const events = new Map<string, EventTypeDef>();
  const repo = d.repo ?? createNotificationsRepository();
  const { db } = d;

  const absolute = (url: string | null | undefined): string | null => {
    if (!url) return null;
    if (/^https?:\/\//.test(url)) return url;
    return `${d.baseUrl}${url.startsWith('/') ? '' : '/'}${url}`;
  };

  function allow(ctx: RequestContext, action: NotificationAction, owner?: { userId: string }): string {
    if (!ctx.actor) throw unauthenticated();
    if (!can(ctx.actor, action, owner)) throw forbidden();
    return ctx.actor.userId;
  }

  async function unsubscribeUrl(userId: string, type: string, knownKey?: string | null): Promise<string> {
    const key = knownKey ?? (await repo.unsubscribeKey(db, userId, true))!;
    const q = new URLSearchParams({ u: userId, type, sig: unsubscribeSignature(key, userId, type) });
    return `${d.baseUrl}/api/v1/notifications/unsubscribe?${q.toString()}`;
  }

  /** Tells each recipient who may know of the event, as they chose; a second run of the same event adds nothing. */
  async function fanout(e: PublishedEvent): Promise<{ stored: number }> {
    const def = events.get(e.type);
    if (!def) {
      d.log.warn({ event: { id: e.eventId, type: e.type } }, 'notification of an undefined event type dropped');
      return { stored: 0 };
    }
    const ids = [...new Set(e.recipients)].filter((id) => UUID.test(id) && id !== e.actorId);
    let people = await repo.recipients(db, ids, e.type);
    if (e.record) {
      const record = e.record;
      const actors = await repo.actors(db, people.map((p) => p.id));
      const readable = await Promise.all(
        people.map(async (p) => {
          const actor = actors.get(p.id);
          if (!actor) return false;
          const access = await d.records.access({ actor, requestId: 'system' }, record.type, record.id);
          return access?.read === true;
        }),
      );
      people = people.filter((_, i) => readable[i]);
    }
    const rendered = new Map<Locale, { title: string; body: string }>();
    const rows: NewNotification[] = [];
    for (const p of people) {
      const inApp = p.inApp ?? def.defaults.inApp;
      const email = (p.email ?? def.defaults.email) as EmailMode;
      const emailMode = email === 'off' ? 'none' : email;
      if (!inApp && emailMode === 'none') continue;
      const locale = asLocale(p.locale);
      let text = rendered.get(locale);
      if (!text) rendered.set(locale, (text = def.render(e.params ?? {}, locale)));
      rows.push({
        eventId: e.eventId,
        userId: p.id,
        type: e.type,
        module: def.module,
        recordType: e.record?.type ?? null,
        recordId: e.record?.id ?? null,
        actorId: e.actorId ?? null,
        title: text.title,
        body: text.body,
        url: e.url ?? null,
        inApp,
        emailMode,
        createdAt: e.at,
      });
    }
    if (rows.length === 0) return { stored: 0 };
    return db.transaction(async (tx) => {
      const inserted = await repo.insertMany(tx, rows);
      for (const n of inserted) {
        if (n.emailMode === 'immediate') await d.jobs.enqueue(tx, EMAIL_QUEUE, { notificationId: n.id }, { dedupeKey: `notification-email:${n.id}` });
      }
      return { stored: inserted.length };
    });
  }

  /** Sends the e-mail of one notification (once: a notification already e-mailed is skipped). Throws to be retried. */
  async function sendEmail(notificationId: string): Promise<boolean> {
    const n = await repo.forEmail(db, notificationId);
    if (!n || n.emailedAt || !n.active) return false;
    const def = events.get(n.type);
    const locale = asLocale(n.locale);
    const unsubscribe = await unsubscribeUrl(n.userId, n.type, n.unsubscribeKey);
    const mail = renderNotificationEmail({
      locale,
      title: n.title,
      body: n.body,
      url: absolute(n.url),
      eventLabel: def?.label[locale] ?? n.type,
      unsubscribeUrl: unsubscribe,
    });
    await d.mailer.send({
      to: n.email,
      ...mail,
      headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    await repo.markEmailed(db, [n.id]);
    return true;
  }

  /** One job per user with notifications waiting for this digest: a failure for one user does not hold the others. */
  async function scheduleDigests(mode: DigestMode, period: string): Promise<number> {
    const users = await repo.digestUsers(db, mode);
    for (const userId of users) {
      await d.jobs.enqueue(db, DIGEST_SEND_QUEUE, { userId, mode, period }, { dedupeKey: `notification-digest:${mode}:${period}:${userId}` });
    }
    return users.length;
  }

  /** One e-mail with the user's waiting notifications of this digest, by module and record. */
  async function sendDigest(userId: string, mode: DigestMode): Promise<number> {
    const { user, items } = await repo.digestItems(db, userId, mode);
    if (!user || items.length === 0) return 0;
    if (!user.active) {
      await repo.markEmailed(db, items.map((i) => i.id));
      return 0;
    }
    const locale = asLocale(user.locale);
    const described = new Map<string, { title: string; url: string | null } | null>();
    const digest: DigestItem[] = [];
    for (const i of items) {
      let record: { title: string; url: string | null } | null = null;
      if (i.recordType && i.recordId) {
        const key = `${i.recordType}:${i.recordId}`;
        if (!described.has(key)) {
          const r = await d.records.describe(db, i.recordType, i.recordId).catch(() => null);
          described.set(key, r ? { title: r.title, url: absolute(r.url) } : null);
        }
        record = described.get(key) ?? null;
      }
      digest.push({ ...i, recordTitle: record?.title ?? null, recordUrl: record?.url ?? null, url: absolute(i.url) });
    }
    const preferencesUrl = `${d.baseUrl}${WEB_PAGES.preferences}`;
    const mail = renderDigestEmail({ locale, mode, groups: groupDigest(digest, locale), preferencesUrl });
    await d.mailer.send({ to: user.email, ...mail, headers: { 'List-Unsubscribe': `<${preferencesUrl}>` } });
    await repo.markEmailed(db, items.map((i) => i.id));
    return items.length;
  }

  function preferenceList(locale: Locale, stored: { eventType: string; inApp: boolean; email: string }[]): NotificationPreferenceList {
    const byType = new Map(stored.map((p) => [p.eventType, p]));
    const items = [...events.entries()].map(([type, def]) => {
      const p = byType.get(type);
      return {
        type,
        module: def.module,
        moduleLabel: moduleLabel(def.module, locale),
        label: def.label[locale],
        inApp: p?.inApp ?? def.defaults.inApp,
        email: (p?.email ?? def.defaults.email) as EmailMode,
        isDefault: !p,
      };
    });
    items.sort((a, b) => a.moduleLabel.localeCompare(b.moduleLabel, locale) || a.label.localeCompare(b.label, locale));
    return { items };
  }

  return {
    /** Declares an event type (once, at start-up). */
    defineEvent(type: string, def: EventTypeDef): void {
      if (events.has(type)) throw new Error(`Event type "${type}" is already defined`);
      events.set(type, def);
    },
    eventTypes: () => [...events.entries()].map(([type, def]) => ({ type, ...def })),
    /** Publishes an event inside the caller's transaction: it is delivered if and only if the change commits. */
    async publish(tx: DbOrTx, event: NotificationEvent): Promise<void> {
      if (!events.has(event.type)) throw new Error(`Unknown event type "${event.type}"`);
      if (event.recipients.length === 0) return;
      await d.jobs.enqueue(tx, FANOUT_QUEUE, { eventId: randomUUID(), at: new Date().toISOString(), ...event });
    },

    /** Registers the queue handlers and the daily and weekly digests (07:00 Europe/Rome). */
    registerJobs(): void {
      d.jobs.handle(FANOUT_QUEUE, async (job: Job) => void (await fanout(job.payload as unknown as PublishedEvent)));
      d.jobs.handle(EMAIL_QUEUE, async (job: Job) => void (await sendEmail(String(job.payload.notificationId))));
      d.jobs.handle(DIGEST_DAILY_QUEUE, async (job: Job) => void (await scheduleDigests('daily', String(job.payload.period))));
      d.jobs.handle(DIGEST_WEEKLY_QUEUE, async (job: Job) => void (await scheduleDigests('weekly', String(job.payload.period))));
      d.jobs.handle(DIGEST_SEND_QUEUE, async (job: Job) => {
        const mode = job.payload.mode === 'weekly' ? 'weekly' : 'daily';
        await sendDigest(String(job.payload.userId), mode);
      });
      d.jobs.recurring(DIGEST_DAILY_QUEUE, dailyDigestKey);
      d.jobs.recurring(DIGEST_WEEKLY_QUEUE, weeklyDigestKey);
    },
    fanout,
    sendEmail,
    scheduleDigests,
    sendDigest,
    /** The signed unsubscribe link of a user and event type (creates the user's key on first need). */
    unsubscribeUrl: (userId: string, type: string) => unsubscribeUrl(userId, type),

    // ---------------------------------------------------------------- the signed-in user's own notifications
    async list(ctx: RequestContext, q: NotificationQuery): Promise<NotificationList> {
      const userId = allow(ctx, 'list');
      return repo.list(db, userId, { unread: q.unread, page: q.page, pageSize: q.pageSize });
    },
    async unreadCount(ctx: RequestContext): Promise<{ unread: number }> {
      const userId = allow(ctx, 'list');
      return { unread: await repo.unreadCount(db, userId) };
    },
    /** Marks one of the caller's notifications read; someone else's is "not found". */
    async markRead(ctx: RequestContext, id: string): Promise<{ unread: number }> {
      const userId = allow(ctx, 'list');
      if (!can(ctx.actor, 'mark-read', { userId }) || !(await repo.markRead(db, userId, id))) throw notFound('Notification');
      return { unread: await repo.unreadCount(db, userId) };
    },
    async markAllRead(ctx: RequestContext): Promise<{ unread: number }> {
      const userId = allow(ctx, 'list');
      await repo.markAllRead(db, userId);
      return { unread: await repo.unreadCount(db, userId) };
    },
    async preferences(ctx: RequestContext): Promise<NotificationPreferenceList> {
      const userId = allow(ctx, 'preferences.read');
      const locale = asLocale(await repo.userLocale(db, userId));
      return preferenceList(locale, await repo.preferences(db, userId));
    },
    async updatePreferences(ctx: RequestContext, input: NotificationPreferencesUpdate): Promise<NotificationPreferenceList> {
      const userId = allow(ctx, 'preferences.update');
      const issues = input.items.flatMap((item, i) => (events.has(item.type) ? [] : [{ path: `body.items.${i}.type`, message: 'Unknown event type' }]));
      const seen = new Set<string>();
      input.items.forEach((item, i) => {
        if (seen.has(item.type)) issues.push({ path: `body.items.${i}.type`, message: 'Event type repeated' });
        seen.add(item.type);
      });
      if (issues.length > 0) throw badRequest('validation_failed', 'Invalid input', { issues });
      await db.transaction(async (tx) => {
        const before = new Map((await repo.preferences(tx, userId)).map((p) => [p.eventType, p]));
        await repo.upsertPreferences(tx, userId, input.items);
        const changes = input.items
          .map((item) => {
            const def = events.get(item.type)!;
            const old = before.get(item.type) ?? { inApp: def.defaults.inApp, email: def.defaults.email };
            return { type: item.type, from: { inApp: old.inApp, email: old.email }, to: { inApp: item.inApp, email: item.email } };
          })
          .filter((c) => c.from.inApp !== c.to.inApp || c.from.email !== c.to.email);
        await d.audit?.record(tx, ctx, { action: 'notification.preferences.updated', entityType: 'user', entityId: userId, changes: { items: changes } });
      });
      const locale = asLocale(await repo.userLocale(db, userId));
      return preferenceList(locale, await repo.preferences(db, userId));
    },

    /**
     * Follows a signed unsubscribe link (no session): turns off e-mail for the event type. Answers false, and
     * writes nothing, when the signature or the type is wrong.
     */
    async unsubscribe(ctx: RequestContext, q: UnsubscribeQuery): Promise<boolean> {
      const def = events.get(q.type);
      if (!def) return false;
      const key = await repo.unsubscribeKey(db, q.u, false);
      if (!key || !sameSignature(unsubscribeSignature(key, q.u, q.type), q.sig)) return false;
      await db.transaction(async (tx) => {
        const old = (await repo.preferences(tx, q.u)).find((p) => p.eventType === q.type);
        await repo.upsertPreferences(tx, q.u, [{ type: q.type, inApp: old?.inApp ?? def.defaults.inApp, email: 'off' }]);
        await d.audit?.record(tx, ctx, {
          action: 'notification.unsubscribed',
          entityType: 'user',
          entityId: q.u,
          changes: { type: q.type, from: old?.email ?? def.defaults.email, to: 'off' },
        });
      });
      return true;
    },
  };
}
export type NotificationsService = ReturnType<typeof createNotificationsService>;
