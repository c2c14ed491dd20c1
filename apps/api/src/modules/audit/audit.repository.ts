import { and, asc, count, desc, eq, gt, gte, ilike, inArray, lte, sql, type SQL } from 'drizzle-orm';
import { tables, type DbOrTx } from '@app/db';
import type { AuditQuery } from '@app/contracts';

const { auditEvents } = tables;
export type AuditRow = typeof auditEvents.$inferSelect;
export type AuditInsert = typeof auditEvents.$inferInsert;

/** Advisory lock key that serialises appends to the hash chain across processes. */
const CHAIN_LOCK = 734_211;

export function createAuditRepository() {
  return {
    /** Locks the chain for this transaction and answers the last hash. */
    async lockAndLastHash(tx: DbOrTx): Promise<string | null> {
      await tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`);
      const [last] = await tx
        .select({ hash: auditEvents.hash })
        .from(auditEvents)
        .orderBy(desc(auditEvents.id))
        .limit(1);
      return last?.hash ?? null;
    },
    async insert(tx: DbOrTx, row: AuditInsert) {
      await tx.insert(auditEvents).values(row);
    },
    async list(db: DbOrTx, q: AuditQuery, enteIds: string[] | null, limit?: number) {
      const where: SQL[] = [];
      if (enteIds) where.push(enteIds.length ? inArray(auditEvents.enteId, enteIds) : sql`false`);
      if (q.actor) where.push(ilike(auditEvents.actorEmail, `%${q.actor}%`));
      if (q.action) where.push(ilike(auditEvents.action, `${q.action}%`));
      if (q.entityType) where.push(eq(auditEvents.entityType, q.entityType));
      if (q.entityId) where.push(eq(auditEvents.entityId, q.entityId));
      if (q.from) where.push(gte(auditEvents.at, new Date(q.from)));
      if (q.to) where.push(lte(auditEvents.at, new Date(q.to)));
      const cond = where.length ? and(...where) : undefined;
      const items = await db
        .select()
        .from(auditEvents)
        .where(cond)
        .orderBy(desc(auditEvents.id))
        .limit(limit ?? q.pageSize)
        .offset(limit ? 0 : (q.page - 1) * q.pageSize);
      const [total] = await db.select({ n: count() }).from(auditEvents).where(cond);
      return { items, total: total?.n ?? 0 };
    },
    /** Reads the chain in order, a page at a time. */
    async pageAfter(db: DbOrTx, afterId: number, size: number) {
      return db.select().from(auditEvents).where(gt(auditEvents.id, afterId)).orderBy(asc(auditEvents.id)).limit(size);
    },
  };
}
export type AuditRepository = ReturnType<typeof createAuditRepository>;
