import { z } from 'zod';
import { BooleanQuery, PageQuerySchema } from '../common/common.schemas.js';

export const EnteTypes = ['upi', 'regione', 'provincia', 'citta_metropolitana', 'comune'] as const;
export const EnteTypeSchema = z.enum(EnteTypes).describe('Tipo di ente');
export type EnteType = z.infer<typeof EnteTypeSchema>;

export const IstatRegionCode = z.string().regex(/^\d{2}$/).describe('Codice ISTAT della regione');
export const IstatProvinceCode = z
  .string()
  .regex(/^\d{3}$/)
  .describe('Codice ISTAT della provincia o città metropolitana (unità sovracomunale)');

/** ISTAT classes of resident population used for the Comuni. */
export const PopulationClasses = {
  'fino-1000': [0, 1000],
  '1001-5000': [1001, 5000],
  '5001-10000': [5001, 10000],
  '10001-20000': [10001, 20000],
  '20001-60000': [20001, 60000],
  '60001-250000': [60001, 250000],
  'oltre-250000': [250001, 2147483647],
} as const satisfies Record<string, readonly [number, number]>;
export type PopulationClass = keyof typeof PopulationClasses;
export const PopulationClassSchema = z
  .enum(Object.keys(PopulationClasses) as [PopulationClass, ...PopulationClass[]])
  .describe('Classe di popolazione ISTAT');

export const EnteListQuerySchema = PageQuerySchema.extend({
  type: EnteTypeSchema.optional(),
  programme: BooleanQuery.optional().describe('Solo le 76 Province del programma'),
  region: IstatRegionCode.optional(),
  province: IstatProvinceCode.optional(),
  populationClass: PopulationClassSchema.optional(),
  service: z.enum(['sua', 'sape', 'sit']).optional().describe('Solo enti con il servizio attivo (convenzione attiva)'),
  q: z.string().trim().max(100).optional().describe('Testo nel nome; tollera accenti ed errori di battitura'),
});

export const EnteSummarySchema = z.object({
  id: z.uuid(),
  istatCode: z.string().nullable(),
  name: z.string(),
  type: EnteTypeSchema,
  population: z.number().int().optional(),
  provinceIstatCode: z.string().optional(),
  regionIstatCode: z.string().optional(),
});
export type EnteSummary = z.infer<typeof EnteSummarySchema>;

export const EnteListSchema = z.object({ items: z.array(EnteSummarySchema), total: z.number().int() });

export const EnteSchema = EnteSummarySchema.extend({
  cadastralCode: z.string().nullable(),
  carPlate: z.string().nullable(),
  postalCodes: z.array(z.string()),
  inProgramme: z.boolean(),
  parentId: z.uuid().nullable(),
  parentName: z.string().nullable(),
  children: z.number().int().describe('Enti subordinati (comuni di una provincia)'),
});
export type Ente = z.infer<typeof EnteSchema>;
