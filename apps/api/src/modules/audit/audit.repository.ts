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
    /**
     * Appends an event to the chain in the caller's transaction: locks the chain until the transaction ends, then
     * inserts the row with the last link's hash as its previous hash and SHA-256(previous hash + payload) as its
     * own (`payload` is `chainPayload` of the row; the database computes the same hex digest as `chainHash`).
     * The two statements are sent together: the insert runs right after the lock is granted and reads the last
     * hash with a snapshot taken then, and the chain stays locked only for the insert and the commit.
     */
    async append(
      tx: DbOrTx,
      row: Omit<AuditInsert, 'id' | 'prevHash' | 'hash'>,
      payload: string,
      genesisHash: string,
    ): Promise<void> {
      await Promise.all([
        tx.execute(sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`),
        tx.execute(sql`
          insert into ${auditEvents} (at, actor_id, actor_email, ente_id, action, entity_type, entity_id, changes, request_id, prev_hash, hash)
          select ${row.at.toISOString()}::timestamptz, ${row.actorId ?? null}::uuid, ${row.actorEmail ?? null}, ${row.enteId ?? null}::uuid,
                 ${row.action}, ${row.entityType}, ${row.entityId ?? null}, ${JSON.stringify(row.changes ?? {})}::jsonb, ${row.requestId ?? null},
                 last.hash, encode(sha256(convert_to(last.hash || ${payload}, 'UTF8')), 'hex')
          from (select coalesce((select a.hash from ${auditEvents} a order by a.id desc limit 1), ${genesisHash}) as hash) last`),
      ]);
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
