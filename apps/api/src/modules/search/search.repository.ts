import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '@app/db';
import { audience } from '../../lib/records.js';
import { textArray } from '../../lib/sql-arrays.js';
import type { SearchEntry, SearchResults, SearchSource } from './search.service.js';

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
export const entiSource: SearchSource = async (db) => {
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

/** Every statement of the search index but the search itself (below). */
export function createSearchRepository() {
  return {
    async deleteKind(db: DbOrTx, kind: string): Promise<void> {
      await db.execute(sql`delete from search_entries where kind = ${kind}`);
    },
    async analyze(db: DbOrTx): Promise<void> {
      await db.execute(sql`analyze search_entries`);
    },
    async counts(db: DbOrTx): Promise<Record<string, number>> {
      const rows = rowsOf<{ kind: string; n: number }>(await db.execute(sql`select kind, count(*)::int as n from search_entries group by kind`));
      return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
    },
    async presentKinds(db: DbOrTx): Promise<Set<string>> {
      return new Set(rowsOf<{ kind: string }>(await db.execute(sql`select distinct kind from search_entries`)).map((r) => r.kind));
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
    async removeByOwner(tx: DbOrTx, ownerType: string, ownerId: string): Promise<void> {
      await tx.execute(sql`delete from search_entries where owner_type = ${ownerType} and owner_id = ${ownerId}`);
    },
    async setAudience(tx: DbOrTx, ownerType: string, ownerId: string, audience: string[]): Promise<void> {
      await tx.execute(sql`update search_entries set audience = ${textArray(audience)} where owner_type = ${ownerType} and owner_id = ${ownerId}`);
    },
  };
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
