import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { tables, type DbOrTx } from '@app/db';

const { blobs, documents, documentVersions, fascicoli, fascicoloDocuments, users } = tables;

export type DocumentInsert = typeof documents.$inferInsert;
export type VersionInsert = typeof documentVersions.$inferInsert;

/** The version row that is the document's current one. */
const currentVersion = and(
  eq(documentVersions.documentId, documents.id),
  eq(documentVersions.version, documents.currentVersion),
);

const versionColumns = {
  version: documentVersions.version,
  sha256: documentVersions.sha256,
  mediaType: documentVersions.mediaType,
  size: documentVersions.size,
  fileName: documentVersions.fileName,
  createdAt: documentVersions.createdAt,
  createdById: documentVersions.createdBy,
  createdByName: users.displayName,
  signatures: documentVersions.signatures,
};

export function createDocumentsRepository() {
  return {
    /** Records a blob; a blob already known (same bytes) is kept as it is. */
    async insertBlob(tx: DbOrTx, row: { sha256: string; size: number; mediaType: string }) {
      await tx.insert(blobs).values(row).onConflictDoNothing({ target: blobs.sha256 });
    },

    async insertDocument(tx: DbOrTx, row: DocumentInsert) {
      const [doc] = await tx.insert(documents).values(row).returning({ id: documents.id });
      return doc!;
    },

    async insertVersion(tx: DbOrTx, row: VersionInsert) {
      await tx.insert(documentVersions).values(row);
    },

    /** Advances the current version by one (row-locked until the end of the transaction); null when there is no such document. */
    async nextVersion(tx: DbOrTx, id: string) {
      const [row] = await tx
        .update(documents)
        .set({ currentVersion: sql`${documents.currentVersion} + 1`, updatedAt: new Date() })
        .where(eq(documents.id, id))
        .returning({ version: documents.currentVersion });
      return row?.version ?? null;
    },

    async lock(tx: DbOrTx, id: string) {
      const rows = await tx
        .update(documents)
        .set({ locked: true, updatedAt: new Date() })
        .where(eq(documents.id, id))
        .returning({ id: documents.id });
      return rows.length > 0;
    },

    /** A document with the media type of its current version. */
    async findDocument(db: DbOrTx, id: string) {
      const [row] = await db
        .select({
          id: documents.id,
          ownerType: documents.ownerType,
          ownerId: documents.ownerId,
          enteId: documents.enteId,
          title: documents.title,
          mediaType: documentVersions.mediaType,
          currentVersion: documents.currentVersion,
          locked: documents.locked,
          createdAt: documents.createdAt,
          createdById: documents.createdBy,
          createdByName: users.displayName,
          updatedAt: documents.updatedAt,
        })
        .from(documents)
        .innerJoin(documentVersions, currentVersion)
        .leftJoin(users, eq(users.id, documents.createdBy))
        .where(eq(documents.id, id));
      return row ?? null;
    },

    /** The documents of one owner record with their current version, newest first. */
    async listForOwner(db: DbOrTx, ownerType: string, ownerId: string, page: { page: number; pageSize: number }) {
      const owner = and(eq(documents.ownerType, ownerType), eq(documents.ownerId, ownerId));
      const items = await db
        .select({ id: documents.id, title: documents.title, locked: documents.locked, ...versionColumns })
        .from(documents)
        .innerJoin(documentVersions, currentVersion)
        .leftJoin(users, eq(users.id, documentVersions.createdBy))
        .where(owner)
        .orderBy(desc(documents.createdAt), desc(documents.id))
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize);
      const [total] = await db.select({ n: count() }).from(documents).where(owner);
      return { items, total: total?.n ?? 0 };
    },

    async versionsOf(db: DbOrTx, documentId: string) {
      return db
        .select(versionColumns)
        .from(documentVersions)
        .leftJoin(users, eq(users.id, documentVersions.createdBy))
        .where(eq(documentVersions.documentId, documentId))
        .orderBy(asc(documentVersions.version));
    },

    /** A version with its AgID metadata (what the user filled). */
    async findVersionWithMetadata(db: DbOrTx, documentId: string, version: number) {
      const [row] = await db
        .select({ ...versionColumns, metadata: documentVersions.metadata })
        .from(documentVersions)
        .leftJoin(users, eq(users.id, documentVersions.createdBy))
        .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.version, version)));
      return row ?? null;
    },

    async setVersionMetadata(tx: DbOrTx, documentId: string, version: number, metadata: unknown) {
      await tx
        .update(documentVersions)
        .set({ metadata })
        .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.version, version)));
    },

    /** All versions, with their metadata, of several documents (one query). */
    async versionsWithMetadataOf(db: DbOrTx, documentIds: string[]) {
      if (!documentIds.length) return [];
      return db
        .select({ documentId: documentVersions.documentId, ...versionColumns, metadata: documentVersions.metadata })
        .from(documentVersions)
        .leftJoin(users, eq(users.id, documentVersions.createdBy))
        .where(inArray(documentVersions.documentId, documentIds));
    },

    /** The fascicoli each of several documents is part of (one query). */
    async aggregationsOfMany(db: DbOrTx, documentIds: string[]) {
      if (!documentIds.length) return [];
      return db
        .select({
          documentId: fascicoloDocuments.documentId,
          aggregationType: fascicoli.aggregationType,
          identifier: fascicoli.identifier,
        })
        .from(fascicoloDocuments)
        .innerJoin(fascicoli, eq(fascicoli.id, fascicoloDocuments.fascicoloId))
        .where(inArray(fascicoloDocuments.documentId, documentIds))
        .orderBy(asc(fascicoli.identifier));
    },

    /** The fascicoli a document is part of. */
    async aggregationsOf(db: DbOrTx, documentId: string) {
      return db
        .select({ aggregationType: fascicoli.aggregationType, identifier: fascicoli.identifier })
        .from(fascicoloDocuments)
        .innerJoin(fascicoli, eq(fascicoli.id, fascicoloDocuments.fascicoloId))
        .where(eq(fascicoloDocuments.documentId, documentId))
        .orderBy(asc(fascicoli.identifier));
    },

    /** What the text reader of a version needs: its file, its media type, its size and the text read so far. */
    async versionSource(db: DbOrTx, documentId: string, version: number) {
      const [row] = await db
        .select({
          sha256: documentVersions.sha256,
          mediaType: documentVersions.mediaType,
          size: documentVersions.size,
          textContent: documentVersions.textContent,
        })
        .from(documentVersions)
        .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.version, version)));
      return row ?? null;
    },
    /** Stores the text read from a version's file (once: a version whose text is set keeps it). */
    async setVersionText(tx: DbOrTx, documentId: string, version: number, text: string): Promise<boolean> {
      const rows = await tx
        .update(documentVersions)
        .set({ textContent: text })
        .where(
          and(
            eq(documentVersions.documentId, documentId),
            eq(documentVersions.version, version),
            isNull(documentVersions.textContent),
          ),
        )
        .returning({ version: documentVersions.version });
      return rows.length > 0;
    },

    async findVersion(db: DbOrTx, documentId: string, version: number) {
      const [row] = await db
        .select(versionColumns)
        .from(documentVersions)
        .leftJoin(users, eq(users.id, documentVersions.createdBy))
        .where(and(eq(documentVersions.documentId, documentId), eq(documentVersions.version, version)));
      return row ?? null;
    },
  };
}
export type DocumentsRepository = ReturnType<typeof createDocumentsRepository>;
export type VersionRow = Awaited<ReturnType<DocumentsRepository['versionsOf']>>[number];
