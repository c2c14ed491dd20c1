import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDatabase } from '@app/db';
import { audience } from '../apps/api/src/lib/records.js';
import { searchEntries } from '../apps/api/src/modules/search/search.service.js';
import { printTable } from './lib.js';

/**
 * Latency of the global search on PostgreSQL (database `pc_bench_search_global`, created anew on
 * BENCH_ADMIN_URL's server): BENCH_ENTRIES (100,000) entries of Italian administrative text — half comments,
 * half documents, bodies of 50–2,000 words, audiences spread over 100 enti and the roles — then BENCH_QUERIES
 * (300) searches of 1–3 words (some without accents, some with a typo) by actors holding typical tokens, through
 * the service's query function. Baseline: the bare full-text match in raw SQL, without scoping, ranking nor
 * snippets. Prints p50/p95/p99 in ms next to the target (p95 ≤ 100 ms).
 */
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 100_000);
const N = Number(process.env.BENCH_QUERIES ?? 300);
const admin = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const url = admin.replace(/\/[^/]*$/, '/pc_bench_search_global');

let seed = 20261126;
const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
const pick = <T>(xs: readonly T[]) => xs[rnd(xs.length)]!;

const comuni = ['Padova', 'Rovigo', 'Abano Terme', 'Este', 'Monselice', 'Cittadella', 'Adria', 'Pescara', 'Città di Castello', 'Forlì', 'Cesena', 'Lecce', 'Matera', 'Potenza', 'Cosenza', 'Viterbo', 'Rieti', 'Ascoli Piceno', 'Fermo', 'Macerata', 'Urbino', 'Sondrio', 'Lodi', 'Cremona', 'Mantova', 'Vicenza', 'Treviso', 'Belluno', 'Novara', 'Biella', 'Cuneo', 'Asti', 'Savona', 'Imperia', 'La Spezia', 'Massa', 'Lucca', 'Pistoia', 'Arezzo', 'Siena', 'Grosseto', 'Frosinone', 'Latina', 'Chieti', 'Teramo', 'Campobasso', 'Isernia', 'Avellino', 'Benevento', 'Caserta'];
const subjects = ['la stazione unica appaltante', 'il responsabile unico del procedimento', 'la convenzione con i Comuni', 'il protocollo d’intesa', 'il bando di gara', 'l’affidamento diretto', 'il progetto finanziato dai fondi europei', 'il piano di trasformazione digitale', 'il centro di competenza', 'la piattaforma di e-procurement', 'il capitolato speciale', 'la determina a contrarre', 'il servizio associato politiche europee', 'il cronoprogramma', 'la rendicontazione PNRR', 'l’avviso pubblico', 'la commissione giudicatrice', 'il contratto di appalto', 'la procedura negoziata', 'il fascicolo informatico'];
const verbs = ['approva', 'trasmette', 'aggiorna', 'verifica', 'pubblica', 'sospende', 'integra', 'richiede', 'rinvia', 'conferma', 'condivide', 'proroga'];
const objects = ['la documentazione di gara', 'il verbale della seduta', 'le offerte economiche', 'la graduatoria provvisoria', 'i requisiti di partecipazione', 'il quadro economico', 'la relazione tecnica', 'le linee guida AgID', 'il piano triennale per l’informatica', 'la domanda di finanziamento', 'il codice identificativo di gara', 'le osservazioni dei Comuni', 'l’accordo di collaborazione', 'gli atti della conferenza dei servizi', 'la scheda progetto FESR', 'il programma Interreg', 'la misura 1.4.1 del PNRR', 'l’interoperabilità dei sistemi', 'la migrazione al cloud', 'il fascicolo sanitario'];
const tails = ['entro trenta giorni', 'secondo il nuovo codice dei contratti', 'come concordato nel tavolo tecnico', 'per conto dei Comuni aderenti', 'nel rispetto del cronoprogramma', 'con la massima urgenza', 'dopo la verifica di congruità', 'in attesa del parere della Regione', 'per la prossima riunione', 'salvo diverse indicazioni'];
const sentence = () => `${pick(['Il Comune di', 'La Provincia di', 'L’ufficio di', 'La città di'])} ${pick(comuni)} ${pick(verbs)} ${pick(objects)}: ${pick(subjects)} ${pick(verbs)} ${pick(objects)} ${pick(tails)}.`;
function text(words: number): string {
  const out: string[] = [];
  let n = 0;
  while (n < words) {
    const s = sentence();
    out.push(s);
    n += s.split(' ').length;
  }
  return out.join(' ');
}
/** 50–2,000 words, most short (as comments and extracted documents are). */
const bodyWords = () => 50 + Math.floor((rnd(10_000) / 10_000) ** 4 * 1950);

const roles = ['ente_admin', 'referent', 'sua_operator', 'comune_user', 'sape_operator'] as const;
const enti = Array.from({ length: 100 }, () => randomUUID());

