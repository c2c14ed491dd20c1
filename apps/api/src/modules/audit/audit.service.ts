import type { Db, DbOrTx } from '@app/db';
import type { AuditQuery } from '@app/contracts';
import { stringify } from 'csv-stringify/sync';
import { entesWithRole, hasRole, type RequestContext } from '../../lib/actor.js';
import { forbidden, unauthenticated } from '../../lib/errors.js';
import { GENESIS_HASH, chainPayload, checkLink, type ChainBreak } from './audit.chain.js';
import type { AuditRepository, AuditRow } from './audit.repository.js';

export interface AuditRecord {
  action: string;
  entityType: string;
  entityId?: string | null;
  enteId?: string | null;
  changes?: unknown;
}

const present = (r: AuditRow) => ({
  id: r.id,
  at: r.at.toISOString(),
  actorId: r.actorId,
  actorEmail: r.actorEmail,
  enteId: r.enteId,
  action: r.action,
  entityType: r.entityType,
  entityId: r.entityId,
  changes: r.changes,
  requestId: r.requestId,
  hash: r.hash,
});

export function createAuditService({ db, repo }: { db: Db; repo: AuditRepository }) {
  /** Which entes' events the actor may read: null = all. */
  function scope(ctx: RequestContext): string[] | null {
    if (!ctx.actor) throw unauthenticated();
    if (hasRole(ctx.actor, 'upi_admin')) return null;
    const admin = entesWithRole(ctx.actor, 'ente_admin');
    if (admin.size === 0) throw forbidden();
    return [...admin];
  }

  return {
    /** Appends an event to the chain inside the caller's transaction. */
    async record(tx: DbOrTx, ctx: RequestContext, e: AuditRecord): Promise<void> {
      const fields = {
        at: new Date(),
        actorId: ctx.actor?.userId ?? null,
        actorEmail: ctx.actor?.email ?? null,
        enteId: e.enteId ?? null,
        action: e.action,
        entityType: e.entityType,
        entityId: e.entityId ?? null,
        changes: e.changes ?? {},
        requestId: ctx.requestId,
      };
      await repo.append(tx, fields, chainPayload(fields), GENESIS_HASH);
    },

    async list(ctx: RequestContext, q: AuditQuery) {
      const { items, total } = await repo.list(db, q, scope(ctx));
      return { items: items.map(present), total };
    },

    /** CSV export (up to 50,000 rows) with the same filters as the list. */
    async exportCsv(ctx: RequestContext, q: AuditQuery): Promise<string> {
      const { items } = await repo.list(db, q, scope(ctx), 50_000);
      return stringify(
        items.map((r) => {
          const p = present(r);
          return { ...p, changes: JSON.stringify(p.changes) };
        }),
        {
          header: true,
          columns: ['id', 'at', 'actorEmail', 'actorId', 'enteId', 'action', 'entityType', 'entityId', 'changes', 'requestId', 'hash'],
        },
      );
    },

    /** Walks the whole chain; answers the number of events and the first break, if any. */
    async verify(): Promise<{ checked: number; firstBreak: ChainBreak | null }> {
      let prev = GENESIS_HASH;
      let afterId = 0;
      let checked = 0;
      for (;;) {
        const page = await repo.pageAfter(db, afterId, 1000);
        if (page.length === 0) return { checked, firstBreak: null };
        for (const row of page) {
          const broken = checkLink(prev, row);
          if (broken) return { checked, firstBreak: broken };
          prev = row.hash;
          afterId = row.id;
          checked++;
        }
      }
    },
  };
}
export type AuditService = ReturnType<typeof createAuditService>;
