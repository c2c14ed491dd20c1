import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../src/client.js';
import * as tables from '../../src/schema/index.js';
/**
 * Procurement rules of D.Lgs. 36/2023 (as amended by D.Lgs. 209/2024) used by the SUA procedure advisor:
 * EU thresholds, the national under-threshold bands, qualification limits, award-criterion limits and time limits.
 * Every value is dated: the advisor picks the row valid on the date of the decision, never a constant in code.
 *
 * Keys (unit):
 *  EU thresholds (art. 14; the Commission's delegated regulations of 2023 for 2024-2025 and 2025/2150-2152 for 2026-2027):
 *   EU_WORKS (EUR)            works and concessions, settori ordinari
 *   EU_SF_SUBCENTRAL (EUR)    supplies and services of sub-central authorities (Province, Comuni, Regioni, ASL)
 *   EU_SF_CENTRAL (EUR)       supplies and services of central government authorities
 *   EU_SOCIAL (EUR)           social and other specific services (Allegato XIV dir. 2014/24/EU, fixed by the directive)
 *   EU_SPECIAL_SF (EUR)       special sectors, supplies, services and design contests
 *   EU_SPECIAL_WORKS (EUR)    special sectors, works
 *  Under-threshold bands (art. 50 c.1); every "_MAX" is an exclusive upper limit ("inferiore a"):
 *   AD_MICRO_MAX (EUR)        direct awards under this amount use PCP scheda AD5 and may derogate from rotation (art. 49 c.6)
 *   AD_SELF_DECLARATION_MAX (EUR) under this amount requirements are self-declared and checked on a sample (art. 52 c.1)
 *   AD_WORKS_MAX (EUR)        affidamento diretto for works (lett. a)
 *   AD_SF_MAX (EUR)           affidamento diretto for services and supplies, SIA included (lett. b)
 *   NEG5_WORKS_MAX (EUR)      negoziata with at least 5 operators for works from AD_WORKS_MAX (lett. c); from here up
 *                             to the EU threshold at least 10 operators (lett. d)
 *   NEG_WORKS_MIN_OPERATORS_LOW (count)  lett. c
 *   NEG_WORKS_MIN_OPERATORS_HIGH (count) lett. d
 *   NEG_SF_MIN_OPERATORS (count)         lett. e
 *  Qualification of stazioni appaltanti (art. 62 c.1; art. 63 c.2):
 *   QUAL_FREE_SF_MAX (EUR)    services and supplies under this amount need no qualification (exclusive)
 *   QUAL_FREE_WORKS_MAX (EUR) works up to this amount need no qualification ("pari o inferiore", inclusive)
 *   SUA_SF3_MAX, SUA_SF2_MAX (EUR)  services and supplies covered by levels SF3 and SF2 ("fino a", inclusive);
 *                                   SF1 has no limit
 *   SUA_L3_MAX (EUR)          works covered by level L3 ("fino a", inclusive); L2 covers works up to EU_WORKS, L1 no limit
 *  Programming (art. 37 c.1): PROGRAMME_WORKS_MIN, PROGRAMME_SF_MIN (EUR) from which a purchase enters the programme
 *  Award criteria (art. 108): OEPV_MANDATORY_MIN (EUR) for technical/intellectual and innovative contracts (c.2 lett. b-c);
 *   PRICE_CAP_LABOUR_PERCENT (percent) maximum weight of price for labour-intensive services (c.4)
 *  Time limits (days): STANDSTILL_DAYS (art. 18 c.3), MIN_DAYS_APERTA (art. 71 c.2), MIN_DAYS_APERTA_URGENT (art. 71 c.3),
 *   MIN_DAYS_RISTRETTA_REQUESTS (art. 72 c.2), MIN_DAYS_RISTRETTA_OFFERS (art. 72 c.3), MIN_DAYS_COMPETITIVA (art. 73),
 *   MIN_DAYS_DIALOGO (art. 74), MIN_DAYS_PARTENARIATO (art. 75), STIPULA_DAYS_ABOVE (art. 18 c.2),
 *   STIPULA_DAYS_BELOW (art. 55 c.1), OFFER_VALIDITY_DAYS (art. 17 c.4),
 *   FVOE_FALLBACK_DAYS (art. 99 c.3-bis); SOA_WORKS_MIN (art. 100 c.4) and ANTIMAFIA_COMMUNICATION_MIN (EUR, d.lgs. 159/2011), CHECK_EXPIRY_WARNING_DAYS (warning before evidence expires)
 */
