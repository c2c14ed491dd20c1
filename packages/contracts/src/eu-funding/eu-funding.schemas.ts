import { z } from 'zod';
import { PageQuerySchema } from '../common/common.schemas.js';
import { IsoDate } from '../registry/network.schemas.js';

/**
 * SAPE — Servizio Associato Politiche Europee. Calls for funding (bandi/avvisi), eligibility matching for each Comune,
 * the project pipeline from idea to closing (sit-sape.md §3.5), rendicontazione, the territory view and open data.
 */

// ---------------------------------------------------------------- code lists

export const CallStatuses = ['forthcoming', 'open', 'closed'] as const;
export const CallStatusSchema = z.enum(CallStatuses).describe('Stato del bando: in arrivo, aperto, chiuso');
export type CallStatus = z.infer<typeof CallStatusSchema>;

export const DeadlineModels = ['single-stage', 'two-stage', 'multiple-cut-off', 'rolling'] as const;
export const DeadlineModelSchema = z.enum(DeadlineModels).describe('Modello di scadenza (a una fase, a due fasi, più cut-off, a sportello)');
export type DeadlineModel = z.infer<typeof DeadlineModelSchema>;

export const CallSources = ['manual', 'PA_DIGITALE_2026', 'FT_PORTAL', 'REGIONE', 'MINISTERO', 'OTHER'] as const;
export const CallSourceSchema = z.enum(CallSources);

/** Ente types that may apply to a call. */
export const ApplicantTypes = ['comune', 'provincia', 'citta_metropolitana', 'regione', 'unione_comuni', 'scuola', 'asl', 'altro'] as const;
export const ApplicantTypeSchema = z.enum(ApplicantTypes).describe('Tipo di ente ammissibile');
export type ApplicantType = z.infer<typeof ApplicantTypeSchema>;

/** Themes used to match calls to the declared interests of a Comune. */
export const Themes = [
  'digitale',
  'energia',
  'ambiente',
  'clima',
  'mobilita',
  'cultura',
  'turismo',
  'sociale',
  'istruzione',
  'giovani',
  'salute',
  'rigenerazione-urbana',
  'capacita-amministrativa',
  'cooperazione',
] as const;
export const ThemeSchema = z.enum(Themes).describe('Tema');
export type Theme = z.infer<typeof ThemeSchema>;

/** The unified project life-cycle (sit-sape.md §3.5) with its exits. */
export const ProjectStates = [
  'idea',
  'candidatura',
  'ammissibilita',
  'finanziato',
  'cup',
  'affidamento',
  'esecuzione',
  'conclusione',
  'verifica',
  'saldo',
  'chiuso',
  'rinuncia',
  'revoca',
  'respinto',
] as const;
export const ProjectStateSchema = z.enum(ProjectStates).describe('Fase del progetto');
export type ProjectState = z.infer<typeof ProjectStateSchema>;

export const PartnerRoles = ['partner', 'affiliated', 'associated'] as const;
export const PartnerRoleSchema = z.enum(PartnerRoles).describe('Ruolo del partner');

export const CostCategories = ['personale', 'servizi', 'forniture', 'lavori', 'viaggi', 'comunicazione', 'spese-generali', 'altro'] as const;
export const CostCategorySchema = z.enum(CostCategories).describe('Categoria di costo');
export type CostCategory = z.infer<typeof CostCategorySchema>;

/** Sources of funding, mapped to the OpenCoesione FINANZ_* columns. */
export const FundingSources = ['ue', 'stato', 'regione', 'provincia', 'comune', 'privato', 'altro'] as const;
export const FundingSourceSchema = z.enum(FundingSources).describe('Fonte di finanziamento');
export type FundingSource = z.infer<typeof FundingSourceSchema>;

export const ClaimKinds = ['anticipazione', 'intermedia', 'saldo'] as const;
export const ClaimKindSchema = z.enum(ClaimKinds).describe('Tipo di domanda di rimborso');

