import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  doublePrecision,
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

/** The catalogue of the Agenda Digitale Territoriale indicators (one row per indicator). */
export const daIndicators = pgTable('da_indicators', {
  code: text().primaryKey(),
  /** GOV, CLD, DAT, SRV, PAY, IDA, DOC, ACC, SEC, FIN */
  area: text().notNull(),
  nameIt: text().notNull(),
  nameEn: text().notNull(),
  /** boolean | percent | score01 | index100 | count | eur_per_inh | per_inh | per_10k | per_page | days */
  unit: text().notNull(),
  /** up | down | context */
  polarity: text().notNull(),
  /** share (SH + PWS) | mean | median | ratio (population-weighted) | sum */
  aggregation: text().notNull(),
  aggregationNote: text().notNull(),
  source: text().notNull(),
  frequency: text().notNull(),
  availability: text().notNull(),
  minValue: doublePrecision().notNull(),
  maxValue: doublePrecision().notNull(),
  target: doublePrecision(),
  targetDeadline: date({ mode: 'string' }),
  targetNote: text(),
  methodologyIt: text().notNull().default(''),
  methodologyEn: text().notNull().default(''),
  position: integer().notNull().default(0),
});

/**
 * A version of the methodology: area weights and normalisation goalposts. Published composite scores keep the
 * version they were computed with; a new version applies to the next publication only.
 */
export const daMethodologyVersions = pgTable('da_methodology_versions', {
  version: integer().primaryKey(),
  validFrom: date({ mode: 'string' }).notNull(),
  /** { "SRV": 20, … } */
  areaWeights: jsonb().$type<Record<string, number>>().notNull(),
  /** { "SRV-10": [lower, upper], … } */
  goalposts: jsonb().$type<Record<string, [number, number]>>().notNull(),
  note: text().notNull().default(''),
  createdBy: uuid().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** The value of an indicator for a Comune and a year, with its provenance. */
export const daValues = pgTable(
  'da_values',
  {
    indicatorCode: text().notNull(),
    period: integer().notNull(),
    istatCode: text().notNull(),
    value: doublePrecision().notNull(),
    /** csv | padigitale2026 | questionnaire | demo */
    source: text().notNull(),
    observedOn: date({ mode: 'string' }).notNull(),
    enteredBy: uuid(),
    importId: uuid(),
    /** Entered by the Comune in its self-assessment: visible to the Comune, its Province and UPI. */
    selfAssessed: boolean().notNull().default(false),
    isDemo: boolean().notNull().default(false),
    /** The Comune's territory and population class when the value was stored (aggregations read no other table). */
    provinceCode: text().notNull(),
    regionCode: text().notNull(),
    peerGroup: text().notNull(),
    population: integer().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.indicatorCode, t.period, t.istatCode] }),
    index('da_values_comune_idx').on(t.istatCode, t.period),
  ],
);

/** Aggregates of an indicator per territory (peer group, province, region, nation), always from Comuni. */
export const daStats = pgTable(
  'da_stats',
  {
    indicatorCode: text().notNull(),
    period: integer().notNull(),
    /** peer | province | region | national */
    level: text().notNull(),
    territoryCode: text().notNull(),
    comuni: integer().notNull(),
    share: doublePrecision(),
    populationWeighted: doublePrecision(),
    mean: doublePrecision(),
    median: doublePrecision(),
    sum: doublePrecision(),
  },
  (t) => [primaryKey({ columns: [t.period, t.level, t.territoryCode, t.indicatorCode] })],
);

/**
 * Distribution of an indicator's values within a peer group: how many Comuni have each value and how many have a
 * lower one. Ranks and percentiles (ties counted half) are read from it.
 */
export const daDistributions = pgTable(
  'da_distributions',
  {
    indicatorCode: text().notNull(),
    period: integer().notNull(),
    peerGroup: text().notNull(),
    value: doublePrecision().notNull(),
    n: integer().notNull(),
    below: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.indicatorCode, t.period, t.peerGroup, t.value] })],
);

