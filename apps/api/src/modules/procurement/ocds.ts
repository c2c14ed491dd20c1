import { romeToUtc } from '../calendar/calendar.dates.js';

/**
 * OCDS 1.1.5 release package of a procurement procedure (SUA spec §5).
 *
 * Pure: the caller reads the procedure from the database, fills `OcdsProcedureInput` and serves the result.
 * One release per call: the snapshot of the procedure at `procedure.updatedAt`, tagged from its state.
 */

export type ProcedureState =
  | 'bozza'
  | 'istruttoria'
  | 'documenti'
  | 'pronta'
  | 'pubblicata'
  | 'valutazione'
  | 'proposta'
  | 'verifica'
  | 'aggiudicata'
  | 'stipula'
  | 'esecuzione'
  | 'chiusa'
  | 'deserta'
  | 'annullata';

export type ProcedureCode =
  | 'AFFIDAMENTO_DIRETTO'
  | 'AFFIDAMENTO_DIRETTO_ADESIONE_AQ'
  | 'NEGOZIATA_SENZA_BANDO'
  | 'APERTA'
  | 'RISTRETTA'
  | 'COMPETITIVA_CON_NEGOZIAZIONE'
  | 'DIALOGO_COMPETITIVO'
  | 'PARTENARIATO_INNOVAZIONE';

export type AwardCriterion = 'OEPV_QUALITA_PREZZO' | 'OEPV_COSTO' | 'PREZZO';
export type ObjectType = 'lavori' | 'servizi' | 'forniture';
export type TendererRole = 'invited' | 'bidder' | 'excluded' | 'proposed_awardee' | 'awardee';

export interface OcdsEntity {
  id: string;
  name: string;
  /** Codice fiscale of the body. */
  taxCode?: string | null;
  istatCode: string;
  address?: string | null;
}

export interface OcdsProcedureInput {
  procedure: {
    id: string;
    /** Human number, e.g. SUA-PD-2026-0007. */
    number: string;
    title: string;
    description?: string | null;
    objectType: ObjectType;
    procedureCode: ProcedureCode | null;
    awardCriterion: AwardCriterion | null;
    state: ProcedureState;
    /** Base di gara in euros, net of VAT (at most 2 decimals). */
    estimatedValue: number;
    cpvMain: string;
    cpvSecondary: string[];
    cup?: string | null;
    pnrr: boolean;
    /** ISO date-time (or date, read as Rome midnight). */
    offerDeadline?: string | null;
    createdAt: string;
    updatedAt: string;
  };
  /** The Comune that owns the procedure (saTitolare) and pays for it. */
  buyer: OcdsEntity;
  /** The Province acting as SUA. */
  procuringEntity: OcdsEntity;
  lots: { id: string; number: number; title: string; value: number; cpv?: string | null; cig?: string | null }[];
  tenderers: { operatorId: string; name: string; taxCode: string; vatNumber?: string | null; role: TendererRole }[];
  award?: { operatorId: string; amount: number; date: string } | null;
  contract?: { signedDate?: string | null; amount: number } | null;
  documents: {
    id: string;
    docType: string;
    title: string;
    /** Absolute URL. */
    url: string;
    format: string;
    sha256: string;
    datePublished?: string | null;
    dateModified?: string | null;
    language: 'it';
  }[];
  milestones?: {
    id: string;
    title: string;
    /** milestoneType code (open codelist): preProcurement, approval, engagement, assessment, delivery, reporting, financing. */
    type?: string | null;
    dueDate?: string | null;
    dateMet?: string | null;
  }[];
}

export interface OcdsPackageOptions {
  /** Registered OCDS prefix, e.g. ocds-pc1upi. */
  ocidPrefix: string;
  publisherName: string;
  /** Public base URL of the platform (no trailing slash needed). */
  baseUrl: string;
  publishedDate: string;
  license?: string;
  publicationPolicy?: string;
}

/** The lots extension is a core OCDS extension: `tender.lots`, `items[].relatedLot`, `awards[].relatedLots` (§5.4-5.5). */
export const LOTS_EXTENSION_URL =
  'https://raw.githubusercontent.com/open-contracting-extensions/ocds_lots_extension/v1.1.5/extension.json';

/**
 * Organisation identifier schemes (org-id.guide codes). The codice fiscale identifies every Italian public body and
 * company, so it is the main identifier (§5.4: "use org-id list code, e.g. IT-CF"); the partita IVA, when it differs,
 * goes to additionalIdentifiers.
 */
export const ORG_ID_SCHEME_TAX_CODE = 'IT-CF';
export const ORG_ID_SCHEME_VAT = 'IT-IVA';

