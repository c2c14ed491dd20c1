import pg from 'pg';
import { openDatabase } from '@app/db';
import { buildApp } from '../apps/api/src/app.js';
import { prepareDatabase } from '../apps/api/src/bootstrap.js';
import { parseEnv } from '../apps/api/src/config/env.js';
import { printTable } from './lib.js';

/**
 * Latency of the ente search over all 7,904 Comuni on PostgreSQL (database `pc_bench_search`, created anew on
 * BENCH_ADMIN_URL's server, with the territory and the demo network). Each query runs alone, one after the other,
 * without the reference cache, through the whole API stack (routing, validation, service, serialization).
 * Baseline: the raw SQL of a plain accent-insensitive substring search, with node-postgres.
 * Prints p50/p95 in ms next to the target (p95 ≤ 50 ms).
 */
const N = Number(process.env.BENCH_QUERIES ?? 400);
const admin = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const url = admin.replace(/\/[^/]*$/, '/pc_bench_search');

const c = new pg.Client({ connectionString: admin });
await c.connect();
await c.query('drop database if exists pc_bench_search');
await c.query('create database pc_bench_search');
await c.end();

const database = await openDatabase({ databaseUrl: url });
await prepareDatabase(database, { demo: true });
const config = parseEnv({ WEB_DIST: '/nonexistent', REFERENCE_CACHE_SECONDS: '0', DATABASE_URL: url });
const app = await buildApp({ config, database });
await app.ready();

// search texts from real names: a prefix, a middle part, and a typo (two letters swapped)
const raw = new pg.Client({ connectionString: url });
await raw.connect();
const names = (await raw.query<{ name: string }>("select name from enti where type = 'comune' order by md5(name) limit $1", [N])).rows.map((r) => r.name);
let seed = 7;
const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
const prefix = names.map((n) => n.slice(0, 3 + rnd(5)));
const middle = names.map((n) => (n.length > 6 ? n.slice(2, 2 + 4 + rnd(3)) : n));
const typo = names.map((n) => {
  const i = 1 + rnd(Math.max(1, n.length - 3));
  return n.slice(0, i) + (n[i + 1] ?? '') + (n[i] ?? '') + n.slice(i + 2);
});

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
async function time(terms: string[], run: (q: string) => Promise<number>) {
  for (const q of terms.slice(0, 20)) await run(q); // warm-up
  const ms: number[] = [];
  let found = 0;
  for (const q of terms) {
    const t0 = performance.now();
    found += (await run(q)) > 0 ? 1 : 0;
    ms.push(performance.now() - t0);
  }
  return { p50: pct(ms, 50).toFixed(2), p95: pct(ms, 95).toFixed(2), found: `${found}/${terms.length}` };
}
const viaApi = (extra: string) => async (q: string) => {
  const res = await app.inject({ method: 'GET', url: `/api/v1/enti?type=comune&pageSize=25&q=${encodeURIComponent(q)}${extra}` });
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
  return (res.json() as { total: number }).total;
};
const baseline = async (q: string) =>
  (
    await raw.query(
      "select id, name from enti where type = 'comune' and f_unaccent(lower(name)) like f_unaccent(lower($1)) order by name limit 25",
      [`%${q}%`],
    )
  ).rowCount ?? 0;

const rows = [
  { query: 'baseline: raw SQL substring (node-postgres)', ...(await time(middle, baseline)), target: '' },
  { query: 'GET /enti?type=comune&q=<prefix>', ...(await time(prefix, viaApi(''))), target: 'p95 <= 50' },
  { query: 'GET /enti?type=comune&q=<middle of name>', ...(await time(middle, viaApi(''))), target: 'p95 <= 50' },
  { query: 'GET /enti?type=comune&q=<typo>', ...(await time(typo, viaApi(''))), target: 'p95 <= 50' },
  { query: 'GET /enti?...&q=<prefix>&populationClass=1001-5000', ...(await time(prefix, viaApi('&populationClass=1001-5000'))), target: 'p95 <= 50' },
  { query: 'GET /enti?...&q=<prefix>&service=sua', ...(await time(prefix, viaApi('&service=sua'))), target: 'p95 <= 50' },
];
printTable(rows.map((r) => ({ query: r.query, 'p50 ms': r.p50, 'p95 ms': r.p95, 'found': r.found, target: r.target })));
await raw.end();
await app.close();
await database.close();
