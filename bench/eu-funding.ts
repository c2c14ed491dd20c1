import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '@app/db';
import { Themes } from '@app/contracts';
import { buildApp } from '../apps/api/src/app.js';
import { prepareDatabase } from '../apps/api/src/bootstrap.js';
import { parseEnv } from '../apps/api/src/config/env.js';
import { printTable } from './lib.js';

/**
 * Latency of the SAPE module on PostgreSQL (database `pc_bench_eu_funding`, created anew on BENCH_ADMIN_URL's
 * server, with the ISTAT territory): BENCH_CALLS (5,000) calls with varied applicants, population limits, themes,
 * regions and dates, BENCH_PROJECTS (50,000) projects led by Comuni of every Province in every life-cycle state, two
 * expenditures for each funded project. Measured:
 * - "calls for my Comune": GET /api/v1/eu-funding/calls?status=open&eligibleFor=<ISTAT> through the whole API stack;
 *   baseline: the same filter in raw SQL (list and count), with node-postgres;
 * - the Province territory view: the service's territory(ctx, { provinciaId }) for a SAPE officer;
 *   baseline: the raw SQL of projects per Comune and state plus the spent per Comune.
 * Prints p50/p95 in ms next to the target (p95 ≤ 100 ms).
 */
const CALLS = Number(process.env.BENCH_CALLS ?? 5_000);
const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 50_000);
const N = Number(process.env.BENCH_QUERIES ?? 300);
const admin = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const url = admin.replace(/\/[^/]*$/, '/pc_bench_eu_funding');

const c = new pg.Client({ connectionString: admin });
await c.connect();
await c.query('drop database if exists pc_bench_eu_funding');
await c.query('create database pc_bench_eu_funding');
await c.end();

const database = await openDatabase({ databaseUrl: url });
await prepareDatabase(database, { demo: false });
const raw = new pg.Client({ connectionString: url });
await raw.connect();

const t0 = performance.now();
await raw.query(
  `insert into eu_calls (identifier, programme, title, deadline_model, opens_at, closes_at, deadlines, budget, cofinancing_rate, ente_types, min_population, max_population, topics, territory)
   select 'BENCH-' || g, 'Programma ' || (g % 40), 'Bando di prova numero ' || g || ' per interventi ' || (array['energetici','digitali','culturali','sociali'])[1 + g % 4],
     'single-stage', o, c, jsonb_build_array(to_char(c at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')),
     (100000 + (g * 7919) % 50000000)::numeric(14,2), case when g % 3 = 0 then null else (50 + g % 51)::numeric(5,2) end,
     case g % 5 when 0 then '{provincia,citta_metropolitana}'::text[] when 1 then '{comune,unione_comuni}' when 2 then '{comune}' when 3 then '{scuola,asl}' else '{comune,provincia}' end,
     case when g % 7 = 0 then 10000 when g % 11 = 0 then 50000 else null end,
     case when g % 6 = 0 then 5000 when g % 13 = 0 then 30000 else null end,
     array[($1::text[])[1 + g % 14], ($1::text[])[1 + (g * 7) % 14]],
     case when g % 4 = 0 then array[lpad((1 + g % 20)::text, 2, '0')] else '{}'::text[] end
   from (select g, now() - ((g % 400) || ' days')::interval as o, now() - ((g % 400) || ' days')::interval + ((15 + g % 120) || ' days')::interval as c
         from generate_series(1, $2::int) g) s`,
  [[...Themes], CALLS],
);
const STATES = ['idea', 'candidatura', 'ammissibilita', 'finanziato', 'cup', 'affidamento', 'esecuzione', 'conclusione', 'verifica', 'saldo', 'chiuso', 'rinuncia', 'revoca', 'respinto'];
await raw.query(
  `with comuni as (select id, parent_id, row_number() over (order by istat_code) as n from enti where type = 'comune' and active),
        total as (select count(*) as k from comuni)
   insert into eu_projects (lead_ente_id, provincia_id, title, state, budget, granted_amount, cup, budget_lines, cofinancing)
   select c.id, c.parent_id, 'Progetto di prova ' || g, st, b, case when st in ('finanziato','cup','affidamento','esecuzione','conclusione','verifica','saldo','chiuso','revoca') then b * 0.8 else null end,
     case when st in ('cup','affidamento','esecuzione','conclusione','verifica','saldo','chiuso') then 'J51B26' || lpad(g::text, 9, '0') else null end,
     jsonb_build_array(jsonb_build_object('category', 'lavori', 'amount', b::text)), jsonb_build_array(jsonb_build_object('source', 'ue', 'amount', b::text))
   from (select g, ($1::text[])[1 + (g * 31) % 14] as st, (10000 + (g::bigint * 104729) % 5000000)::numeric(14,2) as b from generate_series(1, $2::int) g) s
   join comuni c on c.n = 1 + (s.g::bigint * 7919) % (select k from total)`,
  [STATES, PROJECTS],
);
await raw.query(
  `insert into eu_expenditures (project_id, document_ref, date, amount, eligible, category)
   select p.id, 'Fattura ' || k, current_date - (k * 40), round(p.budget * 0.2, 2), k = 1, 'lavori'
   from eu_projects p cross join generate_series(1, 2) k
   where p.state in ('esecuzione','conclusione','verifica','saldo','chiuso')`,
);
await raw.query('vacuum analyze eu_calls');
await raw.query('vacuum analyze eu_projects');
await raw.query('vacuum analyze eu_expenditures');
const loadS = ((performance.now() - t0) / 1000).toFixed(1);
const counts = (await raw.query<{ calls: number; projects: number; expenditures: number }>('select (select count(*) from eu_calls)::int as calls, (select count(*) from eu_projects)::int as projects, (select count(*) from eu_expenditures)::int as expenditures')).rows[0]!;

