/**
 * Importers of indicator values: the platform's CSV layout and the PA digitale 2026 open-data files
 * (`candidature_finanziate_*.csv`, `avvisi.csv`). Pure parsing and validation: they answer the rows to stage and
 * a report; nothing is written unless the report has no errors.
 */
import { parse } from 'csv-parse/sync';
import { median } from './digital-agenda.maths.js';

export interface IndicatorRule {
  code: string;
  minValue: number;
  maxValue: number;
  unit: string;
}

export interface ImportContext {
  indicators: ReadonlyMap<string, IndicatorRule>;
  /** Current ISTAT codes of the Comuni. */
  comuni: ReadonlySet<string>;
  /** Old code → current code (merged or renamed Comuni). */
  variations: ReadonlyMap<string, string>;
  /** Years accepted. */
  minPeriod: number;
  maxPeriod: number;
}

export type IssueCode = 'unknown_istat_code' | 'unknown_indicator' | 'out_of_range' | 'not_a_number' | 'bad_period' | 'bad_date' | 'duplicate' | 'missing_column' | 'empty_file';

export interface ImportIssue {
  line: number;
  field: string;
  code: IssueCode;
  message: string;
}

export interface StagedValue {
  istatCode: string;
  indicatorCode: string;
  period: number;
  value: number;
  observedOn: string;
  source: string;
}

export interface ImportReport {
  rows: number;
  valid: number;
  errors: ImportIssue[];
  /** Codes of merged or renamed Comuni mapped to the current ones. */
  remapped: { line: number; from: string; to: string }[];
  /** Rows left out on purpose (e.g. entities that are not Comuni). */
  skipped: number;
  byIndicator: Record<string, number>;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_REPORTED_ERRORS = 500;

function readCsv(text: string): { header: string[]; records: string[][] } {
  const clean = text.replace(/^\uFEFF/, '');
  const firstLine = clean.slice(0, clean.indexOf('\n') >>> 0);
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ';' : ',';
  const records = parse(clean, { delimiter, relax_column_count: true, skip_empty_lines: true, trim: true, bom: true }) as string[][];
  const [header = [], ...rest] = records;
  return { header: header.map((h) => h.toLowerCase()), records: rest };
}

function newReport(): ImportReport {
  return { rows: 0, valid: 0, errors: [], remapped: [], skipped: 0, byIndicator: {} };
}
function issue(report: ImportReport, i: ImportIssue) {
  if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push(i);
  else if (report.errors.length === MAX_REPORTED_ERRORS) report.errors.push({ line: i.line, field: '', code: i.code, message: 'Troppi errori: elenco troncato' });
}

/** Maps a Comune's code to the current one; null when unknown. */
function currentCode(ctx: ImportContext, code: string): string | null {
  const c = code.padStart(6, '0');
  if (ctx.comuni.has(c)) return c;
  const mapped = ctx.variations.get(c);
  return mapped && ctx.comuni.has(mapped) ? mapped : null;
}

/** The platform's CSV layout: codice_istat; indicatore; anno; valore; data_rilevazione (optional). */
export const VALUES_CSV_COLUMNS = ['codice_istat', 'indicatore', 'anno', 'valore'] as const;

/**
 * The records of a CSV text one by one: quoted fields (with delimiters, doubled quotes or line ends inside) as in
 * RFC 4180, fields trimmed, blank lines skipped, a BOM ignored. Lines without quotes are split directly.
 */
export function* csvRecords(text: string, delimiter: string): Generator<string[]> {
  const n = text.length;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (pos < n) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = n;
    const line = text.slice(pos, text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl);
    if (line.indexOf('"') < 0) {
      pos = nl + 1;
      if (line.trim() === '') continue;
      const fields = line.split(delimiter);
      for (let k = 0; k < fields.length; k++) {
        const f = fields[k]!;
        // most fields have no spaces around them: trim only those that do
        if (f.charCodeAt(0) <= 32 || f.charCodeAt(f.length - 1) <= 32) fields[k] = f.trim();
      }
      yield fields;
      continue;
    }
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let i = pos;
    for (; i < n; i++) {
      const ch = text[i]!;
      if (quoted) {
        if (ch !== '"') field += ch;
        else if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else if (ch === '"') quoted = true;
      else if (ch === delimiter) {
        fields.push(field.trim());
        field = '';
      } else if (ch === '\n') break;
      else if (ch !== '\r') field += ch;
    }
    fields.push(field.trim());
    pos = i + 1;
    yield fields;
  }
}

/** The delimiter of a CSV text: `;` when its first line has more semicolons than commas. */
export function csvDelimiter(text: string): ';' | ',' {
  const eol = text.indexOf('\n');
  const first = eol < 0 ? text : text.slice(0, eol);
  return (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ';' : ',';
}

const INTEGER = /^[+-]?\d{1,9}(\.0*)?$/;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d{1,3})?$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** A real calendar day written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return y > 0 && m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && leap ? 29 : DAYS[m - 1]!);
}

