/**
 * The platform's values CSV validated in the database: the file is streamed with COPY into a temporary staging
 * table (all text), then checked with set-based SQL (unknown ISTAT codes through the Comuni and the ISTAT
 * variations, out-of-range values through the indicators' bounds, duplicates with a window) and, when the report
 * has no errors, copied into the import's rows with one insert-select. No row travels one by one. The report is
 * the same as `parseValuesCsv`'s (lines, fields, codes and messages).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { copyFrom, rowsOf, type DbOrTx } from '@app/db';
import { VALUES_CSV_COLUMNS, type ImportIssue, type ImportReport } from './digital-agenda.import.js';

const MAX_REPORTED_ERRORS = 500;
/** Records per COPY chunk: progress is reported after each. */
const CHUNK_RECORDS = 20_000;

export interface CsvHead {
  delimiter: ';' | ',';
  /** Lower-cased, trimmed column names. */
  header: string[];
  /** The records after the header, blank lines removed. */
  body: string;
  /** Number of records (lines outside quotes) in `body`. */
  records: number;
}

/** Splits off the header of a CSV text, with the delimiter guessed as the JS parser does. */
export function csvHead(text: string): CsvHead {
  const clean = text.replace(/^\uFEFF/, '').replace(/\r?\n(?:[ \t]*\r?\n)+/g, '\n').replace(/^(?:[ \t]*\r?\n)+/, '');
  const eol = clean.indexOf('\n');
  const first = (eol < 0 ? clean : clean.slice(0, eol)).replace(/\r$/, '');
  const delimiter = (first.match(/;/g)?.length ?? 0) > (first.match(/,/g)?.length ?? 0) ? ';' : ',';
  const header = first.split(delimiter).map((h) => h.trim().replace(/^"(.*)"$/, '$1').trim().toLowerCase());
  let body = eol < 0 ? '' : clean.slice(eol + 1);
  // the last record ends like the others (COPY refuses mixed line ends)
  const eolStyle = /\r\n/.test(body.slice(0, 4096)) ? '\r\n' : '\n';
  body = body.replace(/\s+$/, '');
  if (body) body += eolStyle;
  return { delimiter, header, body, records: countRecords(body) };
}

/** Slices CSV text into chunks of `size` records, cutting only at line ends outside quotes. */
export function* recordChunks(body: string, size: number): Generator<string> {
  for (const end of recordEnds(body, size)) yield body.slice(end[0], end[1]);
}

/** [start, end) of each slice of `size` records; a line end inside a quoted field does not end a record. */
function* recordEnds(body: string, size: number): Generator<[number, number]> {
  let start = 0;
  let pos = 0;
  let n = 0;
  let quoted = false;
  // the next quote after `pos` (searched again only once passed: files without quotes are scanned once)
  let quote = body.indexOf('"');
  while (pos < body.length) {
    const nl = body.indexOf('\n', pos);
    const end = nl < 0 ? body.length : nl + 1;
    while (quote >= 0 && quote < end) {
      quoted = !quoted;
      quote = body.indexOf('"', quote + 1);
    }
    pos = end;
    if (!quoted && ++n === size) {
      yield [start, pos];
      start = pos;
      n = 0;
    }
  }
  if (start < body.length) yield [start, body.length];
}

/** Number of records of a CSV body. */
export function countRecords(body: string): number {
  let n = 0;
  for (const _ of recordEnds(body, 1)) n++;
  return n;
}

export interface StageProgress {
  (phase: 'reading' | 'validating' | 'writing', rowsDone: number): void;
}

export interface StagedValuesResult {
  report: ImportReport;
  /** Provinces (ids) of the Comuni the file refers to. */
  provinceIds: string[];
  /** The period of the first valid row. */
  firstPeriod: number | null;
  /** Writes the valid rows into the import's rows (same transaction). */
  writeRows(importId: string): Promise<number>;
  /** Drops the work tables (before the transaction commits). */
  dispose(): Promise<void>;
}

/** Thrown when COPY cannot read the file as CSV (uneven columns, stray quotes): the caller falls back to the JS parser. */
export class StagingUnreadable extends Error {}

const rows = async <T>(db: DbOrTx, q: ReturnType<typeof sql>): Promise<T[]> => rowsOf<T>(await db.execute(q));

/**
 * Stages and validates a values CSV inside the transaction `tx` (the staging tables are dropped at its end).
 * Missing columns and an empty file are reported without staging.
 */
