import { z } from 'zod';

/** Years of the Agenda Digitale Territoriale series. */
export const DigitalAgendaPeriods = { min: 2021, max: 2026 } as const;

export const DaUnits = ['boolean', 'percent', 'score01', 'index100', 'count', 'eur_per_inh', 'per_inh', 'per_10k', 'per_page', 'days'] as const;
export const DaPolarities = ['up', 'down', 'context'] as const;
export const DaAggregations = ['share', 'mean', 'median', 'ratio', 'sum'] as const;
export const DaStatuses = ['on_track', 'at_risk', 'off_track'] as const;
export const DaImportKinds = ['values_csv', 'padigitale_candidature', 'padigitale_avvisi'] as const;

const Period = z.coerce.number().int().min(DigitalAgendaPeriods.min).max(DigitalAgendaPeriods.max).describe('Anno di riferimento (AAAA)');
const IstatComune = z.string().regex(/^\d{6}$/, 'Codice ISTAT del Comune: 6 cifre');
const IndicatorCode = z.string().regex(/^[A-Z]{3}-\d{2}$/, 'Codice indicatore, es. SRV-01');

export const DaIndicatorSchema = z.object({
  code: z.string(),
  nameIt: z.string(),
  nameEn: z.string(),
  area: z.string(),
  unit: z.enum(DaUnits),
  polarity: z.enum(DaPolarities),
  aggregation: z.enum(DaAggregations),
  aggregationNote: z.string(),
  source: z.string(),
  frequency: z.string(),
  availability: z.string(),
  target: z.number().nullable(),
  targetDeadline: z.string().nullable(),
  targetNote: z.string().nullable(),
});
export type DaIndicator = z.infer<typeof DaIndicatorSchema>;
export const DaIndicatorListSchema = z.object({ items: z.array(DaIndicatorSchema) });

export const DaPeriodQuerySchema = z.object({ period: Period });
export const DaComuneParamsSchema = z.object({ istatCode: IstatComune });
export const DaIndicatorParamsSchema = z.object({ code: IndicatorCode });

export const DaProfileIndicatorSchema = z.object({
  code: z.string(),
  area: z.string(),
  value: z.number().nullable(),
  unit: z.enum(DaUnits),
  /** The value of the previous period (what changed). */
  previous: z.number().nullable(),
  percentileInPeerGroup: z.number().nullable(),
  rankInPeerGroup: z.number().int().nullable(),
  peerGroupSize: z.number().int(),
  peerGroupMedian: z.number().nullable(),
  province: z.number().nullable(),
  region: z.number().nullable(),
  national: z.number().nullable(),
  target: z.number().optional(),
  targetDeadline: z.string().optional(),
  gapClosure: z.number().nullable().optional(),
  status: z.enum(DaStatuses).optional(),
  source: z.string().nullable(),
  observedOn: z.string().nullable(),
  selfAssessed: z.boolean(),
});
export const DaProfileSchema = z.object({
  comune: z.object({
    istatCode: z.string(),
    name: z.string(),
    population: z.number().int(),
    peerGroup: z.string(),
    provinceIstatCode: z.string(),
    provinceName: z.string(),
    regionIstatCode: z.string(),
  }),
  period: z.number().int(),
  indicators: z.array(DaProfileIndicatorSchema),
  composite: z.object({
    score: z.number().nullable(),
    rankInterval: z.tuple([z.number().int(), z.number().int()]).nullable(),
    peerGroupSize: z.number().int(),
    coverage: z.number(),
    methodologyVersion: z.number().int().nullable(),
    previousScore: z.number().nullable(),
  }),
});
export type DaProfile = z.infer<typeof DaProfileSchema>;

export const DaBenchmarkQuerySchema = z.object({ period: Period, level: z.enum(['province', 'region']).default('province') });
export const DaBenchmarkRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  comuni: z.number().int(),
  coverage: z.number(),
  share: z.number().optional(),
  populationWeighted: z.number().optional(),
  mean: z.number().optional(),
  median: z.number().optional(),
  /** Città metropolitana (not among the programme's Provinces). */
  metropolitan: z.boolean(),
  /** One of the Provinces served by the programme. */
  inProgramme: z.boolean(),
});
export type DaBenchmarkRow = z.infer<typeof DaBenchmarkRowSchema>;
export const DaBenchmarkSchema = z.object({
  indicator: z.string(),
  period: z.number().int(),
  level: z.enum(['province', 'region']),
  items: z.array(DaBenchmarkRowSchema),
  national: DaBenchmarkRowSchema.omit({ metropolitan: true, inProgramme: true }),
});
export type DaBenchmark = z.infer<typeof DaBenchmarkSchema>;

export const DaValuesQuerySchema = z.object({ period: Period, province: z.string().regex(/^\d{3}$/, 'Codice ISTAT della Provincia: 3 cifre') });
export const DaValueRowSchema = z.object({ istatCode: z.string(), name: z.string(), population: z.number().int(), value: z.number().nullable() });
export const DaValuesSchema = z.object({ items: z.array(DaValueRowSchema) });

export const DaTrendSchema = z.object({
  istatCode: z.string(),
  name: z.string(),
  items: z.array(
    z.object({
      code: z.string(),
      series: z.array(z.object({ period: z.number().int(), value: z.number() })),
      target: z.number().nullable(),
      targetDeadline: z.string().nullable(),
      gapClosure: z.number().nullable(),
      pace: z.number().nullable(),
      reachYear: z.number().int().nullable(),
      status: z.enum(DaStatuses).nullable(),
    }),
  ),
});
export type DaTrend = z.infer<typeof DaTrendSchema>;