/** Records read between two progress steps of `validateValuesCsv`. */
export const VALUES_CSV_STEP = 20_000;

export interface ValuesValidation {
  report: ImportReport;
  /** The checked values as staged lines (see `stagedLines`) when asked for and the report has no errors. */
  staged: string[];
  /** Current ISTAT codes of the Comuni the file refers to. */
  comuni: string[];
  /** The year of the first checked value. */
  firstPeriod: number | null;
}

/** A small memo of a pure check on strings that repeat (years, dates): a file holds few distinct ones. */
function memo<T>(f: (s: string) => T): (s: string) => T {
  const seen = new Map<string, T>();
  return (s) => {
    let r = seen.get(s);
    if (r === undefined) {
      r = f(s);
      if (seen.size < 10_000) seen.set(s, r);
    }
    return r;
  };
}

/**
 * Reads and checks a values CSV in one pass: unknown ISTAT codes (merged or renamed Comuni mapped to the current
 * code, as a warning), unknown indicators, years outside the programme, values that are not numbers or outside the
 * indicator's bounds, dates that are not calendar days, and a (Comune, indicator, year) given twice. Yields the
 * number of records read every `VALUES_CSV_STEP` records, so that a caller can report progress and let others run.
 * With `stage`, answers the checked values as staged lines; a value is kept as written (a decimal comma made a
 * point): PostgreSQL reads it to the same double.
 */
