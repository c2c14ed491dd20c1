import type { Db, DbOrTx } from '@app/db';
import type { RequestContext } from '../../lib/actor.js';
import { unauthenticated } from '../../lib/errors.js';
import { actorTokens, type RecordRegistry } from '../../lib/records.js';
import { createSearchRepository, entiSource, searchEntries } from './search.repository.js';

export { MAX_MATCHES, searchEntries } from './search.repository.js';

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

export interface SearchHit {
  kind: string;
  id: string;
  title: string;
  snippet?: string;
  url: string;
}
export interface SearchResults {
  items: SearchHit[];
  total: number;
  byKind: Record<string, number>;
  /** True when more than MAX_MATCHES entries matched: counts are lower bounds. */
  capped: boolean;
}

/**
 * The global search index. Modules write entries in the transaction of their change (`upsert`, `remove`);
 * queries are scoped by the caller's audience tokens in SQL.
 */
export function createSearchService(d: SearchDeps) {
  const sources = new Map<string, SearchSource>([['ente', entiSource]]);
  const repo = createSearchRepository();
  const { db } = d;

  /**
   * Fresh planner statistics after a bulk fill: without them the planner scans by audience (every entry of
   * "member") instead of the full-text and trigram indexes — several times slower under load.
   */
  const analyze = () => repo.analyze(db);

  async function rebuildKind(kind: string): Promise<void> {
    const source = sources.get(kind);
    if (!source) throw new Error(`Unknown search kind "${kind}"`);
    await repo.deleteKind(db, kind);
    await source(db, (tx, entry) => service.upsert(tx, entry));
  }

  const service = {
    /** Declares a kind of result and how to rebuild its entries. */
    registerSource(kind: string, source: SearchSource): void {
      if (sources.has(kind)) throw new Error(`Search kind "${kind}" is already registered`);
      sources.set(kind, source);
    },
    kinds: () => [...sources.keys()],
    /** Entries per kind. */
    async counts(): Promise<Record<string, number>> {
      return repo.counts(db);
    },
    upsert: (tx: DbOrTx, e: SearchEntry) => repo.upsert(tx, e),
    remove: (tx: DbOrTx, kind: string, refId: string) => repo.remove(tx, kind, refId),
    /** Removes the entries of what a record owns (e.g. the files of a deleted comment). */
    removeByOwner: (tx: DbOrTx, ownerType: string, ownerId: string) => repo.removeByOwner(tx, ownerType, ownerId),
    /** After a record's audience changed: its entries and those of what it owns follow. */
    setAudience: (tx: DbOrTx, ownerType: string, ownerId: string, audience: string[]) => repo.setAudience(tx, ownerType, ownerId, audience),
    sources: () => sources,

    /** Re-creates the entries of one kind, or of all (after a change of what is indexed). */
    async rebuild(kind?: string): Promise<void> {
      for (const k of kind ? [kind] : [...sources.keys()]) await rebuildKind(k);
      await analyze();
    },

    /** Fills the kinds that have no entry at all (a new or upgraded database); answers the kinds filled. */
    async rebuildMissing(): Promise<string[]> {
      const present = await repo.presentKinds(db);
      const filled: string[] = [];
      for (const kind of sources.keys()) {
        if (present.has(kind)) continue;
        await rebuildKind(kind);
        filled.push(kind);
      }
      if (filled.length > 0) await analyze();
      return filled;
    },

    /**
     * The global search, scoped in SQL to what the caller may see (the entries' audience shares a token
     * with the caller). Matches: Italian full text on title and body, accents ignored (`websearch_to_tsquery`
     * syntax: "quoted phrases", -excluded words, OR), or a title close to the text typed (typos: trigram word
     * similarity). At most MAX_MATCHES matches are read (counts beyond are lower bounds); they are ranked by
     * full-text rank + word similarity of the title + similarity of the whole title (an exact or short title
     * comes first); snippets are computed for the page returned only.
     */
    async search(ctx: RequestContext, q: { q: string; kind?: string; page: number; pageSize: number }): Promise<SearchResults> {
      if (!ctx.actor) throw unauthenticated();
      return searchEntries(db, actorTokens(ctx.actor), q);
    },
  };
  return service;
}

export type SearchService = ReturnType<typeof createSearchService>;
