import { z } from 'zod';
import { PageQuerySchema } from '../common/common.schemas.js';
import { IsoDate } from '../registry/network.schemas.js';

/**
 * SUA — Stazione Unica Appaltante. The Province runs procurement for the Comuni under convention:
 * request → advice from the rules → procedure file → documents → tender file → checks → award.
 */

// ---------------------------------------------------------------- code lists

/** Oggetto del contratto (art. 14 D.Lgs. 36/2023): lavori, servizi, forniture. */
export const ObjectTypes = ['lavori', 'servizi', 'forniture'] as const;
export const ObjectTypeSchema = z.enum(ObjectTypes).describe("Oggetto: lavori, servizi o forniture");
export type ObjectType = z.infer<typeof ObjectTypeSchema>;

/** Procedure di scelta del contraente (sua.md §1.4), mapped to the ANAC sceltaContraente codes. */
export const ProcedureCodes = [
  'AFFIDAMENTO_DIRETTO',
  'AFFIDAMENTO_DIRETTO_ADESIONE_AQ',
  'NEGOZIATA_SENZA_BANDO',
  'APERTA',
  'RISTRETTA',
  'COMPETITIVA_CON_NEGOZIAZIONE',
  'DIALOGO_COMPETITIVO',
  'PARTENARIATO_INNOVAZIONE',
] as const;
export const ProcedureCodeSchema = z.enum(ProcedureCodes).describe('Procedura di scelta del contraente');
export type ProcedureCode = z.infer<typeof ProcedureCodeSchema>;

/** Criteri di aggiudicazione (art. 108): OEPV qualità/prezzo, OEPV costo, minor prezzo. */
export const AwardCriteria = ['OEPV_QUALITA_PREZZO', 'OEPV_COSTO', 'PREZZO'] as const;
export const AwardCriterionSchema = z.enum(AwardCriteria).describe('Criterio di aggiudicazione');
export type AwardCriterion = z.infer<typeof AwardCriterionSchema>;

/** Life-cycle of a procedure (sua.md §1.6). */
export const ProcedureStates = [
  'bozza',
  'istruttoria',
  'documenti',
  'pronta',
  'pubblicata',
  'valutazione',
  'proposta',
  'verifica',
  'aggiudicata',
  'stipula',
  'esecuzione',
  'chiusa',
  'deserta',
  'annullata',
] as const;
export const ProcedureStateSchema = z.enum(ProcedureStates).describe('Stato della procedura');
export type ProcedureState = z.infer<typeof ProcedureStateSchema>;

/** Documents of a tender file (sua.md §2.1). */
export const DocTypes = [
  'PROGRAMMA',
  'RICHIESTA_DELEGA',
  'PROGETTO',
  'DETERMINA_A_CONTRARRE',
  'DETERMINA_INDIZIONE_SUA',
  'AVVISO_INDAGINE_MERCATO',
  'BANDO',
  'LETTERA_INVITO',
  'DISCIPLINARE',
  'CAPITOLATO',
  'SCHEMA_CONTRATTO',
  'DGUE_REQUEST',
  'MODULISTICA',
  'NOMINA_COMMISSIONE',
  'VERBALE_GARA',
  'PROPOSTA_AGGIUDICAZIONE',
  'ESITO_VERIFICHE',
  'AGGIUDICAZIONE',
  'COMUNICAZIONE',
  'AVVISO_AGGIUDICAZIONE',
  'CONTRATTO',
] as const;
export const DocTypeSchema = z.enum(DocTypes).describe('Tipo di documento di gara');
export type DocType = z.infer<typeof DocTypeSchema>;

/** State of a document of the workspace: da redigere → in bozza → in revisione → approvato → firmato. */
export const ProcedureDocStates = ['da_redigere', 'in_bozza', 'in_revisione', 'approvato', 'firmato'] as const;
export const ProcedureDocStateSchema = z.enum(ProcedureDocStates);
export type ProcedureDocState = z.infer<typeof ProcedureDocStateSchema>;

/** Who produces a document, and so who may edit and approve it. */
export const DocProducers = ['comune', 'sua'] as const;

