import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { openDatabase } from '@app/db';
import { bundledTerritory, DIGITAL_AGENDA_DEMO_PERIODS, loadDigitalAgendaCatalogue, loadDigitalAgendaDemo, loadTerritory } from '@app/db/seed';
import { buildApp } from '../apps/api/src/app.js';
import { parseEnv } from '../apps/api/src/config/env.js';
import { benchmarkQuery, createDigitalAgendaRepository, profileQuery, refreshPeriod } from '../apps/api/src/modules/digital-agenda/index.js';
import { createUser } from '../apps/api/test/build-app.js';
import { printTable } from './lib.js';

/**
 * The Agenda Digitale Territoriale on PostgreSQL (database `pc_bench_digital_agenda`, created anew on
 * BENCH_ADMIN_URL's server): all Comuni × 69 indicators × 2021–2026 (~3.3M values) generated in the database,
 * then BENCH_QUERIES (200) Comune profiles and province benchmarks through the HTTP API (app.inject), each next to
 * the raw time of its main query (the same SQL and parameters on a plain client, the two in alternating order); and a CSV import of one year of values (~545,000 rows) through the import
 * service next to `COPY` of the same file, and its publication. Targets: profile p95 ≤ 50 ms, benchmark p95 ≤ 100 ms, ratio to raw
 * SQL ≤ 1.5; import rate ≥ 50% of COPY's.
 */
const N = Number(process.env.BENCH_QUERIES ?? 200);
const admin = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const benchDb = process.env.BENCH_DATABASE ?? 'pc_bench_digital_agenda';
const url = admin.replace(/\/[^/]*$/, `/${benchDb}`);

let seed = 20261126;
const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};
const ms = (x: number) => x.toFixed(1);
const timeIt = async (f: () => Promise<unknown>) => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};

const c = new pg.Client({ connectionString: admin });
await c.connect();
await c.query(`drop database if exists "${benchDb}"`);
await c.query(`create database "${benchDb}"`);
await c.end();
const database = await openDatabase({ databaseUrl: url });
await database.migrate();
const { db } = database;
await db.transaction((tx) => loadTerritory(tx, bundledTerritory()));
await db.transaction((tx) => loadDigitalAgendaCatalogue(tx));
const tGen = performance.now();
const created = await db.transaction((tx) => loadDigitalAgendaDemo(tx));
const genMs = performance.now() - tGen;
const tRefresh = performance.now();
const repo = createDigitalAgendaRepository();
for (const p of DIGITAL_AGENDA_DEMO_PERIODS) await db.transaction((tx) => refreshPeriod(tx, repo, p));
await db.execute(sql`vacuum analyze`);
const refreshMs = performance.now() - tRefresh;
console.log(`values: ${created.toLocaleString('en')} generated in ${(genMs / 1000).toFixed(1)} s; ranks, aggregates and composites of 6 years in ${(refreshMs / 1000).toFixed(1)} s`);

const app = await buildApp({ config: parseEnv({ WEB_DIST: '/nonexistent', AUTH_RATE_LIMIT: '100000' }), database, mailer: { send: async () => undefined } });
await app.ready();
const raw = new pg.Client({ connectionString: url });
await raw.connect();

const comuni = (await raw.query<{ istat_code: string; population: number; province_istat_code: string; region_istat_code: string }>(
  `select istat_code, coalesce(population, 0) as population, province_istat_code, region_istat_code from enti where type = 'comune' and active`,
)).rows;
const indicators = (await raw.query<{ code: string }>('select code from da_indicators')).rows.map((r) => r.code);
const provinceCodes = [...new Set(comuni.map((x) => x.province_istat_code))];

// the raw time of the API's own main queries: the same SQL text and parameters, on a plain client
const dialect = new PgDialect();
const rawQuery = (q: SQL) => {
  const { sql: text, params } = dialect.sqlToQuery(q);
  return raw.query(text, params);
};

const profile: number[] = [];
const profileRaw: number[] = [];
const bench: number[] = [];
const benchRaw: number[] = [];
for (let i = 0; i < 10; i++) await app.inject({ method: 'GET', url: `/api/v1/digital-agenda/comuni/${comuni[i]!.istat_code}/profile?period=2026` });
// the API call and its raw query read the same rows: whichever runs first finds them colder, so the order alternates
const pair = async (i: number, api: () => Promise<void>, sqlOnly: () => Promise<unknown>, apiTimes: number[], rawTimes: number[]) => {
  if (i % 2 === 0) {
    apiTimes.push(await timeIt(api));
    rawTimes.push(await timeIt(sqlOnly));
  } else {
    rawTimes.push(await timeIt(sqlOnly));
    apiTimes.push(await timeIt(api));
  }
};
const ok = async (url: string) => {
  const res = await app.inject({ method: 'GET', url });
  if (res.statusCode !== 200) throw new Error(res.body);
};
for (let i = 0; i < N; i++) {
  const x = comuni[rnd(comuni.length)]!;
  const period = 2021 + rnd(6);
  await pair(i, () => ok(`/api/v1/digital-agenda/comuni/${x.istat_code}/profile?period=${period}`), () => rawQuery(profileQuery(x.istat_code, period)), profile, profileRaw);
  const code = indicators[rnd(indicators.length)]!;
  await pair(i, () => ok(`/api/v1/digital-agenda/indicators/${code}/benchmark?period=${period}&level=province`), () => rawQuery(benchmarkQuery(code, period, 'province')), bench, benchRaw);
}

