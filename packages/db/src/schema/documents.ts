import { sql } from 'drizzle-orm';
import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './identity.js';
import { enti } from './registry.js';

/** File contents, stored once by SHA-256 (content-addressed). */
export const blobs = pgTable('blobs', {
  sha256: text().primaryKey(),
  size: bigint({ mode: 'number' }).notNull(),
  /** Media type sniffed from the bytes. */
  mediaType: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** A document belongs to one record of a module (its owner), whose permissions it inherits. */
export const documents = pgTable(
  'documents',
  {
    id: uuid().primaryKey().defaultRandom(),
    ownerType: text().notNull(),
    ownerId: uuid().notNull(),
    /** The ente the owning record belongs to, when there is one. */
    enteId: uuid().references(() => enti.id),
    title: text().notNull(),
    currentVersion: integer().notNull().default(1),
    /** Approved or signed: a change makes a new version. */
    locked: boolean().notNull().default(false),
    isDemo: boolean().notNull().default(false),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('documents_owner_idx').on(t.ownerType, t.ownerId)],
);

export const documentVersions = pgTable(
  'document_versions',
  {
    id: uuid().primaryKey().defaultRandom(),
    documentId: uuid()
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    version: integer().notNull(),
    sha256: text()
      .notNull()
      .references(() => blobs.sha256),
    fileName: text().notNull(),
    mediaType: text().notNull(),
    size: bigint({ mode: 'number' }).notNull(),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** AgID metadata (Allegato 5) of this version: what the user filled; the platform adds what it knows. */
    metadata: jsonb().notNull().default(sql`'{}'::jsonb`),
    /** What the signatures of the file carry (CAdES, PAdES) and whether they verify; null = not signed. */
    signatures: jsonb(),
    /** Text extracted from the file at upload (PDF, DOCX, plain text), for full-text search. */
    textContent: text(),
  },
  (t) => [uniqueIndex('document_versions_uq').on(t.documentId, t.version)],
);

/** Aggregazione documentale informatica: a fascicolo with its own AgID metadata. */
export const fascicoli = pgTable(
  'fascicoli',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** IdAggregazione: unique and persistent. */
    identifier: text().notNull(),
    /** TipoAggregazione: Fascicolo, Serie Documentale, Serie di Fascicoli. */
    aggregationType: text().notNull().default('Fascicolo'),
    /** TipologiaFascicolo: affare, attività, persona fisica, persona giuridica, procedimento amministrativo. */
    fascicoloType: text(),
    title: text().notNull(),
    /** The ente that holds the fascicolo (AmministrazioneTitolare); its members may see it. */
    enteId: uuid().references(() => enti.id),
    classification: jsonb(),
    responsible: text(),
    openedOn: date({ mode: 'string' }).notNull(),
    closedOn: date({ mode: 'string' }),
    retentionYears: integer(),
    metadata: jsonb().notNull().default(sql`'{}'::jsonb`),
    isDemo: boolean().notNull().default(false),
    version: integer().notNull().default(1),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('fascicoli_identifier_uq').on(t.identifier), index('fascicoli_ente_idx').on(t.enteId)],
);

export const fascicoloDocuments = pgTable(
  'fascicolo_documents',
  {
    fascicoloId: uuid()
      .notNull()
      .references(() => fascicoli.id, { onDelete: 'cascade' }),
    documentId: uuid()
      .notNull()
      .references(() => documents.id),
    position: integer().notNull(),
    addedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.fascicoloId, t.documentId] }), index('fascicolo_documents_document_idx').on(t.documentId)],
);

/** DOCX templates with placeholders, managed by administrators. */
export const documentTemplates = pgTable('document_templates', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  description: text(),
  /** The kind of record whose data fill the placeholders (an owner type of the document service). */
  ownerType: text(),
  sha256: text()
    .notNull()
    .references(() => blobs.sha256),
  placeholders: text().array().notNull().default(sql`'{}'::text[]`),
  /** What a template shipped with the platform is for (e.g. `procurement:DETERMINA_A_CONTRARRE`); one active per purpose. */
  purpose: text(),
  active: boolean().notNull().default(true),
  createdBy: uuid().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
