import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './identity.js';
import { enti } from './registry.js';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * Background work, at least once: a job is claimed with `for update skip locked`, run, and marked done;
 * a failure is retried later with a growing delay until `max_attempts`, then kept as `failed`.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    queue: text().notNull(),
    payload: jsonb().notNull().default(sql`'{}'::jsonb`),
    /** pending | done | failed */
    state: text().notNull().default('pending'),
    runAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    attempts: integer().notNull().default(0),
    maxAttempts: integer().notNull().default(8),
    /** Set while a worker runs the job; a crashed worker's claim lapses. */
    lockedUntil: timestamp({ withTimezone: true }),
    lastError: text(),
    /** Jobs with the same key are enqueued once (scheduled runs, per-record work). */
    dedupeKey: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('jobs_due_idx').on(t.runAt).where(sql`state = 'pending'`),
    uniqueIndex('jobs_dedupe_uq').on(t.dedupeKey),
  ],
);

/** One notification to one user of one event. */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid().primaryKey().defaultRandom(),
    eventId: uuid().notNull(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    type: text().notNull(),
    module: text().notNull(),
    recordType: text(),
    recordId: uuid(),
    actorId: uuid().references(() => users.id, { onDelete: 'set null' }),
    title: text().notNull(),
    body: text().notNull().default(''),
    url: text(),
    /** Shown in the bell (the user's preference when it was made). */
    inApp: boolean().notNull().default(true),
    /** none | immediate | daily | weekly */
    emailMode: text().notNull().default('none'),
    emailedAt: timestamp({ withTimezone: true }),
    readAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('notifications_event_user_uq').on(t.eventId, t.userId),
    index('notifications_user_idx').on(t.userId, t.createdAt),
    index('notifications_digest_idx').on(t.emailMode, t.userId).where(sql`emailed_at is null and email_mode in ('daily', 'weekly')`),
  ],
);

/** A user's choice for one event type; absent = the event type's default. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    eventType: text().notNull(),
    inApp: boolean().notNull(),
    /** immediate | daily | weekly | off */
    email: text().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.eventType] })],
);

/** Per-user secrets of links that work without signing in (unsubscribe links in e-mails). */
export const notificationSettings = pgTable('notification_settings', {
  userId: uuid()
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  unsubscribeKey: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Who follows a record (told of its comments) or muted it. */
export const recordSubscriptions = pgTable(
  'record_subscriptions',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    recordType: text().notNull(),
    recordId: uuid().notNull(),
    /** watching | muted */
    level: text().notNull().default('watching'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.recordType, t.recordId, t.userId] }), index('record_subscriptions_user_idx').on(t.userId)],
);

export const comments = pgTable(
  'comments',
  {
    id: uuid().primaryKey().defaultRandom(),
    recordType: text().notNull(),
    recordId: uuid().notNull(),
    enteId: uuid().references(() => enti.id),
    authorId: uuid()
      .notNull()
      .references(() => users.id),
    /** Markdown as written. */
    body: text().notNull(),
    /** The Markdown rendered and sanitized. */
    bodyHtml: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    editedAt: timestamp({ withTimezone: true }),
    deletedAt: timestamp({ withTimezone: true }),
    deletedBy: uuid().references(() => users.id),
    isDemo: boolean().notNull().default(false),
  },
  (t) => [index('comments_record_idx').on(t.recordType, t.recordId, t.createdAt)],
);

/** The earlier texts of an edited comment. */
export const commentRevisions = pgTable(
  'comment_revisions',
  {
    id: uuid().primaryKey().defaultRandom(),
    commentId: uuid()
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    body: text().notNull(),
    editedBy: uuid().references(() => users.id),
    /** When this text was replaced. */
    replacedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('comment_revisions_comment_idx').on(t.commentId)],
);

export const commentMentions = pgTable(
  'comment_mentions',
  {
    commentId: uuid()
      .notNull()
      .references(() => comments.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** False when the user could not see the record: nobody was told. */
    notified: boolean().notNull(),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.userId] })],
);

/** The catalogue of what a service helps with, with its service levels. */
export const requestCategories = pgTable(
  'request_categories',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** sua | sape | sit */
    service: text().notNull(),
    code: text().notNull(),
    nameIt: text().notNull(),
    nameEn: text().notNull(),
    descriptionIt: text().notNull().default(''),
    descriptionEn: text().notNull().default(''),
    /** First answer within these working hours. */
    firstResponseHours: integer().notNull(),
    /** Resolution within these working days. */
    resolutionDays: integer().notNull(),
    active: boolean().notNull().default(true),
    position: integer().notNull().default(0),
  },
  (t) => [uniqueIndex('request_categories_code_uq').on(t.service, t.code)],
);

