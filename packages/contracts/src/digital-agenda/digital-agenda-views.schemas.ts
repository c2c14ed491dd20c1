import { z } from 'zod';
import { DigitalAgendaPeriods } from './digital-agenda.schemas.js';

/** Benchmark views of a territory: box plots by peer group, heat map, ranking in a Province, best improvers. */

const Period = z.coerce.number().int().min(DigitalAgendaPeriods.min).max(DigitalAgendaPeriods.max).describe('Anno di riferimento (AAAA)');
const RegionCode = z.string().regex(/^\d{2}$/, 'Codice ISTAT della Regione: 2 cifre');
const ProvinceCode = z.string().regex(/^\d{3}$/, 'Codice ISTAT della Provincia: 3 cifre');
export const DaPeerGroupCodes = ['fino-1000', '1001-5000', '5001-10000', '10001-20000', '20001-60000', '60001-250000', 'oltre-250000'] as const;
const PeerGroup = z.enum(DaPeerGroupCodes);

/** The territory a view is computed on: the whole country, a Region or a Province (at most one of them). */
const TerritoryQuery = z.object({ region: RegionCode.optional(), province: ProvinceCode.optional() });
export const DaTerritorySchema = z.object({
  level: z.enum(['national', 'region', 'province']),
  code: z.string(),
  name: z.string(),
});
export type DaTerritory = z.infer<typeof DaTerritorySchema>;

export const DaBoxPlotQuerySchema = z.object({ period: Period }).extend(TerritoryQuery.shape);
export const DaBoxPlotRowSchema = z.object({
  peerGroup: z.enum(DaPeerGroupCodes),
  /** Comuni with a value. */
  n: z.number().int(),
  min: z.number().nullable(),
  q1: z.number().nullable(),
  median: z.number().nullable(),
  q3: z.number().nullable(),
  max: z.number().nullable(),
});
export type DaBoxPlotRow = z.infer<typeof DaBoxPlotRowSchema>;
export const DaBoxPlotsSchema = z.object({
  indicator: z.string(),
  period: z.number().int(),
  territory: DaTerritorySchema,
  /** Every peer group, also those without values (n = 0). */
  items: z.array(DaBoxPlotRowSchema),
});
export type DaBoxPlots = z.infer<typeof DaBoxPlotsSchema>;

export const DaHeatMapQuerySchema = z.object({ period: Period });
export const DaHeatMapRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  regionCode: z.string(),
  metropolitan: z.boolean(),
  inProgramme: z.boolean(),
  /** Comuni with at least one scored indicator. */
  comuni: z.number().int(),
  /** Area → mean of the Comuni's area scores (0–1), null without data. */
  scores: z.record(z.string(), z.number().nullable()),
});
export type DaHeatMapRow = z.infer<typeof DaHeatMapRowSchema>;
export const DaHeatMapSchema = z.object({
  period: z.number().int(),
  methodologyVersion: z.number().int().nullable(),
  areas: z.array(z.string()),
  items: z.array(DaHeatMapRowSchema),
});
export type DaHeatMap = z.infer<typeof DaHeatMapSchema>;

export const DaRankingQuerySchema = z.object({ period: Period, province: ProvinceCode, peerGroup: PeerGroup.optional() });
export const DaRankingRowSchema = z.object({
  istatCode: z.string(),
  name: z.string(),
  population: z.number().int(),
  peerGroup: z.enum(DaPeerGroupCodes),
  value: z.number(),
  /** Competition rank among the Province's Comuni of the same peer group (1 = best, polarity respected). */
  rank: z.number().int(),
  /** Comuni of the Province in the peer group with a value. */
  groupSize: z.number().int(),
  /** Percentile in the national peer group (ties counted half, higher is better). */
  percentile: z.number().nullable(),
});
export type DaRankingRow = z.infer<typeof DaRankingRowSchema>;
export const DaRankingSchema = z.object({
  indicator: z.string(),
  period: z.number().int(),
  province: z.object({ code: z.string(), name: z.string() }),
  items: z.array(DaRankingRowSchema),
});
export type DaRanking = z.infer<typeof DaRankingSchema>;

export const DaImproversQuerySchema = z
  .object({ from: Period, to: Period, limit: z.coerce.number().int().min(1).max(100).default(10) })
  .extend(TerritoryQuery.shape);
export const DaImproverRowSchema = z.object({
  istatCode: z.string(),
  name: z.string(),
  provinceCode: z.string(),
  peerGroup: z.enum(DaPeerGroupCodes),
  from: z.number(),
  to: z.number(),
  /** to − from. */
  delta: z.number(),
  /** The delta oriented so that a positive number is an improvement (−delta for indicators where lower is better). */
  improvement: z.number(),
});
export type DaImproverRow = z.infer<typeof DaImproverRowSchema>;
export const DaImproversSchema = z.object({
  indicator: z.string(),
  from: z.number().int(),
  to: z.number().int(),
  territory: DaTerritorySchema,
  /** Comuni with a value in both periods. */
  compared: z.number().int(),
  items: z.array(DaImproverRowSchema),
});
export type DaImprovers = z.infer<typeof DaImproversSchema>;
