/**
 * Procedure advisor: from the object, the estimated value and the buyer, what the Code allows and requires.
 * Pure: every amount and day limit comes from the rule book valid on the input date.
 * Articles refer to D.Lgs. 36/2023 as amended by D.Lgs. 209/2024.
 */
import { eurosToCents, isIsoDate, type RuleBook } from './rules.js';

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
export type ProcedureCode = (typeof ProcedureCodes)[number];

export interface AdviceInput {
  object: 'lavori' | 'servizi' | 'forniture';
  /** Servizi di ingegneria e architettura. */
  sia?: boolean;
  /** Euros net of VAT, options and renewals included (art. 14). */
  estimatedValue: number;
  buyer: 'sub_central' | 'central';
  /** YYYY-MM-DD: the date of the decision, which picks the rules. */
  date: string;
  socialServices?: boolean;
  labourIntensive?: boolean;
  innovative?: boolean;
  lots?: { value: number }[];
  suaLevel?: { sf?: 'SF1' | 'SF2' | 'SF3'; works?: 'L1' | 'L2' | 'L3' };
}

export interface AllowedProcedure {
  code: ProcedureCode;
  legalBasis: string;
  minOperators?: number;
  noteIt?: string;
  noteEn?: string;
}

export interface AdviceNote {
  code: string;
  it: string;
  en: string;
}

export interface Advice {
  euThreshold: number;
  aboveEuThreshold: boolean;
  allowedProcedures: AllowedProcedure[];
  awardCriterion: { oepvMandatory: boolean; priceCapPercent?: number; legalBasis: string };
  qualificationRequired: boolean;
  qualificationLevel?: { level: string; coveredBySua?: boolean };
  /** 0 under the EU threshold (art. 55 c.2). */
  standstillDays: number;
  /** Minimum days to receive offers (or requests) of the first procedure listed, when the Code fixes one. */
  minimumOfferDays?: number;
  stipulaDays: number;
  notes: AdviceNote[];
  rulesValidFrom: string;
}

/** Raised when the input cannot be advised on (not a date, negative or non-finite amounts). */
export class AdviceInputError extends Error {
  readonly code = 'ADVICE_INPUT';
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'AdviceInputError';
    this.field = field;
  }
}

const fmt = (cents: number) => new Intl.NumberFormat('it-IT', { maximumFractionDigits: 2 }).format(cents / 100);

/** The bands of an affidamento diretto that change which documents are needed (art. 52; PCP AD5/AD3). */
export type DirectAwardBand = 'AD_UNDER_5K' | 'AD_UNDER_40K' | 'AD_FROM_40K';

export function directAwardBand(estimatedValue: number, book: RuleBook): DirectAwardBand {
  const v = eurosToCents(estimatedValue);
  if (v < book.cents('AD_MICRO_MAX')) return 'AD_UNDER_5K';
  if (v < book.cents('AD_SELF_DECLARATION_MAX')) return 'AD_UNDER_40K';
  return 'AD_FROM_40K';
}

/** The EU threshold of art. 14 that applies to the contract. */
function thresholdKey(input: AdviceInput): 'EU_WORKS' | 'EU_SOCIAL' | 'EU_SF_CENTRAL' | 'EU_SF_SUBCENTRAL' {
  if (input.object === 'lavori') return 'EU_WORKS'; // art. 14 c.1 lett. a
  if (input.object === 'servizi' && input.socialServices) return 'EU_SOCIAL'; // art. 14 c.1 lett. d
  return input.buyer === 'central' ? 'EU_SF_CENTRAL' : 'EU_SF_SUBCENTRAL'; // art. 14 c.1 lett. b-c
}

function validate(input: AdviceInput): void {
  if (!isIsoDate(input.date)) throw new AdviceInputError('date', `Not a calendar date (YYYY-MM-DD): "${input.date}"`);
  if (!Number.isFinite(input.estimatedValue) || input.estimatedValue < 0) {
    throw new AdviceInputError('estimatedValue', 'The estimated value must be a finite amount of euros, zero or more');
  }
  input.lots?.forEach((lot, i) => {
    if (!Number.isFinite(lot.value) || lot.value < 0) {
      throw new AdviceInputError(`lots.${i}.value`, 'The value of a lot must be a finite amount of euros, zero or more');
    }
  });
}

const SF_RANK = { SF3: 1, SF2: 2, SF1: 3 } as const;
const WORKS_RANK = { L3: 1, L2: 2, L1: 3 } as const;

