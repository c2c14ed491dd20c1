import { sql } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '@app/db';

export interface SearchHit {
  id: string;
  title: string;
  ownerType: string;
  ownerId: string;
  version: number;
  snippet: string;
}
export interface SearchPage {
  items: SearchHit[];
  total: number;
}

/** Candidates read per round while filtering by permission. */
const BATCH = 200;
/** Most matching documents examined per search; `total` counts the readable ones among them. */
export const MAX_CANDIDATES = 2000;

type CanRead = (ownerType: string, ownerId: string) => Promise<boolean>;

interface Candidate {
  id: string;
  title: string;
  owner_type: string;
  owner_id: string;
  version: number;
}

/**
 * Full-text search with permissions. The owner types answer access one record at a time (their
 * resolvers), so the search cannot be scoped in SQL; instead the matches are read in rank order in
 * batches and each owner record is asked once per search (answers are cached by owner, and documents
 * of one record share them). Filtering stops after MAX_CANDIDATES matches: `total` is then the count of
 * readable documents among the best-ranked MAX_CANDIDATES. The snippets (ts_headline, the costly part)
 * are computed only for the page returned.
 *
 * Matching: `websearch_to_tsquery('italian', q)` against the title and the text of the current
 * version, using the expression indexes of the schema; rank = ts_rank of both, the title weighted double.
 */
export async function searchDocuments(
  db: DbOrTx,
  q: string,
  page: { page: number; pageSize: number },
  canRead: CanRead,
): Promise<SearchPage> {
  const query = sql`websearch_to_tsquery('italian', ${q})`;
  const titleVec = sql`to_tsvector('italian', d.title)`;
  const textVec = sql`to_tsvector('italian', coalesce(v.text_content, ''))`;
  const cache = new Map<string, Promise<boolean>>();
  const readable = (c: Candidate) => {
    const key = `${c.owner_type}:${c.owner_id}`;
    let p = cache.get(key);
    if (!p) {
      p = canRead(c.owner_type, c.owner_id).catch(() => false);
      cache.set(key, p);
    }
    return p;
  };

  const visible: Candidate[] = [];
  for (let offset = 0; offset < MAX_CANDIDATES; offset += BATCH) {
    const res = await db.execute(sql`
      select d.id, d.title, d.owner_type, d.owner_id, d.current_version as version
      from documents d
      join document_versions v on v.document_id = d.id and v.version = d.current_version
      where ${titleVec} @@ ${query} or ${textVec} @@ ${query}
      order by (2 * ts_rank(${titleVec}, ${query}) + ts_rank(${textVec}, ${query})) desc, d.id
      limit ${BATCH} offset ${offset}`);
    const rows = rowsOf<Candidate>(res);
    const allowed = await Promise.all(rows.map(readable));
    rows.forEach((r, i) => allowed[i] && visible.push(r));
    if (rows.length < BATCH) break;
  }

  const slice = visible.slice((page.page - 1) * page.pageSize, page.page * page.pageSize);
  const snippets = new Map<string, string>();
  if (slice.length > 0) {
    const ids = sql.join(
      slice.map((c) => sql`${c.id}::uuid`),
      sql`, `,
    );
    const res = await db.execute(sql`
      select d.id, ts_headline('italian',
        case when ${textVec} @@ ${query} then left(coalesce(v.text_content, ''), 100000) else d.title end,
        ${query}, 'MaxFragments=2, MinWords=5, MaxWords=25, StartSel=«, StopSel=»') as snippet
      from documents d
      join document_versions v on v.document_id = d.id and v.version = d.current_version
      where d.id in (${ids})`);
    for (const r of rowsOf<{ id: string; snippet: string }>(res)) snippets.set(r.id, r.snippet);
  }
  return {
    items: slice.map((c) => ({
      id: c.id,
      title: c.title,
      ownerType: c.owner_type,
      ownerId: c.owner_id,
      version: Number(c.version),
      snippet: snippets.get(c.id) ?? '',
    })),
    total: visible.length,
  };
}