// ---------------------------------------------------------------- shared fields

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const Version = z.number().int().min(1).describe('Versione letta, per il controllo di concorrenza');
const twoDecimals = (v: number) => Math.round(v * 100) === Number((v * 100).toFixed(6));
/** Euros, at most two decimals. */
export const EuroAmount = z.number().positive('Importo maggiore di zero').max(100_000_000_000, 'Importo non plausibile').refine(twoDecimals, 'Al massimo due decimali');
/** Percent with at most two decimals (0–100). */
export const Percent = z.number().min(0).max(100).refine(twoDecimals, 'Al massimo due decimali').describe('Percentuale con due decimali');
export const IstatComuneCode = z.string().regex(/^\d{6}$/, 'Codice ISTAT del Comune: sei cifre');
/** An instant with its offset, e.g. 2026-06-30T12:00:00+02:00. */
export const Instant = z.iso.datetime({ offset: true }).describe('Data e ora con fuso (ISO 8601)');

export const EligibilitySchema = z
  .object({
    enteTypes: z.array(ApplicantTypeSchema).min(1).max(ApplicantTypes.length),
    minPopulation: z.number().int().min(0).optional(),
    maxPopulation: z.number().int().min(1).optional(),
  })
  .refine((e) => e.minPopulation === undefined || e.maxPopulation === undefined || e.minPopulation <= e.maxPopulation, {
    message: 'La popolazione minima supera la massima',
    path: ['maxPopulation'],
  });
export type Eligibility = z.infer<typeof EligibilitySchema>;

// ---------------------------------------------------------------- calls

export const CallInputSchema = z
  .object({
    identifier: text(120).describe('Identificativo del bando (es. CERV-2026-CITIZENS-TOWN-TT)'),
    programme: text(200).describe('Programma (es. PNRR M1C1 1.4.1, PR FESR Veneto, LIFE)'),
    programmeCode: z.string().trim().max(60).nullable().optional().describe('Codice del programma nel catalogo'),
    title: text(400),
    actionType: optionalText(200).describe('Tipo di azione'),
    description: optionalText(8000),
    deadlineModel: DeadlineModelSchema,
    opensAt: Instant.describe('Apertura'),
    /** One deadline per stage (two for a two-stage call); the last one closes the call. */
    deadlines: z.array(Instant).min(1).max(12),
    budget: EuroAmount.nullable().optional(),
    cofinancingRate: Percent.nullable().optional(),
    eligibility: EligibilitySchema,
    topics: z.array(ThemeSchema).max(Themes.length).default([]),
    /** ISTAT codes of the regions where the call applies; empty = all of Italy. */
    territory: z.array(z.string().regex(/^\d{2}$/)).max(20).default([]),
    links: z.array(z.object({ label: text(200), url: z.url() })).max(20).default([]),
  })
  .superRefine((c, ctx) => {
    if (c.deadlineModel === 'two-stage' && c.deadlines.length !== 2) ctx.addIssue({ code: 'custom', path: ['deadlines'], message: 'Un bando a due fasi ha due scadenze' });
    if (c.deadlineModel === 'single-stage' && c.deadlines.length !== 1) ctx.addIssue({ code: 'custom', path: ['deadlines'], message: 'Un bando a una fase ha una scadenza' });
    const open = Date.parse(c.opensAt);
    let prev = open;
    c.deadlines.forEach((d, i) => {
      const t = Date.parse(d);
      if (t <= prev) ctx.addIssue({ code: 'custom', path: ['deadlines', i], message: 'Le scadenze seguono l’apertura e sono in ordine' });
      prev = t;
    });
  });
export type CallInput = z.infer<typeof CallInputSchema>;
export const CallUpdateSchema = z.object({ call: CallInputSchema, version: Version });
export type CallUpdate = z.infer<typeof CallUpdateSchema>;

