import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, pgliteExtensions, tables, type Database, rowsOf } from '@app/db';
import { buildApp, type App } from '../app.js';
import { parseEnv } from '../config/env.js';
import { createLocalStorage } from '../lib/storage.js';
import { createAuditRepository, createAuditService } from '../modules/audit/index.js';
import { readManifest, restore } from './backup.js';

/**
 * The demo installation of the previous release (its backup, kept with the migrations) is restored at its own
 * migration level and the migrations released since run over its data: the upgrade path of every installation.
 */
const fixture = resolve(import.meta.dirname, '../../../../packages/db/upgrade-fixtures/0004-demo');

describe("upgrading the previous release's data", () => {
  let database: Database;
  let app: App;
  let files: string;
  beforeAll(async () => {
    files = mkdtempSync(join(tmpdir(), 'pc-upgrade-'));
    database = await openDatabase({ pglite: await PGlite.create({ extensions: pgliteExtensions }) });
    await restore({ db: database.db, storage: createLocalStorage(files), from: fixture, migrate: (f) => database.migrate(f) });
    app = await buildApp({
      config: parseEnv({ WEB_DIST: '/nonexistent', AUTH_RATE_LIMIT: '1000', FILES_DIR: files, JOBS_POLL_MS: '0' }),
      database,
      mailer: { send: async () => {} },
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await database.close();
    rmSync(files, { recursive: true, force: true });
  });

  it('runs every later migration over it and keeps every row', async () => {
    const manifest = await readManifest(fixture);
    const applied = rowsOf<{ n: number | string }>(await database.db.execute(sql`select count(*) as n from drizzle.__drizzle_migrations`));
    expect(Number(applied[0]!.n)).toBeGreaterThan(manifest.migrations.length);
    // the start of the new release stores the SUA's reference templates (their files and rows): those tables grow
    const growAtStart = new Set(['blobs', 'document_templates']);
    for (const [table, d] of Object.entries(manifest.tables)) {
      const [row] = rowsOf<{ n: number | string }>(await database.db.execute(sql.raw(`select count(*) as n from "${table}"`)));
      if (growAtStart.has(table)) expect(Number(row!.n), table).toBeGreaterThanOrEqual(d.rows);
      else expect([table, Number(row!.n)]).toEqual([table, d.rows]);
    }
    expect((await database.db.select({ n: count() }).from(tables.documentTemplates))[0]!.n).toBeGreaterThanOrEqual(21);
    // tables of the later releases exist and start empty
    expect((await database.db.select({ n: count() }).from(tables.jobs))[0]!.n).toBe(0);
  });

  it('keeps an intact audit chain and lets the people of the old release sign in and work', async () => {
    const login = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'x-requested-with': 'XMLHttpRequest' },
      payload: { email: 'admin.upi@demo.provincecomuni.it', password: 'Demo-2026!pc' },
    });
    expect(login.statusCode).toBe(200);
    const cookie = `pc_session=${login.cookies.find((c) => c.name === 'pc_session')!.value}`;
    const protocols = await app.inject({ method: 'GET', url: '/api/v1/registry/protocols?pageSize=100', headers: { cookie } });
    expect(protocols.statusCode).toBe(200);
    expect(protocols.json().total).toBe(76);
    const audit = await createAuditService({ db: database.db, repo: createAuditRepository() }).verify();
    expect(audit.firstBreak).toBeNull();
  });
});
