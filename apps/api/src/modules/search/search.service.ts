import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@app/db';
import type { RecordRegistry } from '../../lib/records.js';
import { textArray } from '../../lib/sql-arrays.js';

/** One searchable thing, as a module gives it to the index. */
export interface SearchEntry {
  kind: string;
  refId: string;
  /** The record whose permissions apply (a comment's or a document's owner; the thing itself otherwise). */
  ownerType: string;
  ownerId: string;
  title: string;
  body?: string;
  url: string;
  enteId?: string | null;
  /** Audience tokens of who may see it (normally the owner record's audience). */
  audience: string[];
}

/** Re-creates all entries of a kind (first start, after a change of what is indexed). */
export type SearchSource = (db: Db, emit: (tx: DbOrTx, entry: SearchEntry) => Promise<void>) => Promise<void>;

export interface SearchDeps {
  db: Db;
  records: RecordRegistry;
}

/**
 * The global search index. Modules write entries in the transaction of their change (`upsert`, `remove`);
 * queries are scoped by the caller's audience tokens in SQL.
 */
export function createSearchService(d: SearchDeps) {
  const sources = new Map<string, SearchSource>();
  return {
    /** Declares a kind of result and how to rebuild its entries. */
    registerSource(kind: string, source: SearchSource): void {
      if (sources.has(kind)) throw new Error(`Search kind "${kind}" is already registered`);
      sources.set(kind, source);
    },
    kinds: () => [...sources.keys()],
    async upsert(tx: DbOrTx, e: SearchEntry): Promise<void> {
      await tx.execute(sql`
        insert into search_entries (kind, ref_id, owner_type, owner_id, title, body, url, ente_id, audience, updated_at)
        values (${e.kind}, ${e.refId}, ${e.ownerType}, ${e.ownerId}, ${e.title}, ${e.body ?? ''}, ${e.url}, ${e.enteId ?? null},
                ${textArray(e.audience)}, now())
        on conflict (kind, ref_id) do update set owner_type = excluded.owner_type, owner_id = excluded.owner_id,
          title = excluded.title, body = excluded.body, url = excluded.url, ente_id = excluded.ente_id,
          audience = excluded.audience, updated_at = now()`);
    },
    async remove(tx: DbOrTx, kind: string, refId: string): Promise<void> {
      await tx.execute(sql`delete from search_entries where kind = ${kind} and ref_id = ${refId}`);
    },
    /** After a record's audience changed: its entries and those of what it owns follow. */
    async setAudience(tx: DbOrTx, ownerType: string, ownerId: string, audience: string[]): Promise<void> {
      await tx.execute(sql`update search_entries set audience = ${textArray(audience)} where owner_type = ${ownerType} and owner_id = ${ownerId}`);
    },
    sources: () => sources,
  };
}
export type SearchService = ReturnType<typeof createSearchService>;