export function* validateValuesCsv(text: string, ctx: ImportContext, opts: { stage?: boolean } = {}): Generator<number, ValuesValidation> {
  const source = 'csv';
  const report = newReport();
  const records = csvRecords(text, csvDelimiter(text));
  const header = (records.next().value ?? []).map((h: string) => h.toLowerCase());
  const col = (name: string) => header.indexOf(name);
  for (const name of VALUES_CSV_COLUMNS) {
    if (col(name) < 0) issue(report, { line: 1, field: name, code: 'missing_column', message: `Colonna mancante: ${name}` });
  }
  if (report.errors.length) return { report, staged: [], comuni: [], firstPeriod: null };
  const [iCode, iInd, iYear, iValue, iDate] = [col('codice_istat'), col('indicatore'), col('anno'), col('valore'), col('data_rilevazione')];
  // Comuni and indicators by position: duplicates are found in one flat table of first lines
  const comuni = [...ctx.comuni];
  const comuneAt = new Map(comuni.map((c, k) => [c, k]));
  const indicators = [...ctx.indicators.values()];
  const indicatorAt = new Map(indicators.map((r, k) => [r.code, k]));
  const years = ctx.maxPeriod - ctx.minPeriod + 1;
  const firstLine = new Int32Array(comuni.length * indicators.length * years);
  const used = new Uint8Array(comuni.length);
  const perIndicator = new Int32Array(indicators.length);
  const yearOf = memo((s) => (INTEGER.test(s) ? Math.trunc(Number(s)) : Number.NaN));
  const dateOk = memo(isIsoDate);
  const staged: string[] = [];
  let firstPeriod: number | null = null;
  let line = 1;
  for (const r of records) {
    line++;
    report.rows++;
    if (report.rows % VALUES_CSV_STEP === 0) yield report.rows;
    const rawCode = r[iCode] ?? '';
    // a current code as written is the usual case: one lookup
    let comune = comuneAt.get(rawCode);
    const code = comune !== undefined ? rawCode : currentCode(ctx, rawCode);
    if (comune === undefined && code) comune = comuneAt.get(code);
    const rawInd = r[iInd] ?? '';
    const k = indicatorAt.get(rawInd) ?? indicatorAt.get(rawInd.toUpperCase());
    const ind = k === undefined ? undefined : indicators[k];
    const rawYear = r[iYear] ?? '';
    const period = yearOf(rawYear);
    let rawValue = r[iValue] ?? '';
    if (rawValue.includes(',')) rawValue = rawValue.replace(',', '.');
    const value = DECIMAL.test(rawValue) ? Number(rawValue) : Number.NaN;
    const observedOn = (iDate >= 0 && r[iDate]) || `${Number.isFinite(period) ? period : rawYear}-12-31`;
    let ok = true;
    if (!code) {
      ok = false;
      issue(report, { line, field: 'codice_istat', code: 'unknown_istat_code', message: `Codice ISTAT sconosciuto: ${rawCode}` });
    } else {
      if (code !== rawCode && code !== rawCode.padStart(6, '0')) report.remapped.push({ line, from: rawCode, to: code });
      used[comune!] = 1;
    }
    if (!ind) {
      ok = false;
      issue(report, { line, field: 'indicatore', code: 'unknown_indicator', message: `Indicatore sconosciuto: ${rawInd}` });
    }
    if (!(period >= ctx.minPeriod && period <= ctx.maxPeriod)) {
      ok = false;
      issue(report, { line, field: 'anno', code: 'bad_period', message: `Anno fuori dal periodo ${ctx.minPeriod}–${ctx.maxPeriod}` });
    }
    if (!Number.isFinite(value)) {
      ok = false;
      issue(report, { line, field: 'valore', code: 'not_a_number', message: `Valore non numerico: ${rawValue}` });
    } else if (ind && (value < ind.minValue || value > ind.maxValue || (ind.unit === 'boolean' && value !== 0 && value !== 1))) {
      ok = false;
      issue(report, { line, field: 'valore', code: 'out_of_range', message: `Valore ${value} fuori dall'intervallo ${ind.minValue}–${ind.maxValue}` });
    }
    if (!dateOk(observedOn)) {
      ok = false;
      issue(report, { line, field: 'data_rilevazione', code: 'bad_date', message: `Data non valida: ${observedOn}` });
    }
    if (!ok || !code || !ind) continue;
    const slot = (comune! * indicators.length + k!) * years + (period - ctx.minPeriod);
    const first = firstLine[slot]!;
    if (first !== 0) {
      issue(report, { line, field: 'codice_istat', code: 'duplicate', message: `Valore già presente alla riga ${first}` });
      continue;
    }
    firstLine[slot] = line;
    firstPeriod ??= period;
    if (opts.stage && report.errors.length === 0) staged.push(stagedLine(code, ind.code, period, rawValue, source, observedOn));
    report.valid++;
    perIndicator[k!]!++;
  }
  if (report.rows === 0) issue(report, { line: 1, field: '', code: 'empty_file', message: 'Il file non contiene righe' });
  // by indicator, in the order of their first line in the file
  const firstOf = new Map<number, number>();
  for (let s = 0; s < firstLine.length; s++) {
    const l = firstLine[s]!;
    if (l === 0) continue;
    const k = Math.floor(s / years) % indicators.length;
    if (!firstOf.has(k) || l < firstOf.get(k)!) firstOf.set(k, l);
  }
  for (const [k] of [...firstOf].sort((a, b) => a[1] - b[1])) report.byIndicator[indicators[k]!.code] = perIndicator[k]!;
  return { report, staged: report.errors.length ? [] : staged, comuni: comuni.filter((_, c) => used[c]), firstPeriod };
}

