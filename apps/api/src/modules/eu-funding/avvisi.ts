/**
 * Importer of the PA digitale 2026 open-data `avvisi.csv` layout (teamdigitale/padigitale2026-opendata):
 * `titolo,misura,data_inizio_bando,data_fine_bando,stato,totale_importo_stanziato,totale_importo_misura,soggetti_destinatari`.
 * Pure: it turns the text into normalised calls and the errors of each line; the service stores them.
 */
import { parse } from 'csv-parse/sync';
import { romeToUtc } from '../calendar/calendar.dates.js';
import { centsToDecimal, toCents } from './eu-funding.rules.js';

export const AVVISI_COLUMNS = [
  'titolo',
  'misura',
  'data_inizio_bando',
  'data_fine_bando',
  'stato',
  'totale_importo_stanziato',
  'totale_importo_misura',
  'soggetti_destinatari',
] as const;

/** The `soggetti_destinatari` labels of PA digitale 2026, mapped to the applicant types of the platform. */
const APPLICANTS: Record<string, string> = {
  comuni: 'comune',
  province: 'provincia',
  'citta metropolitane': 'citta_metropolitana',
  'città metropolitane': 'citta_metropolitana',
  'enti regionali': 'regione',
  scuole: 'scuola',
  asl: 'asl',
};

export interface ImportedCall {
  identifier: string;
  source: 'PA_DIGITALE_2026';
  programme: string;
  title: string;
  deadlineModel: 'rolling';
  opensAt: Date;
  closesAt: Date;
  deadlines: string[];
  budget: string | null;
  cofinancingRate: null;
  enteTypes: string[];
  topics: string[];
  /** PUBBLICATO | TERMINATO as published. */
  publishedState: string;
}
export interface AvvisiParseResult {
  calls: ImportedCall[];
  errors: { line: number; message: string }[];
}

const isDate = (v: string | undefined) => !!v && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;

/**
 * Each line becomes a call of the PNRR measure: open from the first day 00:00 to the last day 23:59:59 Europe/Rome,
 * a lump-sum ("importo forfettario") call with no co-financing rate, a window ("sportello") deadline model.
 * A call marked TERMINATO before its last day (funds exhausted) closes at `now`.
 */
export function parseAvvisi(csv: string, now: Date): AvvisiParseResult {
  const calls: ImportedCall[] = [];
  const errors: { line: number; message: string }[] = [];
  let records: Record<string, string>[];
  try {
    records = parse(csv.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true, relax_column_count: false }) as Record<string, string>[];
  } catch (err) {
    return { calls, errors: [{ line: 1, message: `Not a CSV file: ${(err as Error).message}` }] };
  }
  const header = records.length > 0 ? Object.keys(records[0]!) : csv.split(/\r?\n/, 1)[0]!.split(',');
  const missing = AVVISI_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) return { calls, errors: [{ line: 1, message: `Missing columns: ${missing.join(', ')}` }] };
  const seen = new Set<string>();
  records.forEach((r, i) => {
    const line = i + 2;
    const title = r.titolo ?? '';
    const problems: string[] = [];
    if (!title) problems.push('titolo is empty');
    if (!isDate(r.data_inizio_bando)) problems.push('data_inizio_bando is not a date');
    if (!isDate(r.data_fine_bando)) problems.push('data_fine_bando is not a date');
    let budget: string | null = null;
    if (r.totale_importo_stanziato) {
      try {
        budget = centsToDecimal(toCents(r.totale_importo_stanziato));
      } catch {
        problems.push('totale_importo_stanziato is not an amount');
      }
    }
    const enteTypes = [...new Set((r.soggetti_destinatari ?? '').split(';').map((s) => APPLICANTS[s.trim().toLowerCase()] ?? 'altro'))].filter((s) => s !== '');
    if (enteTypes.length === 0) problems.push('soggetti_destinatari is empty');
    if (seen.has(title)) problems.push('the same titolo appears twice');
    if (problems.length > 0) {
      errors.push({ line, message: problems.join('; ') });
      return;
    }
    seen.add(title);
    const opensAt = romeToUtc(r.data_inizio_bando!, '00:00:00');
    let closesAt = romeToUtc(r.data_fine_bando!, '23:59:59');
    if (closesAt < opensAt) {
      errors.push({ line, message: 'data_fine_bando precedes data_inizio_bando' });
      return;
    }
    const state = (r.stato ?? '').toUpperCase();
    if (state === 'TERMINATO' && closesAt > now) closesAt = now < opensAt ? opensAt : now;
    calls.push({
      identifier: title,
      source: 'PA_DIGITALE_2026',
      programme: `PNRR M1C1 ${r.misura}`.trim(),
      title,
      deadlineModel: 'rolling',
      opensAt,
      closesAt,
      deadlines: [closesAt.toISOString()],
      budget,
      cofinancingRate: null,
      enteTypes,
      topics: ['digitale'],
      publishedState: state,
    });
  });
  return { calls, errors };
}
