import type { Db } from '@app/db';
import { PopulationClasses, type Ente, type EnteSummary, type EnteType, type PopulationClass } from '@app/contracts';
import { METROPOLITAN_CITIES } from '@app/db/seed';
import { notFound } from '../../lib/errors.js';
import { TtlCache } from '../../lib/ttl-cache.js';
import type { EnteFilter, RegistryRepository } from './registry.repository.js';

/** Registry of the network's enti. The territory is public reference data: reading needs no login. */
export function createRegistryService({ db, repo, cacheSeconds = 0 }: { db: Db; repo: RegistryRepository; cacheSeconds?: number }) {
  /** The territory changes only by an import: lists are reused for `cacheSeconds`. */
  const lists = new TtlCache<{ items: EnteSummary[]; total: number }>(cacheSeconds * 1000, 2_000);
  const summary = (r: {
    id: string;
    istatCode: string | null;
    name: string;
    type: string;
    population: number | null;
    provinceIstatCode: string | null;
    regionIstatCode: string | null;
  }): EnteSummary => ({
    id: r.id,
    istatCode: r.istatCode,
    name: r.name,
    type: r.type as EnteType,
    ...(r.population !== null ? { population: r.population } : {}),
    ...(r.provinceIstatCode ? { provinceIstatCode: r.provinceIstatCode } : {}),
    ...(r.regionIstatCode ? { regionIstatCode: r.regionIstatCode } : {}),
  });
  return {
    /** Lists enti; a città metropolitana may be named by its historic province code too (001 = 201 Torino). */
    async listEnti(q: Omit<EnteFilter, 'population'> & { populationClass?: PopulationClass }) {
      const { populationClass, ...f } = q;
      const province = f.province ? (METROPOLITAN_CITIES[f.province] ?? f.province) : undefined;
      const filter: EnteFilter = { ...f, province, population: populationClass ? PopulationClasses[populationClass] : undefined };
      // adhesion to a service changes with every convention: not cached
      if (filter.service) {
        const { items, total } = await repo.listEnti(db, filter);
        return { items: items.map(summary), total };
      }
      const key = JSON.stringify(filter);
      const hit = lists.get(key);
      if (hit) return hit;
      const { items, total } = await repo.listEnti(db, filter);
      const result = { items: items.map(summary), total };
      lists.set(key, result);
      return result;
    },
    /** Id and type of an ente, or null when there is none: for other modules that check a reference. */
    findEnteRef(id: string): Promise<{ id: string; type: string } | null> {
      return repo.findEnteRef(db, id);
    },
    async getEnte(id: string): Promise<Ente> {
      const e = await repo.findEnte(db, id);
      if (!e) throw notFound('ente');
      return {
        ...summary(e),
        cadastralCode: e.cadastralCode,
        carPlate: e.carPlate,
        postalCodes: e.postalCodes,
        inProgramme: e.inProgramme,
        parentId: e.parentId,
        parentName: e.parentName,
        children: e.children,
      };
    },
  };
}
export type RegistryService = ReturnType<typeof createRegistryService>;