/** `validateValuesCsv` run to its end at once. */
export function parseValuesCsv(text: string, ctx: ImportContext, opts: { stage?: boolean } = {}): ValuesValidation {
  const steps = validateValuesCsv(text, ctx, opts);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Checked values as the lines an import keeps until publication: ISTAT code, indicator, year, value, source and
 * observation date, separated by tabs.
 */
export const stagedLines = (values: readonly StagedValue[]): string[] => values.map((v) => stagedLine(v.istatCode, v.indicatorCode, v.period, v.value, v.source, v.observedOn));

function stagedLine(istatCode: string, indicator: string, period: number, value: number | string, source: string, observedOn: string): string {
  return `${istatCode}\t${indicator}\t${period}\t${value}\t${source}\t${observedOn}`;
}

/** The exact columns of PA digitale 2026 `candidature_finanziate_*.csv` (`misura` is absent from some files). */
export const CANDIDATURE_COLUMNS = [
  'codice_ipa', 'ente', 'tipologia_ente', 'comune', 'cod_comune', 'provincia', 'cod_provincia', 'regione', 'cod_regione',
  'importo_finanziamento', 'avviso', 'data_invio_candidatura', 'data_finanziamento', 'codice_cup', 'numero_finestra_temporale',
  'numero_di_protocollo', 'decreto_finanziamento', 'stato_candidatura', 'data_stato_candidatura',
] as const;

/** The PA digitale 2026 line of an application, from its measure and call title. */
export function lineOf(measure: string, call: string): string | null {
  const m = `${measure} ${call}`.toLowerCase();
  if (m.startsWith('1.2') || call.startsWith('1.2')) return '1.2';
  if (m.includes('1.3.1')) return m.includes('anncsu') ? '1.3.1-anncsu' : '1.3.1';
  if (m.includes('1.4.1')) return '1.4.1';
  if (m.includes('1.4.3')) return /\bio\b|app io|appio/.test(call.toLowerCase()) ? '1.4.3-io' : '1.4.3-pagopa';
  if (m.includes('1.4.4')) return m.includes('ansc') ? '1.4.4-ansc' : '1.4.4-spid';
  if (m.includes('1.4.5')) return '1.4.5';
  return null;
}

/** Indicators derived from a line: [funded (A or E), completed (E)]. */
const LINE_INDICATORS: Record<string, { funded?: string; completed?: string }> = {
  '1.2': { funded: 'CLD-01', completed: 'CLD-02' },
  '1.3.1': { funded: 'DAT-01', completed: 'DAT-02' },
  '1.3.1-anncsu': { funded: 'DAT-04' },
  '1.4.1': { completed: 'SRV-01' },
  '1.4.3-pagopa': { completed: 'PAY-01' },
  '1.4.3-io': { completed: 'PAY-04' },
  '1.4.4-spid': { completed: 'IDA-01' },
  '1.4.4-ansc': { completed: 'IDA-05' },
  '1.4.5': { completed: 'PAY-06' },
};

interface Application {
  line: string;
  state: 'A' | 'R' | 'E';
  amountCents: number;
  fundedOn: string | null;
  stateOn: string | null;
}

/** A decimal amount in euros ("2373876.0") as integer cents, without floating-point sums. */
export const toCents = (s: string): number => {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s.trim());
  if (!m) return Number.NaN;
  const frac = `${m[2] ?? ''}000`.slice(0, 3);
  return Number(m[1]) * 100 + Math.round(Number(frac) / 10);
};
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);

/**
 * PA digitale 2026 funded applications → values of the Comuni for `period`: per line, funded (A or E) and
 * completed (E, "erogato" after asseverazione); FIN-01 lines funded, FIN-03 disbursement rate Σ E / Σ (A+E),
 * FIN-04 renunciation rate Σ R / Σ (A+E+R), FIN-05 median days from the funding decree to disbursement.
 * Rows of other entity types, or without a Comune code (`N/D`), are skipped.
 */
