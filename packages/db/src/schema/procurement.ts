import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './identity.js';
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

/**
 * Procurement rules as data with validity dates: EU thresholds, art. 50 bands, minimum days, standstill.
 * One row per key and period; the advice engine picks the row valid on the reference date.
 */
export const procurementRules = pgTable(
  'procurement_rules',
  {
    key: text().notNull(),
    value: numeric({ precision: 16, scale: 2 }).notNull(),
    /** EUR | days | percent | count */
    unit: text().notNull(),
    validFrom: date({ mode: 'string' }).notNull(),
    validTo: date({ mode: 'string' }),
    legalBasis: text().notNull(),
    noteIt: text().notNull().default(''),
    noteEn: text().notNull().default(''),
  },
  (t) => [uniqueIndex('procurement_rules_pk').on(t.key, t.validFrom)],
);

/** Catalogue of requirement checks (artt. 94, 95, 100 D.Lgs. 36/2023): reference data. */
export const requirementCheckCatalogue = pgTable('requirement_check_catalogue', {
  code: text().primaryKey(),
  nameIt: text().notNull(),
  nameEn: text().notNull(),
  /** general | special */
  category: text().notNull(),
  legalBasis: text().notNull(),
  evidence: text().notNull(),
  issuer: text().notNull(),
  fvoeCode: text(),
  validityDays: integer(),
  /** Free-text rule of application, shown to the officer. */
  appliesTo: text().notNull(),
  /** Machine-readable applicability: all | works | works_150k | sf | sia | above_eu | over_150k | when_required */
  scope: text().notNull().default('all'),
  position: integer().notNull().default(0),
});

/** A procurement the SUA of a Province runs for a Comune: from the Comune's request to the contract. */
export const procurementProcedures = pgTable(
  'procurement_procedures',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** e.g. SUA-PD-2026-0007 */
    number: text().notNull(),
    comuneId: uuid()
      .notNull()
      .references(() => enti.id),
    /** The Province whose SUA runs it. */
    provinciaId: uuid()
      .notNull()
      .references(() => enti.id),
    conventionId: uuid().references(() => conventions.id),
    requestedBy: uuid().references(() => users.id),
    title: text().notNull(),
    description: text(),
    /** lavori | servizi | forniture */
    objectType: text().notNull(),
    sia: boolean().notNull().default(false),
    cpvMain: text().notNull(),
    cpvSecondary: text().array().notNull().default(sql`'{}'::text[]`),
    estimatedValue: euro().notNull(),
    optionsValue: euro().notNull().default('0'),
    cup: text(),
    pnrr: boolean().notNull().default(false),
    fundingNote: text(),
    rupName: text().notNull(),
    rupEmail: text(),
    desiredStart: date({ mode: 'string' }),
    desiredAward: date({ mode: 'string' }),
    socialServices: boolean().notNull().default(false),
    labourIntensive: boolean().notNull().default(false),
    innovative: boolean().notNull().default(false),
    procedureCode: text(),
    awardCriterion: text(),
    priceCapPercent: numeric({ precision: 5, scale: 2 }),
    justification: text(),
    /** bozza … chiusa | deserta | annullata */
    state: text().notNull().default('bozza'),
    stateChangedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    returnNote: text(),
    publishedOn: date({ mode: 'string' }),
    platform: text(),
    offerDeadline: timestamp({ withTimezone: true }),
    proposalOn: date({ mode: 'string' }),
    awardeeId: uuid(),
    awardAmount: euro(),
    awardedOn: date({ mode: 'string' }),
    fvoeFallbackNote: text(),
    standstillEnd: date({ mode: 'string' }),
    stipulaDeadline: date({ mode: 'string' }),
    signedOn: date({ mode: 'string' }),
    fascicoloId: uuid(),
    ...tracked,
  },
  (t) => [
    uniqueIndex('procurement_procedures_number_idx').on(t.number),
    index('procurement_procedures_provincia_idx').on(t.provinciaId, t.state, t.updatedAt),
    index('procurement_procedures_comune_idx').on(t.comuneId, t.state, t.updatedAt),
    index('procurement_procedures_state_idx').on(t.state, t.updatedAt),
  ],
);

/** Yearly counter of procedure numbers per Province. */
export const procurementCounters = pgTable(
  'procurement_counters',
  {
    provinciaId: uuid()
      .notNull()
      .references(() => enti.id),
    year: integer().notNull(),
    last: integer().notNull(),
  },
  (t) => [uniqueIndex('procurement_counters_pk').on(t.provinciaId, t.year)],
);

export const procurementLots = pgTable(
  'procurement_lots',
  {
    id: uuid().primaryKey().defaultRandom(),
    procedureId: uuid()
      .notNull()
      .references(() => procurementProcedures.id, { onDelete: 'cascade' }),
    number: integer().notNull(),
    title: text().notNull(),
    value: euro().notNull(),
    cpv: text(),
    cig: text(),
  },
  (t) => [uniqueIndex('procurement_lots_number_idx').on(t.procedureId, t.number)],
);

/** The working group: the Comune's RUP, SUA officers, commission members. */
export const procurementTeam = pgTable(
  'procurement_team',
  {
    id: uuid().primaryKey().defaultRandom(),
    procedureId: uuid()
      .notNull()
      .references(() => procurementProcedures.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    /** rup | sua_officer | commission_president | commission_member | support */
    role: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('procurement_team_member_idx').on(t.procedureId, t.userId, t.role), index('procurement_team_user_idx').on(t.userId)],
);

/** Every change of state, for the history and the median days per phase. */
export const procurementEvents = pgTable(
  'procurement_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    procedureId: uuid()
      .notNull()
      .references(() => procurementProcedures.id, { onDelete: 'cascade' }),
    fromState: text(),
    toState: text().notNull(),
    note: text(),
    actorId: uuid().references(() => users.id),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** When the procedure left `to_state` (the next move): the time spent in each phase, for the dashboard. */
    leftAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('procurement_events_procedure_idx').on(t.procedureId, t.at), index('procurement_events_phase_idx').on(t.toState).where(sql`${t.leftAt} is not null`)],
);