export const DaImportIssueSchema = z.object({ line: z.number().int(), field: z.string(), code: z.string(), message: z.string() });
export const DaImportReportSchema = z.object({
  rows: z.number().int(),
  valid: z.number().int(),
  errors: z.array(DaImportIssueSchema),
  remapped: z.array(z.object({ line: z.number().int(), from: z.string(), to: z.string() })),
  skipped: z.number().int(),
  byIndicator: z.record(z.string(), z.number().int()),
});
export const DaImportCreateSchema = z.object({
  kind: z.enum(DaImportKinds),
  fileName: z.string().trim().min(1).max(200),
  /** Year the values refer to (PA digitale 2026 files carry none). */
  period: Period.optional(),
  content: z.string().min(1).max(50 * 1024 * 1024),
  /** A key chosen by the client (UUID) to follow the validation's progress while the request runs. */
  progressKey: z.uuid().optional(),
});
export type DaImportCreate = z.infer<typeof DaImportCreateSchema>;
export const DaImportProgressParamsSchema = z.object({ key: z.uuid() });
/** Progress of a running import: rows read into the staging area, then validation and writing of the rows. */
export const DaImportProgressSchema = z.object({
  phase: z.enum(['reading', 'validating', 'writing', 'done', 'failed']),
  rowsDone: z.number().int(),
  rowsTotal: z.number().int(),
  percent: z.number().int().min(0).max(100),
});
export type DaImportProgress = z.infer<typeof DaImportProgressSchema>;
export const DaImportSchema = z.object({
  id: z.uuid(),
  kind: z.enum(DaImportKinds),
  fileName: z.string(),
  period: z.number().int().nullable(),
  state: z.enum(['validated', 'published']),
  report: DaImportReportSchema,
  rowCount: z.number().int(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
});
export type DaImport = z.infer<typeof DaImportSchema>;
export const DaImportListSchema = z.object({ items: z.array(DaImportSchema) });

export const DaQuestionnaireSchema = z.object({
  istatCode: z.string(),
  /** The Comune's name. */
  name: z.string(),
  period: z.number().int(),
  items: z.array(
    z.object({
      code: z.string(),
      area: z.string(),
      nameIt: z.string(),
      nameEn: z.string(),
      unit: z.enum(DaUnits),
      minValue: z.number(),
      maxValue: z.number(),
      value: z.number().nullable(),
      source: z.string().nullable(),
      /** A value from an open source the Comune sees pre-filled. */
      prefilled: z.boolean(),
    }),
  ),
});
export const DaQuestionnaireSaveSchema = z.object({
  period: Period,
  answers: z.array(z.object({ code: IndicatorCode, value: z.number().nullable() })).min(1).max(200),
});
export type DaQuestionnaireSave = z.infer<typeof DaQuestionnaireSaveSchema>;

export const DaCentreServiceSchema = z.object({
  id: z.uuid(),
  topic: z.string(),
  nameIt: z.string(),
  nameEn: z.string(),
  descriptionIt: z.string(),
  adhesionInstrument: z.string(),
  serviceLevel: z.string(),
  requestCategoryCode: z.string(),
  indicatorCodes: z.array(z.string()),
});
export const DaCentreServiceCreateSchema = z.object({
  topic: z.string().trim().regex(/^[a-z_]{2,30}$/),
  nameIt: z.string().trim().min(2).max(200),
  nameEn: z.string().trim().min(2).max(200),
  descriptionIt: z.string().trim().max(2000).default(''),
  adhesionInstrument: z.enum(['convenzione', 'accordo', 'protocollo']),
  serviceLevel: z.string().trim().min(2).max(300),
  requestCategoryCode: z.string().trim().min(2).max(40),
  indicatorCodes: z.array(IndicatorCode).max(20).default([]),
});
export type DaCentreServiceCreate = z.infer<typeof DaCentreServiceCreateSchema>;
export const DaProvinceParamsSchema = z.object({ provinceIstatCode: z.string().regex(/^\d{3}$/, 'Codice ISTAT della Provincia: 3 cifre') });
export const DaCentreSchema = z.object({
  province: z.object({ istatCode: z.string(), name: z.string() }),
  services: z.array(DaCentreServiceSchema),
});
export const DaCentreDashboardSchema = z.object({
  period: z.number().int(),
  items: z.array(
    z.object({
      istatCode: z.string(),
      name: z.string(),
      population: z.number().int(),
      composite: z.number().nullable(),
      offTrack: z.number().int(),
      atRisk: z.number().int(),
      openRequests: z.number().int(),
      adherent: z.boolean(),
    }),
  ),
});
export type DaCentreDashboard = z.infer<typeof DaCentreDashboardSchema>;

export const DaMethodologySchema = z.object({
  version: z.number().int(),
  validFrom: z.string(),
  areaWeights: z.record(z.string(), z.number()),
  goalposts: z.record(z.string(), z.tuple([z.number(), z.number()])),
  note: z.string(),
});
export const DaMethodologyListSchema = z.object({ items: z.array(DaMethodologySchema) });
export const DaMethodologyCreateSchema = z.object({
  validFrom: z.iso.date(),
  areaWeights: z.record(z.string().regex(/^[A-Z]{3}$/), z.number().min(0).max(100)),
  goalposts: z.record(IndicatorCode, z.tuple([z.number(), z.number()])).default({}),
  note: z.string().trim().min(3).max(2000),
});
export type DaMethodologyCreate = z.infer<typeof DaMethodologyCreateSchema>;
