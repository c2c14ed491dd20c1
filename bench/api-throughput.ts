import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { load, type LoadResult, printTable, stop, waitFor } from './lib.js';

/**
 * Throughput on loopback, 50 connections, BENCH_SECONDS (10) each, server and client in separate
 * processes on the same machine:
 *  (a) a bare Fastify hello-world (the baseline);
 *  (b) GET /api/v1/enti?type=comune&province=028 with a logged-in session, on PGlite and on
 *      PostgreSQL (database `pc_bench`, created anew on BENCH_ADMIN_URL's server).
 * Prints req/s, p50/p99 latency and the ratio b/a next to the targets.
 */
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const port = 3700 + Math.floor(Math.random() * 200);
const env = { ...process.env, LOG_LEVEL: 'warn', WEB_DIST: '/nonexistent', AUTH_RATE_LIMIT: '1000', HOST: '127.0.0.1', PORT: String(port) };


const bare = spawn(process.execPath, ['bench/hello-server.mjs', String(port)], { stdio: 'ignore' });
await waitFor(`http://127.0.0.1:${port}/`, bare);
const a = await load('a) bare Fastify hello-world', `http://127.0.0.1:${port}/`, {}, seconds);
await stop(bare);

async function runPlatform(kind: 'pglite' | 'postgres'): Promise<LoadResult | null> {
  const extra: Record<string, string> = { DEMO_DATA: 'true' };
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
    extra.DATABASE_URL = admin.replace(/\/[^/]*$/, '/pc_bench');
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'pc-bench-'));
    extra.DATA_DIR = dataDir;
  }
  const server = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], { env: { ...env, ...extra }, stdio: 'ignore' });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${base}/api/v1/ready`, server);
    const res = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' },
      body: JSON.stringify({ email: 'rup@demo.provincecomuni.it', password: 'Demo-2026!pc' }),
    });
    if (!res.ok) throw new Error(`login failed: ${res.status}`);
    const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    return await load(`b) GET /enti?type=comune&province=028 (${kind})`, `${base}/api/v1/enti?type=comune&province=028`, { cookie }, seconds);
  } finally {
    await stop(server);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
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