export function parseCandidatureCsv(text: string, ctx: ImportContext, period: number): { report: ImportReport; values: StagedValue[] } {
  const report = newReport();
  const { header, records } = readCsv(text);
  for (const name of CANDIDATURE_COLUMNS) {
    if (!header.includes(name)) issue(report, { line: 1, field: name, code: 'missing_column', message: `Colonna mancante: ${name}` });
  }
  if (report.errors.length) return { report, values: [] };
  if (records.length === 0) issue(report, { line: 1, field: '', code: 'empty_file', message: 'Il file non contiene righe' });
  if (period < ctx.minPeriod || period > ctx.maxPeriod) issue(report, { line: 1, field: 'anno', code: 'bad_period', message: `Anno fuori dal periodo ${ctx.minPeriod}–${ctx.maxPeriod}` });
  const at = (r: string[], name: string) => r[header.indexOf(name)] ?? '';
  const byComune = new Map<string, Application[]>();
  const seen = new Map<string, number>();
  let lastDate = "";
  records.forEach((r, idx) => {
    const line = idx + 2;
    report.rows++;
    if (at(r, 'tipologia_ente') !== 'Comuni' || at(r, 'cod_comune') === 'N/D' || at(r, 'cod_comune') === '') {
      report.skipped++;
      return;
    }
    const raw = at(r, 'cod_comune');
    const code = currentCode(ctx, raw);
    if (!code) {
      issue(report, { line, field: 'cod_comune', code: 'unknown_istat_code', message: `Codice ISTAT sconosciuto: ${raw}` });
      return;
    }
    if (code !== raw.padStart(6, '0')) report.remapped.push({ line, from: raw, to: code });
    const state = at(r, 'stato_candidatura');
    if (state !== 'A' && state !== 'R' && state !== 'E') {
      issue(report, { line, field: 'stato_candidatura', code: 'out_of_range', message: `Stato della candidatura non previsto: ${state} (A, R, E)` });
      return;
    }
    const amountCents = toCents(at(r, 'importo_finanziamento'));
    if (!Number.isFinite(amountCents) || amountCents < 0) {
      issue(report, { line, field: 'importo_finanziamento', code: 'not_a_number', message: `Importo non valido: ${at(r, 'importo_finanziamento')}` });
      return;
    }
    const ln = lineOf(at(r, 'misura'), at(r, 'avviso'));
    if (!ln) {
      issue(report, { line, field: 'avviso', code: 'unknown_indicator', message: `Misura non riconosciuta: ${at(r, 'misura') || at(r, 'avviso')}` });
      return;
    }
    const cup = at(r, 'codice_cup');
    const key = `${code}|${ln}|${cup}|${at(r, 'numero_finestra_temporale')}`;
    if (cup && seen.has(key)) {
      issue(report, { line, field: 'codice_cup', code: 'duplicate', message: `Candidatura già presente alla riga ${seen.get(key)}` });
      return;
    }
    seen.set(key, line);
    const fundedOn = ISO_DATE.test(at(r, 'data_finanziamento')) ? at(r, 'data_finanziamento') : null;
    const stateOn = ISO_DATE.test(at(r, 'data_stato_candidatura')) ? at(r, 'data_stato_candidatura') : null;
    for (const d of [fundedOn, stateOn]) if (d && d > lastDate) lastDate = d;
    const list = byComune.get(code) ?? [];
    list.push({ line: ln, state, amountCents, fundedOn, stateOn });
    byComune.set(code, list);
    report.valid++;
  });
  if (report.errors.length) return { report, values: [] };
  const values: StagedValue[] = [];
  const push = (istatCode: string, indicatorCode: string, value: number) => {
    if (!ctx.indicators.has(indicatorCode)) return;
    values.push({ istatCode, indicatorCode, period, value, observedOn: lastDate || `${period}-12-31`, source: "padigitale2026" });
    report.byIndicator[indicatorCode] = (report.byIndicator[indicatorCode] ?? 0) + 1;
  };
  for (const [code, apps] of byComune) {
    const lines = new Set(apps.map((a) => a.line));
    for (const ln of lines) {
      const mine = apps.filter((a) => a.line === ln);
      const rule = LINE_INDICATORS[ln]!;
      if (rule.funded) push(code, rule.funded, mine.some((a) => a.state !== 'R') ? 1 : 0);
      if (rule.completed) push(code, rule.completed, mine.some((a) => a.state === 'E') ? 1 : 0);
    }
    push(code, 'FIN-01', new Set(apps.filter((a) => a.state !== 'R').map((a) => a.line)).size);
    const sum = (s: (a: Application) => boolean) => apps.filter(s).reduce((t, a) => t + a.amountCents, 0);
    const awarded = sum((a) => a.state !== 'R');
    if (awarded > 0) push(code, 'FIN-03', (100 * sum((a) => a.state === 'E')) / awarded);
    const all = sum(() => true);
    if (all > 0) push(code, 'FIN-04', (100 * sum((a) => a.state === 'R')) / all);
    const days = apps.filter((a) => a.state === 'E' && a.fundedOn && a.stateOn).map((a) => daysBetween(a.fundedOn!, a.stateOn!));
    const med = median(days);
    if (med !== null) push(code, 'FIN-05', med);
  }
  return { report, values };
}

