import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { printTable } from './lib.js';

/**
 * Start-up to ready: the server process is started on a new data dir (migrate + reference + demo)
 * and then again on the same, existing data dir; the time until /api/v1/ready answers 200.
 * Baseline: the same Node process that only loads tsx and exits.
 */
const port = 3600 + Math.floor(Math.random() * 300);
const dataDir = mkdtempSync(join(tmpdir(), 'pc-startup-'));

async function timeToReady(env: Record<string, string>): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', WEB_DIST: '/nonexistent' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (performance.now() - t0 > 120_000) throw new Error('not ready in 120 s');
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/v1/ready`);
        if (r.ok) return performance.now() - t0;
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

const base = await baseline();
const first = await timeToReady({ DEMO_DATA: 'true' });
const again = await timeToReady({});
rmSync(dataDir, { recursive: true, force: true });
printTable([
  { measure: 'node + tsx, empty script (baseline)', seconds: (base / 1000).toFixed(2), target: '' },
  { measure: 'first start: migrate + territory + demo', seconds: (first / 1000).toFixed(2), target: '<= 60' },
  { measure: 'start on an existing data dir', seconds: (again / 1000).toFixed(2), target: '<= 5' },
]);