export interface ProcurementRuleSeed {
  key: string;
  /** Exact decimal, never a float. */
  value: string;
  unit: 'EUR' | 'days' | 'percent' | 'count';
  /** YYYY-MM-DD, inclusive. */
  validFrom: string;
  /** YYYY-MM-DD, inclusive; null while in force. */
  validTo: string | null;
  legalBasis: string;
  noteIt: string;
  noteEn: string;
}

/** Changes whenever a row below is added or amended, so stored advice can tell which rules produced it. */
export const procurementRulesVersion = '2026-01-01.1';

/** The Code's provisions apply from 1 July 2023 (art. 229 c.2). */
const CODE_FROM = '2023-07-01';
const P1 = { validFrom: '2024-01-01', validTo: '2025-12-31' };
const P2 = { validFrom: '2026-01-01', validTo: '2027-12-31' };
const REG_P1 = 'art. 14 c.1 d.lgs. 36/2023; regolamenti delegati (UE) del 2023 sulle soglie 2024-2025';
const REG_P2 = 'art. 14 c.1 d.lgs. 36/2023; Reg. delegato (UE) 2025/2152';
const REG_UTIL_P1 = 'art. 14 c.2 d.lgs. 36/2023; regolamenti delegati (UE) del 2023 sulle soglie 2024-2025';
const REG_UTIL_P2 = 'art. 14 c.2 d.lgs. 36/2023; Reg. delegato (UE) 2025/2150';

const euro = (key: string, value: string, period: { validFrom: string; validTo: string | null }, legalBasis: string, noteIt: string, noteEn: string): ProcurementRuleSeed =>
  ({ key, value, unit: 'EUR', ...period, legalBasis, noteIt, noteEn });
const days = (key: string, value: string, legalBasis: string, noteIt: string, noteEn: string, validFrom = CODE_FROM, validTo: string | null = null): ProcurementRuleSeed =>
  ({ key, value, unit: 'days', validFrom, validTo, legalBasis, noteIt, noteEn });
const always = { validFrom: CODE_FROM, validTo: null };