export const CallSummarySchema = z.object({
  id: z.uuid(),
  identifier: z.string(),
  title: z.string(),
  programme: z.string(),
  opensAt: z.string(),
  closesAt: z.string(),
  status: CallStatusSchema,
  eligibility: z.object({ enteTypes: z.array(z.string()), minPopulation: z.number().int().optional(), maxPopulation: z.number().int().optional() }),
  topics: z.array(z.string()),
  budget: z.number().nullable(),
  cofinancingRate: z.number().nullable(),
  followed: z.boolean(),
});
export type CallSummary = z.infer<typeof CallSummarySchema>;
export const CallListSchema = z.object({ items: z.array(CallSummarySchema), total: z.number().int() });
export type CallList = z.infer<typeof CallListSchema>;

export const CallDetailSchema = CallSummarySchema.extend({
  source: z.string(),
  programmeCode: z.string().nullable(),
  actionType: z.string().nullable(),
  description: z.string().nullable(),
  deadlineModel: z.string(),
  deadlines: z.array(z.string()),
  territory: z.array(z.string()),
  links: z.array(z.object({ label: z.string(), url: z.string() })),
  version: z.number().int(),
  canEdit: z.boolean(),
});
export type CallDetail = z.infer<typeof CallDetailSchema>;

export const CallQuerySchema = PageQuerySchema.extend({
  status: CallStatusSchema.optional(),
  /** ISTAT code of a Comune: only the calls it may apply to (type, population, territory). */
  eligibleFor: IstatComuneCode.optional(),
  closingWithinDays: z.coerce.number().int().min(1).max(366).optional(),
  theme: ThemeSchema.optional(),
  programmeCode: z.string().trim().max(60).optional(),
  q: z.string().trim().max(200).optional(),
  followed: z.enum(['true', 'false']).optional(),
});
export type CallQuery = z.infer<typeof CallQuerySchema>;

export const ForMeQuerySchema = PageQuerySchema.extend({ enteId: z.uuid().optional() });
export const InterestsSchema = z.object({ topics: z.array(ThemeSchema).max(Themes.length) });
export type Interests = z.infer<typeof InterestsSchema>;
export const EnteParamsSchema = z.object({ enteId: z.uuid() });

export const ImportResultSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  rows: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
});
export type ImportResult = z.infer<typeof ImportResultSchema>;
export const ImportInputSchema = z.object({ csv: z.string().min(1).max(900_000) });

// ---------------------------------------------------------------- projects

export const PartnerInputSchema = z
  .object({
    enteId: z.uuid().nullable().optional(),
    name: optionalText(300),
    role: PartnerRoleSchema.default('partner'),
    pic: z.string().regex(/^\d{9}$/, 'Il PIC ha nove cifre').nullable().optional(),
    country: z.string().regex(/^[A-Z]{2}$/).nullable().optional(),
  })
  .refine((p) => !!p.enteId || !!p.name, { message: 'Un partner è un ente della rete o ha un nome', path: ['name'] });
export type PartnerInput = z.infer<typeof PartnerInputSchema>;

export const BudgetLineSchema = z.object({ category: CostCategorySchema, amount: EuroAmount });
export const CofinancingLineSchema = z.object({ source: FundingSourceSchema, amount: EuroAmount });
export const PlanPointSchema = z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/), amount: EuroAmount });
export const ReportingDeadlineSchema = z.object({ date: IsoDate, label: text(200) });

const projectFields = {
  title: text(400),
  description: optionalText(8000),
  callId: z.uuid().nullable().optional(),
  programme: optionalText(200),
  partners: z.array(PartnerInputSchema).max(60).default([]),
  budget: z.array(BudgetLineSchema).max(40).default([]),
  cofinancing: z.array(CofinancingLineSchema).max(20).default([]),
  spendingPlan: z.array(PlanPointSchema).max(120).default([]),
  reportingDeadlines: z.array(ReportingDeadlineSchema).max(60).default([]),
  supportedBySape: z.boolean().default(false),
};
export const ProjectCreateSchema = z.object({ leadEnteId: z.uuid(), ...projectFields });
export type ProjectCreate = z.infer<typeof ProjectCreateSchema>;
export const ProjectUpdateSchema = z.object({ ...projectFields, version: Version });
export type ProjectUpdate = z.infer<typeof ProjectUpdateSchema>;

