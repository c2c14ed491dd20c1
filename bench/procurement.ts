import pg from 'pg';
import { openDatabase } from '@app/db';
import { buildApp } from '../apps/api/src/app.js';
import { prepareDatabase } from '../apps/api/src/bootstrap.js';
import { parseEnv } from '../apps/api/src/config/env.js';
import { printTable } from './lib.js';

/**
 * The SUA at scale on PostgreSQL (database `pc_bench_procurement`, created anew on BENCH_ADMIN_URL's server):
 * BENCH_PROCEDURES (20,000) procedures spread over every Comune of Italy and every state, each with 10 documents
 * in its workspace, a history of 3–6 moves, lots, operators and checks. Times, through the application (routes,
 * permissions, serialization; requests injected in-process, BENCH_REQUESTS each after a warm-up), the SUA dashboard
 * of a Province and of UPI, the procedure list of a Province's SUA and the OCDS release package of one procedure;
 * each next to the raw SQL of its main query (the limit). Targets: dashboard and list p95 ≤ 150 ms, OCDS ≤ 50 ms.
 */
const PROCEDURES = Number(process.env.BENCH_PROCEDURES ?? 20_000);
const N = Number(process.env.BENCH_REQUESTS ?? 200);
const admin = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const url = admin.replace(/\/[^/]*$/, '/pc_bench_procurement');

const c = new pg.Client({ connectionString: admin });
await c.connect();
await c.query('drop database if exists pc_bench_procurement');
await c.query('create database pc_bench_procurement');
await c.end();

const database = await openDatabase({ databaseUrl: url });
await prepareDatabase(database, { demo: true });
const app = await buildApp({ config: parseEnv({ DATABASE_URL: url, WEB_DIST: '/nonexistent', LOG_LEVEL: 'warn', AUTH_RATE_LIMIT: '100000', JOBS_POLL_MS: '0' }), database });
await app.ready();
const raw = new pg.Client({ connectionString: url });
await raw.connect();

// ------------------------------------------------------------------ data
const t0 = performance.now();
await raw.query(
  `insert into procurement_procedures (number, comune_id, provincia_id, title, object_type, cpv_main, estimated_value, rup_name, procedure_code, award_criterion, state, state_changed_at, published_on, offer_deadline, created_at, updated_at)
   select 'BENCH-' || lpad(g::text, 6, '0'), c.id, c.parent_id,
          'Procedura di prova ' || g || ' del Comune di ' || c.name,
          (array['lavori','servizi','forniture'])[1 + g % 3],
          (array['45000000-7','79000000-4','30200000-1'])[1 + g % 3],
          (1000 + (g * 7919) % 3000000)::numeric(14,2),
          'RUP ' || g,
          (array['AFFIDAMENTO_DIRETTO','NEGOZIATA_SENZA_BANDO','APERTA'])[1 + g % 3],
          'OEPV_QUALITA_PREZZO',
          (array['bozza','istruttoria','documenti','pronta','pubblicata','valutazione','proposta','verifica','aggiudicata','stipula','esecuzione','chiusa','deserta','annullata'])[1 + g % 14],
          now() - (g % 300) * interval '1 day',
          case when g % 14 >= 4 then (current_date - (g % 200)) end,
          case when g % 14 >= 4 then now() - (g % 180) * interval '1 day' end,
          now() - (g % 400) * interval '1 day', now() - (g % 300) * interval '1 day'
   from generate_series(1, $1::int) g
   join lateral (select id, parent_id, name from enti where type = 'comune' and parent_id is not null order by id offset (g * 37) % 7800 limit 1) c on true`,
  [PROCEDURES],
);
await raw.query(
  `insert into procurement_documents (procedure_id, doc_type, required, producer, folder, position, state)
   select p.id, d.t, d.i <= 7, case when d.i <= 3 then 'comune' else 'sua' end, '03_Documentazione_di_gara', d.i,
          (array['da_redigere','in_bozza','in_revisione','approvato','firmato'])[1 + (d.i + length(p.number)) % 5]
   from procurement_procedures p
   cross join unnest(array['PROGRAMMA','PROGETTO','DETERMINA_A_CONTRARRE','DETERMINA_INDIZIONE_SUA','LETTERA_INVITO','DISCIPLINARE','CAPITOLATO','SCHEMA_CONTRATTO','DGUE_REQUEST','MODULISTICA']) with ordinality d(t, i)
   where p.number like 'BENCH-%'`,
);
await raw.query(
  `insert into procurement_events (procedure_id, from_state, to_state, at, left_at)
   select p.id, case when s.i = 1 then null else s.prev end, s.st, p.created_at + (s.i * ((p.updated_at - p.created_at) / 6)),
          case when s.i < s.last then p.created_at + ((s.i + 1) * ((p.updated_at - p.created_at) / 6)) end
   from procurement_procedures p
   cross join lateral (select v.*, 3 + (length(p.number) + ascii(right(p.number, 1))) % 4 as last
                       from (values (1, null, 'bozza'), (2, 'bozza', 'istruttoria'), (3, 'istruttoria', 'documenti'), (4, 'documenti', 'pronta'), (5, 'pronta', 'pubblicata'), (6, 'pubblicata', p.state)) v(i, prev, st)) s
   where s.i <= s.last and p.number like 'BENCH-%'`,
);
await raw.query(
  `insert into procurement_lots (procedure_id, number, title, value, cpv)
   select id, 1, title, estimated_value, cpv_main from procurement_procedures where number like 'BENCH-%'`,
);
await raw.query('vacuum analyze');
const loadS = ((performance.now() - t0) / 1000).toFixed(1);
const counts = (await raw.query(`select (select count(*) from procurement_procedures)::int as p, (select count(*) from procurement_documents)::int as d, (select count(*) from procurement_events)::int as e`)).rows[0];

