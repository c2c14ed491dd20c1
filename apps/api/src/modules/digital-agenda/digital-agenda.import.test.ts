import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { csvRecords, isIsoDate, parseAvvisiCsv, parseCandidatureCsv, parseValuesCsv, toCents, validateValuesCsv, VALUES_CSV_STEP, type ImportContext } from './digital-agenda.import.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const rules = [
  ['SRV-02', 0, 100, 'percent'],
  ['GOV-01', 0, 1, 'boolean'],
  ['CLD-01', 0, 1, 'boolean'],
  ['CLD-02', 0, 1, 'boolean'],
  ['DAT-01', 0, 1, 'boolean'],
  ['DAT-02', 0, 1, 'boolean'],
  ['PAY-01', 0, 1, 'boolean'],
  ['PAY-04', 0, 1, 'boolean'],
  ['PAY-06', 0, 1, 'boolean'],
  ['FIN-01', 0, 100000, 'count'],
  ['FIN-03', 0, 100, 'percent'],
  ['FIN-04', 0, 100, 'percent'],
  ['FIN-05', 0, 10000, 'days'],
] as const;
const ctx: ImportContext = {
  indicators: new Map(rules.map(([code, minValue, maxValue, unit]) => [code, { code, minValue, maxValue, unit }])),
  comuni: new Set(['028001', '028003', '029001', '028060']),
  // a Comune merged into Abano Terme (invented code for the test)
  variations: new Map([['028999', '028001']]),
  minPeriod: 2021,
  maxPeriod: 2026,
};
const valueOf = (values: { istatCode: string; indicatorCode: string; value: number }[], code: string, ind: string) =>
  values.find((v) => v.istatCode === code && v.indicatorCode === ind)?.value;

describe('PA digitale 2026 funded applications (exact open-data layout)', () => {
  const { report, values } = parseCandidatureCsv(fixture('candidature_finanziate_fixture.csv'), ctx, 2026);

  it('reads every row, skipping the entities that are not Comuni', () => {
    expect(report.errors).toEqual([]);
    expect(report.rows).toBe(7);
    expect(report.skipped).toBe(1);
    expect(report.valid).toBe(6);
  });
  it('marks a line funded on A or E and completed only on E (erogato after asseverazione)', () => {
    expect(valueOf(values, '028001', 'CLD-01')).toBe(1);
    expect(valueOf(values, '028001', 'CLD-02')).toBe(0);
    expect(valueOf(values, '028001', 'PAY-06')).toBe(1);
    expect(valueOf(values, '028001', 'PAY-01')).toBe(1);
    expect(valueOf(values, '028003', 'PAY-06')).toBe(0);
    expect(valueOf(values, '028003', 'DAT-01')).toBe(1);
    expect(valueOf(values, '028003', 'DAT-02')).toBe(1);
    expect(valueOf(values, '029001', 'PAY-04')).toBe(1);
    expect(valueOf(values, '029001', 'PAY-01')).toBeUndefined();
  });
  it('computes the financial indicators from the amounts in cents', () => {
    expect(valueOf(values, '028001', 'FIN-01')).toBe(3);
    // paid 23,147 + 10,000 of 80,147 awarded
    expect(valueOf(values, '028001', 'FIN-03')).toBeCloseTo((100 * 3314700) / 8014700, 10);
    expect(valueOf(values, '028001', 'FIN-04')).toBe(0);
    // renounced 18,000.50 of 38,000.50
    expect(valueOf(values, '028003', 'FIN-04')).toBeCloseTo((100 * 1800050) / 3800050, 10);
    expect(valueOf(values, '028003', 'FIN-01')).toBe(1);
  });
  it('takes the median days from the funding decree to disbursement: 540 and 365 days give 452.5', () => {
    expect(valueOf(values, '028001', 'FIN-05')).toBe(452.5);
    expect(valueOf(values, '028003', 'FIN-05')).toBe(366);
  });
  it('dates the values at the latest date of the file and marks their source', () => {
    expect(new Set(values.map((v) => v.observedOn))).toEqual(new Set(['2025-10-02']));
    expect(new Set(values.map((v) => v.source))).toEqual(new Set(['padigitale2026']));
  });
  it('maps the code of a merged Comune to the current one and says so', () => {
    const text = fixture('candidature_finanziate_fixture.csv').replace('Abano Terme,028001', 'Abano Terme,028999');
    const r = parseCandidatureCsv(text, ctx, 2026);
    expect(r.report.remapped).toEqual([{ line: 2, from: '028999', to: '028001' }]);
    expect(valueOf(r.values, '028001', 'PAY-06')).toBe(1);
  });
  it('rejects a file with unknown codes or states and answers no values', () => {
    const r = parseCandidatureCsv(fixture('candidature_finanziate_bad.csv'), ctx, 2026);
    expect(r.values).toEqual([]);
    expect(r.report.errors.map((e) => [e.line, e.field, e.code])).toEqual([
      [3, 'cod_comune', 'unknown_istat_code'],
      [4, 'stato_candidatura', 'out_of_range'],
    ]);
  });
  it('rejects a file without the columns of the layout', () => {
    const r = parseCandidatureCsv('codice_ipa,ente\nx,y\n', ctx, 2026);
    expect(r.report.errors.some((e) => e.field === 'stato_candidatura' && e.code === 'missing_column')).toBe(true);
  });
});