/** §1.4: procedure → OCDS procurementMethod + Italian name with article of D.Lgs. 36/2023. */
const METHODS: Record<ProcedureCode, { method: 'open' | 'selective' | 'limited' | 'direct'; details: string }> = {
  AFFIDAMENTO_DIRETTO: { method: 'direct', details: 'Affidamento diretto (art. 50 c.1 lett. a-b D.Lgs. 36/2023)' },
  AFFIDAMENTO_DIRETTO_ADESIONE_AQ: {
    method: 'direct',
    details: 'Affidamento diretto in adesione ad accordo quadro/convenzione (art. 59 D.Lgs. 36/2023)',
  },
  NEGOZIATA_SENZA_BANDO: {
    method: 'limited',
    details:
      'Procedura negoziata senza previa pubblicazione di un bando (art. 50 c.1 lett. c-e / art. 76 D.Lgs. 36/2023)',
  },
  APERTA: { method: 'open', details: 'Procedura aperta (art. 71 D.Lgs. 36/2023)' },
  RISTRETTA: { method: 'selective', details: 'Procedura ristretta (art. 72 D.Lgs. 36/2023)' },
  COMPETITIVA_CON_NEGOZIAZIONE: {
    method: 'selective',
    details: 'Procedura competitiva con negoziazione (art. 73 D.Lgs. 36/2023)',
  },
  DIALOGO_COMPETITIVO: { method: 'selective', details: 'Dialogo competitivo (art. 74 D.Lgs. 36/2023)' },
  PARTENARIATO_INNOVAZIONE: { method: 'selective', details: 'Partenariato per l’innovazione (art. 75 D.Lgs. 36/2023)' },
};

/** §1.5: 1.1.5 awardCriteria codes (the deprecated lowestCost/bestProposal… are never produced). */
const AWARD_CRITERIA: Record<AwardCriterion, { code: 'ratedCriteria' | 'costOnly' | 'priceOnly'; details: string }> = {
  OEPV_QUALITA_PREZZO: {
    code: 'ratedCriteria',
    details: 'Offerta economicamente più vantaggiosa, miglior rapporto qualità/prezzo (art. 108 D.Lgs. 36/2023)',
  },
  OEPV_COSTO: {
    code: 'costOnly',
    details: 'Offerta economicamente più vantaggiosa sulla base del costo (art. 108 D.Lgs. 36/2023)',
  },
  PREZZO: { code: 'priceOnly', details: 'Minor prezzo (art. 108 c.3 D.Lgs. 36/2023)' },
};

const CATEGORIES: Record<ObjectType, 'works' | 'services' | 'goods'> = {
  lavori: 'works',
  servizi: 'services',
  forniture: 'goods', // §5.4: supplies → goods
};

/** §2.1: our doc_type → OCDS 1.1.5 documentType and the release section it belongs to. Others: no documentType. */
const DOCUMENT_TYPES: Record<string, { type: string; section: 'planning' | 'tender' | 'award' | 'contract' }> = {
  PROGRAMMA: { type: 'procurementPlan', section: 'planning' },
  AVVISO_PREINFORMAZIONE: { type: 'plannedProcurementNotice', section: 'planning' },
  PROGETTO: { type: 'technicalSpecifications', section: 'tender' },
  AVVISO_INDAGINE_MERCATO: { type: 'tenderNotice', section: 'tender' },
  ELENCO_OE: { type: 'shortlistedFirms', section: 'tender' },
  BANDO: { type: 'tenderNotice', section: 'tender' },
  LETTERA_INVITO: { type: 'tenderNotice', section: 'tender' },
  DISCIPLINARE: { type: 'biddingDocuments', section: 'tender' },
  CAPITOLATO: { type: 'technicalSpecifications', section: 'tender' },
  SCHEMA_CONTRATTO: { type: 'contractDraft', section: 'tender' },
  DGUE_REQUEST: { type: 'eligibilityCriteria', section: 'tender' },
  MODULISTICA: { type: 'biddingDocuments', section: 'tender' },
  CHIARIMENTI: { type: 'clarifications', section: 'tender' },
  VERBALE_GARA: { type: 'evaluationReports', section: 'award' },
  VERIFICA_ANOMALIA: { type: 'evaluationReports', section: 'award' },
  PROPOSTA_AGGIUDICAZIONE: { type: 'evaluationReports', section: 'award' },
  AGGIUDICAZIONE: { type: 'awardNotice', section: 'award' },
  AVVISO_AGGIUDICAZIONE: { type: 'awardNotice', section: 'award' },
  GARANZIA_DEFINITIVA: { type: 'contractGuarantees', section: 'contract' },
  CONTRATTO: { type: 'contractSigned', section: 'contract' },
  ESECUZIONE: { type: 'physicalProgressReport', section: 'contract' },
  ANNULLAMENTO: { type: 'cancellationDetails', section: 'tender' },
};

