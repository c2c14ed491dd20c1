import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, pgliteExtensions } from '@app/db';
import { buildApp } from '../../apps/api/src/app.js';
import { prepareDatabase } from '../../apps/api/src/bootstrap.js';
import { parseEnv } from '../../apps/api/src/config/env.js';

/**
 * Writes the OCDS release packages the API serves for the demo procedures of every state (an embedded database in
 * memory with the demo data), one file each, and prints their paths: the conformance check validates them.
 *   npx tsx scripts/conformance/ocds.ts <reference-dir> $(npx tsx scripts/conformance/ocds-packages.ts)
 */
const database = await openDatabase({ pglite: await PGlite.create({ extensions: pgliteExtensions }) });
await prepareDatabase(database, { demo: true, demoIndicatorProvinces: ['029'] });
const files = mkdtempSync(join(tmpdir(), 'ocds-files-'));
const app = await buildApp({ config: parseEnv({ WEB_DIST: '/nonexistent', LOG_LEVEL: 'warn', JOBS_POLL_MS: '0', FILES_DIR: files }), database });
await app.ready();
const login = await app.inject({
  method: 'POST',
  url: '/api/v1/auth/login',
  headers: { 'x-requested-with': 'XMLHttpRequest' },
  payload: { email: 'sua@demo.provincecomuni.it', password: 'Demo-2026!pc' },
});
const headers = { cookie: String(login.headers['set-cookie']).split(';')[0]! };
const list = (await app.inject({ method: 'GET', url: '/api/v1/procurement/procedures?pageSize=200', headers })).json() as { items: { id: string; state: string }[] };
const dir = mkdtempSync(join(tmpdir(), 'ocds-'));
const out: string[] = [];
for (const p of list.items) {
  const res = await app.inject({ method: 'GET', url: `/api/v1/procurement/procedures/${p.id}/ocds`, headers });
  if (res.statusCode !== 200) throw new Error(`OCDS of ${p.id}: ${res.statusCode} ${res.body}`);
  const file = join(dir, `${p.state}-${p.id}.json`);
  writeFileSync(file, res.body);
  out.push('--file', file);
}
if (!out.length) throw new Error('no demo procedures: nothing to validate');
process.stdout.write(`${out.join(' ')}\n`);
await app.close();
await database.close();