export const ProjectTransitionSchema = z.object({
  to: ProjectStateSchema,
  date: IsoDate,
  note: optionalText(2000),
  documentId: z.uuid().nullable().optional(),
  decreeRef: optionalText(200).describe('Decreto di finanziamento'),
  grantedAmount: EuroAmount.nullable().optional(),
  cup: z.string().trim().toUpperCase().nullable().optional(),
  version: Version,
});
export type ProjectTransition = z.infer<typeof ProjectTransitionSchema>;

export const ProcurementLinkSchema = z.object({ procedureId: z.uuid(), version: Version });

export const ExpenditureInputSchema = z.object({
  documentRef: text(200).describe('Estremi del giustificativo (fattura n., data)'),
  documentId: z.uuid().nullable().optional(),
  date: IsoDate,
  amount: EuroAmount,
  eligible: z.boolean(),
  paidOn: IsoDate.nullable().optional(),
  category: CostCategorySchema,
  salNumber: z.number().int().min(1).max(999).nullable().optional().describe('SAL di riferimento'),
});
export type ExpenditureInput = z.infer<typeof ExpenditureInputSchema>;

export const ClaimCreateSchema = z.object({
  kind: ClaimKindSchema,
  submittedOn: IsoDate,
  expenditureIds: z.array(z.uuid()).min(1).max(2000),
});
export type ClaimCreate = z.infer<typeof ClaimCreateSchema>;
/** The statement of a claim filed as a document of the project. */
export const StatementDocumentSchema = z.object({ documentId: z.string(), version: z.number().int(), mediaType: z.string(), pdfA: z.boolean() });
export type StatementDocument = z.infer<typeof StatementDocumentSchema>;
export const ReceiptSchema = z.object({ receivedOn: IsoDate, amount: EuroAmount });
export const ClaimParamsSchema = z.object({ id: z.uuid(), claimId: z.uuid() });

export const ExpenditureSchema = z.object({
  id: z.uuid(),
  documentRef: z.string(),
  documentId: z.string().nullable(),
  date: z.string(),
  amount: z.number(),
  eligible: z.boolean(),
  paidOn: z.string().nullable(),
  category: z.string(),
  salNumber: z.number().nullable(),
  claimId: z.string().nullable(),
});
export const ClaimSchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  kind: z.string(),
  submittedOn: z.string(),
  amount: z.number(),
  receivedOn: z.string().nullable(),
  receivedAmount: z.number().nullable(),
  expenditures: z.number().int(),
});
export type Claim = z.infer<typeof ClaimSchema>;

export const ProjectSummarySchema = z.object({
  id: z.uuid(),
  title: z.string(),
  state: ProjectStateSchema,
  leadEnte: z.object({ id: z.string(), name: z.string(), istatCode: z.string().nullable() }),
  callId: z.string().nullable(),
  cup: z.string().nullable(),
  budget: z.number(),
  grantedAmount: z.number().nullable(),
  updatedAt: z.string(),
});
export const ProjectListSchema = z.object({ items: z.array(ProjectSummarySchema), total: z.number().int() });
export const ProjectQuerySchema = PageQuerySchema.extend({ state: ProjectStateSchema.optional(), enteId: z.uuid().optional() });
export type ProjectQuery = z.infer<typeof ProjectQuerySchema>;