/** The OCDS documentType for one of our doc types, or undefined when the codelist has no fitting code. */
export function ocdsDocumentType(docType: string): string | undefined {
  return DOCUMENT_TYPES[docType]?.type;
}

type TenderStatus = 'planning' | 'planned' | 'active' | 'cancelled' | 'unsuccessful' | 'complete' | 'withdrawn';
type ReleaseTag =
  'planning' | 'tender' | 'tenderCancellation' | 'award' | 'contract' | 'implementation' | 'contractTermination';

/** §1.6 + §5.4: our state → release tag, tender.status, and the statuses of award and contract. */
const STATES: Record<
  ProcedureState,
  {
    tags: ReleaseTag[];
    tender: TenderStatus;
    award?: 'pending' | 'active' | 'cancelled';
    contract?: 'pending' | 'active' | 'terminated' | 'cancelled';
  }
> = {
  bozza: { tags: ['planning'], tender: 'planning' },
  istruttoria: { tags: ['planning'], tender: 'planning' },
  documenti: { tags: ['planning'], tender: 'planning' },
  pronta: { tags: ['planning'], tender: 'planned' },
  pubblicata: { tags: ['tender'], tender: 'active' },
  valutazione: { tags: ['tender'], tender: 'active' },
  // proposta di aggiudicazione (art. 17 c.5) is not yet an award: the award is `pending` until verified and adopted
  proposta: { tags: ['tender', 'award'], tender: 'active', award: 'pending' },
  verifica: { tags: ['tender', 'award'], tender: 'active', award: 'pending' },
  aggiudicata: { tags: ['award'], tender: 'complete', award: 'active' },
  stipula: { tags: ['award', 'contract'], tender: 'complete', award: 'active', contract: 'pending' },
  esecuzione: { tags: ['implementation'], tender: 'complete', award: 'active', contract: 'active' },
  chiusa: { tags: ['contractTermination'], tender: 'complete', award: 'active', contract: 'terminated' },
  deserta: { tags: ['tenderCancellation'], tender: 'unsuccessful' },
  annullata: { tags: ['tenderCancellation'], tender: 'cancelled', award: 'cancelled', contract: 'cancelled' },
};

/** States in which offers are already open: before then the names of operators stay secret (art. 35 c.2 D.Lgs. 36/2023). */
const OFFERS_OPEN: ReadonlySet<ProcedureState> = new Set([
  'valutazione',
  'proposta',
  'verifica',
  'aggiudicata',
  'stipula',
  'esecuzione',
  'chiusa',
  'deserta',
  'annullata',
]);

/** Euros rounded to the cent through integer cents, so amounts never carry binary noise. */
export function euros(value: number): number {
  if (!Number.isFinite(value)) throw new RangeError(`amount is not a finite number: ${value}`);
  return Math.round(value * 100) / 100;
}

