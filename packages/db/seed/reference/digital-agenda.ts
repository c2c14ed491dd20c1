import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../src/client.js';
import { daIndicators, daMethodologyVersions } from '../../src/schema/digital-agenda.js';

export type DaUnit = 'boolean' | 'percent' | 'score01' | 'index100' | 'count' | 'eur_per_inh' | 'per_inh' | 'per_10k' | 'per_page' | 'days';
export type DaPolarity = 'up' | 'down' | 'context';
export type DaAggregation = 'share' | 'mean' | 'median' | 'ratio' | 'sum';

export interface IndicatorSeed {
  code: string;
  area: string;
  nameIt: string;
  nameEn: string;
  unit: DaUnit;
  polarity: DaPolarity;
  aggregation: DaAggregation;
  aggregationNote: string;
  source: string;
  frequency: string;
  availability: string;
  minValue: number;
  maxValue: number;
  target?: number;
  targetDeadline?: string;
  targetNote?: string;
}

/** The ten areas of the catalogue, in display order. */
export const DIGITAL_AGENDA_AREAS = [
  { code: 'GOV', nameIt: 'Governance, organizzazione e competenze', nameEn: 'Governance, organisation and skills' },
  { code: 'CLD', nameIt: 'Infrastrutture e cloud', nameEn: 'Infrastructure and cloud' },
  { code: 'DAT', nameIt: 'Dati e interoperabilità', nameEn: 'Data and interoperability' },
  { code: 'SRV', nameIt: 'Servizi digitali ed esperienza del cittadino', nameEn: 'Digital services and citizen experience' },
  { code: 'PAY', nameIt: 'Piattaforme: pagamenti, messaggi, notifiche', nameEn: 'Platforms: payments, messages, notifications' },
  { code: 'IDA', nameIt: 'Identità digitale e anagrafi', nameEn: 'Digital identity and registers' },
  { code: 'DOC', nameIt: 'Domicilio digitale, documenti, trasparenza', nameEn: 'Digital domicile, documents, transparency' },
  { code: 'ACC', nameIt: 'Accessibilità e inclusione digitale', nameEn: 'Accessibility and digital inclusion' },
  { code: 'SEC', nameIt: 'Sicurezza informatica', nameEn: 'Cyber security' },
  { code: 'FIN', nameIt: 'Attuazione PNRR e risorse', nameEn: 'PNRR implementation and resources' },
] as const;