// the benchmark views of a territory: box plots (nation or a Province), heat map, ranking in a Province, best improvers
const views: Record<'boxplots' | 'heatmap' | 'ranking' | 'improvers', number[]> = { boxplots: [], heatmap: [], ranking: [], improvers: [] };
const scored = (await raw.query<{ code: string }>(`select code from da_indicators where polarity <> 'context'`)).rows.map((r) => r.code);
const inject = async (kind: keyof typeof views, path: string) =>
  views[kind].push(
    await timeIt(async () => {
      const res = await app.inject({ method: 'GET', url: `/api/v1/digital-agenda${path}` });
      if (res.statusCode !== 200) throw new Error(`${path}: ${res.body}`);
    }),
  );
for (let i = 0; i < N; i++) {
  const code = scored[rnd(scored.length)]!;
  const period = 2022 + rnd(5);
  const province = provinceCodes[rnd(provinceCodes.length)]!;
  await inject('boxplots', `/indicators/${code}/boxplots?period=${period}${i % 2 ? `&province=${province}` : ''}`);
  await inject('heatmap', `/heatmap?period=${period}`);
  await inject('ranking', `/indicators/${code}/ranking?period=${period}&province=${province}`);
  await inject('improvers', `/indicators/${code}/improvers?from=${period - 1}&to=${period}${i % 2 ? `&province=${province}` : ''}`);
}

// CSV import of one year of every indicator of every Comune, next to COPY of the same file
const dir = mkdtempSync(join(tmpdir(), 'pc-bench-da-'));
const file = join(dir, 'valori.csv');
const lines = ['codice_istat;indicatore;anno;valore;data_rilevazione'];
const values = (await raw.query<{ istat_code: string; indicator_code: string; value: number }>(`select istat_code, indicator_code, value from da_values where period = 2025`)).rows;
for (const v of values) lines.push(`${v.istat_code};${v.indicator_code};2025;${v.value};2025-12-31`);
const content = `${lines.join('\n')}\n`;
writeFileSync(file, content);
await raw.query('create unlogged table bench_copy (codice_istat text, indicatore text, anno int, valore float8, data_rilevazione date)');
const copyMs = await timeIt(async () => {
  execFileSync('psql', [url, '-q', '-c', `\\copy bench_copy from '${file}' with (format csv, header true, delimiter ';')`]);
});
const upi = await createUser(database, [{ role: 'upi_admin', enteId: (await raw.query<{ id: string }>(`select id from enti where type = 'upi'`)).rows[0]!.id }]);
const ctx = { actor: { userId: upi.id, email: upi.email, sessionId: 'bench', memberships: [{ id: 'm', enteId: '', enteType: 'upi', role: 'upi_admin' as const }], activeMembershipId: null }, requestId: 'bench' };
let importId = '';
const importMs = await timeIt(async () => {
  importId = (await app.services.digitalAgenda.createImport(ctx, { kind: 'values_csv', fileName: 'valori.csv', content })).id;
});
// publication: the values written over the year's, then its ranks, aggregates and composites recomputed
const publishMs = await timeIt(() => app.services.digitalAgenda.publishImport(ctx, importId));
rmSync(dir, { recursive: true, force: true });

const rate = (n: number, t: number) => Math.round(n / (t / 1000));
const rows = [
  { figure: 'Comune profile (API)', 'p50 ms': ms(pct(profile, 0.5)), 'p95 ms': ms(pct(profile, 0.95)), baseline: `raw SQL p95 ${ms(pct(profileRaw, 0.95))} ms`, ratio: (pct(profile, 0.95) / pct(profileRaw, 0.95)).toFixed(2), target: 'p95 ≤ 50 ms' },
  { figure: 'Province benchmark (API)', 'p50 ms': ms(pct(bench, 0.5)), 'p95 ms': ms(pct(bench, 0.95)), baseline: `raw SQL p95 ${ms(pct(benchRaw, 0.95))} ms`, ratio: (pct(bench, 0.95) / pct(benchRaw, 0.95)).toFixed(2), target: 'p95 ≤ 100 ms' },
  ...(
    [
      ['boxplots', 'Box plots by peer group (API, nation or Province)'],
      ['heatmap', 'Heat map areas × Provinces (API)'],
      ['ranking', 'Ranking in a Province (API)'],
      ['improvers', 'Best improvers (API, nation or Province)'],
    ] as const
  ).map(([k, figure]) => ({ figure, 'p50 ms': ms(pct(views[k], 0.5)), 'p95 ms': ms(pct(views[k], 0.95)), baseline: '-', ratio: '-', target: 'p95 ≤ 100 ms' })),
  { figure: `CSV import (${values.length.toLocaleString('en')} rows, checked + kept for publication)`, 'p50 ms': ms(importMs), 'p95 ms': '-', baseline: `COPY ${rate(values.length, copyMs).toLocaleString('en')} rows/s`, ratio: (rate(values.length, importMs) / rate(values.length, copyMs)).toFixed(2), target: `≥ 0.50 of COPY (import ${rate(values.length, importMs).toLocaleString('en')} rows/s)` },
  { figure: 'Publication of that import (values + the year recomputed)', 'p50 ms': ms(publishMs), 'p95 ms': '-', baseline: '-', ratio: '-', target: '-' },
];
printTable(rows);
console.log(`provinces: ${provinceCodes.length}; demo load ${(genMs / 1000).toFixed(1)} s + refresh ${(refreshMs / 1000).toFixed(1)} s; RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
await raw.end();
await app.close();
await database.close();
