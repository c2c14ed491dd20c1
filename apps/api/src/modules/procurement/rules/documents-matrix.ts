/**
 * Which documents a tender file (fascicolo di gara) needs for a procedure, who produces them and where they sit.
 * Follows the matrix of required documents per procedure (artt. 17, 18, 50, 52, 55, 90, 93, 99 and the PCP forms
 * P1_16, P2_16, P7_*, AD3, AD5, A1_29, A2_29) and the folder order of the fascicolo.
 */
import type { DirectAwardBand, ProcedureCode } from './advice.js';

export const DocTypes = [
  'PROGRAMMA', 'RICHIESTA_DELEGA', 'PROGETTO', 'DETERMINA_A_CONTRARRE', 'DETERMINA_INDIZIONE_SUA',
  'AVVISO_INDAGINE_MERCATO', 'BANDO', 'LETTERA_INVITO', 'DISCIPLINARE', 'CAPITOLATO', 'SCHEMA_CONTRATTO',
  'DGUE_REQUEST', 'MODULISTICA', 'NOMINA_COMMISSIONE', 'VERBALE_GARA', 'PROPOSTA_AGGIUDICAZIONE',
  'ESITO_VERIFICHE', 'AGGIUDICAZIONE', 'COMUNICAZIONE', 'AVVISO_AGGIUDICAZIONE', 'CONTRATTO',
] as const;
export type DocType = (typeof DocTypes)[number];

export const docTypeLabels: Record<DocType, { it: string; en: string }> = {
  PROGRAMMA: { it: 'Programma triennale lavori / acquisti', en: 'Three-year works / purchases programme' },
  RICHIESTA_DELEGA: { it: 'Richiesta di attivazione della SUA', en: 'Request to the SUA to run the procedure' },
  PROGETTO: { it: 'Progetto', en: 'Project' },
  DETERMINA_A_CONTRARRE: { it: 'Decisione (determina) a contrarre', en: 'Decision to contract' },
  DETERMINA_INDIZIONE_SUA: { it: 'Determina di indizione e approvazione atti di gara (SUA)', en: 'SUA decision launching the procedure and approving the tender documents' },
  AVVISO_INDAGINE_MERCATO: { it: 'Avviso di indagine di mercato', en: 'Market survey notice' },
  BANDO: { it: 'Bando di gara', en: 'Contract notice' },
  LETTERA_INVITO: { it: 'Lettera di invito', en: 'Letter of invitation' },
  DISCIPLINARE: { it: 'Disciplinare di gara', en: 'Tender rules' },
  CAPITOLATO: { it: 'Capitolato speciale d\u2019appalto', en: 'Technical specifications' },
  SCHEMA_CONTRATTO: { it: 'Schema di contratto', en: 'Draft contract' },
  DGUE_REQUEST: { it: 'Richiesta DGUE (ESPD)', en: 'ESPD request' },
  MODULISTICA: { it: 'Modulistica di gara', en: 'Tender forms' },
  NOMINA_COMMISSIONE: { it: 'Nomina della commissione giudicatrice', en: 'Appointment of the evaluation board' },
  VERBALE_GARA: { it: 'Verbali di gara', en: 'Tender minutes' },
  PROPOSTA_AGGIUDICAZIONE: { it: 'Proposta di aggiudicazione', en: 'Award proposal' },
  ESITO_VERIFICHE: { it: 'Esito delle verifiche dei requisiti', en: 'Outcome of the requirement checks' },
  AGGIUDICAZIONE: { it: 'Provvedimento di aggiudicazione', en: 'Award decision' },
  COMUNICAZIONE: { it: 'Comunicazioni (art. 90)', en: 'Notifications (art. 90)' },
  AVVISO_AGGIUDICAZIONE: { it: 'Avviso di aggiudicazione', en: 'Contract award notice' },
  CONTRATTO: { it: 'Contratto', en: 'Contract' },
};

/** OCDS 1.1.5 documentType code; null where the codelist has no matching code. */
export const ocdsDocumentType: Record<DocType, string | null> = {
  PROGRAMMA: 'procurementPlan',
  RICHIESTA_DELEGA: null,
  PROGETTO: 'technicalSpecifications',
  DETERMINA_A_CONTRARRE: null,
  DETERMINA_INDIZIONE_SUA: null,
  AVVISO_INDAGINE_MERCATO: 'tenderNotice',
  BANDO: 'tenderNotice',
  LETTERA_INVITO: 'tenderNotice',
  DISCIPLINARE: 'biddingDocuments',
  CAPITOLATO: 'technicalSpecifications',
  SCHEMA_CONTRATTO: 'contractDraft',
  DGUE_REQUEST: 'eligibilityCriteria',
  MODULISTICA: 'biddingDocuments',
  NOMINA_COMMISSIONE: null,
  VERBALE_GARA: 'evaluationReports',
  PROPOSTA_AGGIUDICAZIONE: 'evaluationReports',
  ESITO_VERIFICHE: null,
  AGGIUDICAZIONE: 'awardNotice',
  COMUNICAZIONE: null,
  AVVISO_AGGIUDICAZIONE: 'awardNotice',
  CONTRATTO: 'contractSigned',
};

