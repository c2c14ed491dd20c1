import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { printTable } from './lib.js';

/**
 * Start-up to ready: the server process is started on a new data dir (migrate + reference + demo)
 * and then again on the same, existing data dir; the time until /api/v1/ready answers 200, and the process's peak
 * memory (VmHWM); the demo holds the indicator values of all 7,904 Comuni (~3.3M). Then a first start with those of
 * Padova and Rovigo only (`DEMO_INDICATOR_PROVINCES=028,029`, as the tests do), and the same on a new PostgreSQL
 * database (BENCH_ADMIN_URL's server). The time until the start-up tasks (the earlier years' aggregates, the latest
 * year's alerts) are done is printed too.
 * Baseline: the same Node process that only loads tsx and exits.
 */
const port = 3600 + Math.floor(Math.random() * 300);
const dataDir = mkdtempSync(join(tmpdir(), 'pc-startup-'));

const peakMb = (pid: number | undefined) => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : 0;
};

/** Seconds to ready and to start-up done, and the peak memory in MB. */
async function timeToReady(env: Record<string, string>): Promise<{ ready: number; done: number; peak: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', WEB_DIST: '/nonexistent' },
    stdio: 'ignore',
  });
  try {
    let ready = 0;
    for (;;) {
      if (performance.now() - t0 > 300_000) throw new Error('not ready in 300 s');
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/v1/ready`);
        if (r.ok) {
          ready ||= performance.now() - t0;
          if ((await r.json()).startup === 'done') return { ready: ready / 1000, done: (performance.now() - t0) / 1000, peak: peakMb(child.pid) };
        }
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function baseline(): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', '0'], { stdio: 'ignore' });
  await new Promise((r) => child.once('exit', r));
  return performance.now() - t0;
}

const admin = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const pgDb = 'pc_bench_startup';
async function adminQuery(q: string) {
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(q);
  await c.end();
}

const base = await baseline();
const first = await timeToReady({ DEMO_DATA: 'true' });
const again = await timeToReady({});
rmSync(dataDir, { recursive: true, force: true });
const twoDir = mkdtempSync(join(tmpdir(), 'pc-startup-two-'));
const embeddedTwo = await timeToReady({ DEMO_DATA: 'true', DEMO_INDICATOR_PROVINCES: '028,029', DATA_DIR: twoDir });
rmSync(twoDir, { recursive: true, force: true });
await adminQuery(`drop database if exists ${pgDb}`);
await adminQuery(`create database ${pgDb}`);
const databaseUrl = admin.replace(/\/[^/]*$/, `/${pgDb}`);
const pgFirst = await timeToReady({ DEMO_DATA: 'true', DATABASE_URL: databaseUrl });
const pgAgain = await timeToReady({ DATABASE_URL: databaseUrl });
await adminQuery(`drop database if exists ${pgDb}`);
const row = (measure: string, r: { ready: number; done: number; peak: number } | number, target: string) =>
  typeof r === 'number'
    ? { measure, 'ready s': r.toFixed(2), 'start-up done s': '-', 'peak MB': '-', target }
    : { measure, 'ready s': r.ready.toFixed(2), 'start-up done s': r.done.toFixed(2), 'peak MB': String(r.peak), target };
printTable([
  row('node + tsx, empty script (baseline)', base / 1000, ''),
  row('embedded, first start: migrate + territory + demo (indicators of all 7,904 Comuni)', first, 'ready <= 60'),
  row('embedded, start on an existing data dir', again, 'ready <= 5'),
  row('embedded, first start with the indicators of Padova and Rovigo only', embeddedTwo, 'ready <= 60'),
  row('PostgreSQL, first start: migrate + territory + demo (indicators of all 7,904 Comuni)', pgFirst, 'ready <= 60'),
  row('PostgreSQL, start on an existing database', pgAgain, 'ready <= 5'),
]);