/** An import of values: validated first (report), then published by an operator. */
export const daImports = pgTable('da_imports', {
  id: uuid().primaryKey().defaultRandom(),
  /** values_csv | padigitale_candidature | padigitale_avvisi */
  kind: text().notNull(),
  fileName: text().notNull(),
  period: integer(),
  /** validated | rejected | published */
  state: text().notNull(),
  report: jsonb().notNull(),
  rowCount: integer().notNull().default(0),
  /** The file of a validated import, kept until its publication (checked again then); emptied when published. */
  content: text(),
  createdBy: uuid().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  publishedAt: timestamp({ withTimezone: true }),
});

/** Composite index (IMDT) of a Comune for a year, frozen at publication with its methodology version. */
export const daComposites = pgTable(
  'da_composites',
  {
    istatCode: text().notNull(),
    period: integer().notNull(),
    methodologyVersion: integer().notNull(),
    peerGroup: text().notNull(),
    score: doublePrecision(),
    rankLow: integer(),
    rankHigh: integer(),
    coverage: doublePrecision().notNull(),
    computedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.istatCode, t.period] })],
);

/** ISTAT territorial variations: the code of a merged or renamed Comune and the current one. */
export const daIstatVariations = pgTable('da_istat_variations', {
  oldCode: text().primaryKey(),
  newCode: text().notNull(),
  validFrom: date({ mode: 'string' }).notNull(),
  note: text().notNull().default(''),
});

/** Calls of PA digitale 2026 (avvisi.csv). */
export const daCalls = pgTable(
  'da_calls',
  {
    id: uuid().primaryKey().defaultRandom(),
    title: text().notNull(),
    measure: text().notNull(),
    opensOn: date({ mode: 'string' }),
    closesOn: date({ mode: 'string' }),
    /** PUBBLICATO | TERMINATO */
    status: text().notNull(),
    allocatedCents: bigint({ mode: 'number' }),
    measureTotalCents: bigint({ mode: 'number' }),
    recipients: text().array().notNull().default(sql`'{}'::text[]`),
    importId: uuid(),
  },
  (t) => [uniqueIndex('da_calls_title_uq').on(t.title)],
);

/** The catalogue of digital services a Province's competence centre offers to its Comuni. */
export const daCentreServices = pgTable(
  'da_centre_services',
  {
    id: uuid().primaryKey().defaultRandom(),
    provinciaId: uuid()
      .notNull()
      .references(() => enti.id),
    /** pagopa | app_io | send | website | accessibility | cloud | … */
    topic: text().notNull(),
    nameIt: text().notNull(),
    nameEn: text().notNull(),
    descriptionIt: text().notNull().default(''),
    /** convenzione | accordo | protocollo (the instrument of the registry) */
    adhesionInstrument: text().notNull(),
    serviceLevel: text().notNull(),
    /** The request category (service 'sit') a Comune uses to ask for it. */
    requestCategoryCode: text().notNull(),
    indicatorCodes: text().array().notNull().default(sql`'{}'::text[]`),
    active: boolean().notNull().default(true),
    isDemo: boolean().notNull().default(false),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('da_centre_services_provincia_idx').on(t.provinciaId)],
);

/**
 * Area scores of the Comuni aggregated per Province and Region for a period (the heat map): the mean of the Comuni's
 * area sub-indices, each the mean of the area's normalised indicator scores, on the methodology version of the
 * publication. Recomputed with the composites.
 */
export const daAreaStats = pgTable(
  'da_area_stats',
  {
    period: integer().notNull(),
    /** province | region */
    level: text().notNull(),
    territoryCode: text().notNull(),
    area: text().notNull(),
    methodologyVersion: integer().notNull(),
    comuni: integer().notNull(),
    score: doublePrecision().notNull(),
  },
  (t) => [primaryKey({ columns: [t.period, t.level, t.territoryCode, t.area] })],
);

/**
 * A Comune that fell behind on a targeted indicator in a period (see the monitoring methodology): one row per
 * Comune × indicator × period, so the competence centre is told once.
 */
export const daAlerts = pgTable(
  'da_alerts',
  {
    istatCode: text().notNull(),
    indicatorCode: text().notNull(),
    period: integer().notNull(),
    provinceCode: text().notNull(),
    /** off_track | decline */
    reason: text().notNull(),
    value: doublePrecision().notNull(),
    previous: doublePrecision(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.istatCode, t.indicatorCode, t.period] }), index('da_alerts_province_idx').on(t.provinceCode, t.period)],
);