export const TeamRoles = ['rup', 'sua_officer', 'commission_president', 'commission_member', 'support'] as const;
export const TeamRoleSchema = z.enum(TeamRoles).describe('Ruolo nel gruppo di lavoro');
export type TeamRole = z.infer<typeof TeamRoleSchema>;

export const ParticipantRoles = ['invited', 'bidder', 'excluded', 'proposed_awardee', 'awardee'] as const;
export const ParticipantRoleSchema = z.enum(ParticipantRoles).describe('Posizione dell’operatore nella procedura');
export type ParticipantRole = z.infer<typeof ParticipantRoleSchema>;

/** Esito di un controllo: regolare, irregolare, non pertinente; pending until recorded. */
export const CheckOutcomes = ['pending', 'regolare', 'irregolare', 'non_pertinente'] as const;
export const CheckOutcomeSchema = z.enum(CheckOutcomes).describe('Esito del controllo');
export type CheckOutcome = z.infer<typeof CheckOutcomeSchema>;

// ---------------------------------------------------------------- shared pieces

const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const Version = z.number().int().min(1).describe('Versione letta, per il controllo di concorrenza');
/** Euros net of VAT, at most two decimals, up to 100 billion. */
export const Euro = z
  .number()
  .positive('Importo maggiore di zero')
  .max(100_000_000_000, 'Importo non plausibile')
  .refine((v) => Math.round(v * 100) === Number((v * 100).toFixed(6)), 'Al massimo due decimali')
  .describe('Importo in euro, IVA esclusa');
const EuroOrZero = z
  .number()
  .min(0)
  .max(100_000_000_000, 'Importo non plausibile')
  .refine((v) => Math.round(v * 100) === Number((v * 100).toFixed(6)), 'Al massimo due decimali');
/** CPV 2008: eight digits, a dash, the check digit (format; the catalogue check is the service's). */
export const CpvSchema = z.string().trim().regex(/^\d{8}-\d$/, 'Codice CPV nel formato 12345678-9').describe('Codice CPV');
/** CUP: 15 characters, upper-case letters and digits (the service checks the structure). */
export const CupSchema = z.string().trim().toUpperCase().regex(/^[A-Z0-9]{15}$/, 'Il CUP ha 15 caratteri').describe('Codice Unico di Progetto');
/** CIG: 10 characters, upper-case letters and digits. */
export const CigSchema = z.string().trim().toUpperCase().regex(/^[A-Z0-9]{10}$/, 'Il CIG ha 10 caratteri').describe('Codice Identificativo Gara');

export const ProcurementEnteSchema = z.object({ id: z.uuid(), istatCode: z.string().nullable(), name: z.string() });
const PersonRef = z.object({ id: z.uuid(), displayName: z.string() });

// ---------------------------------------------------------------- advice (contract)

/** English names of the object types, accepted by the advice for callers outside Italy. */
const OBJECT_ALIASES: Record<string, ObjectType> = { works: 'lavori', services: 'servizi', supplies: 'forniture', goods: 'forniture' };
export const AdviceInputSchema = z.object({
  object: z
    .enum([...ObjectTypes, 'works', 'services', 'supplies', 'goods'])
    .transform((v): ObjectType => OBJECT_ALIASES[v] ?? (v as ObjectType))
    .describe("Oggetto del contratto: lavori, servizi o forniture (works, services, supplies)"),
  sia: z.boolean().optional().describe('Servizi di ingegneria e architettura'),
  estimatedValue: Euro.describe('Valore stimato (art. 14), IVA esclusa, comprese opzioni e rinnovi'),
  buyer: z.enum(['sub_central', 'central']).default('sub_central'),
  date: IsoDate.optional().describe('Data di riferimento (oggi se assente)'),
  socialServices: z.boolean().optional(),
  labourIntensive: z.boolean().optional().describe('Servizi ad alta intensità di manodopera'),
  innovative: z.boolean().optional(),
  lots: z.array(z.object({ value: Euro })).max(100).optional(),
  suaLevel: z
    .object({ sf: z.enum(['SF1', 'SF2', 'SF3']).optional(), works: z.enum(['L1', 'L2', 'L3']).optional() })
    .optional()
    .describe('Qualificazione della stazione appaltante che svolge la procedura (Allegato II.4)'),
});
export type AdviceInput = z.infer<typeof AdviceInputSchema>;

