import { randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '@app/db';
import type { FastifyBaseLogger } from 'fastify';
import type { JobQueue } from '../../lib/jobs.js';
import type { Mailer } from '../../lib/mailer.js';
import type { RecordRegistry } from '../../lib/records.js';

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

export interface NotificationsDeps {
  db: Db;
  jobs: JobQueue;
  records: RecordRegistry;
  mailer: Mailer;
  log: FastifyBaseLogger;
  baseUrl: string;
}

export const FANOUT_QUEUE = 'notifications.fanout';

/**
 * Notifications: modules define event types and publish events in their own transaction; a job fans each
 * event out to its recipients (permissions, preferences), and e-mails go out through the job queue.
 */
export function createNotificationsService(d: NotificationsDeps) {
  const events = new Map<string, EventTypeDef>();
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
  };
}
export type NotificationsService = ReturnType<typeof createNotificationsService>;
