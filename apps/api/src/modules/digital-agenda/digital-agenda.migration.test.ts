import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsFolder, openDatabase, pgliteExtensions, rowsOf, type Database } from '@app/db';
import { buildApp, type App } from '../../app.js';
import { prepareDatabase } from '../../bootstrap.js';
import { parseEnv } from '../../config/env.js';

/**
 * Imports checked but not yet published when an installation upgrades from the release that kept one row per value
 * (`da_import_rows`, up to migration 0014) to the one that keeps the file (0015).
 */
let database: Database;
let app: App;
let older: string;
const USER = '0a6f1c3e-2b4d-4e8f-9a1b-3c5d7e9f1a2b';
const VALUES = '11111111-1111-4111-8111-111111111111';
const CANDIDATURE = '22222222-2222-4222-8222-222222222222';

beforeAll(async () => {
  // the migrations of the older release: the files and the journal up to 0014
  older = mkdtempSync(join(tmpdir(), 'pc-migrations-'));
  mkdirSync(join(older, 'meta'));
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: { idx: number; tag: string }[] };
  journal.entries = journal.entries.filter((e) => e.idx <= 14);
  writeFileSync(join(older, 'meta/_journal.json'), JSON.stringify(journal));
  for (const f of readdirSync(migrationsFolder)) if (journal.entries.some((e) => `${e.tag}.sql` === f)) copyFileSync(join(migrationsFolder, f), join(older, f));
  database = await openDatabase({ pglite: await PGlite.create({ extensions: pgliteExtensions }) });
  await database.migrate(older);
  await database.db.execute(sql`insert into users (id, email, display_name, active) values (${USER}, 'sit@example.it', 'Operatore SIT', true)`);
  await database.db.execute(sql`insert into da_imports (id, kind, file_name, period, state, report, row_count, created_by) values
    (${VALUES}, 'values_csv', 'valori.csv', 2026, 'validated', '{}', 2, ${USER}),
    (${CANDIDATURE}, 'padigitale_candidature', 'candidature.csv', 2026, 'validated', '{}', 1, ${USER})`);
  await database.db.execute(sql`insert into da_import_rows (import_id, indicator_code, period, istat_code, value, source, observed_on) values
    (${VALUES}, 'SRV-02', 2026, '028001', 72.5, 'csv', '2026-05-10'),
    (${VALUES}, 'GOV-01', 2026, '028003', 1, 'csv', '2026-12-31'),
    (${CANDIDATURE}, 'CLD-01', 2026, '028001', 1, 'padigitale', '2026-06-30')`);
  // the new release starts: every later migration, the territory and the catalogue
  await prepareDatabase(database, { demo: false });
  app = await buildApp({ config: parseEnv({ WEB_DIST: '/nonexistent', JOBS_POLL_MS: '0' }), database, mailer: { send: async () => undefined } });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await database.close();
  rmSync(older, { recursive: true, force: true });
});

const rows = async <T>(q: ReturnType<typeof sql>) => rowsOf<T>(await database.db.execute(q));

describe('imports waiting for publication across the upgrade', () => {
  it("keeps a values import's checked rows as the file it is published from, and publishes it", async () => {
    const [imp] = await rows<{ state: string; content: string }>(sql`select state, content from da_imports where id = ${VALUES}`);
    expect(imp).toEqual({ state: 'validated', content: 'codice_istat;indicatore;anno;valore;data_rilevazione\n028003;GOV-01;2026;1;2026-12-31\n028001;SRV-02;2026;72.5;2026-05-10' });
    const ctx = { actor: { userId: USER, email: 'sit@example.it', sessionId: 's', memberships: [{ id: 'm', enteId: '', enteType: 'upi', role: 'upi_admin' as const }], activeMembershipId: null }, requestId: 'r' };
    expect((await app.services.digitalAgenda.publishImport(ctx as never, VALUES)).state).toBe('published');
    const written = await rows<{ istat_code: string; indicator_code: string; value: number }>(sql`select istat_code, indicator_code, value from da_values where import_id = ${VALUES} order by istat_code`);
    expect(written.map((r) => [r.istat_code, r.indicator_code, Number(r.value)])).toEqual([
      ['028001', 'SRV-02', 72.5],
      ['028003', 'GOV-01', 1],
    ]);
  });
  it('marks an import of another kind to be loaded again, and drops the old rows', async () => {
    expect(await rows<{ state: string; content: string | null }>(sql`select state, content from da_imports where id = ${CANDIDATURE}`)).toEqual([{ state: 'rejected', content: null }]);
    expect(await rows(sql`select 1 from information_schema.tables where table_name = 'da_import_rows'`)).toEqual([]);
  });
});