export type DocumentsAwardCriterion = 'OEPV_QUALITA_PREZZO' | 'OEPV_COSTO' | 'PREZZO';

export interface RequiredDocumentsInput {
  procedureCode: ProcedureCode;
  object: 'lavori' | 'servizi' | 'forniture';
  estimatedValue: number;
  aboveEuThreshold: boolean;
  awardCriterion: DocumentsAwardCriterion;
  /** For an affidamento diretto (see directAwardBand); when absent the 40,000-and-above column, the stricter, applies. */
  band?: DirectAwardBand;
}

export interface RequiredDocument {
  docType: DocType;
  required: boolean;
  producer: 'comune' | 'sua';
  folder: string;
  position: number;
}

/** Position in the fascicolo (canonical order of document types) and producer. */
const CATALOGUE: Record<DocType, { position: number; producer: 'comune' | 'sua' }> = {
  PROGRAMMA: { position: 1, producer: 'comune' },
  RICHIESTA_DELEGA: { position: 2, producer: 'comune' },
  PROGETTO: { position: 3, producer: 'comune' },
  DETERMINA_A_CONTRARRE: { position: 5, producer: 'comune' },
  DETERMINA_INDIZIONE_SUA: { position: 6, producer: 'sua' },
  AVVISO_INDAGINE_MERCATO: { position: 8, producer: 'sua' },
  BANDO: { position: 10, producer: 'sua' },
  LETTERA_INVITO: { position: 11, producer: 'sua' },
  DISCIPLINARE: { position: 12, producer: 'sua' },
  CAPITOLATO: { position: 13, producer: 'comune' },
  SCHEMA_CONTRATTO: { position: 14, producer: 'comune' },
  DGUE_REQUEST: { position: 15, producer: 'sua' },
  MODULISTICA: { position: 16, producer: 'sua' },
  NOMINA_COMMISSIONE: { position: 18, producer: 'sua' },
  VERBALE_GARA: { position: 19, producer: 'sua' },
  PROPOSTA_AGGIUDICAZIONE: { position: 23, producer: 'sua' },
  ESITO_VERIFICHE: { position: 24, producer: 'sua' },
  AGGIUDICAZIONE: { position: 25, producer: 'sua' },
  COMUNICAZIONE: { position: 26, producer: 'sua' },
  AVVISO_AGGIUDICAZIONE: { position: 27, producer: 'sua' },
  CONTRATTO: { position: 29, producer: 'comune' },
};

/** Sub-folders of the fascicolo by position range. */
export function folderFor(position: number): string {
  if (position === 2 || position === 5 || position === 6) return '02_Atti_di_avvio';
  if (position <= 4) return '01_Programmazione_e_progetto';
  if (position <= 17) return '03_Documentazione_di_gara';
  if (position <= 23) return '04_Commissione_e_verbali';
  if (position === 24) return '05_Verifiche_requisiti';
  if (position <= 27) return '06_Aggiudicazione_e_comunicazioni';
  if (position <= 29) return '07_Contratto';
  return '08_Esecuzione';
}

/** R = required, O = optional or when applicable, '-' = not used. */
type Cell = 'R' | 'O' | '-';
type Column = 'AD_UNDER_40K' | 'AD_FROM_40K' | 'NEG' | 'OPEN_UNDER' | 'ORDINARY_ABOVE' | 'SPECIAL' | 'ADESIONE_AQ';

function column(input: RequiredDocumentsInput): Column {
  switch (input.procedureCode) {
    case 'AFFIDAMENTO_DIRETTO':
      return input.band === 'AD_UNDER_5K' || input.band === 'AD_UNDER_40K' ? 'AD_UNDER_40K' : 'AD_FROM_40K';
    case 'AFFIDAMENTO_DIRETTO_ADESIONE_AQ': return 'ADESIONE_AQ';
    case 'NEGOZIATA_SENZA_BANDO': return 'NEG';
    case 'APERTA':
    case 'RISTRETTA':
      return input.aboveEuThreshold ? 'ORDINARY_ABOVE' : 'OPEN_UNDER';
    case 'COMPETITIVA_CON_NEGOZIAZIONE':
    case 'DIALOGO_COMPETITIVO':
    case 'PARTENARIATO_INNOVAZIONE':
      return 'SPECIAL';
  }
}