export function advise(input: AdviceInput, book: RuleBook): Advice {
  validate(input);
  const notes: AdviceNote[] = [];
  const works = input.object === 'lavori';

  // Art. 14 (calcolo del valore stimato): with lots, the value of all lots together counts for the threshold.
  let value = eurosToCents(input.estimatedValue);
  if (input.lots && input.lots.length > 0) {
    const lotsSum = input.lots.reduce((sum, lot) => sum + eurosToCents(lot.value), 0);
    if (lotsSum > value) {
      value = lotsSum;
      notes.push({
        code: 'LOTS_SUM',
        it: `Il valore complessivo dei lotti (${fmt(lotsSum)} euro) supera il valore stimato indicato ed è usato per le soglie (art. 14).`,
        en: `The total value of the lots (EUR ${fmt(lotsSum)}) exceeds the stated estimate and is used for the thresholds (art. 14).`,
      });
    }
  }

  const thresholdCents = book.cents(thresholdKey(input));
  // art. 14 c.1: "pari o superiore" → exactly at the threshold is above it
  const above = value >= thresholdCents;
  if (input.socialServices && input.object === 'servizi') {
    notes.push({
      code: 'SOCIAL_SERVICES',
      it: 'Servizi sociali e altri servizi specifici: si applicano la soglia dedicata e la disciplina dell\u2019art. 128.',
      en: 'Social and other specific services: the dedicated threshold and the rules of art. 128 apply.',
    });
  }

  const allowedProcedures = above ? aboveThresholdProcedures(input, notes) : underThresholdProcedures(input, value, book, notes);

  const awardCriterion = criterion(input, value, book, notes);

  // Art. 62 c.1: without qualification, services and supplies within the direct-award limit and works up to 500,000
  const qualificationRequired = works ? value > book.cents('QUAL_FREE_WORKS_MAX') : value >= book.cents('QUAL_FREE_SF_MAX');
  const qualificationLevel = qualificationRequired ? level(input, value, book, notes) : undefined;
  if (qualificationRequired) {
    notes.push({
      code: 'QUALIFICATION_REQUIRED',
      it: 'Il Comune non qualificato deve ricorrere a una stazione appaltante qualificata o a una centrale di committenza (art. 62).',
      en: 'A Comune without qualification must use a qualified contracting authority or central purchasing body (art. 62).',
    });
  }

  // Art. 18 c.3 standstill only above threshold (art. 55 c.2 excludes it below)
  const standstillDays = above ? book.int('STANDSTILL_DAYS') : 0;
  const stipulaDays = above ? book.int('STIPULA_DAYS_ABOVE') : book.int('STIPULA_DAYS_BELOW');
  const first = allowedProcedures[0]?.code;
  const minimumOfferDays = first ? minimumDays(first, book) : undefined;
  if (first === 'AFFIDAMENTO_DIRETTO' || first === 'NEGOZIATA_SENZA_BANDO') {
    notes.push({
      code: 'CONGRUOUS_TERMS',
      it: 'Nessun termine minimo di legge per le offerte: fissare termini congrui rispetto alla complessità (art. 92).',
      en: 'No statutory minimum time for offers: set reasonable time limits for the complexity (art. 92).',
    });
  }
  notes.push({
    code: 'OFFER_VALIDITY',
    it: `Le offerte restano valide ${book.int('OFFER_VALIDITY_DAYS')} giorni se gli atti di gara non dispongono diversamente (art. 17 c.4).`,
    en: `Offers stay valid for ${book.int('OFFER_VALIDITY_DAYS')} days unless the tender documents say otherwise (art. 17 c.4).`,
  });

  return {
    euThreshold: thresholdCents / 100,
    aboveEuThreshold: above,
    allowedProcedures,
    awardCriterion,
    qualificationRequired,
    ...(qualificationLevel ? { qualificationLevel } : {}),
    standstillDays,
    ...(minimumOfferDays !== undefined ? { minimumOfferDays } : {}),
    stipulaDays,
    notes,
    rulesValidFrom: book.validFrom,
  };
}

/** Ordinary procedures of Parte IV (artt. 70-75), the first one being the default choice. */
function ordinaryProcedures(input: AdviceInput, basisSuffix: string): AllowedProcedure[] {
  const list: AllowedProcedure[] = [
    { code: 'APERTA', legalBasis: `art. 71${basisSuffix}` },
    { code: 'RISTRETTA', legalBasis: `art. 72${basisSuffix}` },
    {
      code: 'COMPETITIVA_CON_NEGOZIAZIONE',
      legalBasis: `art. 73${basisSuffix}`,
      noteIt: 'Solo nei casi dell\u2019art. 70 c.2 (esigenze non soddisfatte da soluzioni disponibili, offerte irregolari o inammissibili).',
      noteEn: 'Only in the cases of art. 70 c.2 (needs not met by available solutions, irregular or unacceptable tenders).',
    },
    {
      code: 'DIALOGO_COMPETITIVO',
      legalBasis: `art. 74${basisSuffix}`,
      noteIt: 'Solo nei casi dell\u2019art. 70 c.2; aggiudicazione con OEPV (art. 108 c.2 lett. d).',
      noteEn: 'Only in the cases of art. 70 c.2; award on best value (art. 108 c.2 lett. d).',
    },
  ];
  if (input.innovative) {
    list.push({
      code: 'PARTENARIATO_INNOVAZIONE',
      legalBasis: `art. 75${basisSuffix}`,
      noteIt: 'Per prodotti, servizi o lavori innovativi non disponibili sul mercato; aggiudicazione con OEPV.',
      noteEn: 'For innovative products, services or works not available on the market; award on best value.',
    });
  }
  return list;
}

