import type { Db } from '@app/db';
import type { Ente, EnteSummary, EnteType } from '@app/contracts';
import { METROPOLITAN_CITIES } from '@app/db/seed';
import { notFound } from '../../lib/errors.js';
import type { EnteFilter, RegistryRepository } from './registry.repository.js';

/** Registry of the network's enti. The territory is public reference data: reading needs no login. */
export function createRegistryService({ db, repo }: { db: Db; repo: RegistryRepository }) {
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
    async listEnti(f: EnteFilter) {
      const province = f.province ? (METROPOLITAN_CITIES[f.province] ?? f.province) : undefined;
      const { items, total } = await repo.listEnti(db, { ...f, province });
      return { items: items.map(summary), total };
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