export async function stageValuesCsv(
  tx: DbOrTx,
  head: CsvHead,
  opts: { minPeriod: number; maxPeriod: number; source?: string; onProgress?: StageProgress },
): Promise<StagedValuesResult> {
  const report: ImportReport = { rows: 0, valid: 0, errors: [], remapped: [], skipped: 0, byIndicator: {} };
  const nothing = { report, provinceIds: [], firstPeriod: null, writeRows: async () => 0, dispose: async () => undefined };
  const col = (name: string) => head.header.indexOf(name);
  for (const name of VALUES_CSV_COLUMNS) {
    if (col(name) < 0) report.errors.push({ line: 1, field: name, code: 'missing_column', message: `Colonna mancante: ${name}` });
  }
  if (report.errors.length) return nothing;
  if (head.records === 0) {
    report.errors.push({ line: 1, field: '', code: 'empty_file', message: 'Il file non contiene righe' });
    return nothing;
  }
  const cols = head.header.map((_, k) => `c${k}`);
  // unlogged work tables of this import only (no WAL, shared buffers), dropped before the commit; a rollback
  // takes them away with everything else
  const suffix = randomBytes(6).toString('hex');
  const stage = `da_stage_${suffix}`;
  const typed = `da_stage_v_${suffix}`;
  const dups = `da_stage_d_${suffix}`;
  await tx.execute(sql.raw(`create unlogged table ${stage} (line serial, ${cols.map((c) => `${c} text`).join(', ')})`));
  let staged = 0;
  let copied = 0;
  const sizes: number[] = [];
  const chunks = (function* () {
    for (const chunk of recordChunks(head.body, CHUNK_RECORDS)) {
      sizes.push(Math.min(CHUNK_RECORDS, head.records - sizes.length * CHUNK_RECORDS));
      yield chunk;
    }
  })();
  opts.onProgress?.('reading', 0);
  const delimiter = head.delimiter === ';' ? `';'` : `','`;
  try {
    await tx.execute(sql`savepoint da_stage_copy`);
    copied = await copyFrom(tx, `${stage} (${cols.join(', ')})`, `format csv, delimiter ${delimiter}`, chunks, (sent) => {
      staged = sizes.slice(0, sent).reduce((a, b) => a + b, 0);
      opts.onProgress?.('reading', staged);
    });
  } catch (err) {
    await tx.execute(sql`rollback to savepoint da_stage_copy`);
    throw new StagingUnreadable((err as Error).message);
  }
  opts.onProgress?.('validating', 0);
  const c = (name: string) => sql.raw(col(name) >= 0 ? `coalesce(trim(s.c${col(name)}), '')` : `''`);
  const iDate = col('data_rilevazione');
  const { minPeriod, maxPeriod } = opts;
  // one pass: every record typed and resolved (current code directly or through a variation, indicator and its
  // bounds), whether it is free of errors, and the first error-free line of its (Comune, indicator, year)
  await tx.execute(sql`
    create unlogged table ${sql.raw(typed)} as
      select y.*, (y.code is not null and y.indicator is not null and y.period between ${minPeriod} and ${maxPeriod} and y.value is not null
                   and y.value between y.min_value and y.max_value and (y.unit <> 'boolean' or y.value in (0, 1)) and y.date_ok) as ok
      from (
        select s.line + 1 as line, t.raw_code, t.padded, t.raw_indicator, t.raw_value, t.observed,
               coalesce(e.istat_code, ev.istat_code) as code, i.code as indicator, i.min_value, i.max_value, i.unit,
               case when t.raw_period ~ '^[+-]?[0-9]{1,9}(\.0*)?$' then t.raw_period::numeric::int end as period,
               case when t.raw_value ~ '^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,3})?$' then t.raw_value::float8 end as value,
               case when t.observed ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' then
                 case when substr(t.observed, 6, 2)::int between 1 and 12 and substr(t.observed, 1, 4)::int > 0 then
                   substr(t.observed, 9, 2)::int between 1 and extract(day from make_date(substr(t.observed, 1, 4)::int, substr(t.observed, 6, 2)::int, 1) + interval '1 month' - interval '1 day')::int
                 else false end
               else false end as date_ok
        from ${sql.raw(stage)} s
        cross join lateral (select ${c('codice_istat')} as raw_code, lpad(${c('codice_istat')}, greatest(6, length(${c('codice_istat')})), '0') as padded,
                                   ${c('indicatore')} as raw_indicator, ${c('anno')} as raw_period,
                                   regexp_replace(${c('valore')}, ',', '.') as raw_value,
                                   ${iDate >= 0 ? sql`coalesce(nullif(${c('data_rilevazione')}, ''), ${c('anno')} || '-12-31')` : sql`${c('anno')} || '-12-31'`} as observed) t
        left join enti e on e.type = 'comune' and e.active and e.istat_code = t.padded
        left join da_istat_variations va on e.istat_code is null and va.old_code = t.padded
        left join enti ev on ev.type = 'comune' and ev.active and ev.istat_code = va.new_code
        left join da_indicators i on i.code = upper(t.raw_indicator)
      ) y`);
  // (Comune, indicator, year) given more than once by error-free lines, with the first of these lines
  await tx.execute(sql`
    create unlogged table ${sql.raw(dups)} as
    select code, indicator, period, min(line) as first_line from ${sql.raw(typed)} where ok group by code, indicator, period having count(*) > 1`);
  // the errors, in the order of the lines and, within a line, of the checks (as the JS parser reports them)
  const errors = await rows<ImportIssue>(
    tx,
    sql`select v.line, e.field, e.code, e.message
        from ${sql.raw(typed)} v
        left join ${sql.raw(dups)} d on d.code = v.code and d.indicator = v.indicator and d.period = v.period
        cross join lateral (values
          (1, v.code is null, 'codice_istat', 'unknown_istat_code', 'Codice ISTAT sconosciuto: ' || v.raw_code),
          (2, v.indicator is null, 'indicatore', 'unknown_indicator', 'Indicatore sconosciuto: ' || v.raw_indicator),
          (3, v.period is null or v.period not between ${minPeriod} and ${maxPeriod}, 'anno', 'bad_period', ${`Anno fuori dal periodo ${minPeriod}–${maxPeriod}`}::text),
          (4, v.value is null, 'valore', 'not_a_number', 'Valore non numerico: ' || v.raw_value),
          (5, v.value is not null and v.indicator is not null and (v.value not between v.min_value and v.max_value or (v.unit = 'boolean' and v.value not in (0, 1))),
              'valore', 'out_of_range', 'Valore ' || v.value::text || ' fuori dall''intervallo ' || v.min_value::text || '–' || v.max_value::text),
          (6, not v.date_ok, 'data_rilevazione', 'bad_date', 'Data non valida: ' || v.observed),
          (7, v.ok and v.line <> d.first_line, 'codice_istat', 'duplicate', 'Valore già presente alla riga ' || d.first_line::text)
        ) as e(k, failed, field, code, message)
        where (not v.ok or d.first_line is not null) and e.failed
        order by v.line, e.k limit ${MAX_REPORTED_ERRORS + 1}`,
  );
  report.errors = errors.map((e) => ({ line: Number(e.line), field: e.field, code: e.code as ImportIssue['code'], message: e.message }));
  if (report.errors.length > MAX_REPORTED_ERRORS) {
    const last = report.errors[MAX_REPORTED_ERRORS]!;
    report.errors[MAX_REPORTED_ERRORS] = { line: last.line, field: '', code: last.code, message: 'Troppi errori: elenco troncato' };
  }
  report.rows = copied || head.records;
  const remapped = await rows<{ line: number; raw_code: string; code: string }>(
    tx,
    sql`select line, raw_code, code from ${sql.raw(typed)} where code is not null and code <> padded order by line`,
  );
  report.remapped = remapped.map((r) => ({ line: Number(r.line), from: r.raw_code, to: r.code }));
  const byIndicator = await rows<{ indicator: string; n: number; first_period: number }>(
    tx,
    sql`select indicator, count(*)::int as n, (array_agg(period order by line))[1] as first_period
        from ${sql.raw(typed)} v where ok and not exists (select 1 from ${sql.raw(dups)} d where d.code = v.code and d.indicator = v.indicator and d.period = v.period and d.first_line <> v.line)
        group by indicator order by min(line)`,
  );
  for (const b of byIndicator) {
    report.byIndicator[b.indicator] = Number(b.n);
    report.valid += Number(b.n);
  }
  const firstPeriod = byIndicator.length ? Number(byIndicator[0]!.first_period) : null;
  const provinceIds = (
    await rows<{ id: string }>(
      tx,
      sql`select distinct p.id from (select distinct code from ${sql.raw(typed)} where code is not null) x
          join enti c on c.type = 'comune' and c.istat_code = x.code
          join enti p on p.istat_code = c.province_istat_code and p.type in ('provincia', 'citta_metropolitana')`,
    )
  ).map((r) => r.id);
  const source = opts.source ?? 'csv';
  return {
    report,
    provinceIds,
    firstPeriod,
    dispose: async () => {
      await tx.execute(sql.raw(`drop table if exists ${dups}, ${typed}, ${stage}`));
    },
    writeRows: async (importId: string) => {
      opts.onProgress?.('writing', 0);
      const res = await tx.execute(sql`
        insert into da_import_rows (import_id, indicator_code, period, istat_code, value, source, observed_on)
        select ${importId}::uuid, indicator, period, code, value, ${source}, observed::date
        from ${sql.raw(typed)} v where ok and not exists (select 1 from ${sql.raw(dups)} d where d.code = v.code and d.indicator = v.indicator and d.period = v.period and d.first_line <> v.line)
        order by indicator, period, code`);
      const written = (res as { affectedRows?: number; rowCount?: number }).affectedRows ?? (res as { rowCount?: number }).rowCount ?? report.valid;
      opts.onProgress?.('writing', written);
      return written;
    },
  };
}