export const procurementRules: ProcurementRuleSeed[] = [
  // EU thresholds, art. 14
  euro('EU_WORKS', '5538000.00', P1, REG_P1, 'Soglia UE lavori e concessioni', 'EU threshold for works and concessions'),
  euro('EU_WORKS', '5404000.00', P2, REG_P2, 'Soglia UE lavori e concessioni', 'EU threshold for works and concessions'),
  euro('EU_SF_SUBCENTRAL', '221000.00', P1, REG_P1, 'Soglia UE servizi e forniture, amministrazioni sub-centrali', 'EU threshold for services and supplies, sub-central authorities'),
  euro('EU_SF_SUBCENTRAL', '216000.00', P2, REG_P2, 'Soglia UE servizi e forniture, amministrazioni sub-centrali', 'EU threshold for services and supplies, sub-central authorities'),
  euro('EU_SF_CENTRAL', '143000.00', P1, REG_P1, 'Soglia UE servizi e forniture, autorità governative centrali', 'EU threshold for services and supplies, central government authorities'),
  euro('EU_SF_CENTRAL', '140000.00', P2, REG_P2, 'Soglia UE servizi e forniture, autorità governative centrali', 'EU threshold for services and supplies, central government authorities'),
  euro('EU_SOCIAL', '750000.00', P1, 'art. 14 c.1 lett. d d.lgs. 36/2023; art. 4 dir. 2014/24/UE', 'Soglia UE servizi sociali e altri servizi specifici (Allegato XIV)', 'EU threshold for social and other specific services (Annex XIV)'),
  euro('EU_SOCIAL', '750000.00', P2, 'art. 14 c.1 lett. d d.lgs. 36/2023; art. 4 dir. 2014/24/UE', 'Soglia UE servizi sociali e altri servizi specifici (Allegato XIV)', 'EU threshold for social and other specific services (Annex XIV)'),
  euro('EU_SPECIAL_SF', '443000.00', P1, REG_UTIL_P1, 'Soglia UE settori speciali, servizi, forniture e concorsi di progettazione', 'EU threshold for utilities, services, supplies and design contests'),
  euro('EU_SPECIAL_SF', '432000.00', P2, REG_UTIL_P2, 'Soglia UE settori speciali, servizi, forniture e concorsi di progettazione', 'EU threshold for utilities, services, supplies and design contests'),
  euro('EU_SPECIAL_WORKS', '5538000.00', P1, REG_UTIL_P1, 'Soglia UE settori speciali, lavori', 'EU threshold for utilities, works'),
  euro('EU_SPECIAL_WORKS', '5404000.00', P2, REG_UTIL_P2, 'Soglia UE settori speciali, lavori', 'EU threshold for utilities, works'),

  // Under-threshold bands, art. 50 c.1 ("importo inferiore a")
  euro('AD_MICRO_MAX', '5000.00', always, 'art. 49 c.6; art. 50 c.1', 'Sotto questo importo: affidamento diretto con scheda AD5, rotazione derogabile', 'Under this amount: direct award on PCP form AD5, rotation may be waived'),
  euro('AD_SELF_DECLARATION_MAX', '40000.00', always, 'art. 52 c.1', 'Sotto questo importo i requisiti sono autodichiarati e verificati a campione', 'Under this amount requirements are self-declared and checked on a sample'),
  euro('AD_WORKS_MAX', '150000.00', always, 'art. 50 c.1 lett. a', 'Affidamento diretto di lavori sotto questo importo', 'Direct award of works under this amount'),
  euro('AD_SF_MAX', '140000.00', always, 'art. 50 c.1 lett. b', 'Affidamento diretto di servizi e forniture (anche SIA) sotto questo importo', 'Direct award of services and supplies (engineering included) under this amount'),
  euro('NEG5_WORKS_MAX', '1000000.00', always, 'art. 50 c.1 lett. c-d', 'Lavori: negoziata con almeno 5 operatori sotto questo importo, almeno 10 da questo importo alla soglia UE', 'Works: negotiated procedure with at least 5 operators under this amount, at least 10 from it to the EU threshold'),
  { key: 'NEG_WORKS_MIN_OPERATORS_LOW', value: '5', unit: 'count', ...always, legalBasis: 'art. 50 c.1 lett. c', noteIt: 'Operatori da consultare, lavori da 150.000 a meno di 1 milione', noteEn: 'Operators to consult, works from 150,000 to under 1 million' },
  { key: 'NEG_WORKS_MIN_OPERATORS_HIGH', value: '10', unit: 'count', ...always, legalBasis: 'art. 50 c.1 lett. d', noteIt: 'Operatori da consultare, lavori da 1 milione alla soglia UE', noteEn: 'Operators to consult, works from 1 million to the EU threshold' },
  { key: 'NEG_SF_MIN_OPERATORS', value: '5', unit: 'count', ...always, legalBasis: 'art. 50 c.1 lett. e', noteIt: 'Operatori da consultare, servizi e forniture da 140.000 alla soglia UE', noteEn: 'Operators to consult, services and supplies from 140,000 to the EU threshold' },

  // Qualification, art. 62 c.1 and art. 63 c.2 (levels named in Allegato II.4)
  euro('QUAL_FREE_SF_MAX', '140000.00', always, 'art. 62 c.1', 'Servizi e forniture sotto questo importo senza qualificazione', 'Services and supplies under this amount need no qualification'),
  euro('QUAL_FREE_WORKS_MAX', '500000.00', always, 'art. 62 c.1', 'Lavori fino a questo importo (compreso) senza qualificazione', 'Works up to and including this amount need no qualification'),
  euro('SUA_SF3_MAX', '750000.00', always, 'art. 63 c.2; Allegato II.4 art. 5', 'Qualificazione SF3 (primo livello): servizi e forniture fino a questo importo', 'Level SF3 (first): services and supplies up to this amount'),
  euro('SUA_SF2_MAX', '5000000.00', always, 'art. 63 c.2; Allegato II.4 art. 5', 'Qualificazione SF2 (secondo livello): servizi e forniture fino a questo importo', 'Level SF2 (second): services and supplies up to this amount'),
  euro('SUA_L3_MAX', '1000000.00', always, 'art. 63 c.2; Allegato II.4', 'Qualificazione L3 (primo livello): lavori fino a questo importo; L2 fino alla soglia UE', 'Level L3 (first): works up to this amount; L2 up to the EU threshold'),

  // Programming, art. 37 c.1
  euro('PROGRAMME_WORKS_MIN', '150000.00', always, 'art. 37 c.1; Allegato I.5', 'Lavori da inserire nel programma triennale da questo importo', 'Works enter the three-year programme from this amount'),
  euro('PROGRAMME_SF_MIN', '140000.00', always, 'art. 37 c.1; Allegato I.5', 'Acquisti di beni e servizi da inserire nel programma da questo importo', 'Purchases of goods and services enter the programme from this amount'),

  // Award criteria, art. 108
  euro('OEPV_MANDATORY_MIN', '140000.00', always, 'art. 108 c.2 lett. b-c', 'OEPV obbligatoria da questo importo per servizi tecnici/intellettuali e contratti innovativi', 'Best value mandatory from this amount for technical/intellectual services and innovative contracts'),
  { key: 'PRICE_CAP_LABOUR_PERCENT', value: '30', unit: 'percent', ...always, legalBasis: 'art. 108 c.4', noteIt: 'Peso massimo del prezzo nei servizi ad alta intensità di manodopera', noteEn: 'Maximum weight of price for labour-intensive services' },

  // Time limits
  days('STANDSTILL_DAYS', '35', 'art. 18 c.3 (testo originario)', 'Termine dilatorio prima della stipula', 'Standstill period before signature', CODE_FROM, '2024-12-30'),
  days('STANDSTILL_DAYS', '32', 'art. 18 c.3 come modificato dal d.lgs. 209/2024', 'Termine dilatorio prima della stipula', 'Standstill period before signature', '2024-12-31'),
  days('MIN_DAYS_APERTA', '30', 'art. 71 c.2', 'Procedura aperta: termine minimo di ricezione delle offerte', 'Open procedure: minimum time for receipt of tenders'),
  days('MIN_DAYS_APERTA_URGENT', '15', 'art. 71 c.3', 'Procedura aperta, urgenza motivata: termine minimo', 'Open procedure with stated urgency: minimum time'),
  days('MIN_DAYS_RISTRETTA_REQUESTS', '30', 'art. 72 c.2', 'Procedura ristretta: termine minimo per le domande di partecipazione', 'Restricted procedure: minimum time for requests to participate'),
  days('MIN_DAYS_RISTRETTA_OFFERS', '30', 'art. 72 c.3', 'Procedura ristretta: termine minimo per le offerte dall\u2019invito', 'Restricted procedure: minimum time for tenders from the invitation'),
  days('MIN_DAYS_COMPETITIVA', '30', 'art. 73', 'Competitiva con negoziazione: termine minimo per domande e offerte iniziali', 'Competitive procedure with negotiation: minimum time for requests and initial tenders'),
  days('MIN_DAYS_DIALOGO', '30', 'art. 74', 'Dialogo competitivo: termine minimo per le domande di partecipazione', 'Competitive dialogue: minimum time for requests to participate'),
  days('MIN_DAYS_PARTENARIATO', '30', 'art. 75', 'Partenariato per l\u2019innovazione: termine minimo per le domande di partecipazione', 'Innovation partnership: minimum time for requests to participate'),
  days('STIPULA_DAYS_ABOVE', '60', 'art. 18 c.2', 'Stipula entro questi giorni dall\u2019efficacia dell\u2019aggiudicazione (sopra soglia)', 'Signature within these days of the award becoming effective (above threshold)'),
  days('STIPULA_DAYS_BELOW', '30', 'art. 55 c.1', 'Stipula entro questi giorni dall\u2019aggiudicazione (sotto soglia)', 'Signature within these days of the award (under threshold)'),
  euro('SOA_WORKS_MIN', '150000.00', always, 'art. 100 c.4; Allegato II.12', 'Lavori: dall\u2019importo in su serve l\u2019attestazione SOA', 'Works: from this amount a SOA attestation is required'),
  euro('ANTIMAFIA_COMMUNICATION_MIN', '150000.00', always, 'd.lgs. 159/2011 art. 83 c.3 lett. e)', 'Sopra questo importo si acquisisce la comunicazione antimafia', 'Above this amount the antimafia communication is acquired'),
  days('FVOE_FALLBACK_DAYS', '30', 'art. 99 c.3-bis (introdotto dal d.lgs. 209/2024)', 'Se il FVOE non funziona, dopo questi giorni dalla proposta si può aggiudicare sulle autocertificazioni', 'If the FVOE does not work, after these days from the proposal the award may rest on self-declarations'),
  days('CHECK_EXPIRY_WARNING_DAYS', '30', 'art. 99; prassi', 'Preavviso di scadenza delle certificazioni acquisite nelle verifiche', 'Warning before the evidence of a requirement check expires'),
  days('OFFER_VALIDITY_DAYS', '180', 'art. 17 c.4', 'Validità dell\u2019offerta se il bando non dispone diversamente', 'Validity of a tender unless the call sets otherwise'),
];

/**
 * Loads the rules into `procurement_rules`: rows of a new release appear and corrected values replace old ones
 * (key and start date identify a row). Returns the number of rows written.
 */
export async function loadProcurementRules(db: DbOrTx, seed: ProcurementRuleSeed[] = procurementRules): Promise<number> {
  if (!seed.length) return 0;
  const rows = await db
    .insert(tables.procurementRules)
    .values(seed)
    .onConflictDoUpdate({
      target: [tables.procurementRules.key, tables.procurementRules.validFrom],
      set: {
        value: sql`excluded.value`,
        unit: sql`excluded.unit`,
        validTo: sql`excluded.valid_to`,
        legalBasis: sql`excluded.legal_basis`,
        noteIt: sql`excluded.note_it`,
        noteEn: sql`excluded.note_en`,
      },
    })
    .returning({ key: tables.procurementRules.key });
  return rows.length;
}