export const AdviceSchema = z.object({
  euThreshold: z.number(),
  aboveEuThreshold: z.boolean(),
  allowedProcedures: z.array(
    z.object({
      code: ProcedureCodeSchema,
      legalBasis: z.string(),
      minOperators: z.number().int().optional(),
      noteIt: z.string().optional(),
      noteEn: z.string().optional(),
    }),
  ),
  awardCriterion: z.object({ oepvMandatory: z.boolean(), priceCapPercent: z.number().optional(), legalBasis: z.string() }),
  qualificationRequired: z.boolean(),
  qualificationLevel: z.object({ level: z.string(), coveredBySua: z.boolean().optional() }).optional(),
  standstillDays: z.number().int(),
  minimumOfferDays: z.number().int().optional(),
  stipulaDays: z.number().int(),
  notes: z.array(z.object({ code: z.string(), it: z.string(), en: z.string() })),
  rulesValidFrom: z.string(),
});
export type Advice = z.infer<typeof AdviceSchema>;

export const ProcurementRuleSchema = z.object({
  key: z.string(),
  value: z.string(),
  unit: z.enum(['EUR', 'days', 'percent', 'count']),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  legalBasis: z.string(),
  noteIt: z.string(),
  noteEn: z.string(),
});
export const ProcurementRuleListSchema = z.object({ items: z.array(ProcurementRuleSchema) });
export const ProcurementRuleQuerySchema = z.object({ date: IsoDate.optional() });

// ---------------------------------------------------------------- procedures

export const LotInputSchema = z.object({
  title: text(300),
  value: Euro,
  cpv: CpvSchema.optional(),
});
export const LotSchema = z.object({
  id: z.uuid(),
  number: z.number().int(),
  title: z.string(),
  value: z.number(),
  cpv: z.string().nullable(),
  cig: z.string().nullable(),
});
export type Lot = z.infer<typeof LotSchema>;

const procedureFields = {
  title: text(500).describe("Oggetto dell'appalto"),
  description: optionalText(8000),
  objectType: ObjectTypeSchema,
  sia: z.boolean().default(false),
  cpvMain: CpvSchema,
  cpvSecondary: z.array(CpvSchema).max(20).default([]),
  estimatedValue: Euro.describe('Valore stimato (art. 14) IVA esclusa, comprese opzioni'),
  optionsValue: EuroOrZero.default(0).describe('di cui opzioni e rinnovi'),
  lots: z.array(LotInputSchema).max(50).default([]),
  cup: CupSchema.nullable().optional(),
  pnrr: z.boolean().default(false).describe('Finanziato con fondi PNRR'),
  fundingNote: optionalText(1000),
  rupName: text(160).describe('RUP del Comune'),
  rupEmail: z.email().max(254).nullable().optional(),
  desiredStart: IsoDate.nullable().optional(),
  desiredAward: IsoDate.nullable().optional(),
  socialServices: z.boolean().default(false),
  labourIntensive: z.boolean().default(false),
  innovative: z.boolean().default(false),
};

export const ProcedureCreateSchema = z.object({ comuneId: z.uuid().describe('Il Comune che chiede la procedura'), ...procedureFields });
export type ProcedureCreate = z.infer<typeof ProcedureCreateSchema>;
export const ProcedureUpdateSchema = z
  .object({
    title: procedureFields.title.optional(),
    description: procedureFields.description,
    objectType: ObjectTypeSchema.optional(),
    sia: z.boolean().optional(),
    cpvMain: CpvSchema.optional(),
    cpvSecondary: z.array(CpvSchema).max(20).optional(),
    estimatedValue: Euro.optional(),
    optionsValue: EuroOrZero.optional(),
    lots: z.array(LotInputSchema).max(50).optional(),
    cup: CupSchema.nullable().optional(),
    pnrr: z.boolean().optional(),
    fundingNote: optionalText(1000),
    rupName: text(160).optional(),
    rupEmail: z.email().max(254).nullable().optional(),
    desiredStart: IsoDate.nullable().optional(),
    desiredAward: IsoDate.nullable().optional(),
    socialServices: z.boolean().optional(),
    labourIntensive: z.boolean().optional(),
    innovative: z.boolean().optional(),
    version: Version,
  })
  .strict();
