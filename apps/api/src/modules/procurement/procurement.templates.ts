import type { DocType } from '@app/contracts';
import { simpleDocx } from '../../lib/docx.js';

/**
 * The SUA's reference DOCX templates, one per document type of the tender file, shipped with the platform and
 * filled with the procedure's data (placeholders in docxtemplater syntax; see `templateData` of the service).
 * They are outlines a SUA adapts: an administrator may upload its own and deactivate these.
 */

const HEADER = ['{ente_sua} — Stazione Unica Appaltante', 'per conto del {comune}', 'Procedura {numero}', ''];
const OBJECT = [
  'Oggetto: {oggetto}',
  'Tipologia: {tipo}{#sia} (servizi di ingegneria e architettura){/sia} — CPV {cpv}',
  'Valore stimato (art. 14 D.Lgs. 36/2023), IVA esclusa: {valore}, di cui opzioni e rinnovi {opzioni}',
  '{#cup}CUP: {cup}{/cup}{#pnrr} — intervento finanziato con fondi PNRR{/pnrr}',
  'Responsabile unico del progetto (RUP): {rup}',
];
const LOTS = ['{#lotti}Lotto {numero}: {titolo} — {valore}{#cig} — CIG {cig}{/cig}{/lotti}'];
const PROCEDURE = ['Procedura: {procedura} ({base_giuridica}){#operatori_minimi} — almeno {operatori_minimi} operatori invitati{/operatori_minimi}', 'Criterio di aggiudicazione: {criterio}'];
const FOOTER = ['', '{luogo_data}', 'Il dirigente / Il responsabile'];

const BODIES: Partial<Record<DocType, string[]>> = {
  DETERMINA_A_CONTRARRE: [
    'DETERMINAZIONE A CONTRARRE (art. 17, commi 1 e 2, D.Lgs. 36/2023)',
    '',
    'IL RESPONSABILE DEL SERVIZIO',
    'Premesso che il {comune} intende affidare il contratto in oggetto e che, in forza della convenzione con la Provincia, la procedura è svolta dalla Stazione Unica Appaltante della {ente_sua};',
    'Visti gli articoli 17, 50 e 62 del D.Lgs. 36/2023;',
    ...OBJECT,
    ...LOTS,
    '',
    'DETERMINA',
    '1. di avviare la procedura per l’affidamento del contratto in oggetto;',
    '2. di stabilire che la scelta del contraente avverrà mediante {procedura} ai sensi dell’{base_giuridica}{#operatori_minimi}, con invito di almeno {operatori_minimi} operatori economici{/operatori_minimi};',
    '3. di adottare il criterio di aggiudicazione: {criterio};',
    '4. di demandare alla Stazione Unica Appaltante lo svolgimento della procedura fino alla proposta di aggiudicazione e alle verifiche dei requisiti;',
    '5. di dare atto che il RUP è {rup}.',
  ],
  DETERMINA_INDIZIONE_SUA: [
    'DETERMINAZIONE DI INDIZIONE DELLA PROCEDURA E APPROVAZIONE DEGLI ATTI DI GARA',
    ...OBJECT,
    ...PROCEDURE,
    'Si approvano gli atti di gara allegati e si indice la procedura sulla piattaforma di approvvigionamento digitale.',
  ],
  AVVISO_INDAGINE_MERCATO: [
    'AVVISO DI INDAGINE DI MERCATO PER MANIFESTAZIONE DI INTERESSE',
    ...OBJECT,
    'Gli operatori economici interessati possono manifestare interesse ad essere invitati alla {procedura} entro il termine indicato sulla piattaforma.',
  ],
  BANDO: ['BANDO DI GARA', ...OBJECT, ...LOTS, ...PROCEDURE, 'Termine per la presentazione delle offerte: {termine_offerte}'],
  LETTERA_INVITO: [
    'LETTERA DI INVITO',
    'Spettabile operatore economico,',
    'codesto operatore è invitato a presentare offerta per l’affidamento in oggetto.',
    ...OBJECT,
    ...LOTS,
    ...PROCEDURE,
    'Termine per la presentazione delle offerte: {termine_offerte}',
  ],
  DISCIPLINARE: ['DISCIPLINARE DI GARA', ...OBJECT, ...LOTS, ...PROCEDURE, '1. Requisiti di partecipazione (artt. 94, 95 e 100)', '2. Modalità di presentazione dell’offerta', '3. Criteri di valutazione', '4. Soccorso istruttorio (art. 101)'],
  CAPITOLATO: ['CAPITOLATO SPECIALE DESCRITTIVO E PRESTAZIONALE', ...OBJECT, '1. Oggetto e durata', '2. Modalità di esecuzione', '3. Penali', '4. Pagamenti'],
  SCHEMA_CONTRATTO: ['SCHEMA DI CONTRATTO', 'Tra il {comune} e l’operatore economico aggiudicatario', ...OBJECT, 'Art. 1 Oggetto — Art. 2 Corrispettivo — Art. 3 Durata — Art. 4 Garanzia definitiva (art. 117)'],
  NOMINA_COMMISSIONE: ['PROVVEDIMENTO DI NOMINA DELLA COMMISSIONE GIUDICATRICE (art. 93)', ...OBJECT, 'Scaduto il termine delle offerte ({termine_offerte}), si nominano i componenti della commissione.'],
  VERBALE_GARA: ['VERBALE DELLE OPERAZIONI DI GARA', ...OBJECT, ...PROCEDURE, 'Offerte pervenute: {offerenti}'],
  PROPOSTA_AGGIUDICAZIONE: ['PROPOSTA DI AGGIUDICAZIONE (art. 17, comma 5)', ...OBJECT, 'Si propone l’aggiudicazione a {aggiudicatario} per l’importo di {importo_aggiudicazione}.'],
  ESITO_VERIFICHE: ['ESITO DELLE VERIFICHE DEI REQUISITI (art. 99)', ...OBJECT, 'Operatore verificato: {aggiudicatario}', '{#verifiche}{nome}: {esito}{#valido_fino} (valido fino al {valido_fino}){/valido_fino}{/verifiche}'],
  AGGIUDICAZIONE: [
    'DETERMINAZIONE DI AGGIUDICAZIONE (art. 17, comma 5)',
    ...OBJECT,
    ...PROCEDURE,
    'Verificati i requisiti dell’operatore proposto, si aggiudica il contratto a {aggiudicatario} per l’importo di {importo_aggiudicazione}.',
  ],
  COMUNICAZIONE: ['COMUNICAZIONE DI AGGIUDICAZIONE (art. 90)', ...OBJECT, 'Si comunica che la procedura è stata aggiudicata a {aggiudicatario}.'],
  AVVISO_AGGIUDICAZIONE: ['AVVISO DI AGGIUDICAZIONE', ...OBJECT, ...PROCEDURE, 'Aggiudicatario: {aggiudicatario} — importo {importo_aggiudicazione}'],
  CONTRATTO: ['CONTRATTO D’APPALTO', 'Tra il {comune} e {aggiudicatario}', ...OBJECT, 'Corrispettivo: {importo_aggiudicazione}'],
};

/** The paragraphs of the reference template of a document type. */
export function templateParagraphs(docType: DocType, label: string): string[] {
  const body = BODIES[docType] ?? [label.toUpperCase(), ...OBJECT];
  return [...HEADER, ...body, ...FOOTER];
}

export const templatePurpose = (docType: DocType) => `procurement:${docType}`;

/** The DOCX of the reference template of a document type. */
export const referenceTemplate = (docType: DocType, label: string) => simpleDocx(templateParagraphs(docType, label));
