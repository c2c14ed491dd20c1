import { randomBytes } from 'node:crypto';
import type { Db, DbOrTx } from '@app/db';
import type { CalendarFeedToken, CalendarItem, CalendarQuery } from '@app/contracts';
import type { RequestContext } from '../../lib/actor.js';
import { forbidden, notFound, unauthenticated } from '../../lib/errors.js';
import type { JobQueue } from '../../lib/jobs.js';
import { actorTokens, loadActor, type RecordRegistry } from '../../lib/records.js';
import type { AuditService } from '../audit/audit.service.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { addDays, daysBetween, romeDate, romeToUtc, romeWallTime } from './calendar.dates.js';
import { buildIcal } from './calendar.ical.js';
import { can, type CalendarAction } from './calendar.policy.js';
import type { CalendarItemRow, CalendarRepository } from './calendar.repository.js';

/** A dated item a module publishes (a tender deadline, a call closing, a training session, a convention expiry). */
export interface CalendarItemInput {
  module: string;
  sourceType: string;
  sourceId: string;
  kind: string;
  title: string;
  description?: string;
  startsAt: Date;
  endsAt?: Date | null;
  /** A whole day (dates only; `startsAt` is read as that day in Europe/Rome). */
  allDay?: boolean;
  url?: string | null;
  location?: string | null;
  enteId?: string | null;
  /** Who sees it (audience tokens); normally the source record's audience. */
  audience: string[];
  /** Days before on which reminders go out; default 7 and 1. */
  remindDays?: number[];
  isDemo?: boolean;
}

export interface CalendarDeps {
  db: Db;
  repo: CalendarRepository;
  audit: AuditService;
  jobs: JobQueue;
  records: RecordRegistry;
  notifications: NotificationsService;
  baseUrl: string;
}

export const REMINDERS_QUEUE = 'calendar.reminders';
export const REMINDER_EVENT = 'calendar.reminder';
/** The feed covers the recent past and the year ahead. */
export const FEED_PAST_DAYS = 60;
export const FEED_AHEAD_DAYS = 400;
/** Reminders of the day go out from this Rome hour on. */
const REMINDERS_FROM_HOUR = 6;

const itDay = (d: string) => d.split('-').reverse().join('/');

/** The day whose reminders are due at `now`: the Rome date from 06:00 Rome time, nothing before. */
export const remindersPeriod = (now: Date): string | null =>
  romeWallTime(now).hour >= REMINDERS_FROM_HOUR ? romeDate(now) : null;

/** The midnight in Rome that starts a whole day (how whole-day items are stored). */
export const startOfRomeDay = (isoDate: string) => romeToUtc(isoDate);