/** The 69 indicators in 10 areas of the Agenda Digitale Territoriale (SIT methodology, §1.3). */
export const DIGITAL_AGENDA_INDICATORS: IndicatorSeed[] = [
  { code: "GOV-01", area: "GOV", nameIt: "RTD nominato e registrato in IPA", nameEn: "Digital transition officer (RTD) appointed and registered in IPA", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH, PWS", source: "S07 (RTD record for the Comune's codice IPA) [U field]", frequency: "monthly", availability: "OD-C/ADM", minValue: 0, maxValue: 1 },
  { code: "GOV-02", area: "GOV", nameIt: "UTD/RTD in forma associata (Unione, convenzione, Provincia)", nameEn: "Digital transition office run in associated form", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH", source: "S15; ISTAT 2022: 8.1% of Comuni have an associated ICT office", frequency: "annual", availability: "SRV", minValue: 0, maxValue: 1 },
  { code: "GOV-03", area: "GOV", nameIt: "Adesione formale al SIT / Centro di Competenza provinciale", nameEn: "Formal adhesion to the provincial SIT / Competence Centre", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH, PWS, SUM", source: "SIT adhesion register (convenzione/accordo)", frequency: "event", availability: "SRV", minValue: 0, maxValue: 1 },
  { code: "GOV-04", area: "GOV", nameIt: "Piano triennale ICT dell'ente (o DUP con sezione digitale) adottato", nameEn: "Local 3-year ICT plan adopted", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH", source: "S15 (atto di approvazione)", frequency: "annual", availability: "SRV", minValue: 0, maxValue: 1 },
  { code: "GOV-05", area: "GOV", nameIt: "Personale formato su competenze digitali (Syllabus)", nameEn: "Share of staff trained in digital skills", unit: "percent", polarity: "up", aggregation: "ratio", aggregationNote: "RAT (Σ trained / Σ staff)", source: "Syllabus/Dip. Funzione Pubblica [U access]; PT RA1.2.2", frequency: "annual", availability: "ADM/SRV", minValue: 0, maxValue: 100 },
  { code: "GOV-06", area: "GOV", nameIt: "Partecipazione a comunità digitali tematiche/territoriali", nameEn: "Participation in thematic/territorial digital communities", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH", source: "S15; PT RA1.1.1 (18 communities in 2024, +2/yr)", frequency: "annual", availability: "SRV", minValue: 0, maxValue: 1 },
  { code: "GOV-07", area: "GOV", nameIt: "Spesa ICT corrente e in conto capitale per abitante", nameEn: "ICT spending per inhabitant", unit: "eur_per_inh", polarity: "context", aggregation: "ratio", aggregationNote: "RAT", source: "SIOPE/BDAP ICT codes [U mapping]; ISTAT once estimated ICT ≈0.7% of local spending, €28/inh (2011)", frequency: "annual", availability: "ADM", minValue: 0, maxValue: 100000 },
  { code: "CLD-01", area: "CLD", nameIt: "Progetto 1.2 \"Abilitazione al cloud\" finanziato", nameEn: "Cloud-migration project (PNRR 1.2) funded", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH, PWS", source: "S01 file 1.2: ∃ row with `stato_candidatura ∈ {A,E}`", frequency: "daily", availability: "OD-C", minValue: 0, maxValue: 1, target: 1, targetDeadline: "2026-06-30", targetNote: "PNRR M1C1, T2 2026" },
  { code: "CLD-02", area: "CLD", nameIt: "Migrazione cloud completata ed erogata (1.2 in stato E)", nameEn: "Cloud migration asseverated and paid", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH, PWS", source: "S01: ∃ row `E`; date = `data_stato_candidatura`", frequency: "daily", availability: "OD-C", minValue: 0, maxValue: 1, target: 1, targetDeadline: "2026-06-30", targetNote: "PNRR M1C1, T2 2026" },
  { code: "CLD-03", area: "CLD", nameIt: "Servizi migrati su cloud qualificato", nameEn: "Number of services migrated to qualified cloud", unit: "count", polarity: "up", aggregation: "sum", aggregationNote: "SUM, MED", source: "S15 (services list of the 1.2 application is not in open data)", frequency: "semi-annual", availability: "SRV", minValue: 0, maxValue: 100000 },
  { code: "CLD-04", area: "CLD", nameIt: "Stato dismissione server locali", nameEn: "Decommissioning of on-premise servers", unit: "score01", polarity: "up", aggregation: "mean", aggregationNote: "AM, SH(=1)", source: "S15 / S12 (2024: 70% of Comuni had started)", frequency: "annual", availability: "SRV", minValue: 0, maxValue: 1 },
  { code: "CLD-05", area: "CLD", nameIt: "Sito istituzionale ospitato in UE e su infrastruttura cloud", nameEn: "Website hosted in the EU / on cloud", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH", source: "S09 informative audits (IP location, cloud infrastructure)", frequency: "monthly", availability: "OD-C (scan)", minValue: 0, maxValue: 1 },
  { code: "DAT-01", area: "DAT", nameIt: "Progetto PDND 1.3.1 finanziato", nameEn: "PDND integration project (1.3.1) funded", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH, PWS", source: "S01 file 131, avviso \"… Comuni Ottobre 2022\" `A/E`", frequency: "daily", availability: "OD-C", minValue: 0, maxValue: 1, target: 1, targetDeadline: "2026-06-30", targetNote: "PNRR M1C1, T2 2026" },
  { code: "DAT-02", area: "DAT", nameIt: "Integrazione PDND completata (1.3.1 in stato E)", nameEn: "PDND integration completed and paid", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH, PWS", source: "S01 file 131 `E`", frequency: "daily", availability: "OD-C", minValue: 0, maxValue: 1, target: 1, targetDeadline: "2026-06-30", targetNote: "PNRR M1C1, T2 2026" },
  { code: "DAT-03", area: "DAT", nameIt: "e-service pubblicati sul catalogo PDND", nameEn: "e-services published on the PDND catalogue", unit: "count", polarity: "up", aggregation: "sum", aggregationNote: "SUM, SH(≥1)", source: "PDND catalogue (per-ente counts not in S06 top-N files) [U public per-ente API]", frequency: "monthly", availability: "ADM", minValue: 0, maxValue: 100000 },
  { code: "DAT-04", area: "DAT", nameIt: "Adesione avviso 1.3.1 ANNCSU (stradario e numeri civici)", nameEn: "ANNCSU address-register service via PDND", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH, PWS", source: "S01 file 131, avviso \"… ANNCSU – Comuni – maggio 2025\" `A/E`", frequency: "daily", availability: "OD-C", minValue: 0, maxValue: 1 },
  { code: "DAT-05", area: "DAT", nameIt: "Dataset aperti documentati su dati.gov.it", nameEn: "Open datasets documented on dati.gov.it", unit: "count", polarity: "up", aggregation: "sum", aggregationNote: "SUM; RAT per 10k inh.", source: "S10 `package_search` by organisation (map org ↔ codice IPA)", frequency: "monthly", availability: "OD-C", minValue: 0, maxValue: 100000, target: 20, targetDeadline: "2026-12-31", targetNote: "Piano Triennale RA5.2.2: almeno 20 dataset nel 2026" },
  { code: "DAT-06", area: "DAT", nameIt: "Soglia minima open data del Piano triennale raggiunta", nameEn: "Meets the Piano Triennale open-data threshold", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH", source: "derived from DAT-05: 2025: ≥10 datasets (or +20% if already ≥10); 2026: ≥20 (or +30% vs 2024 if already ≥20) — PT RA5.2.2", frequency: "annual", availability: "OD-C", minValue: 0, maxValue: 1 },
  { code: "DAT-07", area: "DAT", nameIt: "Quota dataset dinamici (API/aggiornamento continuo)", nameEn: "Share of dynamic datasets", unit: "percent", polarity: "up", aggregation: "ratio", aggregationNote: "RAT", source: "S10 metadata (frequency/API distribution) [U reliability]; PT RA5.1.1 (≥10 dynamic datasets in 2025)", frequency: "quarterly", availability: "OD-C", minValue: 0, maxValue: 100 },
  { code: "DAT-08", area: "DAT", nameIt: "Quota dataset aggiornati negli ultimi 12 mesi", nameEn: "Share of datasets updated in the last 12 months (ISO/IEC 25012 \"currentness\")", unit: "percent", polarity: "up", aggregation: "ratio", aggregationNote: "RAT", source: "S10 `metadata_modified`; PT RA5.2.4", frequency: "monthly", availability: "OD-C", minValue: 0, maxValue: 100 },
  { code: "DAT-09", area: "DAT", nameIt: "Quota dataset con licenza conforme alle Linee guida", nameEn: "Share of datasets with a licence compliant with the Open Data guidelines", unit: "percent", polarity: "up", aggregation: "ratio", aggregationNote: "RAT", source: "S10 `license_id`; PT RA5.3.1", frequency: "monthly", availability: "OD-C", minValue: 0, maxValue: 100 },
  { code: "SRV-01", area: "SRV", nameIt: "Sito conforme al modello Comuni asseverato (1.4.1 \"Cittadino informato\")", nameEn: "Website compliant with the national Comuni model (1.4.1, asseverated)", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH, PWS", source: "S01 file 141 `E` (file > 4 MiB: download from the live repo)", frequency: "daily", availability: "OD-C", minValue: 0, maxValue: 1, target: 1, targetDeadline: "2026-06-30", targetNote: "PNRR M1C1, T2 2026" },
  { code: "SRV-02", area: "SRV", nameIt: "Punteggio di conformità ai criteri C.SI", nameEn: "Compliance score on C.SI criteria", unit: "percent", polarity: "up", aggregation: "mean", aggregationNote: "AM, PWM, MED", source: "S09: passed / applicable among C.SI.1.1–5.2", frequency: "monthly", availability: "OD-C (scan)", minValue: 0, maxValue: 100 },
  { code: "SRV-03", area: "SRV", nameIt: "Servizi \"Cittadino attivo\" ridisegnati secondo i flussi del modello", nameEn: "Citizen services redesigned on the model's service flows (1.4.1)", unit: "count", polarity: "up", aggregation: "sum", aggregationNote: "SUM, AM (compare with 3.5)", source: "S15 / 1.4.1 back-office [U]; PNRR M1C1-148 asks ≥3.5 services on average per Comune", frequency: "semi-annual", availability: "ADM/SRV", minValue: 0, maxValue: 100000, target: 3.5, targetDeadline: "2026-06-30", targetNote: "PNRR M1C1-148: 3,5 servizi in media per Comune" },
  { code: "SRV-04", area: "SRV", nameIt: "Prenotazione appuntamenti online (C.SI.2.1)", nameEn: "Online appointment booking", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH", source: "S09", frequency: "monthly", availability: "OD-C", minValue: 0, maxValue: 1 },
  { code: "SRV-05", area: "SRV", nameIt: "Canali di assistenza, FAQ e segnalazione disservizi (C.SI.2.2–2.4)", nameEn: "Help, FAQ and issue-reporting channels", unit: "score01", polarity: "up", aggregation: "mean", aggregationNote: "AM", source: "S09", frequency: "monthly", availability: "OD-C", minValue: 0, maxValue: 1 },
  { code: "SRV-06", area: "SRV", nameIt: "Raccolta valutazioni esperienza d'uso (C.SI.2.5–2.6)", nameEn: "User-feedback collection on pages and service sheets", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH", source: "S09", frequency: "monthly", availability: "OD-C", minValue: 0, maxValue: 1 },
  { code: "SRV-07", area: "SRV", nameIt: "Almeno un servizio interamente online (dall'avvio alla conclusione)", nameEn: "At least one service fully online end-to-end", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH, PWS", source: "S15; ISTAT 2022 national value 70.4% of Comuni", frequency: "annual", availability: "SRV (OD-R for calibration)", minValue: 0, maxValue: 1 },
  { code: "SRV-08", area: "SRV", nameIt: "Copertura dei servizi prioritari eGovernment benchmark di competenza comunale", nameEn: "Coverage of eGovernment-benchmark priority services within municipal competence", unit: "percent", polarity: "up", aggregation: "mean", aggregationNote: "AM, PWM", source: "S15 checklist built from PT 2024-26 *Strumento 3* (life events: famiglia, avvio d'impresa, mobilità, …)", frequency: "annual", availability: "SRV", minValue: 0, maxValue: 100 },
  { code: "SRV-09", area: "SRV", nameIt: "Dominio istituzionale e HTTPS valido (C.SI.5.1–5.2)", nameEn: "Institutional domain and valid HTTPS certificate", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH", source: "S09", frequency: "monthly", availability: "OD-C", minValue: 0, maxValue: 1 },
  { code: "SRV-10", area: "SRV", nameIt: "Prestazioni del sito (C.SI.4.1, Lighthouse)", nameEn: "Website performance score", unit: "index100", polarity: "up", aggregation: "median", aggregationNote: "MED", source: "S09 (Lighthouse run)", frequency: "monthly", availability: "OD-C", minValue: 0, maxValue: 100 },
  { code: "SRV-11", area: "SRV", nameIt: "SUAP/SUE telematici", nameEn: "Online one-stop shops for business (SUAP) and building permits (SUE)", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH", source: "S15 [U national open data]; PT RA4.1.7 (catalogue of SUAP/SUE procedures)", frequency: "annual", availability: "SRV", minValue: 0, maxValue: 1 },
  { code: "PAY-01", area: "PAY", nameIt: "Progetto 1.4.3 pagoPA completato (E)", nameEn: "pagoPA adoption project (1.4.3) completed", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH, PWS", source: "S01 file 143 (pagoPA avvisi) `E`", frequency: "daily", availability: "OD-C", minValue: 0, maxValue: 1, target: 1, targetDeadline: "2026-06-30", targetNote: "PNRR M1C1, T2 2026" },
  { code: "PAY-02", area: "PAY", nameIt: "Tipologie di servizi di incasso attive su pagoPA", nameEn: "pagoPA collection-service types active", unit: "count", polarity: "up", aggregation: "mean", aggregationNote: "AM, MED, SH(≥35)", source: "pagoPA back-office / Area Riservata [U open per-ente data]; PNRR M1C1-149 target: **35 services on average per Comune**", frequency: "quarterly", availability: "ADM", minValue: 0, maxValue: 100000, target: 35, targetDeadline: "2026-06-30", targetNote: "PNRR M1C1-149: 35 servizi in media per Comune" },
  { code: "PAY-03", area: "PAY", nameIt: "Transazioni pagoPA per abitante", nameEn: "pagoPA transactions per inhabitant", unit: "per_inh", polarity: "up", aggregation: "ratio", aggregationNote: "RAT", source: "per-Comune counts not in S05 [U]; national 2025: 448.7 M transactions, €100.5 bn, 19,584 enti creditori", frequency: "monthly", availability: "ADM (OD-R context)", minValue: 0, maxValue: 10000 },
  { code: "PAY-04", area: "PAY", nameIt: "Progetto 1.4.3 App IO completato (E)", nameEn: "App IO adoption project (1.4.3) completed", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH, PWS", source: "S01 file 143 (app IO avvisi) `E`", frequency: "daily", availability: "OD-C", minValue: 0, maxValue: 1, target: 1, targetDeadline: "2026-06-30", targetNote: "PNRR M1C1, T2 2026" },
  { code: "PAY-05", area: "PAY", nameIt: "Servizi pubblicati su App IO", nameEn: "Services published on App IO", unit: "count", polarity: "up", aggregation: "sum", aggregationNote: "SUM, AM, SH(≥35)", source: "IO public service list (a public script reads `assets.cdn.io.italia.it/services-webview/visible-services-extended.json` [U still online]); target **35 on average per Comune** (M1C1-150)", frequency: "monthly", availability: "OD-C [U]", minValue: 0, maxValue: 100000, target: 35, targetDeadline: "2026-06-30", targetNote: "PNRR M1C1-150: 35 servizi in media per Comune" },
  { code: "PAY-06", area: "PAY", nameIt: "Ente attivo su SEND (≥1 notifica inviata)", nameEn: "Active on SEND (sent ≥1 legal notification)", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH, PWS", source: "S01 file 145 `E` as proxy; S05 regional `percentuale_comuni` (\"comuni su SEND\") for calibration; S05 `enti_su_send` counts \"enti che hanno inviato almeno una notifica\"", frequency: "daily", availability: "OD-C (proxy)", minValue: 0, maxValue: 1, target: 1, targetDeadline: "2026-06-30", targetNote: "PNRR M1C1, T2 2026" },
  { code: "PAY-07", area: "PAY", nameIt: "Quota notifiche SEND recapitate in digitale", nameEn: "Share of SEND notifications delivered digitally", unit: "percent", polarity: "up", aggregation: "ratio", aggregationNote: "RAT", source: "S05 `notifiche_per_mese` (national); per-ente [U]", frequency: "monthly", availability: "OD-R/ADM", minValue: 0, maxValue: 100 },
  { code: "IDA-01", area: "IDA", nameIt: "Accesso ai servizi online con SPID e CIE (1.4.4 completato)", nameEn: "SPID and CIE login on online services (1.4.4 completed)", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH, PWS", source: "S01 file 144 (SPID/CIE avvisi) `E`; AgID/IPZS federation lists [U]", frequency: "daily", availability: "OD-C", minValue: 0, maxValue: 1, target: 1, targetDeadline: "2026-06-30", targetNote: "PNRR M1C1, T2 2026" },
  { code: "IDA-02", area: "IDA", nameIt: "Autenticazioni SPID/CIE sui servizi comunali per abitante", nameEn: "eID authentications on municipal services per inhabitant", unit: "per_inh", polarity: "up", aggregation: "ratio", aggregationNote: "RAT", source: "AgID/IPZS [U per-ente data]; PT RA4.1.4 national targets", frequency: "quarterly", availability: "ADM", minValue: 0, maxValue: 10000 },
  { code: "IDA-03", area: "IDA", nameIt: "Subentro in ANPR completato (data)", nameEn: "ANPR takeover completed (date)", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH, PWS (`com_sub`, `pop_sub`)", source: "S08 `DataSubentro`", frequency: "one-off", availability: "OD-C (historic)", minValue: 0, maxValue: 1 },
  { code: "IDA-04", area: "IDA", nameIt: "Servizi elettorali su ANPR (liste elettorali digitali)", nameEn: "ANPR electoral services adopted", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH, PWS", source: "S15 / Ministero dell'Interno [U]; PT RA4.2.1 target 100% of Comuni in 2024", frequency: "quarterly", availability: "SRV/ADM", minValue: 0, maxValue: 1, target: 1, targetDeadline: "2024-12-31", targetNote: "Piano Triennale RA4.2.1: 100% dei Comuni nel 2024" },
  { code: "IDA-05", area: "IDA", nameIt: "Stato civile digitale su ANSC (1.4.4 ANSC completato)", nameEn: "Digital civil-status registers on ANSC", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH, PWS", source: "S01 file 144 (avvisi \"Adozione ANPR ANSC – Comuni\" 2024/2025) `E`; PT RA4.2.1 target 100% in 2025", frequency: "daily", availability: "OD-C", minValue: 0, maxValue: 1, target: 1, targetDeadline: "2026-06-30", targetNote: "PNRR M1C1, T2 2026" },
  { code: "DOC-01", area: "DOC", nameIt: "PEC istituzionale registrata in IPA", nameEn: "Institutional certified e-mail (PEC) registered in IPA", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH", source: "S07 (mail of type `pec` on the ente/AOO)", frequency: "monthly", availability: "OD-C", minValue: 0, maxValue: 1 },
  { code: "DOC-02", area: "DOC", nameIt: "Dati IPA aggiornati negli ultimi 12 mesi", nameEn: "IPA record updated in the last 12 months", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH", source: "S07 update date [U field name]", frequency: "monthly", availability: "OD-C", minValue: 0, maxValue: 1 },
  { code: "DOC-03", area: "DOC", nameIt: "Atti (determine e delibere) nativi digitali", nameEn: "Administrative acts born digital", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH", source: "S15/S12 (2024: 75% of respondents had digitised determine and delibere)", frequency: "annual", availability: "SRV", minValue: 0, maxValue: 1 },
  { code: "DOC-04", area: "DOC", nameIt: "Conservazione digitale a norma presso conservatore qualificato", nameEn: "Compliant long-term digital preservation", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH", source: "S15; PT cap.3 \"formazione, gestione e conservazione dei documenti informatici\" (RA3.3.1)", frequency: "annual", availability: "SRV", minValue: 0, maxValue: 1 },
  { code: "DOC-05", area: "DOC", nameIt: "Uso dei domicili digitali (INAD/INI-PEC) nelle comunicazioni", nameEn: "Use of registered digital domiciles (INAD/INI-PEC)", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH", source: "S15 [U]", frequency: "annual", availability: "SRV", minValue: 0, maxValue: 1 },
  { code: "DOC-06", area: "DOC", nameIt: "Licenza aperta e attribuzione dichiarate sul sito (C.SI.3.4)", nameEn: "Open licence statement on the website", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH", source: "S09", frequency: "monthly", availability: "OD-C", minValue: 0, maxValue: 1 },
  { code: "DOC-07", area: "DOC", nameIt: "Informativa privacy e cookie conformi (C.SI.3.1, C.SI.3.3)", nameEn: "Privacy notice and cookie compliance", unit: "score01", polarity: "up", aggregation: "mean", aggregationNote: "AM", source: "S09", frequency: "monthly", availability: "OD-C", minValue: 0, maxValue: 1 },
  { code: "ACC-01", area: "ACC", nameIt: "Dichiarazione di accessibilità pubblicata entro il 23 settembre (form.AGID)", nameEn: "Accessibility statement published by 23 September via form.AGID.gov.it", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH, PWS", source: "S14; S09 C.SI.3.2 checks the link on the site", frequency: "annual", availability: "ADM / OD-C (scan)", minValue: 0, maxValue: 1, target: 1, targetDeadline: "2026-09-23", targetNote: "Piano Triennale RA3.2.2: dichiarazione entro il 23 settembre" },
  { code: "ACC-02", area: "ACC", nameIt: "Obiettivi di accessibilità pubblicati entro il 31 marzo", nameEn: "Accessibility objectives published by 31 March", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH", source: "S14", frequency: "annual", availability: "ADM", minValue: 0, maxValue: 1 },
  { code: "ACC-03", area: "ACC", nameIt: "Stato di conformità dichiarato (conforme / parzialmente / non conforme)", nameEn: "Declared conformance status", unit: "score01", polarity: "up", aggregation: "mean", aggregationNote: "AM", source: "S14 (from the statement)", frequency: "annual", availability: "ADM", minValue: 0, maxValue: 1 },
  { code: "ACC-04", area: "ACC", nameIt: "Errori di accessibilità rilevati automaticamente per pagina", nameEn: "Automatically detected accessibility errors per page", unit: "per_page", polarity: "down", aggregation: "median", aggregationNote: "MED", source: "AgID monitoring (MAUVE; PNRR 1.4.2: 23,000 sites) [U open data]; or own automated scan", frequency: "semi-annual", availability: "ADM / scan", minValue: 0, maxValue: 10000 },
  { code: "ACC-05", area: "ACC", nameIt: "Punti di facilitazione digitale attivi per 10.000 abitanti", nameEn: "Digital facilitation points per 10,000 inhabitants", unit: "per_10k", polarity: "up", aggregation: "ratio", aggregationNote: "RAT", source: "Regional networks of PNRR 1.7.2 [U open data]", frequency: "annual", availability: "ADM", minValue: 0, maxValue: 1000 },
  { code: "SEC-01", area: "SEC", nameIt: "Referente e struttura per la cybersicurezza designati", nameEn: "Cybersecurity contact and unit designated", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH (by applicability)", source: "S15; **mandatory under L. 90/2024 for Comuni > 100,000 inh. and capoluoghi di regione** (may coincide with UTD/RTD); recommended elsewhere", frequency: "annual", availability: "SRV", minValue: 0, maxValue: 1 },
  { code: "SEC-02", area: "SEC", nameIt: "Procedura codificata di gestione degli incidenti", nameEn: "Codified ICT-security incident management", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH", source: "S15; ISTAT 2022: only 29.2% of local PAs", frequency: "annual", availability: "SRV (OD-R)", minValue: 0, maxValue: 1 },
  { code: "SEC-03", area: "SEC", nameIt: "Formazione sulla sicurezza informatica nell'ultimo anno", nameEn: "Cybersecurity training in the last year", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH", source: "S15; ISTAT 2020-22: 27.2% of local PAs", frequency: "annual", availability: "SRV (OD-R)", minValue: 0, maxValue: 1 },
  { code: "SEC-04", area: "SEC", nameIt: "Backup fuori sede e piano di disaster recovery testato", nameEn: "Off-site backup and tested disaster-recovery plan", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH", source: "S15", frequency: "annual", availability: "SRV", minValue: 0, maxValue: 1 },
  { code: "SEC-05", area: "SEC", nameIt: "Configurazione HTTPS/TLS del sito senza criticità", nameEn: "Website HTTPS/TLS configuration without issues", unit: "boolean", polarity: "up", aggregation: "share", aggregationNote: "SH", source: "S09 (C.SI.5.1 + informative security audit)", frequency: "monthly", availability: "OD-C (scan)", minValue: 0, maxValue: 1 },
  { code: "FIN-01", area: "FIN", nameIt: "Linee PA digitale 2026 con finanziamento attivo (su 9)", nameEn: "PA digitale 2026 lines funded per Comune (out of 9: 1.2, 1.3.1, 1.3.1-ANNCSU, 1.4.1, 1.4.3 pagoPA, 1.4.3 IO, 1.4.4 SPID/CIE, 1.4.4 ANSC, 1.4.5 — the public dashboard shows 8, without ANNCSU)", unit: "count", polarity: "up", aggregation: "mean", aggregationNote: "AM, distribution", source: "S01 (`A` or `E`)", frequency: "daily", availability: "OD-C", minValue: 0, maxValue: 100000 },
  { code: "FIN-02", area: "FIN", nameIt: "Importo PA digitale 2026 decretato per abitante", nameEn: "PA digitale 2026 funds awarded per inhabitant", unit: "eur_per_inh", polarity: "context", aggregation: "ratio", aggregationNote: "RAT", source: "S01 (A+E); S03 `importi_per_comune`", frequency: "daily", availability: "OD-C", minValue: 0, maxValue: 100000 },
  { code: "FIN-03", area: "FIN", nameIt: "Tasso di erogazione", nameEn: "Disbursement rate (paid ÷ awarded net of renunciations)", unit: "percent", polarity: "up", aggregation: "ratio", aggregationNote: "RAT", source: "S01 Σ E / Σ (A+E)", frequency: "daily", availability: "OD-C", minValue: 0, maxValue: 100 },
  { code: "FIN-04", area: "FIN", nameIt: "Tasso di rinuncia", nameEn: "Renunciation rate", unit: "percent", polarity: "down", aggregation: "ratio", aggregationNote: "RAT", source: "S01 Σ R / Σ (A+E+R)", frequency: "daily", availability: "OD-C", minValue: 0, maxValue: 100 },
  { code: "FIN-05", area: "FIN", nameIt: "Giorni dal decreto all'erogazione (mediana)", nameEn: "Median days from funding decree to disbursement", unit: "days", polarity: "down", aggregation: "median", aggregationNote: "MED", source: "S01 `data_stato_candidatura − data_finanziamento` for E", frequency: "daily", availability: "OD-C", minValue: 0, maxValue: 10000 },
  { code: "FIN-06", area: "FIN", nameIt: "Avanzamento finanziario progetti PNRR localizzati nel Comune (tutte le missioni)", nameEn: "Payment progress of all PNRR projects located in the Comune", unit: "percent", polarity: "up", aggregation: "ratio", aggregationNote: "RAT", source: "S04 Pagamenti_di_Progetto (`pagamenti_totali` ÷ `finanziamento_totale`) joined to Localizzazione by CUP+CLP", frequency: "monthly", availability: "OD-C", minValue: 0, maxValue: 100 },
  { code: "FIN-07", area: "FIN", nameIt: "Avanzamento finanziario progetti di coesione localizzati nel Comune", nameEn: "Payment progress of cohesion-policy projects located in the Comune", unit: "percent", polarity: "up", aggregation: "ratio", aggregationNote: "RAT", source: "OpenCoesione `TOT_PAGAMENTI ÷ OC_COSTO_COESIONE` (see §3.3); multi-site projects split by number of localizzazioni", frequency: "bimonthly", availability: "OD-C", minValue: 0, maxValue: 100 },
  { code: "FIN-08", area: "FIN", nameIt: "Progetti europei a gestione diretta con il Comune partner/capofila", nameEn: "Directly-managed EU projects with the Comune as partner/coordinator", unit: "count", polarity: "up", aggregation: "sum", aggregationNote: "SUM", source: "CORDIS / F&T (via PIC) [U]; SAPE register", frequency: "annual", availability: "SRV/ADM", minValue: 0, maxValue: 100000 },
];

/** Area weights of the composite index (FIN is reported apart: spending is not maturity). */
export const AREA_WEIGHTS_V1: Record<string, number> = { SRV: 20, PAY: 15, IDA: 10, DAT: 15, CLD: 10, ACC: 10, SEC: 10, GOV: 5, DOC: 5, FIN: 0 };

/** Upper goalposts of the counts and rates without a natural maximum (first methodology version). */
const UPPER_GOALPOSTS: Record<string, [number, number]> = {
  'CLD-03': [0, 10],
  'DAT-03': [0, 5],
  'DAT-05': [0, 20],
  'SRV-03': [0, 3.5],
  'PAY-02': [0, 35],
  'PAY-03': [0, 10],
  'PAY-05': [0, 35],
  'IDA-02': [0, 5],
  'ACC-04': [0, 30],
  'ACC-05': [0, 3],
  'FIN-01': [0, 9],
  'FIN-05': [180, 900],
  'FIN-08': [0, 3],
};

/** Fixed goalposts [lower, upper] of every scored indicator, from its unit or the table above. */
export function defaultGoalposts(seed: IndicatorSeed[] = DIGITAL_AGENDA_INDICATORS): Record<string, [number, number]> {
  const out: Record<string, [number, number]> = {};
  for (const i of seed) {
    if (i.polarity === 'context') continue;
    out[i.code] = UPPER_GOALPOSTS[i.code] ?? [i.minValue, i.maxValue];
  }
  return out;
}

/**
 * Loads the catalogue (new indicators added, wording of existing ones refreshed) and the first methodology
 * version when there is none. Later versions are created by the administrators and never overwritten here.
 */
export async function loadDigitalAgendaCatalogue(db: DbOrTx, seed: IndicatorSeed[] = DIGITAL_AGENDA_INDICATORS): Promise<number> {
  const rows = seed.map((i, n) => ({
    ...i,
    target: i.target ?? null,
    targetDeadline: i.targetDeadline ?? null,
    targetNote: i.targetNote ?? null,
    position: n,
  }));
  await db
    .insert(daIndicators)
    .values(rows)
    .onConflictDoUpdate({
      target: daIndicators.code,
      set: {
        area: sql`excluded.area`,
        nameIt: sql`excluded.name_it`,
        nameEn: sql`excluded.name_en`,
        unit: sql`excluded.unit`,
        polarity: sql`excluded.polarity`,
        aggregation: sql`excluded.aggregation`,
        aggregationNote: sql`excluded.aggregation_note`,
        source: sql`excluded.source`,
        frequency: sql`excluded.frequency`,
        availability: sql`excluded.availability`,
        minValue: sql`excluded.min_value`,
        maxValue: sql`excluded.max_value`,
        target: sql`excluded.target`,
        targetDeadline: sql`excluded.target_deadline`,
        targetNote: sql`excluded.target_note`,
        position: sql`excluded.position`,
      },
    });
  await db
    .insert(daMethodologyVersions)
    .values({ version: 1, validFrom: '2021-01-01', areaWeights: AREA_WEIGHTS_V1, goalposts: defaultGoalposts(seed), note: 'Prima versione: pesi per area e soglie fisse (min–max).' })
    .onConflictDoNothing();
  return rows.length;
}