/** The document workspace: one row per document the chosen procedure needs. */
export const procurementDocuments = pgTable(
  'procurement_documents',
  {
    id: uuid().primaryKey().defaultRandom(),
    procedureId: uuid()
      .notNull()
      .references(() => procurementProcedures.id, { onDelete: 'cascade' }),
    docType: text().notNull(),
    required: boolean().notNull(),
    /** comune | sua */
    producer: text().notNull(),
    folder: text().notNull(),
    position: integer().notNull(),
    /** da_redigere | in_bozza | in_revisione | approvato | firmato */
    state: text().notNull().default('da_redigere'),
    documentId: uuid(),
    approvedBy: uuid().references(() => users.id),
    approvedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('procurement_documents_type_idx').on(t.procedureId, t.docType)],
);

/** Economic operators (operatori economici): the firms invited, bidding and awarded. */
export const economicOperators = pgTable(
  'economic_operators',
  {
    id: uuid().primaryKey().defaultRandom(),
    name: text().notNull(),
    taxCode: text().notNull(),
    vatNumber: text(),
    legalForm: text(),
    address: text(),
    pec: text(),
    employees: integer(),
    /** [{ category, classifica, validUntil }] — SOA attestations for works. */
    soa: jsonb().notNull().default(sql`'[]'::jsonb`),
    createdBy: uuid().references(() => users.id),
    ...tracked,
  },
  (t) => [uniqueIndex('economic_operators_tax_code_idx').on(t.taxCode), index('economic_operators_name_idx').on(t.name)],
);

export const procurementParticipants = pgTable(
  'procurement_participants',
  {
    id: uuid().primaryKey().defaultRandom(),
    procedureId: uuid()
      .notNull()
      .references(() => procurementProcedures.id, { onDelete: 'cascade' }),
    operatorId: uuid()
      .notNull()
      .references(() => economicOperators.id),
    /** invited | bidder | excluded | proposed_awardee | awardee */
    role: text().notNull(),
    offerAmount: euro(),
    rank: integer(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('procurement_participants_idx').on(t.procedureId, t.operatorId), index('procurement_participants_operator_idx').on(t.operatorId)],
);

/** The checklist of requirement checks on an operator of a procedure. */
export const procurementChecks = pgTable(
  'procurement_checks',
  {
    id: uuid().primaryKey().defaultRandom(),
    procedureId: uuid()
      .notNull()
      .references(() => procurementProcedures.id, { onDelete: 'cascade' }),
    operatorId: uuid()
      .notNull()
      .references(() => economicOperators.id),
    code: text()
      .notNull()
      .references(() => requirementCheckCatalogue.code),
    requestedAt: date({ mode: 'string' }),
    requestedBy: uuid().references(() => users.id),
    /** pending | regolare | irregolare | non_pertinente */
    outcome: text().notNull().default('pending'),
    evidenceDocumentId: uuid(),
    issuedOn: date({ mode: 'string' }),
    validUntil: date({ mode: 'string' }),
    note: text(),
    /** Expiry warnings already sent (expiring, expired). */
    alerts: text().array().notNull().default(sql`'{}'::text[]`),
    version: integer().notNull().default(1),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('procurement_checks_item_idx').on(t.procedureId, t.operatorId, t.code),
    index('procurement_checks_valid_until_idx').on(t.validUntil),
  ],
);

/**
 * A verifiable random draw of the operators to invite (rotation, art. 49): the candidates (after the rotation's
 * exclusions), the public seed announced beforehand and the result; anyone recomputes the result from them.
 */
export const procurementDraws = pgTable(
  'procurement_draws',
  {
    id: uuid().primaryKey().defaultRandom(),
    procedureId: uuid()
      .notNull()
      .references(() => procurementProcedures.id, { onDelete: 'cascade' }),
    requested: integer().notNull(),
    /** Operator ids in the draw, sorted. */
    candidates: uuid().array().notNull(),
    /** [{ operatorId, reason }] left out by the rotation. */
    excluded: jsonb().notNull().default(sql`'[]'::jsonb`),
    publicSeed: text().notNull(),
    /** SHA-256 of the sorted candidate list, published with the result. */
    candidatesSha256: text().notNull(),
    /** The operators drawn, in draw order. */
    drawn: uuid().array().notNull(),
    drawnBy: uuid().references(() => users.id),
    drawnAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('procurement_draws_procedure_idx').on(t.procedureId, t.drawnAt)],
);

/** What a SUA convention sets for the procedures it covers: the cap on their value and the SUA's fee (TUTTOGARE-like). */
export const procurementTerms = pgTable('procurement_terms', {
  conventionId: uuid()
    .primaryKey()
    .references(() => conventions.id, { onDelete: 'cascade' }),
  /** Highest estimated value the Comune may entrust to the SUA under this convention (null: no cap). */
  maxValue: euro(),
  /** The SUA's fee as a share of the estimated value, with a floor and a ceiling. */
  feePercent: numeric({ precision: 5, scale: 2 }),
  feeMin: euro(),
  feeMax: euro(),
  /** The SUA's qualification declared in the convention (Allegato II.4): SF1 | SF2 | SF3 and L1 | L2 | L3. */
  suaLevelSf: text(),
  suaLevelWorks: text(),
  note: text(),
  version: integer().notNull().default(1),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