/** The deadlines calendar: modules publish dated items in their transactions; each user sees those of their audience. */
export function createCalendarService(d: CalendarDeps) {
  const { db, repo, audit, jobs, records, notifications } = d;

  function authorize(ctx: RequestContext, action: CalendarAction) {
    if (!ctx.actor) throw unauthenticated();
    if (!can(ctx.actor, action)) throw forbidden();
  }

  /** The caller, allowed to manage their own feed address. */
  function self(ctx: RequestContext): string {
    if (!ctx.actor) throw unauthenticated();
    authorize(ctx, { type: 'calendar.feed.manage', userId: ctx.actor.userId });
    return ctx.actor.userId;
  }

  const present = (r: CalendarItemRow): CalendarItem => ({
    id: r.id,
    module: r.module,
    kind: r.kind,
    title: r.title,
    description: r.description,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt ? r.endsAt.toISOString() : null,
    allDay: r.allDay,
    date: romeDate(r.startsAt),
    url: r.url,
    location: r.location,
  });
  const absolute = (url: string | null) =>
    !url ? null : /^https?:\/\//.test(url) ? url : `${d.baseUrl}${url.startsWith('/') ? '' : '/'}${url}`;
  const feedUrl = (token: string) => `${d.baseUrl}/api/v1/calendar/feed.ics?token=${encodeURIComponent(token)}`;
  const presentToken = (row: { token: string; createdAt: Date; lastUsedAt: Date | null }): CalendarFeedToken => {
    const url = feedUrl(row.token);
    return {
      token: row.token,
      url,
      webcalUrl: url.replace(/^https?:\/\//, 'webcal://'),
      createdAt: row.createdAt.toISOString(),
      lastUsedAt: row.lastUsedAt ? row.lastUsedAt.toISOString() : null,
    };
  };
  const newToken = () => randomBytes(32).toString('base64url');

  // reminders: once a day (Rome time, from 06:00), for the items due in one of their reminder days
  notifications.defineEvent(REMINDER_EVENT, {
    module: 'calendar',
    label: { it: 'Promemoria delle scadenze', en: 'Deadline reminders' },
    defaults: { inApp: true, email: 'daily' },
    render(params, locale) {
      const title = String(params.title ?? '');
      const date = String(params.date ?? '');
      const days = Number(params.days ?? 0);
      if (locale === 'en') {
        const when = days === 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`;
        return { title: `Deadline ${when}: ${title}`, body: `${title} — ${date}` };
      }
      const when = days === 0 ? 'oggi' : days === 1 ? 'domani' : `tra ${days} giorni`;
      return { title: `Scadenza ${when}: ${title}`, body: `${title} — ${itDay(date)}` };
    },
  });
  jobs.recurring(REMINDERS_QUEUE, remindersPeriod);
  jobs.handle(REMINDERS_QUEUE, async (job) => {
    const period =
      typeof job.payload.period === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(job.payload.period)
        ? job.payload.period
        : romeDate(new Date());
    await sendReminders(period);
  });

  /** Publishes the reminders due on `today` (a Rome date); each (item, days) once. Answers how many went out. */
  async function sendReminders(today: string): Promise<number> {
    const rows = await repo.withReminders(db, startOfRomeDay(today), startOfRomeDay(addDays(today, 366)));
    let sent = 0;
    for (const item of rows) {
      const date = romeDate(item.startsAt);
      const days = daysBetween(today, date);
      if (!item.remindDays.includes(days) || item.remindersSent.includes(days)) continue;
      await db.transaction(async (tx) => {
        if (!(await repo.markReminded(tx, item.id, days))) return;
        const recipients = await repo.usersOfAudience(tx, item.audience);
        await notifications.publish(tx, {
          type: REMINDER_EVENT,
          recipients,
          record: records.has(item.sourceType) ? { type: item.sourceType, id: item.sourceId } : null,
          url: item.url,
          params: { title: item.title, date, days, kind: item.kind, module: item.module },
        });
        sent++;
      });
    }
    return sent;
  }

  return {
    /** Creates or updates the item of (sourceType, sourceId, kind). */
    async publish(tx: DbOrTx, i: CalendarItemInput): Promise<void> {
      await repo.upsertItem(tx, i);
    },
    /** Removes the items of a source (all kinds, or one). */
    async remove(tx: DbOrTx, sourceType: string, sourceId: string, kind?: string): Promise<void> {
      await repo.removeItems(tx, sourceType, sourceId, kind);
    },
    /** After a record's audience changed: its items follow. */
    async setAudience(tx: DbOrTx, sourceType: string, sourceId: string, audience: string[]): Promise<void> {
      await repo.setAudience(tx, sourceType, sourceId, audience);
    },

    /** The caller's items between two Rome dates (both included). */
    async list(ctx: RequestContext, q: CalendarQuery): Promise<{ items: CalendarItem[] }> {
      authorize(ctx, { type: 'calendar.read' });
      const rows = await repo.listVisible(db, {
        tokens: actorTokens(ctx.actor),
        from: startOfRomeDay(q.from),
        to: startOfRomeDay(addDays(q.to, 1)),
        module: q.module,
        kind: q.kind,
      });
      return { items: rows.map(present) };
    },

    /** The caller's feed address, created on first request. */
    async feedToken(ctx: RequestContext): Promise<CalendarFeedToken> {
      const userId = self(ctx);
      const existing = await repo.tokenOf(db, userId);
      if (existing) return presentToken(existing);
      return db.transaction(async (tx) => {
        const { row, created } = await repo.ensureToken(tx, userId, newToken());
        if (created) {
          await audit.record(tx, ctx, {
            action: 'calendar.feed_token.create',
            entityType: 'calendar_feed_token',
            entityId: userId,
          });
        }
        return presentToken(row);
      });
    },
    /** A new address: the old one stops working. */
    async resetFeedToken(ctx: RequestContext): Promise<CalendarFeedToken> {
      const userId = self(ctx);
      return db.transaction(async (tx) => {
        const row = await repo.replaceToken(tx, userId, newToken());
        await audit.record(tx, ctx, {
          action: 'calendar.feed_token.reset',
          entityType: 'calendar_feed_token',
          entityId: userId,
        });
        return presentToken(row);
      });
    },
    /** Revokes the address: the feed answers 404 until a new one is asked for. */
    async revokeFeedToken(ctx: RequestContext): Promise<void> {
      const userId = self(ctx);
      await db.transaction(async (tx) => {
        const deleted = await repo.deleteToken(tx, userId);
        if (!deleted) throw notFound('feed token');
        await audit.record(tx, ctx, {
          action: 'calendar.feed_token.revoke',
          entityType: 'calendar_feed_token',
          entityId: userId,
        });
      });
    },

    /** The iCalendar text of a feed token's user; 404 for an unknown or revoked token or an inactive user. */
    async feed(token: string, now = new Date()): Promise<string> {
      const userId = await repo.userOfToken(db, token);
      if (!userId) throw notFound('calendar');
      const actor = await loadActor(db, userId);
      if (!actor) throw notFound('calendar');
      const today = romeDate(now);
      const rows = await repo.listVisible(db, {
        tokens: actorTokens(actor),
        from: startOfRomeDay(addDays(today, -FEED_PAST_DAYS)),
        to: startOfRomeDay(addDays(today, FEED_AHEAD_DAYS + 1)),
      });
      await repo.touchToken(db, userId);
      return buildIcal(
        rows.map((r) => ({
          id: r.id,
          title: r.title,
          description: r.description,
          startsAt: r.startsAt,
          endsAt: r.endsAt,
          allDay: r.allDay,
          url: absolute(r.url),
          location: r.location,
          categories: [r.module, r.kind],
          sequence: r.sequence,
          alarm: r.remindDays.includes(1),
        })),
        { now },
      );
    },

    sendReminders,
  };
}
export type CalendarService = ReturnType<typeof createCalendarService>;
