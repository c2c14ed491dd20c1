import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * npm start: builds the web app when it is missing or older than its sources, turns demo data on
 * for a new embedded data dir, then starts the server.
 */
const root = resolve(import.meta.dirname, '..');
const env = { ...process.env };

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
const webIndex = join(root, 'apps/web/dist/index.html');
const webSrc = join(root, 'apps/web/src');
if (!existsSync(webIndex) || (existsSync(webSrc) && newest(webSrc) > statSync(webIndex).mtimeMs)) {
  process.stdout.write('Building the web app…\n');
  const r = spawnSync('npm', ['run', 'build', '-w', '@app/web'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
if (!env.DATABASE_URL && env.DEMO_DATA === undefined) {
  const dataDir = resolve(root, env.DATA_DIR ?? './data');
  if (!existsSync(join(dataDir, 'pgdata', 'PG_VERSION'))) env.DEMO_DATA = 'true';
}
const child = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/server.ts'], { cwd: root, env, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