export const AVVISI_COLUMNS = ['titolo', 'misura', 'data_inizio_bando', 'data_fine_bando', 'stato', 'totale_importo_stanziato', 'totale_importo_misura', 'soggetti_destinatari'] as const;

export interface StagedCall {
  title: string;
  measure: string;
  opensOn: string | null;
  closesOn: string | null;
  status: string;
  allocatedCents: number | null;
  measureTotalCents: number | null;
  recipients: string[];
}

/** PA digitale 2026 `avvisi.csv` → the calls, with amounts in integer cents. */
export function parseAvvisiCsv(text: string): { report: ImportReport; calls: StagedCall[] } {
  const report = newReport();
  const { header, records } = readCsv(text);
  for (const name of AVVISI_COLUMNS) {
    if (!header.includes(name)) issue(report, { line: 1, field: name, code: 'missing_column', message: `Colonna mancante: ${name}` });
  }
  if (report.errors.length) return { report, calls: [] };
  const at = (r: string[], name: string) => r[header.indexOf(name)] ?? '';
  const calls: StagedCall[] = [];
  const seen = new Map<string, number>();
  records.forEach((r, idx) => {
    const line = idx + 2;
    report.rows++;
    const title = at(r, 'titolo');
    if (seen.has(title)) {
      issue(report, { line, field: 'titolo', code: 'duplicate', message: `Avviso già presente alla riga ${seen.get(title)}` });
      return;
    }
    seen.set(title, line);
    const status = at(r, 'stato');
    if (status !== 'PUBBLICATO' && status !== 'TERMINATO') {
      issue(report, { line, field: 'stato', code: 'out_of_range', message: `Stato non previsto: ${status}` });
      return;
    }
    const cents = (s: string) => (s === '' ? null : toCents(s));
    const allocated = cents(at(r, 'totale_importo_stanziato'));
    const total = cents(at(r, 'totale_importo_misura'));
    if ((allocated !== null && !Number.isFinite(allocated)) || (total !== null && !Number.isFinite(total))) {
      issue(report, { line, field: 'totale_importo_stanziato', code: 'not_a_number', message: 'Importo non valido' });
      return;
    }
    const date = (s: string) => (ISO_DATE.test(s) ? s : null);
    calls.push({
      title,
      measure: at(r, 'misura'),
      opensOn: date(at(r, 'data_inizio_bando')),
      closesOn: date(at(r, 'data_fine_bando')),
      status,
      allocatedCents: allocated,
      measureTotalCents: total,
      recipients: at(r, 'soggetti_destinatari').split(';').map((s) => s.trim()).filter(Boolean),
    });
    report.valid++;
  });
  return { report, calls: report.errors.length ? [] : calls };
}
