import { sql } from 'drizzle-orm';
import { rowsOf, type Db, type DbOrTx } from '@app/db';
import type { RequestContext } from '../../lib/actor.js';
import { unauthenticated } from '../../lib/errors.js';
import { actorTokens, audience, type RecordRegistry } from '../../lib/records.js';
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
 * Matches examined per search. A word found in most entries would otherwise make every search read them all;
 * beyond this number the counts are a lower bound (`capped`) and the ranking applies to the matches read.
 */
export const MAX_MATCHES = 1000;
/** Characters of a body from which the snippet is taken. */
const SNIPPET_SOURCE = 6000;


const ENTE_TYPE_LABEL: Record<string, string> = {
  upi: 'Unione delle Province d’Italia',
  regione: 'Regione',
  provincia: 'Provincia',
  citta_metropolitana: 'Città metropolitana',
  comune: 'Comune',
};

/**
 * The enti of the network: every member may find them. Title the name; body the type, the Province and the
 * Region, so that "comune padova" finds the Comuni of Padova.
 */
const entiSource: SearchSource = async (db) => {
  const labels = sql.join(
    Object.entries(ENTE_TYPE_LABEL).map(([k, v]) => sql`when ${k} then ${v}`),
    sql` `,
  );
  await db.execute(sql`
    insert into search_entries (kind, ref_id, owner_type, owner_id, title, body, url, ente_id, audience)
    select 'ente', e.id, 'ente', e.id, e.name,
           concat_ws(' ', case e.type ${labels} else e.type end, p.name, r.name),
           '/enti/' || e.id, e.id, array[${audience.member}]::text[]
    from enti e
    left join enti p on p.type in ('provincia', 'citta_metropolitana') and p.istat_code = e.province_istat_code and e.type = 'comune'
    left join enti r on r.type = 'regione' and r.istat_code = e.region_istat_code and e.type <> 'regione'
    where e.active
    on conflict (kind, ref_id) do update set title = excluded.title, body = excluded.body, url = excluded.url,
      audience = excluded.audience, updated_at = now()`);
};

/**
 * The global search index. Modules write entries in the transaction of their change (`upsert`, `remove`);
 * queries are scoped by the caller's audience tokens in SQL.
 */
export function createSearchService(d: SearchDeps) {
  const sources = new Map<string, SearchSource>([['ente', entiSource]]);
  const { db } = d;

  /**
   * Fresh planner statistics after a bulk fill: without them the planner scans by audience (every entry of
   * "member") instead of the full-text and trigram indexes — several times slower under load.
   */
  const analyze = () => db.execute(sql`analyze search_entries`);

  async function rebuildKind(kind: string): Promise<void> {
    const source = sources.get(kind);
    if (!source) throw new Error(`Unknown search kind "${kind}"`);
    await db.execute(sql`delete from search_entries where kind = ${kind}`);
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
      const rows = rowsOf<{ kind: string; n: number }>(await db.execute(sql`select kind, count(*)::int as n from search_entries group by kind`));
      return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
    },
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
    /** Removes the entries of what a record owns (e.g. the files of a deleted comment). */
    async removeByOwner(tx: DbOrTx, ownerType: string, ownerId: string): Promise<void> {
      await tx.execute(sql`delete from search_entries where owner_type = ${ownerType} and owner_id = ${ownerId}`);
    },
    /** After a record's audience changed: its entries and those of what it owns follow. */
    async setAudience(tx: DbOrTx, ownerType: string, ownerId: string, audience: string[]): Promise<void> {
      await tx.execute(sql`update search_entries set audience = ${textArray(audience)} where owner_type = ${ownerType} and owner_id = ${ownerId}`);
    },
    sources: () => sources,

    /** Re-creates the entries of one kind, or of all (after a change of what is indexed). */
    async rebuild(kind?: string): Promise<void> {
      for (const k of kind ? [kind] : [...sources.keys()]) await rebuildKind(k);
      await analyze();
    },

    /** Fills the kinds that have no entry at all (a new or upgraded database); answers the kinds filled. */
    async rebuildMissing(): Promise<string[]> {
      const present = new Set(rowsOf<{ kind: string }>(await db.execute(sql`select distinct kind from search_entries`)).map((r) => r.kind));
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

/** The global search for the holder of these audience tokens (see `search`). */
export async function searchEntries(
  db: DbOrTx,
  tokens: string[],
  q: { q: string; kind?: string; page: number; pageSize: number },
  maxMatches = MAX_MATCHES,
): Promise<SearchResults> {
  const text = q.q.trim();
  const offset = (q.page - 1) * q.pageSize;
  // the matches visible to the caller, at most MAX_MATCHES of them: a very common word stops the scan early
  // instead of reading every entry (counts then read "at least")
  const tsq = sql`websearch_to_tsquery('italian', f_unaccent(${text}))`;
  const uq = sql`f_unaccent(lower(${text}))`;
  const res = await db.execute(sql`
    with matched as materialized (
      select e.kind, e.ref_id, e.title
      from search_entries e
      where e.audience && ${textArray(tokens)}
        and (e.tsv @@ ${tsq} or ${uq} <% f_unaccent(lower(e.title)))
      limit ${maxMatches + 1}
    ),
    counts as (select kind, count(*)::int as n from matched group by kind),
    ranked as (
      select m.kind, m.ref_id, m.title,
             ts_rank_cd(e.tsv, ${tsq}) + word_similarity(${uq}, f_unaccent(lower(m.title))) + similarity(${uq}, f_unaccent(lower(m.title))) as score
      from matched m join search_entries e on e.kind = m.kind and e.ref_id = m.ref_id
      where ${q.kind ?? null}::text is null or m.kind = ${q.kind ?? null}
      order by score desc, m.title, m.ref_id
      limit ${q.pageSize} offset ${offset}
    )
    select 'hit' as row, r.kind, r.ref_id as id, r.title, e.url, r.score,
           case when e.body = '' then null
                else ts_headline('italian', left(e.body, ${SNIPPET_SOURCE}), ${tsq},
                       'StartSel=«, StopSel=», MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "') end as snippet,
           null::int as n
    from ranked r join search_entries e on e.kind = r.kind and e.ref_id = r.ref_id
    union all
    select 'count', kind, null, null, null, null, null, n from counts
  `);
  const rows = rowsOf<{ row: string; kind: string; id: string | null; title: string | null; url: string | null; score: number | null; snippet: string | null; n: number | null }>(res);
  const byKind: Record<string, number> = {};
  for (const r of rows) if (r.row === 'count') byKind[r.kind] = Number(r.n);
  const matched = Object.values(byKind).reduce((a, b) => a + b, 0);
  const capped = matched > maxMatches;
  const items = rows
    .filter((r) => r.row === 'hit')
    .sort((a, b) => Number(b.score) - Number(a.score) || a.title!.localeCompare(b.title!) || a.id!.localeCompare(b.id!))
    .map((r) => ({
      kind: r.kind,
      id: r.id!,
      title: r.title!,
      url: r.url!,
      ...(r.snippet ? { snippet: plainSnippet(r.snippet) } : {}),
    }));
  const total = q.kind ? (byKind[q.kind] ?? 0) : Object.values(byKind).reduce((a, b) => a + b, 0);
  return { items, total, byKind, capped };
}

/** ts_headline keeps the text as is: markup in a body stays text; whitespace is folded. */
function plainSnippet(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
export type SearchService = ReturnType<typeof createSearchService>;
