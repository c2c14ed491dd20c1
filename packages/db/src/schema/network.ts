import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './identity.js';
import { enti } from './registry.js';

const audit = {
  isDemo: boolean().notNull().default(false),
  version: integer().notNull().default(1),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
};

/** Project referents a Province names per area (general, SUA, SAPE, SIT). */
export const referents = pgTable(
  'referents',
  {
    id: uuid().primaryKey().defaultRandom(),
    enteId: uuid()
      .notNull()
      .references(() => enti.id),
    area: text().notNull(),
    fullName: text().notNull(),
    role: text(),
    office: text(),
    email: text().notNull(),
    phone: text(),
    ...audit,
  },
  (t) => [index('referents_ente_idx').on(t.enteId, t.area)],
);

/** Protocollo d'intesa UPI–Provincia: one per Province of the programme. */
export const protocols = pgTable(
  'protocols',
  {
    id: uuid().primaryKey().defaultRandom(),
    provinciaId: uuid()
      .notNull()
      .references(() => enti.id),
    state: text().notNull().default('draft'),
    /** Areas the Province commits to: sua, sape, sit. */
    areas: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    staffCount: integer(),
    staffNote: text(),
    sentOn: date({ mode: 'string' }),
    signedOn: date({ mode: 'string' }),
    declinedReason: text(),
    signedDocumentId: uuid(),
    remindersSent: integer().notNull().default(0),
    lastReminderAt: timestamp({ withTimezone: true }),
    ...audit,
  },
  (t) => [uniqueIndex('protocols_provincia_uq').on(t.provinciaId), index('protocols_state_idx').on(t.state)],
);

/** Conventions UPI–Provincia and Provincia–Comune for one or more services. */
export const conventions = pgTable(
  'conventions',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** upi_provincia | provincia_comune */
    kind: text().notNull(),
    title: text().notNull(),
    /** The ente that administers the convention: the UPI or the Province. */
    ownerEnteId: uuid()
      .notNull()
      .references(() => enti.id),
    services: text().array().notNull(),
    startsOn: date({ mode: 'string' }).notNull(),
    endsOn: date({ mode: 'string' }),
    legalBasis: text(),
    state: text().notNull().default('draft'),
    signedDocumentId: uuid(),
    withdrawnReason: text(),
    ...audit,
  },
  (t) => [index('conventions_owner_idx').on(t.ownerEnteId), index('conventions_state_idx').on(t.state, t.endsOn)],
);

export const conventionParties = pgTable(
  'convention_parties',
  {
    conventionId: uuid()
      .notNull()
      .references(() => conventions.id, { onDelete: 'cascade' }),
    enteId: uuid()
      .notNull()
      .references(() => enti.id),
  },
  (t) => [
    uniqueIndex('convention_parties_pk').on(t.conventionId, t.enteId),
    index('convention_parties_ente_idx').on(t.enteId),
  ],
);

/** Governance bodies: Comitato di Indirizzo Strategico, Comitato Tecnico di Attuazione. */
export const bodies = pgTable('governance_bodies', {
  id: uuid().primaryKey().defaultRandom(),
  code: text().notNull().unique(),
  name: text().notNull(),
  description: text(),
  ...audit,
});

export const bodyMembers = pgTable(
  'governance_body_members',
  {
    id: uuid().primaryKey().defaultRandom(),
    bodyId: uuid()
      .notNull()
      .references(() => bodies.id, { onDelete: 'cascade' }),
    fullName: text().notNull(),
    /** UPI, DFP, DARA, ANCI, or the name of an ente. */
    organisation: text().notNull(),
    role: text().notNull(),
    userId: uuid().references(() => users.id),
    fromOn: date({ mode: 'string' }),
    toOn: date({ mode: 'string' }),
    ...audit,
  },
  (t) => [index('governance_body_members_body_idx').on(t.bodyId)],
);

/** Thematic working groups, one per area, with 5–6 member Provinces and a lead. */
export const workingGroups = pgTable('working_groups', {
  id: uuid().primaryKey().defaultRandom(),
  area: text().notNull(),
  name: text().notNull(),
  description: text(),
  ...audit,
});

/** Membership history: a row per period of membership (leftOn null = current). */
export const workingGroupMembers = pgTable(
  'working_group_members',
  {
    id: uuid().primaryKey().defaultRandom(),
    groupId: uuid()
      .notNull()
      .references(() => workingGroups.id, { onDelete: 'cascade' }),
    enteId: uuid()
      .notNull()
      .references(() => enti.id),
    isLead: boolean().notNull().default(false),
    joinedOn: date({ mode: 'string' }).notNull(),
    leftOn: date({ mode: 'string' }),
    isDemo: boolean().notNull().default(false),
  },
  (t) => [index('working_group_members_group_idx').on(t.groupId), index('working_group_members_ente_idx').on(t.enteId)],
);

/** Meetings of a governance body or a working group: agenda, minutes and decisions. */
export const meetings = pgTable(
  'meetings',
  {
    id: uuid().primaryKey().defaultRandom(),
    bodyId: uuid().references(() => bodies.id, { onDelete: 'cascade' }),
    groupId: uuid().references(() => workingGroups.id, { onDelete: 'cascade' }),
    title: text().notNull(),
    heldAt: timestamp({ withTimezone: true }).notNull(),
    location: text(),
    agenda: text(),
    minutes: text(),
    ...audit,
  },
  (t) => [index('meetings_body_idx').on(t.bodyId, t.heldAt), index('meetings_group_idx').on(t.groupId, t.heldAt)],
);

export const decisions = pgTable(
  'decisions',
  {
    id: uuid().primaryKey().defaultRandom(),
    meetingId: uuid()
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    number: text().notNull(),
    subject: text().notNull(),
    text: text().notNull(),
    isDemo: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('decisions_meeting_idx').on(t.meetingId)],
);

/** Tavoli locali di confronto opened by UPI; Provinces apply with a motivation. */
export const localTables = pgTable('local_tables', {
  id: uuid().primaryKey().defaultRandom(),
  title: text().notNull(),
  topic: text().notNull(),
  area: text().notNull(),
  /** Last day to apply. */
  applyBy: date({ mode: 'string' }).notNull(),
  startsOn: date({ mode: 'string' }).notNull(),
  endsOn: date({ mode: 'string' }),
  state: text().notNull().default('open'),
  outcomes: text(),
  ...audit,
});

export const candidatures = pgTable(
  'table_candidatures',
  {
    id: uuid().primaryKey().defaultRandom(),
    tableId: uuid()
      .notNull()
      .references(() => localTables.id, { onDelete: 'cascade' }),
    provinciaId: uuid()
      .notNull()
      .references(() => enti.id),
    motivation: text().notNull(),
    state: text().notNull().default('submitted'),
    decisionNote: text(),
    decidedAt: timestamp({ withTimezone: true }),
    ...audit,
  },
  (t) => [uniqueIndex('table_candidatures_uq').on(t.tableId, t.provinciaId)],
);