const c = new pg.Client({ connectionString: admin });
await c.connect();
await c.query('drop database if exists pc_bench_search_global');
await c.query('create database pc_bench_search_global');
await c.end();
const database = await openDatabase({ databaseUrl: url });
await database.migrate();
const raw = new pg.Client({ connectionString: url, options: '-c pg_trgm.word_similarity_threshold=0.5' });
await raw.connect();

const t0 = performance.now();
const BATCH = 500;
for (let i = 0; i < ENTRIES; i += BATCH) {
  const values: unknown[] = [];
  const tuples: string[] = [];
  for (let j = i; j < Math.min(ENTRIES, i + BATCH); j++) {
    const kind = j % 2 === 0 ? 'comment' : 'document';
    const ente = pick(enti);
    const aud = rnd(10) === 0 ? [audience.member] : [audience.role('upi_admin'), audience.ente(ente), ...(rnd(3) === 0 ? [audience.ente(pick(enti))] : [])];
    const title = kind === 'comment' ? `Protocollo d’intesa — Provincia di ${pick(comuni)}` : `${pick(['Verbale', 'Relazione', 'Determina', 'Convenzione', 'Bando', 'Avviso'])} ${pick(objects)} ${pick(comuni)}`;
    const id = randomUUID();
    const b = values.length;
    tuples.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}::uuid, $${b + 9}::text[])`);
    values.push(kind, id, kind === 'comment' ? 'protocol' : 'convention', randomUUID(), title, text(bodyWords()), `/x/${id}`, ente, aud);
  }
  await raw.query(`insert into search_entries (kind, ref_id, owner_type, owner_id, title, body, url, ente_id, audience) values ${tuples.join(', ')}`, values);
}
await raw.query('vacuum analyze search_entries');
const loadS = ((performance.now() - t0) / 1000).toFixed(1);

// queries: 1–3 words of the vocabulary; a quarter without accents, a tenth with a typo (two letters swapped)
const vocab = [...new Set([...comuni, ...subjects, ...objects, ...verbs].join(' ').replace(/[’:.,]/g, ' ').split(/\s+/).filter((w) => w.length > 4))];
const strip = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '');
const queries = Array.from({ length: N }, () => {
  let q = Array.from({ length: 1 + rnd(3) }, () => pick(vocab)).join(' ');
  if (rnd(4) === 0) q = strip(q);
  if (rnd(10) === 0 && q.length > 5) {
    const i = 2 + rnd(q.length - 4);
    q = q.slice(0, i) + q[i + 1] + q[i] + q.slice(i + 2);
  }
  return q.toLowerCase();
});
const actors = [
  ...enti.slice(0, 20).map((e, i) => [audience.user(randomUUID()), audience.member, audience.ente(e), audience.role(roles[i % roles.length]!), audience.enteRole(e, roles[i % roles.length]!)]),
  [audience.user(randomUUID()), audience.member, audience.ente(randomUUID()), audience.role('upi_admin')],
];

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
async function time(run: (q: string, i: number) => Promise<number>) {
  for (const [i, q] of queries.slice(0, 20).entries()) await run(q, i); // warm-up
  const ms: number[] = [];
  let found = 0;
  for (const [i, q] of queries.entries()) {
    const t = performance.now();
    found += (await run(q, i)) > 0 ? 1 : 0;
    ms.push(performance.now() - t);
  }
  return { 'p50 ms': pct(ms, 50).toFixed(1), 'p95 ms': pct(ms, 95).toFixed(1), 'p99 ms': pct(ms, 99).toFixed(1), found: `${found}/${queries.length}` };
}
const baseline = async (q: string) =>
  (await raw.query("select kind, ref_id, title from search_entries where tsv @@ websearch_to_tsquery('italian', f_unaccent($1)) limit 20", [q])).rowCount ?? 0;
const service = (upi: boolean) => async (q: string, i: number) => {
  const tokens = upi ? actors[actors.length - 1]! : actors[i % (actors.length - 1)]!;
  return (await searchEntries(database.db, tokens, { q, page: 1, pageSize: 20 })).total;
};

const baseRow = await time(baseline);
const provinceRow = await time(service(false));
const upiRow = await time(service(true));
const rows = [
  { search: 'baseline: raw FTS match, no scope/rank/snippet', ...baseRow, target: '' },
  { search: 'global search, actor of one ente (scoped)', ...provinceRow, target: 'p95 <= 100' },
  { search: 'global search, UPI admin (sees most)', ...upiRow, target: 'p95 <= 100' },
];
console.log(`${ENTRIES} entries loaded and analysed in ${loadS} s; ${queries.length} queries each`);
printTable(rows);
console.log(`ratio p95 (ente actor / baseline): ${(Number(provinceRow['p95 ms']) / Math.max(0.1, Number(baseRow['p95 ms']))).toFixed(1)}×`);
await raw.end();
await database.close();