function aboveThresholdProcedures(input: AdviceInput, notes: AdviceNote[]): AllowedProcedure[] {
  notes.push({
    code: 'NEGOTIATED_ART_76',
    it: 'Sopra soglia la procedura negoziata senza bando è ammessa solo nei casi tassativi dell\u2019art. 76, con motivazione.',
    en: 'Above the threshold the negotiated procedure without a call is allowed only in the closed cases of art. 76, with reasons.',
  });
  return ordinaryProcedures(input, '');
}

function underThresholdProcedures(input: AdviceInput, value: number, book: RuleBook, notes: AdviceNote[]): AllowedProcedure[] {
  const works = input.object === 'lavori';
  const adMax = book.cents(works ? 'AD_WORKS_MAX' : 'AD_SF_MAX');
  if (value < adMax) {
    // art. 50 c.1 lett. a (works) and b (services and supplies, SIA included)
    const micro = value < book.cents('AD_MICRO_MAX');
    const selfDeclared = value < book.cents('AD_SELF_DECLARATION_MAX');
    notes.push({
      code: 'ROTATION',
      it: micro
        ? `Principio di rotazione derogabile per affidamenti di importo inferiore a ${fmt(book.cents('AD_MICRO_MAX'))} euro (art. 49 c.6).`
        : 'Applicare il principio di rotazione: niente affidamento consecutivo al contraente uscente senza motivazione (art. 49).',
      en: micro
        ? `Rotation may be waived for awards under EUR ${fmt(book.cents('AD_MICRO_MAX'))} (art. 49 c.6).`
        : 'Apply rotation: no consecutive award to the outgoing contractor without reasons (art. 49).',
    });
    if (selfDeclared) {
      notes.push({
        code: 'SELF_DECLARATION',
        it: 'Requisiti autodichiarati dall\u2019operatore e verificati a campione ogni anno (art. 52).',
        en: 'Requirements are self-declared by the operator and checked on a yearly sample (art. 52).',
      });
    }
    return [{
      code: 'AFFIDAMENTO_DIRETTO',
      legalBasis: works ? 'art. 50 c.1 lett. a' : 'art. 50 c.1 lett. b',
      noteIt: 'Anche senza consultazione di più operatori, scelti tra quelli con documentate esperienze pregresse.',
      noteEn: 'Even without consulting several operators, chosen among those with documented previous experience.',
    }];
  }

  let negotiated: AllowedProcedure;
  if (works) {
    const low = value < book.cents('NEG5_WORKS_MAX');
    negotiated = low
      ? { code: 'NEGOZIATA_SENZA_BANDO', legalBasis: 'art. 50 c.1 lett. c', minOperators: book.int('NEG_WORKS_MIN_OPERATORS_LOW') }
      : { code: 'NEGOZIATA_SENZA_BANDO', legalBasis: 'art. 50 c.1 lett. d', minOperators: book.int('NEG_WORKS_MIN_OPERATORS_HIGH') };
  } else {
    negotiated = { code: 'NEGOZIATA_SENZA_BANDO', legalBasis: 'art. 50 c.1 lett. e', minOperators: book.int('NEG_SF_MIN_OPERATORS') };
  }
  negotiated.noteIt = 'Operatori individuati con indagine di mercato o da elenchi, nel rispetto della rotazione (art. 49).';
  negotiated.noteEn = 'Operators found through a market survey or from lists, respecting rotation (art. 49).';
  notes.push({
    code: 'ORDINARY_UNDER_THRESHOLD',
    it: 'Art. 50 c.1: "salva la possibilità di ricorrere alle procedure di scelta del contraente di cui alla Parte IV". Per servizi e forniture l\u2019uso delle procedure ordinarie sotto soglia è discusso: motivarne la scelta.',
    en: 'Art. 50 c.1: ordinary procedures of Part IV remain possible. For services and supplies their use under the threshold is debated: state the reasons for the choice.',
  });
  return [negotiated, ...ordinaryProcedures(input, '; art. 50 c.1')];
}