const config = parseEnv({ WEB_DIST: '/nonexistent', REFERENCE_CACHE_SECONDS: '0', DATABASE_URL: url });
const app = await buildApp({ config, database });
await app.ready();

const comuni = (await raw.query<{ istat_code: string; population: number | null; region_istat_code: string | null }>("select istat_code, population, region_istat_code from enti where type = 'comune' and active order by md5(istat_code) limit $1", [N])).rows;
const provinces = (await raw.query<{ id: string }>("select distinct provincia_id as id from eu_projects where provincia_id is not null order by 1")).rows.map((r) => r.id);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
async function time(n: number, run: (i: number) => Promise<number>) {
  for (let i = 0; i < 20; i++) await run(i); // warm-up
  const ms: number[] = [];
  let found = 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    found += await run(i);
    ms.push(performance.now() - t);
  }
  return { 'p50 ms': pct(ms, 50).toFixed(1), 'p95 ms': pct(ms, 95).toFixed(1), 'avg rows': (found / n).toFixed(1) };
}

const callsBaseline = async (i: number) => {
  const e = comuni[i % comuni.length]!;
  const where = `opens_at <= now() and closes_at >= now() and ente_types @> '{comune}' and coalesce(min_population, 0) <= $1 and coalesce(max_population, 2147483647) >= $1 and (cardinality(territory) = 0 or $2 = any(territory))`;
  const [list] = await Promise.all([
    raw.query(`select * from eu_calls where ${where} order by closes_at, id limit 25`, [e.population ?? 0, e.region_istat_code ?? '']),
    raw.query(`select count(*) from eu_calls where ${where}`, [e.population ?? 0, e.region_istat_code ?? '']),
  ]);
  return list.rowCount ?? 0;
};
const callsApi = async (i: number) => {
  const res = await app.inject({ method: 'GET', url: `/api/v1/eu-funding/calls?status=open&eligibleFor=${comuni[i % comuni.length]!.istat_code}` });
  if (res.statusCode !== 200) throw new Error(res.body);
  return (res.json() as { items: unknown[] }).items.length;
};
const territoryBaseline = async (i: number) => {
  const p = provinces[i % provinces.length]!;
  const [a] = await Promise.all([
    raw.query(
      `select e.id, p.state, count(p.id), sum(p.budget), sum(p.granted_amount) from enti e left join eu_projects p on p.lead_ente_id = e.id
       where e.parent_id = $1 and e.type = 'comune' group by e.id, p.state`,
      [p],
    ),
    raw.query(`select p.lead_ente_id, sum(x.amount) from eu_projects p join eu_expenditures x on x.project_id = p.id where p.provincia_id = $1 and x.eligible group by 1`, [p]),
  ]);
  return a.rowCount ?? 0;
};
const territoryService = async (i: number) => {
  const p = provinces[i % provinces.length]!;
  const actor = { userId: randomUUID(), email: 'bench@example.it', sessionId: randomUUID(), activeMembershipId: null, memberships: [{ id: randomUUID(), enteId: p, enteType: 'provincia', role: 'sape_operator' as const }] };
  return (await app.services.euFunding.territory({ actor, requestId: 'bench' }, { provinciaId: p })).rows.length;
};

const rows = [
  { measure: 'calls for my Comune — baseline: raw SQL list + count', ...(await time(N, callsBaseline)), target: '' },
  { measure: 'calls for my Comune — GET /eu-funding/calls?status=open&eligibleFor', ...(await time(N, callsApi)), target: 'p95 ≤ 100 ms' },
  { measure: 'Province territory view — baseline: raw SQL group-bys', ...(await time(Math.min(N, 200), territoryBaseline)), target: '' },
  { measure: 'Province territory view — service territory(provinciaId)', ...(await time(Math.min(N, 200), territoryService)), target: 'p95 ≤ 100 ms' },
];
console.log(`pc_bench_eu_funding: ${counts.calls} calls, ${counts.projects} projects, ${counts.expenditures} expenditures loaded in ${loadS} s`);
printTable(rows);
await app.close();
await raw.end();
await database.close();