//                               AD<40k AD≥40k NEG  OPEN<  ABOVE SPECIAL AQ
const MATRIX: Record<DocType, [Cell, Cell, Cell, Cell, Cell, Cell, Cell]> = {
  PROGRAMMA:               ['O', 'O', 'R', 'R', 'R', 'R', 'O'], // art. 37: direct-award amounts stay under the programme limits
  RICHIESTA_DELEGA:        ['R', 'R', 'R', 'R', 'R', 'R', 'R'], // per convenzione: every procedure run by the SUA starts here
  PROGETTO:                ['O', 'R', 'R', 'R', 'R', 'R', '-'], // art. 41, All. I.7 (S/F below 40k: simplified)
  DETERMINA_A_CONTRARRE:   ['R', 'R', 'R', 'R', 'R', 'R', 'R'], // art. 17 c.1-2
  DETERMINA_INDIZIONE_SUA: ['O', 'O', 'R', 'R', 'R', 'R', 'O'], // per convenzione
  AVVISO_INDAGINE_MERCATO: ['-', 'O', 'O', '-', '-', '-', '-'], // art. 50 c.2, All. II.1
  BANDO:                   ['-', '-', '-', 'R', 'R', 'R', '-'], // artt. 83-85; P2_* / P1_*
  LETTERA_INVITO:          ['O', 'O', 'R', '-', '-', 'R', 'O'], // art. 50; P7_2 (ristretta: see below)
  DISCIPLINARE:            ['-', 'O', 'R', 'R', 'R', 'R', 'O'], // art. 87
  CAPITOLATO:              ['O', 'R', 'R', 'R', 'R', 'R', '-'], // part of the project and of the contract
  SCHEMA_CONTRATTO:        ['O', 'R', 'R', 'R', 'R', 'R', 'O'],
  DGUE_REQUEST:            ['O', 'O', 'O', 'R', 'R', 'R', 'O'], // art. 91; espd required on P1_16 and P2_16
  MODULISTICA:             ['O', 'O', 'R', 'R', 'R', 'R', 'O'],
  NOMINA_COMMISSIONE:      ['-', '-', 'R', 'R', 'R', 'R', '-'], // art. 93: only with OEPV (see below)
  VERBALE_GARA:            ['-', 'O', 'R', 'R', 'R', 'R', 'O'],
  PROPOSTA_AGGIUDICAZIONE: ['-', '-', 'R', 'R', 'R', 'R', '-'], // art. 17 c.5
  ESITO_VERIFICHE:         ['R', 'R', 'R', 'R', 'R', 'R', 'R'], // art. 99; sample-based under 40k (art. 52)
  AGGIUDICAZIONE:          ['R', 'R', 'R', 'R', 'R', 'R', 'R'], // art. 17 c.5
  COMUNICAZIONE:           ['-', 'O', 'R', 'R', 'R', 'R', '-'], // art. 90
  AVVISO_AGGIUDICAZIONE:   ['R', 'R', 'R', 'R', 'R', 'R', 'R'], // art. 50 c.9 (A2_29, AD3), art. 111 (A1_29)
  CONTRATTO:               ['R', 'R', 'R', 'R', 'R', 'R', 'R'], // art. 18 c.1
};
const COLUMNS: Column[] = ['AD_UNDER_40K', 'AD_FROM_40K', 'NEG', 'OPEN_UNDER', 'ORDINARY_ABOVE', 'SPECIAL', 'ADESIONE_AQ'];

export function requiredDocuments(input: RequiredDocumentsInput): RequiredDocument[] {
  const col = column(input);
  const index = COLUMNS.indexOf(col);
  const oepv = input.awardCriterion !== 'PREZZO';
  const out: RequiredDocument[] = [];
  for (const docType of DocTypes) {
    let cell = MATRIX[docType][index] ?? '-';
    // art. 93: a commissione giudicatrice only for OEPV; dialogo and partenariato are always OEPV (art. 108 c.2 lett. d)
    if (docType === 'NOMINA_COMMISSIONE' && !oepv && col !== 'SPECIAL') cell = '-';
    // ristretta: the invitation to tender follows the requests to participate (art. 72 c.3)
    if (docType === 'LETTERA_INVITO' && input.procedureCode === 'RISTRETTA') cell = 'R';
    // works: the project (PFTE/esecutivo) is needed for any direct award from 40k (art. 41)
    if (docType === 'PROGETTO' && col === 'AD_FROM_40K' && input.object !== 'lavori') cell = 'O';
    // the AD5 form under 5,000 euro is not published
    if (docType === 'AVVISO_AGGIUDICAZIONE' && input.band === 'AD_UNDER_5K') cell = '-';
    if (cell === '-') continue;
    const { position, producer } = CATALOGUE[docType];
    out.push({ docType, required: cell === 'R', producer, folder: folderFor(position), position });
  }
  return out.sort((a, b) => a.position - b.position);
}