/** Art. 108: OEPV is the default; c.2 lists where it is mandatory, c.4 caps the price weight. */
function criterion(input: AdviceInput, value: number, book: RuleBook, notes: AdviceNote[]): Advice['awardCriterion'] {
  const minimum = book.cents('OEPV_MANDATORY_MIN');
  const bases: string[] = [];
  if (input.socialServices || input.labourIntensive) bases.push('art. 108 c.2 lett. a');
  if (input.sia && value >= minimum) bases.push('art. 108 c.2 lett. b');
  if (input.innovative && value >= minimum) bases.push(input.object === 'lavori' ? 'art. 108 c.2 lett. f' : 'art. 108 c.2 lett. c');
  const oepvMandatory = bases.length > 0;
  const out: Advice['awardCriterion'] = {
    oepvMandatory,
    legalBasis: oepvMandatory ? bases.join('; ') : 'art. 108 c.1; art. 50 c.4',
  };
  if (input.labourIntensive) {
    const cap = book.int('PRICE_CAP_LABOUR_PERCENT');
    out.priceCapPercent = cap;
    out.legalBasis += '; art. 108 c.4';
    notes.push({
      code: 'PRICE_CAP',
      it: `Servizi ad alta intensità di manodopera: il punteggio del prezzo non può superare il ${cap}% (art. 108 c.4).`,
      en: `Labour-intensive services: the price score cannot exceed ${cap}% (art. 108 c.4).`,
    });
  }
  notes.push(oepvMandatory
    ? {
        code: 'OEPV_COMMISSION',
        it: 'OEPV obbligatoria: serve una commissione giudicatrice nominata dopo la scadenza delle offerte (art. 93).',
        en: 'Best value is mandatory: an evaluation board appointed after the offer deadline is needed (art. 93).',
      }
    : {
        code: 'CRITERION_CHOICE',
        it: 'Criterio a scelta: OEPV (con commissione, art. 93) o prezzo più basso per prestazioni standardizzate.',
        en: 'Criterion to choose: best value (with an evaluation board, art. 93) or lowest price for standardised supplies.',
      });
  return out;
}

/** Art. 63 c.2 and Allegato II.4: the level needed ("fino a" = inclusive) and whether the SUA holds it. */
function level(input: AdviceInput, value: number, book: RuleBook, notes: AdviceNote[]): NonNullable<Advice['qualificationLevel']> {
  let required: string;
  let covered: boolean | undefined;
  if (input.object === 'lavori') {
    required = value <= book.cents('SUA_L3_MAX') ? 'L3' : value <= book.cents('EU_WORKS') ? 'L2' : 'L1';
    const held = input.suaLevel?.works;
    covered = held ? WORKS_RANK[held] >= WORKS_RANK[required as keyof typeof WORKS_RANK] : undefined;
  } else {
    required = value <= book.cents('SUA_SF3_MAX') ? 'SF3' : value <= book.cents('SUA_SF2_MAX') ? 'SF2' : 'SF1';
    const held = input.suaLevel?.sf;
    covered = held ? SF_RANK[held] >= SF_RANK[required as keyof typeof SF_RANK] : undefined;
  }
  if (covered === false) {
    notes.push({
      code: 'SUA_LEVEL_INSUFFICIENT',
      it: `La qualificazione della SUA non copre l\u2019importo: serve almeno il livello ${required} (art. 63; Allegato II.4).`,
      en: `The SUA's qualification does not cover the amount: level ${required} or higher is needed (art. 63; Allegato II.4).`,
    });
  }
  return covered === undefined ? { level: required } : { level: required, coveredBySua: covered };
}

/** Minimum days for offers (requests for the multi-stage procedures) fixed by artt. 71-75; none for the others. */
export function minimumDays(code: ProcedureCode, book: RuleBook): number | undefined {
  switch (code) {
    case 'APERTA': return book.int('MIN_DAYS_APERTA');
    case 'RISTRETTA': return book.int('MIN_DAYS_RISTRETTA_OFFERS');
    case 'COMPETITIVA_CON_NEGOZIAZIONE': return book.int('MIN_DAYS_COMPETITIVA');
    case 'DIALOGO_COMPETITIVO': return book.int('MIN_DAYS_DIALOGO');
    case 'PARTENARIATO_INNOVAZIONE': return book.int('MIN_DAYS_PARTENARIATO');
    case 'AFFIDAMENTO_DIRETTO':
    case 'AFFIDAMENTO_DIRETTO_ADESIONE_AQ':
    case 'NEGOZIATA_SENZA_BANDO':
      return undefined;
  }
}