export const ProjectDetailSchema = ProjectSummarySchema.extend({
  description: z.string().nullable(),
  programme: z.string().nullable(),
  call: z.object({ id: z.string(), identifier: z.string(), title: z.string() }).nullable(),
  decreeRef: z.string().nullable(),
  supportedBySape: z.boolean(),
  partners: z.array(z.object({ enteId: z.string().nullable(), name: z.string(), role: z.string(), pic: z.string().nullable(), country: z.string().nullable() })),
  budgetLines: z.array(z.object({ category: z.string(), amount: z.number() })),
  cofinancing: z.array(z.object({ source: z.string(), amount: z.number() })),
  spendingPlan: z.array(z.object({ month: z.string(), amount: z.number() })),
  reportingDeadlines: z.array(z.object({ date: z.string(), label: z.string() })),
  steps: z.array(z.object({ state: z.string(), date: z.string(), note: z.string().nullable(), documentId: z.string().nullable() })),
  procurement: z.object({ procedureId: z.string(), number: z.string().nullable(), cig: z.string().nullable() }).nullable(),
  expenditures: z.array(ExpenditureSchema),
  claims: z.array(ClaimSchema),
  totals: z.object({ budget: z.number(), spent: z.number(), eligible: z.number(), claimed: z.number(), received: z.number(), remaining: z.number() }),
  curve: z.array(z.object({ month: z.string(), planned: z.number(), actual: z.number() })),
  allowedTransitions: z.array(ProjectStateSchema),
  canEdit: z.boolean(),
  version: z.number().int(),
});
export type ProjectDetail = z.infer<typeof ProjectDetailSchema>;

// ---------------------------------------------------------------- territory and office

export const TerritoryQuerySchema = z.object({ provinciaId: z.uuid().optional(), year: z.coerce.number().int().min(2000).max(2100).optional() });
export const TerritoryRowSchema = z.object({
  enteId: z.string(),
  name: z.string(),
  istatCode: z.string().nullable(),
  population: z.number().nullable(),
  adheres: z.boolean(),
  projects: z.number().int(),
  byState: z.record(z.string(), z.number().int()),
  requested: z.number(),
  obtained: z.number(),
  spent: z.number(),
  obtainedPerInhabitant: z.number().nullable(),
  successRate: z.number().nullable(),
});
export const OfficeYearSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  staffFte: z.number().min(0).max(1000),
  costs: z.number().min(0).max(100_000_000_000).refine(twoDecimals, 'Al massimo due decimali'),
  fees: z.number().min(0).max(100_000_000_000).refine(twoDecimals, 'Al massimo due decimali'),
  supportHours: z.number().int().min(0).max(1_000_000),
});
export type OfficeYear = z.infer<typeof OfficeYearSchema>;
export const TerritorySchema = z.object({
  scope: z.enum(['provincia', 'upi']),
  rows: z.array(TerritoryRowSchema),
  totals: z.object({
    comuniServed: z.number().int(),
    projects: z.number().int(),
    byState: z.record(z.string(), z.number().int()),
    requested: z.number(),
    obtained: z.number(),
    spent: z.number(),
    successRate: z.number().nullable(),
    supportHours: z.number().int(),
    costs: z.number(),
    fees: z.number(),
    costPerEuroAttracted: z.number().nullable(),
  }),
});
export type Territory = z.infer<typeof TerritorySchema>;
export const OfficeParamsSchema = z.object({ provinciaId: z.uuid() });

// ---------------------------------------------------------------- services of the SAPE office

/** The kinds of service every SAPE offers at least: the SAPE request categories of the service-request system. */
export const SapeServiceKinds = ['informazione', 'ricerca-partner', 'progettazione-proposta', 'rendicontazione', 'formazione'] as const;