export type ProcedureUpdate = z.infer<typeof ProcedureUpdateSchema>;

export const ProcedureQuerySchema = PageQuerySchema.extend({
  state: ProcedureStateSchema.optional(),
  comune: z.string().trim().max(40).optional().describe('Codice ISTAT o id del Comune'),
  provincia: z.string().trim().max(40).optional().describe('Codice ISTAT o id della Provincia'),
  objectType: ObjectTypeSchema.optional(),
  procedureCode: ProcedureCodeSchema.optional(),
  q: z.string().trim().max(200).optional(),
});
export type ProcedureQuery = z.infer<typeof ProcedureQuerySchema>;

export const ProcedureSummarySchema = z.object({
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  state: ProcedureStateSchema,
  procedureCode: ProcedureCodeSchema.nullable(),
  objectType: ObjectTypeSchema,
  estimatedValue: z.number(),
  comune: ProcurementEnteSchema,
  provincia: ProcurementEnteSchema,
  offerDeadline: z.string().nullable(),
  updatedAt: z.string(),
  isDemo: z.boolean(),
});
export type ProcedureSummary = z.infer<typeof ProcedureSummarySchema>;
export const ProcedureListSchema = z.object({ items: z.array(ProcedureSummarySchema), total: z.number().int() });

export const TeamMemberSchema = z.object({ id: z.uuid(), user: PersonRef, role: TeamRoleSchema, enteName: z.string() });
export const TeamMemberInputSchema = z.object({ userId: z.uuid(), role: TeamRoleSchema });

export const ProcedureEventSchema = z.object({
  id: z.uuid(),
  fromState: ProcedureStateSchema.nullable(),
  toState: ProcedureStateSchema,
  note: z.string().nullable(),
  actor: PersonRef.nullable(),
  at: z.string(),
});

export const ProcedureDetailSchema = ProcedureSummarySchema.extend({
  description: z.string().nullable(),
  sia: z.boolean(),
  cpvMain: z.string(),
  cpvSecondary: z.array(z.string()),
  optionsValue: z.number(),
  cup: z.string().nullable(),
  pnrr: z.boolean(),
  fundingNote: z.string().nullable(),
  rupName: z.string(),
  rupEmail: z.string().nullable(),
  desiredStart: z.string().nullable(),
  desiredAward: z.string().nullable(),
  socialServices: z.boolean(),
  labourIntensive: z.boolean(),
  innovative: z.boolean(),
  awardCriterion: AwardCriterionSchema.nullable(),
  priceCapPercent: z.number().nullable(),
  justification: z.string().nullable(),
  publishedOn: z.string().nullable(),
  platform: z.string().nullable(),
  standstillEnd: z.string().nullable(),
  stipulaDeadline: z.string().nullable(),
  proposalOn: z.string().nullable(),
  awardedOn: z.string().nullable(),
  signedOn: z.string().nullable(),
  awardAmount: z.number().nullable(),
  awardee: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  fvoeFallbackNote: z.string().nullable(),
  returnNote: z.string().nullable(),
  fascicoloId: z.uuid().nullable(),
  /** The convention's terms: the cap on the value and the SUA's fee for this procedure. */
  terms: z.object({ maxValue: z.number().nullable(), feePercent: z.number().nullable(), feeAmount: z.number().nullable() }).nullable(),
  lots: z.array(LotSchema),
  team: z.array(TeamMemberSchema),
  events: z.array(ProcedureEventSchema),
  advice: AdviceSchema,
  allowed: z.array(ProcedureStateSchema).describe('Stati raggiungibili da chi legge'),
  can: z.object({ edit: z.boolean(), manage: z.boolean(), comment: z.boolean() }),
  version: z.number().int(),
});
export type ProcedureDetail = z.infer<typeof ProcedureDetailSchema>;

