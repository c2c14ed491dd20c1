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

export const EnteListQuerySchema = PageQuerySchema.extend({
  type: EnteTypeSchema.optional(),
  programme: BooleanQuery.optional().describe('Solo le 76 Province del programma'),
  region: IstatRegionCode.optional(),
  province: IstatProvinceCode.optional(),
  q: z.string().trim().max(100).optional().describe('Testo nel nome'),
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