/** A service as the Province's SAPE words it; requests for it are filed under its request category. */
export const SapeServiceInputSchema = z.object({
  categoryId: z.uuid('Scegliere il tipo di servizio').describe('Tipo di servizio: una categoria SAPE del sistema delle richieste di assistenza'),
  title: z.string().trim().min(3, 'Almeno 3 caratteri').max(200).describe('Nome del servizio'),
  description: z.string().trim().min(1, 'Obbligatorio').max(4000).describe('Che cosa offre il servizio'),
  serviceLevel: z.string().trim().min(1, 'Obbligatorio').max(1000).describe('Livello di servizio: tempi e prodotti attesi'),
  conventionId: z.uuid().nullable().default(null).describe("Convenzione del registro con cui i Comuni aderiscono (nessuna: aperto a tutti i Comuni della Provincia)"),
  published: z.boolean().default(false).describe('Visibile ai Comuni'),
  position: z.number().int().min(0).max(1000).default(0).describe('Ordine nella lista'),
});
export type SapeServiceInput = z.infer<typeof SapeServiceInputSchema>;
export const SapeServiceUpdateSchema = SapeServiceInputSchema.extend({ version: Version });
export type SapeServiceUpdate = z.infer<typeof SapeServiceUpdateSchema>;
export const SapeServiceSchema = z.object({
  id: z.string(),
  provinciaId: z.string(),
  category: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  title: z.string(),
  description: z.string(),
  serviceLevel: z.string(),
  /** The clocks of a request for it (from its request category). */
  firstResponseHours: z.number(),
  resolutionDays: z.number(),
  convention: z.object({ id: z.string(), title: z.string(), inForce: z.boolean() }).nullable(),
  published: z.boolean(),
  position: z.number().int(),
  version: z.number().int(),
});
export type SapeService = z.infer<typeof SapeServiceSchema>;
/** What the Province's SAPE officer edits: every service (drafts too) and the choices of the form. */
export const SapeServiceAdminSchema = z.object({
  provincia: z.object({ id: z.string(), name: z.string() }),
  items: z.array(SapeServiceSchema),
  categories: z.array(z.object({ id: z.string(), code: z.string(), name: z.string() })),
  conventions: z.array(z.object({ id: z.string(), title: z.string(), inForce: z.boolean() })),
});
export type SapeServiceAdmin = z.infer<typeof SapeServiceAdminSchema>;
export const SapeServiceParamsSchema = z.object({ provinciaId: z.uuid(), serviceId: z.uuid() });
export const ProvinceServicesParamsSchema = z.object({ provinciaId: z.uuid() });
export const LangQuerySchema = z.object({ lang: z.enum(['it', 'en']).default('it') });

export const SapeServicesSchema = z.object({
  provincia: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The caller's Comune adheres to the Province's SAPE through an active convention. */
  adheres: z.boolean(),
  adheringComuni: z.number().int(),
  /** `provincia`: the services the Province published; `catalogue`: it published none, the request categories are shown. */
  source: z.enum(['provincia', 'catalogue']),
  services: z.array(
    z.object({
      id: z.string(),
      categoryId: z.string(),
      code: z.string(),
      name: z.string(),
      title: z.string(),
      description: z.string(),
      serviceLevel: z.string().nullable(),
      firstResponseHours: z.number(),
      resolutionDays: z.number(),
      convention: z.object({ id: z.string(), title: z.string() }).nullable(),
      /** The caller's Comune may ask for it: no convention needed, or party to the convention in force. */
      adheres: z.boolean(),
    }),
  ),
});
export type SapeServices = z.infer<typeof SapeServicesSchema>;
export const SapeServicesQuerySchema = z.object({ enteId: z.uuid().optional(), lang: z.enum(['it', 'en']).default('it') });

// ---------------------------------------------------------------- programmes

export const ProgrammeSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string(),
  funds: z.array(z.string()),
  period: z.string(),
  managingAuthority: z.string().nullable(),
  ftFrameworkProgrammeCode: z.string().nullable(),
});
export const ProgrammeListSchema = z.object({ items: z.array(ProgrammeSchema) });
export type Programme = z.infer<typeof ProgrammeSchema>;