export const ProcedureTransitionSchema = z.discriminatedUnion('to', [
  z.object({ to: z.literal('istruttoria'), version: Version, note: optionalText(2000) }),
  z.object({ to: z.literal('bozza'), version: Version, note: text(2000).describe('Cosa deve correggere il Comune') }),
  z.object({
    to: z.literal('documenti'),
    version: Version,
    procedureCode: ProcedureCodeSchema,
    awardCriterion: AwardCriterionSchema,
    priceCapPercent: z.number().min(0).max(100).nullable().optional(),
    justification: optionalText(4000),
    note: optionalText(2000),
  }),
  z.object({ to: z.literal('pronta'), version: Version, note: optionalText(2000) }),
  z.object({
    to: z.literal('pubblicata'),
    version: Version,
    publishedOn: IsoDate,
    platform: text(200).describe('Piattaforma di approvvigionamento digitale'),
    offerDeadline: z.iso.datetime({ offset: true }).describe('Termine di presentazione delle offerte'),
    note: optionalText(2000),
  }),
  z.object({ to: z.literal('valutazione'), version: Version, note: optionalText(2000) }),
  z.object({
    to: z.literal('proposta'),
    version: Version,
    operatorId: z.uuid().describe('Operatore proposto per l’aggiudicazione'),
    amount: Euro.describe("Importo dell'offerta"),
    proposalOn: IsoDate.optional(),
    note: optionalText(2000),
  }),
  z.object({ to: z.literal('verifica'), version: Version, note: optionalText(2000) }),
  z.object({
    to: z.literal('aggiudicata'),
    version: Version,
    awardedOn: IsoDate.optional(),
    fvoeFallback: z
      .object({ note: text(2000).describe('Malfunzionamento del FVOE e autocertificazione (art. 99 c.3-bis)') })
      .optional(),
    note: optionalText(2000),
  }),
  z.object({ to: z.literal('stipula'), version: Version, signedOn: IsoDate.optional(), note: optionalText(2000) }),
  z.object({ to: z.literal('esecuzione'), version: Version, note: optionalText(2000) }),
  z.object({ to: z.literal('chiusa'), version: Version, note: optionalText(2000) }),
  z.object({ to: z.literal('deserta'), version: Version, note: text(2000) }),
  z.object({ to: z.literal('annullata'), version: Version, note: text(2000) }),
]);
export type ProcedureTransition = z.infer<typeof ProcedureTransitionSchema>;

export const LotCigSchema = z.object({ cig: CigSchema.nullable() });
export const LotParamsSchema = z.object({ id: z.uuid(), lotId: z.uuid() });
export const TeamParamsSchema = z.object({ id: z.uuid(), memberId: z.uuid() });

// ---------------------------------------------------------------- document workspace

export const ProcedureDocumentSchema = z.object({
  id: z.uuid(),
  docType: DocTypeSchema,
  labelIt: z.string(),
  labelEn: z.string(),
  required: z.boolean(),
  producer: z.enum(DocProducers),
  folder: z.string(),
  position: z.number().int(),
  state: ProcedureDocStateSchema,
  document: z
    .object({ id: z.uuid(), title: z.string(), currentVersion: z.number().int(), mediaType: z.string().nullable() })
    .nullable(),
  approvedBy: PersonRef.nullable(),
  approvedAt: z.string().nullable(),
  allowed: z.array(ProcedureDocStateSchema),
  canEdit: z.boolean(),
  version: z.number().int(),
});
export type ProcedureDocument = z.infer<typeof ProcedureDocumentSchema>;
export const ProcedureDocumentListSchema = z.object({ items: z.array(ProcedureDocumentSchema) });
export const DocParamsSchema = z.object({ id: z.uuid(), docType: DocTypeSchema });
export const DocDraftSchema = z.object({
  templateId: z.uuid().optional().describe('Modello DOCX (quello della SUA per il tipo di documento se assente)'),
  pdfa: z.boolean().default(false),
});
export const DocLinkSchema = z.object({ documentId: z.uuid() });
export const DocTransitionSchema = z.object({
  to: z.enum(['in_bozza', 'in_revisione', 'approvato', 'firmato']),
  version: Version,
  note: optionalText(2000),
});