// ------------------------------------------------------------------ who asks
async function login(email: string) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'x-requested-with': 'XMLHttpRequest' }, payload: { email, password: 'Demo-2026!pc' } });
  if (res.statusCode !== 200) throw new Error(`login ${email}: ${res.statusCode}`);
  return { cookie: String(res.headers['set-cookie']).split(';')[0]!, 'x-requested-with': 'XMLHttpRequest' };
}
const sua = await login('sua@demo.provincecomuni.it');
const upi = await login('admin.upi@demo.provincecomuni.it');
const padova = (await raw.query(`select id from enti where type = 'provincia' and istat_code = '028'`)).rows[0].id as string;
const [one] = (await raw.query(`select id from procurement_procedures where provincia_id = $1 and state = 'aggiudicata' and is_demo limit 1`, [padova])).rows as { id: string }[];
const target = one?.id ?? (await raw.query(`select id from procurement_procedures where provincia_id = $1 limit 1`, [padova])).rows[0].id;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
async function time(run: () => Promise<unknown>) {
  for (let i = 0; i < 10; i++) await run();
  const ms: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await run();
    ms.push(performance.now() - t);
  }
  return { p50: pct(ms, 50), p95: pct(ms, 95) };
}
const get = (path: string, headers: Record<string, string>) => async () => {
  const res = await app.inject({ method: 'GET', url: `/api/v1${path}`, headers });
  if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body.slice(0, 200)}`);
};
const sql = (text: string, values: unknown[] = []) => async () => raw.query(text, values);

const dashSql = `select state, count(*), sum(estimated_value) from procurement_procedures p where p.provincia_id = $1 group by 1`;
const dashAllSql = `select state, count(*), sum(estimated_value) from procurement_procedures p group by 1`;
const listSql = `select p.*, c.name, v.name from procurement_procedures p join enti c on c.id = p.comune_id join enti v on v.id = p.provincia_id
                 where p.provincia_id = $1 order by p.updated_at desc, p.id desc limit 25`;
const ocdsSql = `select * from procurement_procedures p left join procurement_lots l on l.procedure_id = p.id where p.id = $1`;

const rows: Record<string, string>[] = [];
const add = (name: string, app_: { p50: number; p95: number }, base: { p50: number; p95: number }, targetMs: number) =>
  rows.push({
    measure: name,
    'p50 ms': app_.p50.toFixed(1),
    'p95 ms': app_.p95.toFixed(1),
    'raw SQL p95 ms': base.p95.toFixed(2),
    target: `p95 <= ${targetMs}`,
    ok: app_.p95 <= targetMs ? 'yes' : 'NO',
  });
add('dashboard, SUA of Padova', await time(get('/procurement/dashboard', sua)), await time(sql(dashSql, [padova])), 150);
add('dashboard, UPI (all Provinces)', await time(get('/procurement/dashboard', upi)), await time(sql(dashAllSql)), 150);
add('procedure list, SUA of Padova (page 1)', await time(get('/procurement/procedures?pageSize=25', sua)), await time(sql(listSql, [padova])), 150);
add('procedure list, SUA, filtered by state', await time(get('/procurement/procedures?state=pubblicata&pageSize=25', sua)), await time(sql(listSql.replace('where', "where p.state = 'pubblicata' and"), [padova])), 150);
add('OCDS release package of one procedure', await time(get(`/procurement/procedures/${target}/ocds`, sua)), await time(sql(ocdsSql, [target])), 50);

console.log(`${counts.p} procedures, ${counts.d} workspace documents, ${counts.e} moves loaded in ${loadS} s; ${N} requests each, in-process`);
printTable(rows);
await raw.end();
await app.close();
await database.close();
