import { and, asc, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { tables, type Db, type DbOrTx } from '@app/db';
import { containsPattern } from '../../lib/like.js';

const { enti, conventions, conventionParties } = tables;

export interface EnteFilter {
  type?: string;
  programme?: boolean;
  region?: string;
  province?: string;
  /** Resident population bounds, inclusive (an ISTAT population class). */
  population?: readonly [number, number];
  /** Only enti with an active convention for the service: Comuni party to it, Provinces that give it. */
  service?: string;
  q?: string;
  page: number;
  pageSize: number;
}

const FILTERS = ['type', 'programme', 'region', 'province', 'population', 'service', 'q'] as const;

/** Name similarity (0–1) of a search text to a name, accent- and case-insensitive. */
const similarity = (q: SQL) => sql`word_similarity(f_unaccent(lower(${q})), f_unaccent(lower(${enti.name})))`;

/** The WHERE clause of a filter shape, with placeholders for the values. */
function whereOf(shape: Set<(typeof FILTERS)[number]>): SQL {
  const where: SQL[] = [eq(enti.active, true)];
  if (shape.has('type')) where.push(eq(enti.type, sql.placeholder('type')));
  if (shape.has('programme')) where.push(eq(enti.inProgramme, sql.placeholder('programme')));
  if (shape.has('region')) where.push(eq(enti.regionIstatCode, sql.placeholder('region')));
  if (shape.has('province')) where.push(eq(enti.provinceIstatCode, sql.placeholder('province')));
  if (shape.has('population')) {
    where.push(sql`${enti.population} between ${sql.placeholder('popMin')} and ${sql.placeholder('popMax')}`);
  }
  if (shape.has('service')) {
    const service = sql.placeholder('service');
    where.push(sql`(exists (
      select 1 from ${conventionParties} cp join ${conventions} c on c.id = cp.convention_id
      where cp.ente_id = "enti"."id" and c.state = 'active' and ${service}::text = any(c.services))
    or exists (
      select 1 from ${conventions} c where c.owner_ente_id = "enti"."id" and c.kind = 'provincia_comune'
      and c.state = 'active' and ${service}::text = any(c.services)))`);
  }
  if (shape.has('q')) {
    // a substring, or a typo: word similarity through the trigram index ("Abano Trme" finds "Abano Terme")
    where.push(
      sql`(f_unaccent(lower(${enti.name})) like f_unaccent(lower(${sql.placeholder('like')}))
        or f_unaccent(lower(${sql.placeholder('q')}::text)) <% f_unaccent(lower(${enti.name})))`,
    );
  }
  return and(...where)!;
}

export function createRegistryRepository() {
  /**
   * The list is the hottest read of the platform: its statements are prepared once per filter
   * shape (which filters are present), so each request only binds values.
   */
  const prepared = new Map<string, ReturnType<typeof prepare>>();
  function prepare(db: Db, key: string, shape: Set<(typeof FILTERS)[number]>) {
    const cond = whereOf(shape);
    return {
      page: db
        .select({
          id: enti.id,
          istatCode: enti.istatCode,
          name: enti.name,
          type: enti.type,
          population: enti.population,
          provinceIstatCode: enti.provinceIstatCode,
          regionIstatCode: enti.regionIstatCode,
          // the total comes with the page, in the same query
          total: sql<number>`(count(*) over ())::int`,
        })
        .from(enti)
        .where(cond)
        .orderBy(
          // with a search text, the closest names first
          ...(shape.has('q')
            ? [
                desc(sql`f_unaccent(lower(${enti.name})) like f_unaccent(lower(${sql.placeholder('like')}))`),
                desc(similarity(sql`${sql.placeholder('q')}::text`)),
              ]
            : []),
          asc(enti.name),
          asc(enti.istatCode),
        )
        .limit(sql.placeholder('limit'))
        .offset(sql.placeholder('offset'))
        .prepare(`enti_page_${key}`),
      count: db.select({ n: count() }).from(enti).where(cond).prepare(`enti_count_${key}`),
    };
  }

  return {
    async listEnti(db: Db, f: EnteFilter) {
      const shape = new Set(FILTERS.filter((k) => f[k] !== undefined));
      const key = FILTERS.map((k) => (shape.has(k) ? '1' : '0')).join('');
      let stmt = prepared.get(key);
      if (!stmt) {
        stmt = prepare(db, key, shape);
        prepared.set(key, stmt);
      }
      const values = {
        type: f.type,
        programme: f.programme,
        region: f.region,
        province: f.province,
        q: f.q,
        like: f.q === undefined ? undefined : containsPattern(f.q),
        popMin: f.population?.[0],
        popMax: f.population?.[1],
        service: f.service,
        limit: f.pageSize,
        offset: (f.page - 1) * f.pageSize,
      };
      const rows = await stmt.page.execute(values);
      // a page past the end has no rows to carry the total: count apart
      const total = rows[0]?.total ?? (f.page > 1 ? ((await stmt.count.execute(values))[0]?.n ?? 0) : 0);
      return { items: rows, total };
    },
    async findEnteRef(db: DbOrTx, id: string) {
      const [row] = await db.select({ id: enti.id, type: enti.type }).from(enti).where(eq(enti.id, id));
      return row ?? null;
    },
    async findEnte(db: DbOrTx, id: string) {
      const parent = alias(enti, 'parent');
      const [row] = await db
        .select({ e: enti, parentName: parent.name })
        .from(enti)
        .leftJoin(parent, eq(parent.id, enti.parentId))
        .where(eq(enti.id, id));
      if (!row) return null;
      const [children] = await db.select({ n: count() }).from(enti).where(and(eq(enti.parentId, id), eq(enti.active, true)));
      return { ...row.e, parentName: row.parentName, children: children?.n ?? 0 };
    },
  };
}
export type RegistryRepository = ReturnType<typeof createRegistryRepository>;