export const ChecklistSchema = z.object({
  ready: z.boolean(),
  items: z.array(
    z.object({
      docType: DocTypeSchema,
      labelIt: z.string(),
      labelEn: z.string(),
      required: z.boolean(),
      state: ProcedureDocStateSchema,
      ok: z.boolean(),
      problemIt: z.string().nullable(),
      problemEn: z.string().nullable(),
    }),
  ),
  missing: z.array(z.object({ code: z.string(), it: z.string(), en: z.string() })),
});
export type Checklist = z.infer<typeof ChecklistSchema>;

// ---------------------------------------------------------------- economic operators

const SoaListSchema = z
  .array(
    z.object({
      category: z.string().trim().regex(/^O[GS]\s?\d{1,2}(-[A-Z]+)?$/, 'Categoria SOA (es. OG1, OS30)'),
      classifica: z.enum(['I', 'II', 'III', 'IIIbis', 'IV', 'IVbis', 'V', 'VI', 'VII', 'VIII']),
      validUntil: IsoDate,
    }),
  )
  .max(50)
  .describe('Attestazioni SOA per categoria e classifica');
const operatorFields = {
  name: text(300).describe('Denominazione'),
  taxCode: z.string().trim().toUpperCase().min(11).max(16).describe('Codice fiscale'),
  vatNumber: z.string().trim().regex(/^\d{11}$/, 'Partita IVA di 11 cifre').nullable().optional(),
  legalForm: optionalText(120),
  address: optionalText(300),
  pec: z.email().max(254).nullable().optional(),
  employees: z.number().int().min(0).max(1_000_000).nullable().optional(),
};
export const OperatorInputSchema = z.object({ ...operatorFields, soa: SoaListSchema.default([]) });
export type OperatorInput = z.infer<typeof OperatorInputSchema>;
/** An edit changes only the fields sent: without `soa`, the attestations stay. */
export const OperatorUpdateSchema = z.object({ ...operatorFields, soa: SoaListSchema }).partial().extend({ version: Version });
export const OperatorSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  taxCode: z.string(),
  vatNumber: z.string().nullable(),
  legalForm: z.string().nullable(),
  address: z.string().nullable(),
  pec: z.string().nullable(),
  employees: z.number().int().nullable(),
  soa: z.array(z.object({ category: z.string(), classifica: z.string(), validUntil: z.string() })),
  isDemo: z.boolean(),
  version: z.number().int(),
});
export type Operator = z.infer<typeof OperatorSchema>;
export const OperatorListSchema = z.object({ items: z.array(OperatorSchema), total: z.number().int() });
export const OperatorQuerySchema = PageQuerySchema.extend({ q: z.string().trim().max(200).optional() });

export const ParticipantSchema = z.object({
  id: z.uuid(),
  operator: z.object({ id: z.uuid(), name: z.string(), taxCode: z.string() }),
  role: ParticipantRoleSchema,
  offerAmount: z.number().nullable(),
  rank: z.number().int().nullable(),
});
export const ParticipantListSchema = z.object({ items: z.array(ParticipantSchema) });
export const ParticipantInputSchema = z.object({
  operatorId: z.uuid(),
  role: ParticipantRoleSchema.default('invited'),
  offerAmount: Euro.nullable().optional(),
  rank: z.number().int().min(1).max(10000).nullable().optional(),
});
export const ParticipantUpdateSchema = ParticipantInputSchema.omit({ operatorId: true }).partial();
export const ParticipantParamsSchema = z.object({ id: z.uuid(), participantId: z.uuid() });

// ---------------------------------------------------------------- requirement checks

