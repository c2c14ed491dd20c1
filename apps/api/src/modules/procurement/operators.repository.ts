import { and, asc, count, eq, ilike, or, sql } from 'drizzle-orm';
import { tables, type DbOrTx } from '@app/db';
import { containsPattern } from '../../lib/like.js';

const { economicOperators } = tables;

export type OperatorRow = typeof economicOperators.$inferSelect;
export type NewOperator = typeof economicOperators.$inferInsert;

/** Every query on the registry of economic operators. */
export function createOperatorsRepository() {
  return {
    async list(db: DbOrTx, q: { q?: string; limit: number; offset: number }): Promise<{ rows: OperatorRow[]; total: number }> {
      const text = q.q?.trim();
      const where = text
        ? or(ilike(economicOperators.name, containsPattern(text)), ilike(economicOperators.taxCode, containsPattern(text)), ilike(economicOperators.vatNumber, containsPattern(text)))
        : undefined;
      const [rows, [total]] = await Promise.all([
        db.select().from(economicOperators).where(where).orderBy(asc(economicOperators.name), asc(economicOperators.id)).limit(q.limit).offset(q.offset),
        db.select({ n: count() }).from(economicOperators).where(where),
      ]);
      return { rows, total: Number(total?.n ?? 0) };
    },
    async find(db: DbOrTx, id: string): Promise<OperatorRow | null> {
      const [row] = await db.select().from(economicOperators).where(eq(economicOperators.id, id));
      return row ?? null;
    },
    async findByTaxCode(db: DbOrTx, taxCode: string): Promise<OperatorRow | null> {
      const [row] = await db.select().from(economicOperators).where(eq(economicOperators.taxCode, taxCode));
      return row ?? null;
    },
    /** Inserts the operator; null when its tax code is already registered. */
    async insert(tx: DbOrTx, row: NewOperator): Promise<OperatorRow | null> {
      const [created] = await tx.insert(economicOperators).values(row).onConflictDoNothing({ target: economicOperators.taxCode }).returning();
      return created ?? null;
    },
    /** Updates the operator at `version` (bumping it); null when the version is stale or the row is gone. */
    async update(tx: DbOrTx, id: string, version: number, fields: Partial<NewOperator>): Promise<OperatorRow | null> {
      const [row] = await tx
        .update(economicOperators)
        .set({ ...fields, version: sql`${economicOperators.version} + 1`, updatedAt: new Date() })
        .where(and(eq(economicOperators.id, id), eq(economicOperators.version, version)))
        .returning();
      return row ?? null;
    },
  };
}
export type OperatorsRepository = ReturnType<typeof createOperatorsRepository>;
