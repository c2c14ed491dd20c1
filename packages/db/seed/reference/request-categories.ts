import type { DbOrTx } from '../../src/client.js';
import { requestCategories } from '../../src/schema/collab.js';

export interface RequestCategorySeed {
  service: 'sua' | 'sape' | 'sit';
  code: string;
  nameIt: string;
  nameEn: string;
  descriptionIt: string;
  descriptionEn: string;
  /** First answer within these working hours (office hours 09–17, Monday to Friday). */
  firstResponseHours: number;
  /** Resolution within these working days. */
  resolutionDays: number;
}

/** The catalogue of what each associated service helps the Comuni with, and its service levels. */
export const REQUEST_CATEGORIES: RequestCategorySeed[] = [
  { service: 'sua', code: 'programmazione-gara', nameIt: 'Programmazione e progettazione della gara', nameEn: 'Tender planning and design', descriptionIt: 'Programma triennale, scelta della procedura, suddivisione in lotti, stima del valore.', descriptionEn: 'Three-year programme, choice of procedure, lots, estimated value.', firstResponseHours: 16, resolutionDays: 15 },
  { service: 'sua', code: 'atti-gara', nameIt: 'Predisposizione atti di gara', nameEn: 'Drafting tender documents', descriptionIt: 'Bando, disciplinare, capitolato, schema di contratto.', descriptionEn: 'Notice, tender rules, specifications, draft contract.', firstResponseHours: 16, resolutionDays: 20 },
  { service: 'sua', code: 'verifica-fvoe', nameIt: 'Verifica requisiti operatori (FVOE)', nameEn: 'Bidder requirement checks (FVOE)', descriptionIt: 'Verifiche sul Fascicolo virtuale dell’operatore economico.', descriptionEn: 'Checks on the economic operator virtual file.', firstResponseHours: 8, resolutionDays: 10 },
  { service: 'sua', code: 'e-procurement', nameIt: 'Piattaforma di e-procurement', nameEn: 'E-procurement platform', descriptionIt: 'Accesso, abilitazioni e uso della piattaforma di approvvigionamento digitale certificata.', descriptionEn: 'Access, permissions and use of the certified e-procurement platform.', firstResponseHours: 8, resolutionDays: 5 },
  { service: 'sape', code: 'informazione', nameIt: 'Informazione e orientamento', nameEn: 'Information and guidance', descriptionIt: 'Informazioni su programmi, bandi e regole di ammissibilità; orientamento sulle opportunità per il Comune.', descriptionEn: 'Information on programmes, calls and eligibility rules; guidance on the opportunities for the Comune.', firstResponseHours: 8, resolutionDays: 5 },
  { service: 'sape', code: 'ricerca-bandi', nameIt: 'Ricerca bandi e opportunità', nameEn: 'Calls and funding opportunities', descriptionIt: 'Individuazione di bandi europei, nazionali e regionali adatti al progetto del Comune.', descriptionEn: 'Finding European, national and regional calls that fit the Comune’s project.', firstResponseHours: 16, resolutionDays: 10 },
  { service: 'sape', code: 'ricerca-partner', nameIt: 'Ricerca partner', nameEn: 'Partner search', descriptionIt: 'Ricerca di partner italiani ed europei per il partenariato di progetto.', descriptionEn: 'Finding Italian and European partners for the project partnership.', firstResponseHours: 16, resolutionDays: 15 },
  { service: 'sape', code: 'progettazione-proposta', nameIt: 'Progettazione proposta', nameEn: 'Proposal design', descriptionIt: 'Idea progettuale, partenariato, piano finanziario, redazione della proposta.', descriptionEn: 'Project idea, partnership, budget, proposal writing.', firstResponseHours: 16, resolutionDays: 20 },
  { service: 'sape', code: 'rendicontazione', nameIt: 'Rendicontazione', nameEn: 'Reporting', descriptionIt: 'Rendicontazione tecnica e finanziaria dei progetti finanziati.', descriptionEn: 'Technical and financial reporting of funded projects.', firstResponseHours: 16, resolutionDays: 15 },
  { service: 'sape', code: 'formazione', nameIt: 'Formazione', nameEn: 'Training', descriptionIt: 'Formazione del personale comunale su progettazione europea, gestione e rendicontazione.', descriptionEn: 'Training of the Comune staff on EU project design, management and reporting.', firstResponseHours: 16, resolutionDays: 30 },
  { service: 'sit', code: 'migrazione-cloud', nameIt: 'Migrazione al cloud', nameEn: 'Cloud migration', descriptionIt: 'Migrazione di servizi e dati verso cloud qualificato.', descriptionEn: 'Moving services and data to a qualified cloud.', firstResponseHours: 16, resolutionDays: 20 },
  { service: 'sit', code: 'pagopa-app-io', nameIt: 'PagoPA e app IO', nameEn: 'PagoPA and the IO app', descriptionIt: 'Attivazione e integrazione dei servizi di pagamento e dei messaggi su app IO.', descriptionEn: 'Activating and integrating payment services and IO app messages.', firstResponseHours: 8, resolutionDays: 10 },
  { service: 'sit', code: 'sito-accessibilita', nameIt: 'Sito web e accessibilità', nameEn: 'Website and accessibility', descriptionIt: 'Sito istituzionale secondo il modello Comuni, dichiarazione di accessibilità.', descriptionEn: 'Institutional website on the Comuni model, accessibility statement.', firstResponseHours: 16, resolutionDays: 15 },
  { service: 'sit', code: 'sicurezza-informatica', nameIt: 'Sicurezza informatica', nameEn: 'Cyber security', descriptionIt: 'Incidenti, misure minime di sicurezza, backup, formazione.', descriptionEn: 'Incidents, minimum security measures, backups, training.', firstResponseHours: 8, resolutionDays: 5 },
  { service: 'sit', code: 'indicatori-monitoraggio', nameIt: 'Indicatori e monitoraggio', nameEn: 'Indicators and monitoring', descriptionIt: 'Raccolta e lettura degli indicatori dell’agenda digitale.', descriptionEn: 'Collecting and reading the digital agenda indicators.', firstResponseHours: 16, resolutionDays: 10 },
];

/**
 * Loads the catalogue: new categories are added, existing ones (same service and code) are left as the UPI
 * edited them. Answers how many were added.
 */
export async function loadRequestCategories(db: DbOrTx, seed: RequestCategorySeed[] = REQUEST_CATEGORIES): Promise<number> {
  const rows = seed.map((c, i) => ({ ...c, position: (i % 100) * 10 }));
  const inserted = await db
    .insert(requestCategories)
    .values(rows)
    .onConflictDoNothing({ target: [requestCategories.service, requestCategories.code] })
    .returning({ id: requestCategories.id });
  return inserted.length;
}
