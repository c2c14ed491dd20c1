import { bigint, boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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
  },
  (t) => [uniqueIndex('document_versions_uq').on(t.documentId, t.version)],
);