/** OCDS wants date-times with an offset; a bare date is midnight in Rome. */
export function ocdsDateTime(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return romeToUtc(value).toISOString().replace('.000Z', 'Z');
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not a date: ${value}`);
  return d.toISOString().replace('.000Z', 'Z');
}

/** `2026-05-04T09:30:00.000Z` → `20260504T093000Z`: a release id suffix without `#` and stable per update. */
function compactStamp(value: string): string {
  return ocdsDateTime(value).replace(/\.\d+/, '').replace(/[-:]/g, '');
}

const value = (amount: number) => ({ amount: euros(amount), currency: 'EUR' });
const lotId = (n: number) => `LOT-${String(n).padStart(4, '0')}`;

interface Party {
  id: string;
  name: string;
  identifier?: { scheme: string; id: string; legalName: string };
  additionalIdentifiers?: { scheme: string; id: string }[];
  address?: { streetAddress: string; countryName: string };
  roles: string[];
}

function entityParty(e: OcdsEntity, roles: string[]): Party {
  const party: Party = {
    // a body without a recorded codice fiscale is still named by its ISTAT code, locally to this release
    id: e.taxCode ? `${ORG_ID_SCHEME_TAX_CODE}-${e.taxCode}` : `ISTAT-${e.istatCode}`,
    name: e.name,
    roles,
  };
  if (e.taxCode) party.identifier = { scheme: ORG_ID_SCHEME_TAX_CODE, id: e.taxCode, legalName: e.name };
  if (e.address) party.address = { streetAddress: e.address, countryName: 'Italia' };
  return party;
}

/** Builds the OCDS 1.1.5 release package (one release) of a procedure. */
export function buildReleasePackage(input: OcdsProcedureInput, opts: OcdsPackageOptions): Record<string, unknown> {
  const p = input.procedure;
  const state = STATES[p.state];
  const base = opts.baseUrl.replace(/\/+$/, '');
  const ocid = `${opts.ocidPrefix}-${p.id}`;

  // Parties: the Comune pays (buyer + payer), the Province runs the procedure (procuringEntity). §5.4
  const parties: Party[] = [];
  const byId = new Map<string, Party>();
  const addParty = (party: Party) => {
    const existing = byId.get(party.id);
    if (existing) {
      for (const r of party.roles) if (!existing.roles.includes(r)) existing.roles.push(r);
      return existing;
    }
    byId.set(party.id, party);
    parties.push(party);
    return party;
  };
  const buyer = addParty(entityParty(input.buyer, ['buyer', 'payer']));
  const procuringEntity = addParty(entityParty(input.procuringEntity, ['procuringEntity']));
  const ref = (party: Party) => ({ id: party.id, name: party.name });

  const operatorParties = new Map<string, Party>();
  const operatorParty = (t: OcdsProcedureInput['tenderers'][number], role: string) => {
    const party: Party = {
      id: `${ORG_ID_SCHEME_TAX_CODE}-${t.taxCode}`,
      name: t.name,
      identifier: { scheme: ORG_ID_SCHEME_TAX_CODE, id: t.taxCode, legalName: t.name },
      roles: [role],
    };
    if (t.vatNumber && t.vatNumber !== t.taxCode) {
      party.additionalIdentifiers = [{ scheme: ORG_ID_SCHEME_VAT, id: t.vatNumber }];
    }
    const added = addParty(party);
    operatorParties.set(t.operatorId, added);
    return added;
  };

  // Operators who submitted an offer are tenderers; invitees are never disclosed, and no name is disclosed before the
  // offers are open (art. 35 c.2 lett. b D.Lgs. 36/2023).
  const bidders = OFFERS_OPEN.has(p.state) ? input.tenderers.filter((t) => t.role !== 'invited') : [];
  const tenderers = bidders.map((t) => ref(operatorParty(t, 'tenderer')));

  // Lots via the core lots extension (declared in `extensions`); one item per lot carries its CPV and relatedLot.
  const hasLots = input.lots.length > 0;
  const lots = input.lots.map((l) => ({
    id: lotId(l.number),
    title: l.title,
    // CIG has no field in core OCDS nor in the lots extension (§5.5): it is stated in the lot description
    ...(l.cig ? { description: `CIG ${l.cig}` } : {}),
    status: state.tender,
    value: value(l.value),
  }));
  // main CPV in classification, the procedure's secondary CPVs in additionalClassifications (§5.4)
  const classify = (main: string) => {
    const additionalClassifications = p.cpvSecondary.filter((c) => c !== main).map((c) => ({ scheme: 'CPV', id: c }));
    return {
      classification: { scheme: 'CPV', id: main },
      ...(additionalClassifications.length ? { additionalClassifications } : {}),
    };
  };
  const items = hasLots
    ? input.lots.map((l) => ({
        id: `${lotId(l.number)}-1`,
        description: l.title,
        ...classify(l.cpv ?? p.cpvMain),
        relatedLot: lotId(l.number),
      }))
    : [{ id: '1', description: p.title, ...classify(p.cpvMain) }];

  // Award and contract only when the data exist and the state has reached them.
  let award: Record<string, unknown> | undefined;
  if (input.award && state.award) {
    const winner = input.tenderers.find((t) => t.operatorId === input.award!.operatorId);
    if (!winner) throw new Error(`award operator ${input.award.operatorId} is not among the tenderers`);
    const supplier = operatorParty(winner, 'supplier');
    award = {
      id: `${p.id}-award-1`,
      status: state.award,
      date: ocdsDateTime(input.award.date),
      value: value(input.award.amount),
      suppliers: [ref(supplier)],
      ...(hasLots ? { relatedLots: lots.map((l) => l.id) } : {}),
    };
  }
  let contract: Record<string, unknown> | undefined;
  if (award && input.contract && state.contract) {
    const signed = input.contract.signedDate ? ocdsDateTime(input.contract.signedDate) : undefined;
    // in `stipula` the contract is active once signed, pending until then
    const status = state.contract === 'pending' && signed ? 'active' : state.contract;
    contract = {
      id: `${p.id}-contract-1`,
      awardID: award.id,
      status,
      ...(signed ? { dateSigned: signed } : {}),
      value: value(input.contract.amount),
    };
  }

  // Documents (§2.1), in the section their type belongs to; the SHA-256 goes in the description because
  // core OCDS 1.1.5 Document has no hashes field and no registered extension adds one.
  const sections: Record<'planning' | 'tender' | 'award' | 'contract', Record<string, unknown>[]> = {
    planning: [],
    tender: [],
    award: [],
    contract: [],
  };
  for (const d of input.documents) {
    const mapped = DOCUMENT_TYPES[d.docType];
    let section = mapped?.section ?? 'tender';
    if (section === 'award' && !award) section = 'tender';
    if (section === 'contract' && !contract) section = award ? 'award' : 'tender';
    sections[section].push({
      id: d.id,
      ...(mapped ? { documentType: mapped.type } : {}),
      title: d.title,
      description: `SHA-256: ${d.sha256.toLowerCase()}`,
      url: d.url,
      ...(d.datePublished ? { datePublished: ocdsDateTime(d.datePublished) } : {}),
      ...(d.dateModified ? { dateModified: ocdsDateTime(d.dateModified) } : {}),
      format: d.format,
      language: d.language,
    });
  }
  if (award && sections.award.length) award.documents = sections.award;
  if (contract && sections.contract.length) contract.documents = sections.contract;

  const method = p.procedureCode ? METHODS[p.procedureCode] : undefined;
  const criterion = p.awardCriterion ? AWARD_CRITERIA[p.awardCriterion] : undefined;
  const milestones = (input.milestones ?? []).map((m) => ({
    id: m.id,
    title: m.title,
    ...(m.type ? { type: m.type } : {}),
    ...(m.dueDate ? { dueDate: ocdsDateTime(m.dueDate) } : {}),
    ...(m.dateMet ? { dateMet: ocdsDateTime(m.dateMet) } : {}),
    status: m.dateMet ? 'met' : 'scheduled',
  }));

  const tender: Record<string, unknown> = {
    id: p.number,
    title: p.title,
    ...(p.description ? { description: p.description } : {}),
    status: state.tender,
    procuringEntity: ref(procuringEntity),
    items,
    value: value(p.estimatedValue),
    ...(method ? { procurementMethod: method.method, procurementMethodDetails: method.details } : {}),
    mainProcurementCategory: CATEGORIES[p.objectType],
    ...(criterion ? { awardCriteria: criterion.code, awardCriteriaDetails: criterion.details } : {}),
    submissionMethod: ['electronicSubmission'], // offers go through the certified e-procurement platform (PAD)
    ...(p.offerDeadline ? { tenderPeriod: { endDate: ocdsDateTime(p.offerDeadline) } } : {}),
    ...(OFFERS_OPEN.has(p.state) ? { numberOfTenderers: tenderers.length, tenderers } : {}),
    ...(sections.tender.length ? { documents: sections.tender } : {}),
    ...(milestones.length ? { milestones } : {}),
    ...(hasLots ? { lots } : {}),
  };

  // CUP in planning.budget.projectID (§5.4); PNRR funding stated in the budget description.
  const budget: Record<string, unknown> = {};
  if (p.cup) budget.projectID = p.cup;
  if (p.pnrr) budget.description = 'Intervento finanziato con fondi PNRR (NextGenerationEU)';
  const planning: Record<string, unknown> = {};
  if (Object.keys(budget).length) planning.budget = budget;
  if (sections.planning.length) planning.documents = sections.planning;

  const release: Record<string, unknown> = {
    ocid,
    id: `${ocid}-${compactStamp(p.updatedAt)}`,
    date: ocdsDateTime(p.updatedAt),
    tag: state.tags,
    initiationType: 'tender',
    parties,
    buyer: ref(buyer),
    ...(Object.keys(planning).length ? { planning } : {}),
    tender,
    ...(award ? { awards: [award] } : {}),
    ...(contract ? { contracts: [contract] } : {}),
    language: 'it',
  };

  return {
    uri: `${base}/api/v1/procurement/procedures/${p.id}/ocds`,
    version: '1.1',
    ...(hasLots ? { extensions: [LOTS_EXTENSION_URL] } : {}),
    publishedDate: ocdsDateTime(opts.publishedDate),
    publisher: { name: opts.publisherName, uri: base },
    ...(opts.license ? { license: opts.license } : {}),
    ...(opts.publicationPolicy ? { publicationPolicy: opts.publicationPolicy } : {}),
    releases: [release],
  };
}
