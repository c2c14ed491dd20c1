import { z } from 'zod';
import { DaCentreSchema, DaCentreServiceCreateSchema, DaQuestionnaireSchema, DaStatuses, DaUnits, DigitalAgendaPeriods } from './digital-agenda.schemas.js';

export type DaQuestionnaire = z.infer<typeof DaQuestionnaireSchema>;
export type DaCentre = z.infer<typeof DaCentreSchema>;

/** Why a Comune is said to fall behind on a targeted indicator in a period (the monitoring rule). */
export const DaAlertReasons = ['off_track', 'decline'] as const;

export const DaRegionParamsSchema = z.object({ regionIstatCode: z.string().regex(/^\d{2}$/, 'Codice ISTAT della Regione: 2 cifre') });
export const DaTerritoryTrendQuerySchema = z.object({ format: z.enum(['json', 'csv']).default('json') });

/** Progress over time of a Province or a Region: every year's aggregate computed from its Comuni. */
export const DaTerritoryTrendSchema = z.object({
  level: z.enum(['province', 'region']),
  code: z.string(),
  name: z.string(),
  /** Active Comuni of the territory (the denominator of the coverage). */
  comuniTotal: z.number().int(),
  items: z.array(
    z.object({
      code: z.string(),
      unit: z.enum(DaUnits),
      series: z.array(z.object({ period: z.number().int(), value: z.number(), comuni: z.number().int() })),
      target: z.number().nullable(),
      targetDeadline: z.string().nullable(),
      gapClosure: z.number().nullable(),
      pace: z.number().nullable(),
      reachYear: z.number().int().nullable(),
      status: z.enum(DaStatuses).nullable(),
    }),
  ),
});
export type DaTerritoryTrend = z.infer<typeof DaTerritoryTrendSchema>;

export const DaAlertQuerySchema = z.object({ period: z.coerce.number().int().min(DigitalAgendaPeriods.min).max(DigitalAgendaPeriods.max).optional() });
export const DaAlertListSchema = z.object({
  items: z.array(
    z.object({
      istatCode: z.string(),
      name: z.string(),
      indicatorCode: z.string(),
      period: z.number().int(),
      reason: z.enum(DaAlertReasons),
      value: z.number(),
      previous: z.number().nullable(),
      createdAt: z.string(),
    }),
  ),
});
export type DaAlertList = z.infer<typeof DaAlertListSchema>;

export const DaCentreServiceParamsSchema = z.object({
  provinceIstatCode: z.string().regex(/^\d{3}$/, 'Codice ISTAT della Provincia: 3 cifre'),
  serviceId: z.uuid(),
});
/** Edits a service of the catalogue (every field; `active: false` withdraws it). */
export const DaCentreServiceUpdateSchema = DaCentreServiceCreateSchema.extend({ active: z.boolean().default(true) });
export type DaCentreServiceUpdate = z.infer<typeof DaCentreServiceUpdateSchema>;