export const CheckCatalogueItemSchema = z.object({
  code: z.string(),
  nameIt: z.string(),
  nameEn: z.string(),
  category: z.enum(['general', 'special']),
  legalBasis: z.string(),
  evidence: z.string(),
  issuer: z.string(),
  fvoeCode: z.string().nullable(),
  validityDays: z.number().int().nullable(),
  appliesTo: z.string(),
});
export const CheckCatalogueSchema = z.object({ items: z.array(CheckCatalogueItemSchema) });

export const RequirementCheckSchema = z.object({
  id: z.uuid(),
  operator: z.object({ id: z.uuid(), name: z.string() }),
  code: z.string(),
  nameIt: z.string(),
  nameEn: z.string(),
  legalBasis: z.string(),
  evidence: z.string(),
  issuer: z.string(),
  fvoeCode: z.string().nullable(),
  validityDays: z.number().int().nullable(),
  requestedAt: z.string().nullable(),
  requestedBy: PersonRef.nullable(),
  outcome: CheckOutcomeSchema,
  evidenceDocumentId: z.uuid().nullable(),
  issuedOn: z.string().nullable(),
  validUntil: z.string().nullable(),
  note: z.string().nullable(),
  expiring: z.boolean().describe('Scade entro 30 giorni'),
  expired: z.boolean(),
  version: z.number().int(),
});
export type RequirementCheck = z.infer<typeof RequirementCheckSchema>;
export const CheckOverall = ['incomplete', 'regolare', 'irregolare', 'scaduto'] as const;
export const RequirementCheckListSchema = z.object({
  items: z.array(RequirementCheckSchema),
  overall: z.array(z.object({ operatorId: z.uuid(), operatorName: z.string(), result: z.enum(CheckOverall) })),
});
export const CheckBuildSchema = z.object({ operatorId: z.uuid() });
export const CheckUpdateSchema = z
  .object({
    requestedAt: IsoDate.nullable().optional(),
    outcome: CheckOutcomeSchema.optional(),
    issuedOn: IsoDate.nullable().optional(),
    validUntil: IsoDate.nullable().optional(),
    evidenceDocumentId: z.uuid().nullable().optional(),
    note: optionalText(2000),
    version: Version,
  })
  .strict();
export const CheckParamsSchema = z.object({ id: z.uuid(), checkId: z.uuid() });

// ---------------------------------------------------------------- tasks and dashboard

export const ProcurementTaskSchema = z.object({
  procedure: z.object({ id: z.uuid(), number: z.string(), title: z.string(), state: ProcedureStateSchema }),
  kind: z.string().describe('Cosa serve: submit, review, draft, approve, publish, evaluate, verify, award, sign, check_expiring'),
  labelIt: z.string(),
  labelEn: z.string(),
  due: z.string().nullable(),
});
export const ProcurementTaskListSchema = z.object({ items: z.array(ProcurementTaskSchema) });

const Count = z.object({ key: z.string(), label: z.string(), count: z.number().int(), value: z.number() });
export const ProcurementDashboardQuerySchema = z.object({
  provincia: z.string().trim().max(40).optional().describe('Codice ISTAT o id della Provincia (UPI: tutte se assente)'),
  format: z.enum(['json', 'csv']).default('json'),
});
export const ProcurementDashboardSchema = z.object({
  scope: z.object({ provincia: ProcurementEnteSchema.nullable(), provinces: z.number().int() }),
  total: z.number().int(),
  valueHandled: z.number(),
  byState: z.array(Count),
  byComune: z.array(Count),
  byObjectType: z.array(Count),
  byProcedure: z.array(Count),
  byBand: z.array(Count),
  byProvincia: z.array(Count),
  medianDaysPerPhase: z.array(z.object({ state: ProcedureStateSchema, medianDays: z.number().nullable(), samples: z.number().int() })),
  checksPending: z.number().int(),
  checksExpiring: z.number().int(),
});
export type ProcurementDashboard = z.infer<typeof ProcurementDashboardSchema>;

// ---------------------------------------------------------------- rotation and verifiable draw