/** A request for help from a Comune (or a Province's own office) to a service of its Province. */
export const serviceRequests = pgTable(
  'service_requests',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** e.g. SIT-PD-2026-00012 */
    number: text().notNull(),
    provinciaId: uuid()
      .notNull()
      .references(() => enti.id),
    requesterEnteId: uuid()
      .notNull()
      .references(() => enti.id),
    requesterId: uuid()
      .notNull()
      .references(() => users.id),
    service: text().notNull(),
    categoryId: uuid()
      .notNull()
      .references(() => requestCategories.id),
    subject: text().notNull(),
    description: text().notNull(),
    /** low | normal | high | urgent */
    priority: text().notNull().default('normal'),
    /** new | assigned | in_progress | waiting_requester | resolved | closed | reopened */
    state: text().notNull().default('new'),
    assigneeId: uuid().references(() => users.id),
    firstResponseDue: timestamp({ withTimezone: true }).notNull(),
    resolutionDue: timestamp({ withTimezone: true }).notNull(),
    firstResponseAt: timestamp({ withTimezone: true }),
    /** While waiting for the requester the resolution clock stops. */
    waitingSince: timestamp({ withTimezone: true }),
    resolvedAt: timestamp({ withTimezone: true }),
    closedAt: timestamp({ withTimezone: true }),
    /** Warnings already sent (first_response_warning, first_response_breach, resolution_warning, resolution_breach). */
    slaAlerts: text().array().notNull().default(sql`'{}'::text[]`),
    rating: integer(),
    ratingComment: text(),
    ratedAt: timestamp({ withTimezone: true }),
    isDemo: boolean().notNull().default(false),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('service_requests_number_uq').on(t.number),
    index('service_requests_queue_idx').on(t.provinciaId, t.service, t.state),
    index('service_requests_requester_idx').on(t.requesterEnteId),
  ],
);

/** The history of a request: state changes, assignments, ratings (the conversation is its comments). */
export const serviceRequestEvents = pgTable(
  'service_request_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    requestId: uuid()
      .notNull()
      .references(() => serviceRequests.id, { onDelete: 'cascade' }),
    actorId: uuid().references(() => users.id),
    /** state | assignment | rating */
    kind: text().notNull(),
    fromState: text(),
    toState: text(),
    note: text(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('service_request_events_request_idx').on(t.requestId, t.at)],
);

/** Numbering of requests per Province, service and year. */
export const serviceRequestCounters = pgTable(
  'service_request_counters',
  {
    provinciaId: uuid()
      .notNull()
      .references(() => enti.id),
    service: text().notNull(),
    year: integer().notNull(),
    last: integer().notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.provinciaId, t.service, t.year] })],
);

/** A dated item a module publishes to the calendars of the people who may see its record. */
export const calendarItems = pgTable(
  'calendar_items',
  {
    id: uuid().primaryKey().defaultRandom(),
    module: text().notNull(),
    sourceType: text().notNull(),
    sourceId: uuid().notNull(),
    /** What the date is: convention_expiry, tender_deadline, call_closing, training_session, meeting… */
    kind: text().notNull(),
    title: text().notNull(),
    description: text().notNull().default(''),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }),
    allDay: boolean().notNull().default(false),
    url: text(),
    location: text(),
    enteId: uuid().references(() => enti.id),
    /** Who sees it, as audience tokens (see the records service). */
    audience: text().array().notNull(),
    /** Days before the date on which reminders are sent, and those already sent. */
    remindDays: integer().array().notNull().default(sql`'{7,1}'::integer[]`),
    remindersSent: integer().array().notNull().default(sql`'{}'::integer[]`),
    /** Incremented on each change (iCalendar SEQUENCE). */
    sequence: integer().notNull().default(0),
    isDemo: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('calendar_items_source_uq').on(t.sourceType, t.sourceId, t.kind),
    index('calendar_items_starts_idx').on(t.startsAt),
    index('calendar_items_audience_idx').using('gin', t.audience),
  ],
);

/**
 * The private token of a user's iCalendar feed. Kept readable, as calendar services show a private address
 * again when asked; a reset replaces it and the old address stops working.
 */
export const calendarFeedTokens = pgTable(
  'calendar_feed_tokens',
  {
    userId: uuid()
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    token: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp({ withTimezone: true }),
  },
  (t) => [uniqueIndex('calendar_feed_tokens_token_uq').on(t.token)],
);

/**
 * The global search index: one entry per searchable thing, with who may see it (audience tokens)
 * and an Italian full-text vector over its unaccented title (weight A) and body (weight B).
 */
export const searchEntries = pgTable(
  'search_entries',
  {
    kind: text().notNull(),
    refId: uuid().notNull(),
    /** The record whose permissions apply (a comment's or document's owner; the thing itself otherwise). */
    ownerType: text().notNull(),
    ownerId: uuid().notNull(),
    title: text().notNull(),
    body: text().notNull().default(''),
    url: text().notNull(),
    enteId: uuid(),
    audience: text().array().notNull(),
    tsv: tsvector()
      .notNull()
      .generatedAlwaysAs(
        sql`setweight(to_tsvector('italian', f_unaccent(coalesce(title, ''))), 'A') || setweight(to_tsvector('italian', f_unaccent(left(coalesce(body, ''), 200000))), 'B')`,
      ),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.refId] }),
    index('search_entries_owner_idx').on(t.ownerType, t.ownerId),
    index('search_entries_tsv_idx').using('gin', t.tsv),
    index('search_entries_audience_idx').using('gin', t.audience),
  ],
);
