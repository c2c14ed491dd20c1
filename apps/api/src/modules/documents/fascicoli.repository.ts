import { and, asc, count, desc, eq, inArray, like, max, type SQL } from 'drizzle-orm';
import { tables, type DbOrTx } from '@app/db';

const { documents, documentVersions, enti, fascicoli, fascicoloDocuments } = tables;

export type FascicoloInsert = typeof fascicoli.$inferInsert;
export type FascicoloRow = typeof fascicoli.$inferSelect;

export function createFascicoliRepository() {
  return {
    async ente(db: DbOrTx, id: string) {
      const [row] = await db.select({ id: enti.id, name: enti.name, istatCode: enti.istatCode }).from(enti).where(eq(enti.id, id));
      return row ?? null;
    },

    async insert(tx: DbOrTx, row: FascicoloInsert) {
      const [f] = await tx.insert(fascicoli).values(row).onConflictDoNothing({ target: fascicoli.identifier }).returning();
      return f ?? null;
    },

    /** How many fascicoli have an identifier starting with `prefix`. */
    async countWithPrefix(tx: DbOrTx, prefix: string) {
      const [r] = await tx.select({ n: count() }).from(fascicoli).where(like(fascicoli.identifier, `${prefix}%`));
      return r?.n ?? 0;
    },

    async find(db: DbOrTx, id: string) {
      const [row] = await db.select().from(fascicoli).where(eq(fascicoli.id, id));
      return row ?? null;
    },

    async list(db: DbOrTx, filter: { ente?: string; entes?: string[] }) {
      const where: SQL[] = [];
      if (filter.ente) where.push(eq(fascicoli.enteId, filter.ente));
      if (filter.entes) where.push(inArray(fascicoli.enteId, filter.entes.length ? filter.entes : ['00000000-0000-0000-0000-000000000000']));
      return db
        .select()
        .from(fascicoli)
        .where(where.length ? and(...where) : undefined)
        .orderBy(desc(fascicoli.openedOn), desc(fascicoli.createdAt))
        .limit(1000);
    },

    async update(tx: DbOrTx, id: string, set: Partial<FascicoloInsert>) {
      const [row] = await tx
        .update(fascicoli)
        .set({ ...set, updatedAt: new Date() })
        .where(eq(fascicoli.id, id))
        .returning();
      return row ?? null;
    },

    /** The documents of a fascicolo, in order, each with its current version. */
    async documentsOf(db: DbOrTx, fascicoloId: string) {
      return db
        .select({
          id: documents.id,
          title: documents.title,
          ownerType: documents.ownerType,
          ownerId: documents.ownerId,
          position: fascicoloDocuments.position,
          addedAt: fascicoloDocuments.addedAt,
          version: documentVersions.version,
          sha256: documentVersions.sha256,
          fileName: documentVersions.fileName,
          mediaType: documentVersions.mediaType,
          size: documentVersions.size,
        })
        .from(fascicoloDocuments)
        .innerJoin(documents, eq(documents.id, fascicoloDocuments.documentId))
        .innerJoin(
          documentVersions,
          and(eq(documentVersions.documentId, documents.id), eq(documentVersions.version, documents.currentVersion)),
        )
        .where(eq(fascicoloDocuments.fascicoloId, fascicoloId))
        .orderBy(asc(fascicoloDocuments.position));
    },

    /** Adds a document at the end; false when it is already there. */
    async addDocument(tx: DbOrTx, fascicoloId: string, documentId: string) {
      const [last] = await tx
        .select({ p: max(fascicoloDocuments.position) })
        .from(fascicoloDocuments)
        .where(eq(fascicoloDocuments.fascicoloId, fascicoloId));
      const rows = await tx
        .insert(fascicoloDocuments)
        .values({ fascicoloId, documentId, position: (last?.p ?? 0) + 1 })
        .onConflictDoNothing()
        .returning({ position: fascicoloDocuments.position });
      return rows[0]?.position ?? null;
    },

    async removeDocument(tx: DbOrTx, fascicoloId: string, documentId: string) {
      const rows = await tx
        .delete(fascicoloDocuments)
        .where(and(eq(fascicoloDocuments.fascicoloId, fascicoloId), eq(fascicoloDocuments.documentId, documentId)))
        .returning({ documentId: fascicoloDocuments.documentId });
      return rows.length > 0;
    },
  };
}
export type FascicoliRepository = ReturnType<typeof createFascicoliRepository>;
