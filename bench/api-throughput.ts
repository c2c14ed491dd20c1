import Fastify from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '@app/db';
import { buildApp } from '../apps/api/src/app.js';
import { prepareDatabase } from '../apps/api/src/bootstrap.js';
import { parseEnv } from '../apps/api/src/config/env.js';
import { load, printTable, type LoadResult } from './lib.js';

/**
 * (a) bare Fastify hello-world, (b) GET /api/v1/enti?type=comune&province=028 with a logged-in
 * session, on PGlite and on PostgreSQL (BENCH_DATABASE_URL, default the local `postgres` database
 * schema `bench` is not used: a dedicated database `pc_bench` is created). Prints req/s, p50/p99, b/a.
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const bare = Fastify();
bare.get('/', async () => ({ hello: 'world' }));
await bare.listen({ port: 0, host: '127.0.0.1' });
const bareUrl = `http://127.0.0.1:${(bare.server.address() as { port: number }).port}/`;
const a = await load('a) bare Fastify hello-world', bareUrl, {}, seconds);
await bare.close();

async function runPlatform(kind: 'pglite' | 'postgres'): Promise<LoadResult | null> {
  let databaseUrl: string | undefined;
  let dataDir: string | undefined;
  if (kind === 'postgres') {
    const admin = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const c = new pg.Client({ connectionString: admin });
    try {
      await c.connect();
    } catch {
      console.log(`PostgreSQL not reachable at ${admin}: skipped`);
      return null;
    }
    await c.query('drop database if exists pc_bench');
    await c.query('create database pc_bench');
    await c.end();
    databaseUrl = admin.replace(/\/[^/]*$/, '/pc_bench');
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'pc-bench-'));
  }
  const config = parseEnv({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, WEB_DIST: '/nonexistent', AUTH_RATE_LIMIT: '1000' });
  const database = await openDatabase({ databaseUrl, dataDir, poolSize: 20 });
  await prepareDatabase(database, { demo: true });
  const app = await buildApp({ config, database });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const res = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' },
    body: JSON.stringify({ email: 'rup@demo.provincecomuni.it', password: 'Demo-2026!pc' }),
  });
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const r = await load(`b) GET /enti?type=comune&province=028 (${kind})`, `${base}/api/v1/enti?type=comune&province=028`, { cookie }, seconds);
  await app.close();
  await database.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  return r;
}

const rows: LoadResult[] = [a];
const targets = { pglite: 0.12, postgres: 0.35 };
for (const kind of ['postgres', 'pglite'] as const) {
  const r = await runPlatform(kind);
  if (r) rows.push(r);
}
printTable(
  rows.map((r) => {
    const kind = r.name.includes('postgres') ? 'postgres' : r.name.includes('pglite') ? 'pglite' : null;
    return {
      benchmark: r.name,
      'req/s': r.rps,
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      non2xx: r.non2xx,
      'ratio b/a': kind ? (r.rps / a.rps).toFixed(3) : '1 (baseline)',
      target: kind ? `>= ${targets[kind]}` : '',
    };
  }),
);
process.exit(0);
