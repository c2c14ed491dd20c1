import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './identity.js';
import { requestCategories } from './collab.js';
import { conventions } from './network.js';
import { enti } from './registry.js';

const tracked = {
  isDemo: boolean().notNull().default(false),
  version: integer().notNull().default(1),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
};
/** Euros, exact: numeric(14,2) read as a string. */
const euro = () => numeric({ precision: 14, scale: 2 });

/** Funding programmes (reference data): cohesion PR/PN, Interreg, PNRR missions, direct EU programmes. */
export const euProgrammes = pgTable('eu_programmes', {
  code: text().primaryKey(),
  name: text().notNull(),
  /** EU-direct | EU-shared | national | regional */
  level: text().notNull(),
  funds: text().array().notNull(),
  period: text().notNull(),
  managingAuthority: text(),
  /** Code of the framework programme on the EU Funding & Tenders portal (SEDIA). */
  ftFrameworkProgrammeCode: text(),
  position: integer().notNull().default(0),
});

/** A call for funding (bando/avviso) from any source, normalised (sit-sape.md §3.2.3). */
export const euCalls = pgTable(
  'eu_calls',
  {
    id: uuid().primaryKey().defaultRandom(),
    identifier: text().notNull(),
    /** manual | PA_DIGITALE_2026 | FT_PORTAL | REGIONE | MINISTERO | OTHER */
    source: text().notNull().default('manual'),
    programme: text().notNull(),
    programmeCode: text().references(() => euProgrammes.code),
    title: text().notNull(),
    actionType: text(),
    description: text(),
    /** single-stage | two-stage | multiple-cut-off | rolling */
    deadlineModel: text().notNull(),
    opensAt: timestamp({ withTimezone: true }).notNull(),
    /** The last deadline: the call is open from opensAt to closesAt, both included. */
    closesAt: timestamp({ withTimezone: true }).notNull(),
    /** Every stage deadline, ISO instants. */
    deadlines: jsonb().$type<string[]>().notNull(),
    budget: euro(),
    /** Percent, two decimals; null when not applicable (lump sums). */
    cofinancingRate: numeric({ precision: 5, scale: 2 }),
    enteTypes: text().array().notNull(),
    minPopulation: integer(),
    maxPopulation: integer(),
    topics: text().array().notNull().default(sql`'{}'::text[]`),
    /** ISTAT region codes; empty = the whole country. */
    territory: text().array().notNull().default(sql`'{}'::text[]`),
    links: jsonb().$type<{ label: string; url: string }[]>().notNull().default([]),
    createdBy: uuid().references(() => users.id),
    ...tracked,
  },
  (t) => [
    uniqueIndex('eu_calls_identifier_uq').on(t.identifier),
    index('eu_calls_dates_idx').on(t.closesAt, t.opensAt),
    index('eu_calls_topics_idx').using('gin', t.topics),
  ],
);

/** A user follows a call: alerts on its deadlines. */
export const euCallFollows = pgTable(
  'eu_call_follows',
  {
    callId: uuid()
      .notNull()
      .references(() => euCalls.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.callId, t.userId] }), index('eu_call_follows_user_idx').on(t.userId)],
);

