import { and, asc, count, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { tables, type DbOrTx } from '@app/db';

const { enti } = tables;

export interface EnteFilter {
  type?: string;
  programme?: boolean;
  region?: string;
  province?: string;
  q?: string;
  page: number;
  pageSize: number;
}

export function createRegistryRepository() {
  return {
    async listEnti(db: DbOrTx, f: EnteFilter) {
      const where: SQL[] = [eq(enti.active, true)];
      if (f.type) where.push(eq(enti.type, f.type));
      if (f.programme !== undefined) where.push(eq(enti.inProgramme, f.programme));
      if (f.region) where.push(eq(enti.regionIstatCode, f.region));
      if (f.province) where.push(or(eq(enti.provinceIstatCode, f.province), and(eq(enti.historicCode, f.province), sql`${enti.type} <> 'comune'`))!);
      if (f.q) where.push(ilike(enti.name, `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
      const cond = and(...where);
      const items = await db
        .select({
          id: enti.id,
          istatCode: enti.istatCode,
          name: enti.name,
          type: enti.type,
          population: enti.population,
          provinceIstatCode: enti.provinceIstatCode,
          regionIstatCode: enti.regionIstatCode,
        })
        .from(enti)
        .where(cond)
        .orderBy(asc(enti.name), asc(enti.istatCode))
        .limit(f.pageSize)
        .offset((f.page - 1) * f.pageSize);
      const [total] = await db.select({ n: count() }).from(enti).where(cond);
      return { items, total: total?.n ?? 0 };
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
