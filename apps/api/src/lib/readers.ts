import { inArray } from 'drizzle-orm';
import { tables, type DbOrTx } from '@app/db';

const { enti, users } = tables;

/** An ente of the registry as modules present it next to their records. */
export interface EnteRef {
  id: string;
  type: string;
  name: string;
  istatCode: string | null;
  parentId: string | null;
  carPlate: string | null;
  population: number | null;
  regionIstatCode: string | null;
}
const enteCols = {
  id: enti.id,
  type: enti.type,
  name: enti.name,
  istatCode: enti.istatCode,
  parentId: enti.parentId,
  carPlate: enti.carPlate,
  population: enti.population,
  regionIstatCode: enti.regionIstatCode,
};

/** The enti with these ids (one query; repeated and unknown ids are ignored), by id. */
export async function entiByIds(db: DbOrTx, ids: readonly string[]): Promise<Map<string, EnteRef>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select(enteCols).from(enti).where(inArray(enti.id, unique));
  return new Map(rows.map((r) => [r.id, r]));
}

/** One ente, or null. */
export async function enteById(db: DbOrTx, id: string): Promise<EnteRef | null> {
  return (await entiByIds(db, [id])).get(id) ?? null;
}

/** The users with these ids and their display names (one query), by id. */
export async function usersByIds(db: DbOrTx, ids: readonly string[]): Promise<Map<string, { id: string; displayName: string }>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, unique));
  return new Map(rows.map((r) => [r.id, r]));
}