/** The themes an ente declares it is interested in ("per te"). */
export const euInterests = pgTable('eu_interests', {
  enteId: uuid()
    .primaryKey()
    .references(() => enti.id),
  topics: text().array().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** A project in the SAPE pipeline, from idea to closing. */
export const euProjects = pgTable(
  'eu_projects',
  {
    id: uuid().primaryKey().defaultRandom(),
    leadEnteId: uuid()
      .notNull()
      .references(() => enti.id),
    /** The Province whose SAPE serves the lead ente. */
    provinciaId: uuid().references(() => enti.id),
    callId: uuid().references(() => euCalls.id),
    title: text().notNull(),
    description: text(),
    programme: text(),
    state: text().notNull().default('idea'),
    stateChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Sum of the budget lines. */
    budget: euro().notNull().default('0'),
    grantedAmount: euro(),
    decreeRef: text(),
    cup: text(),
    procurementProcedureId: uuid(),
    procurementNumber: text(),
    cig: text(),
    supportedBySape: boolean().notNull().default(false),
    budgetLines: jsonb().$type<{ category: string; amount: string }[]>().notNull().default([]),
    cofinancing: jsonb().$type<{ source: string; amount: string }[]>().notNull().default([]),
    spendingPlan: jsonb().$type<{ month: string; amount: string }[]>().notNull().default([]),
    reportingDeadlines: jsonb().$type<{ date: string; label: string }[]>().notNull().default([]),
    startedOn: date({ mode: 'string' }),
    createdBy: uuid().references(() => users.id),
    ...tracked,
  },
  (t) => [
    index('eu_projects_lead_idx').on(t.leadEnteId, t.state),
    index('eu_projects_provincia_idx').on(t.provinciaId, t.leadEnteId),
    index('eu_projects_cup_idx').on(t.cup),
  ],
);

export const euProjectPartners = pgTable(
  'eu_project_partners',
  {
    id: uuid().primaryKey().defaultRandom(),
    projectId: uuid()
      .notNull()
      .references(() => euProjects.id, { onDelete: 'cascade' }),
    enteId: uuid().references(() => enti.id),
    name: text().notNull(),
    role: text().notNull(),
    pic: text(),
    country: text(),
  },
  (t) => [index('eu_project_partners_project_idx').on(t.projectId), index('eu_project_partners_ente_idx').on(t.enteId)],
);

/** Each step of the life-cycle with its date and document. */
export const euProjectSteps = pgTable(
  'eu_project_steps',
  {
    id: uuid().primaryKey().defaultRandom(),
    projectId: uuid()
      .notNull()
      .references(() => euProjects.id, { onDelete: 'cascade' }),
    state: text().notNull(),
    date: date({ mode: 'string' }).notNull(),
    note: text(),
    documentId: uuid(),
    actorId: uuid().references(() => users.id),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('eu_project_steps_project_idx').on(t.projectId, t.at)],
);

/** Payment claims (domande di rimborso) grouped from expenditures, with their receipts. */
export const euClaims = pgTable(
  'eu_claims',
  {
    id: uuid().primaryKey().defaultRandom(),
    projectId: uuid()
      .notNull()
      .references(() => euProjects.id, { onDelete: 'cascade' }),
    number: integer().notNull(),
    kind: text().notNull(),
    submittedOn: date({ mode: 'string' }).notNull(),
    amount: euro().notNull(),
    receivedOn: date({ mode: 'string' }),
    receivedAmount: euro(),
    isDemo: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('eu_claims_number_uq').on(t.projectId, t.number)],
);

/** Expenditures of a project (rendicontazione). */
export const euExpenditures = pgTable(
  'eu_expenditures',
  {
    id: uuid().primaryKey().defaultRandom(),
    projectId: uuid()
      .notNull()
      .references(() => euProjects.id, { onDelete: 'cascade' }),
    documentRef: text().notNull(),
    documentId: uuid(),
    date: date({ mode: 'string' }).notNull(),
    amount: euro().notNull(),
    eligible: boolean().notNull(),
    paidOn: date({ mode: 'string' }),
    category: text().notNull(),
    salNumber: integer(),
    claimId: uuid().references(() => euClaims.id),
    isDemo: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('eu_expenditures_project_idx').on(t.projectId, t.date)],
);

/** The SAPE office of a Province, year by year: staff, costs, fees from adhering Comuni, hours of support. */
export const euOfficeYears = pgTable(
  'eu_office_years',
  {
    provinciaId: uuid()
      .notNull()
      .references(() => enti.id),
    year: integer().notNull(),
    staffFte: numeric({ precision: 6, scale: 2 }).notNull(),
    costs: euro().notNull(),
    fees: euro().notNull(),
    supportHours: integer().notNull(),
    isDemo: boolean().notNull().default(false),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provinciaId, t.year] })],
);

/**
 * The services a Province's SAPE publishes for its Comuni. Each is one kind of the SAPE request categories of the
 * service-request system (requests keep its clocks and queue); the Province words it, states its service level and
 * names the registry convention through which the Comuni adhere (none: offered to every Comune of the Province).
 */
export const euSapeServices = pgTable(
  'eu_sape_services',
  {
    id: uuid().primaryKey().defaultRandom(),
    provinciaId: uuid()
      .notNull()
      .references(() => enti.id),
    /** The request category (service `sape`) a request for this service is filed under. */
    categoryId: uuid()
      .notNull()
      .references(() => requestCategories.id),
    title: text().notNull(),
    description: text().notNull(),
    /** What the Comune can expect (times, deliverables), in the Province's words. */
    serviceLevel: text().notNull(),
    /** The convention (registry) through which a Comune adheres to this service. */
    conventionId: uuid().references(() => conventions.id),
    published: boolean().notNull().default(false),
    position: integer().notNull().default(0),
    ...tracked,
  },
  (t) => [index('eu_sape_services_provincia_idx').on(t.provinciaId, t.position)],
);