describe('PA digitale 2026 calls (avvisi.csv)', () => {
  it('reads the calls with amounts in integer cents and the list of recipients', () => {
    const { report, calls } = parseAvvisiCsv(fixture('avvisi_fixture.csv'));
    expect(report.errors).toEqual([]);
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatchObject({ status: 'PUBBLICATO', allocatedCents: 250000055, measureTotalCents: 55600000000, recipients: ['Province', 'Citta Metropolitane'], opensOn: '2026-03-02' });
  });
  it('converts decimal euros to cents exactly', () => {
    expect(toCents('2373876.0')).toBe(237387600);
    expect(toCents('0.1')).toBe(10);
    expect(toCents('18000.50')).toBe(1800050);
    expect(Number.isNaN(toCents('1e3'))).toBe(true);
  });
});

describe('values CSV', () => {
  it('reads semicolon-separated values with decimal commas', () => {
    const { report, staged } = parseValuesCsv(fixture('valori_fixture.csv'), ctx, { stage: true });
    expect(report.errors).toEqual([]);
    // ISTAT code, indicator, year, value (as written, with a decimal point), source, observation date
    expect(staged).toEqual(['028001\tSRV-02\t2026\t72.5\tcsv\t2026-05-10', '028003\tSRV-02\t2026\t61\tcsv\t2026-05-10', '029001\tGOV-01\t2026\t1\tcsv\t2026-04-30']);
    expect(report.byIndicator).toEqual({ 'SRV-02': 2, 'GOV-01': 1 });
  });
  it('reports out-of-range values, unknown codes and indicators, and duplicates, with their lines, and answers no values', () => {
    const { report, staged } = parseValuesCsv(fixture('valori_bad.csv'), ctx, { stage: true });
    expect(staged).toEqual([]);
    expect(report.errors.map((e) => [e.line, e.field, e.code])).toEqual([
      [2, 'valore', 'out_of_range'],
      [3, 'codice_istat', 'unknown_istat_code'],
      [5, 'codice_istat', 'duplicate'],
      [6, 'indicatore', 'unknown_indicator'],
    ]);
  });
  it('refuses booleans other than 0 and 1', () => {
    const { report } = parseValuesCsv('codice_istat;indicatore;anno;valore\n029001;GOV-01;2026;0.5\n', ctx);
    expect(report.errors[0]).toMatchObject({ line: 2, field: 'valore', code: 'out_of_range' });
  });
});

describe('the CSV reader of values files', () => {
  it('splits plain lines, trims fields, skips blank lines and a BOM, and accepts CRLF', () => {
    expect([...csvRecords('\uFEFFa; b ;c\r\n\r\n  \n1;2;3\n', ';')]).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });
  it('reads quoted fields with delimiters, doubled quotes and line ends inside', () => {
    expect([...csvRecords('x,"a, b","say ""hi""","two\nlines"\r\nlast,"",z', ',')]).toEqual([
      ['x', 'a, b', 'say "hi"', 'two\nlines'],
      ['last', '', 'z'],
    ]);
  });
});

describe('calendar dates of the values files', () => {
  it('accepts 29 February in leap years only, and refuses months and days that do not exist', () => {
    expect(['2024-02-29', '2000-02-29', '2026-12-31', '2026-04-30'].map(isIsoDate)).toEqual([true, true, true, true]);
    expect(['2026-02-29', '1900-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-1-10', '0000-01-01'].map(isIsoDate)).toEqual([false, false, false, false, false, false, false]);
  });
});

describe('values CSV read in steps', () => {
  it('tells the records read after every step, and reports at most 500 errors and a last one saying so', () => {
    const rows = Array.from({ length: VALUES_CSV_STEP * 2 + 5 }, () => '029001;GOV-01;2026;1');
    const steps = validateValuesCsv(`codice_istat;indicatore;anno;valore\n${rows.join('\n')}\n`, ctx);
    const told: number[] = [];
    let end = steps.next();
    for (; !end.done; end = steps.next()) told.push(end.value);
    expect(told).toEqual([VALUES_CSV_STEP, VALUES_CSV_STEP * 2]);
    // every line after the first repeats it
    const { errors, rows: read } = end.value.report;
    expect(read).toBe(rows.length);
    expect(errors).toHaveLength(501);
    expect(errors[0]).toMatchObject({ line: 3, code: 'duplicate', message: 'Valore già presente alla riga 2' });
    expect(errors[500]).toMatchObject({ line: 503, message: 'Troppi errori: elenco troncato' });
  });
  it('refuses numbers JavaScript would read but a decimal column would not (hexadecimal, Infinity, empty)', () => {
    const { report } = parseValuesCsv('codice_istat;indicatore;anno;valore\n029001;SRV-02;2026;0x10\n028001;SRV-02;2026;Infinity\n028003;SRV-02;2026;\n', ctx);
    expect(report.errors.map((e) => [e.line, e.code])).toEqual([
      [2, 'not_a_number'],
      [3, 'not_a_number'],
      [4, 'not_a_number'],
    ]);
  });
});