export const DrawInputSchema = z.object({
  count: z.number().int().min(1).max(100).describe('Operatori da sorteggiare'),
  publicSeed: text(500).min(3).describe('Seme pubblico annunciato prima del sorteggio (es. estrazione del Lotto, seduta pubblica)'),
  includeOutgoing: z
    .object({ reason: text(2000).describe('Motivazione della deroga alla rotazione (art. 49 c.4)') })
    .optional(),
});
const OperatorRef = z.object({ id: z.uuid(), name: z.string(), taxCode: z.string() });
export const DrawSchema = z.object({
  id: z.uuid(),
  requested: z.number().int(),
  publicSeed: z.string(),
  candidatesSha256: z.string(),
  candidates: z.array(OperatorRef),
  excluded: z.array(z.object({ operator: OperatorRef, reason: z.string() })),
  drawn: z.array(OperatorRef),
  drawnBy: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  drawnAt: z.string(),
  verified: z.boolean().describe('Ricalcolato dai dati pubblicati, dà lo stesso risultato'),
});
export type Draw = z.infer<typeof DrawSchema>;
export const DrawListSchema = z.object({ items: z.array(DrawSchema) });

// ---------------------------------------------------------------- terms of the SUA convention (caps and fees)

export const ProcurementTermsInputSchema = z
  .object({
    maxValue: Euro.nullable().describe('Valore massimo affidabile alla SUA per procedura (nessun limite se vuoto)'),
    feePercent: z.number().min(0).max(100).nullable().describe('Compenso della SUA in percentuale del valore stimato'),
    feeMin: EuroOrZero.nullable(),
    feeMax: EuroOrZero.nullable(),
    suaLevelSf: z.enum(['SF1', 'SF2', 'SF3']).nullable().default(null).describe('Qualificazione della SUA per servizi e forniture'),
    suaLevelWorks: z.enum(['L1', 'L2', 'L3']).nullable().default(null).describe('Qualificazione della SUA per lavori'),
    note: optionalText(2000),
    version: z.number().int().min(0).describe('0 la prima volta'),
  })
  .refine((t) => t.feeMin === null || t.feeMax === null || t.feeMin <= t.feeMax, { path: ['feeMax'], message: 'Il massimo non può essere minore del minimo' });
export const ProcurementTermsSchema = z.object({
  conventionId: z.uuid(),
  conventionTitle: z.string(),
  maxValue: z.number().nullable(),
  feePercent: z.number().nullable(),
  feeMin: z.number().nullable(),
  feeMax: z.number().nullable(),
  suaLevelSf: z.enum(['SF1', 'SF2', 'SF3']).nullable(),
  suaLevelWorks: z.enum(['L1', 'L2', 'L3']).nullable(),
  note: z.string().nullable(),
  version: z.number().int(),
});
export type ProcurementTerms = z.infer<typeof ProcurementTermsSchema>;
export const ConventionParamsSchema = z.object({ conventionId: z.uuid() });

// ---------------------------------------------------------------- transparency (art. 28 D.Lgs. 36/2023)

export const TransparencyQuerySchema = PageQuerySchema.extend({
  comune: z.string().trim().regex(/^\d{6}$/, 'Codice ISTAT del Comune (6 cifre)'),
});
export const TransparencyItemSchema = z.object({
  id: z.uuid(),
  number: z.string(),
  title: z.string(),
  state: ProcedureStateSchema,
  objectType: ObjectTypeSchema,
  procedureCode: ProcedureCodeSchema.nullable(),
  awardCriterion: AwardCriterionSchema.nullable(),
  estimatedValue: z.number(),
  cig: z.array(z.string()),
  cup: z.string().nullable(),
  publishedOn: z.string().nullable(),
  platform: z.string().nullable(),
  offerDeadline: z.string().nullable(),
  awardee: z.string().nullable(),
  awardAmount: z.number().nullable(),
  awardedOn: z.string().nullable(),
  sua: z.string(),
});
export const TransparencyListSchema = z.object({
  comune: ProcurementEnteSchema,
  items: z.array(TransparencyItemSchema),
  total: z.number().int(),
});
