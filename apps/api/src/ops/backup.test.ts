import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf } from '@app/db';
import { createTestApp, createUser, enteId, login, type TestContext } from '../../test/build-app.js';
import { multipart, samples } from '../../test/files.js';
import { createLocalStorage } from '../lib/storage.js';
import { prepareDatabase } from '../bootstrap.js';
import { backup, databaseDigest, restore } from './backup.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../../..');

describe('backup and restore', () => {
  let t: TestContext;
  let dir: string;
  beforeAll(async () => {
    t = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), 'pc-backup-'));
    // some data of every kind: a user, an audited change, a stored document
    const padova = await enteId(t.database, 'provincia', '028');
    const admin = await createUser(t.database, [{ role: 'upi_admin', enteId: padova }]);
    const headers = await login(t.app, admin.email);
    t.app.services.records.register('test.backup', async () => ({ enteId: padova, read: true, write: true }));
    const { payload, contentType } = await multipart({
      file: { bytes: samples.pdf(), name: 'nota.pdf' },
      metadata: { ownerType: 'test.backup', ownerId: randomUUID(), title: 'Nota per il backup' },
    });
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...headers, 'content-type': contentType }, payload });
    expect(res.statusCode).toBe(201);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives back the same tables (counts and hashes) and files in an empty installation, and refuses a non-empty one', async () => {
    const storage = createLocalStorage(t.filesDir);
    const out = join(dir, 'b1');
    const manifest = await backup({ db: t.database.db, storage, out, kind: t.database.kind });
    expect(manifest.tables.enti!.rows).toBeGreaterThan(7000);
    expect(manifest.tables.audit_events!.rows).toBeGreaterThan(0);

    const target = await openDatabase({ dataDir: join(dir, 'target') });
    try {
      const targetFiles = createLocalStorage(join(dir, 'target-files'));
      const migrate = (f?: string) => target.migrate(f);
      await restore({ db: target.db, storage: targetFiles, from: out, migrate });
      expect(await databaseDigest(target.db)).toEqual(manifest.tables);
      for (const sha of rowsOf<{ sha256: string }>(await target.db.execute(sql`select sha256 from blobs`))) {
        expect(await targetFiles.has(sha.sha256)).toBe(true);
      }
      // a second restore on the same, now full, installation is refused unless forced
      await expect(restore({ db: target.db, storage: targetFiles, from: out, migrate })).rejects.toThrow(/holds data/);
      await restore({ db: target.db, storage: targetFiles, from: out, force: true, migrate });
      expect(await databaseDigest(target.db)).toEqual(manifest.tables);
      // sequences continue after the restored ids
      await target.db.execute(sql`insert into jobs (queue) values ('after-restore')`);
    } finally {
      await target.close();
    }
  });

  it('refuses a folder without a complete backup and a target folder that already holds one', async () => {
    const storage = createLocalStorage(t.filesDir);
    const migrate = (f?: string) => t.database.migrate(f);
    await expect(restore({ db: t.database.db, storage, from: join(dir, 'nothing-here'), migrate })).rejects.toThrow(/manifest.json is missing/);
    const out = join(dir, 'b2');
    await backup({ db: t.database.db, storage, out, kind: t.database.kind });
    await expect(backup({ db: t.database.db, storage, out, kind: t.database.kind })).rejects.toThrow(/already holds a backup/);
    writeFileSync(join(dir, 'b2', 'manifest.json'), JSON.stringify({ format: 'other' }));
    await expect(restore({ db: t.database.db, storage, from: out, force: true, migrate })).rejects.toThrow(/not a backup of this platform/);
  });

  it('works from the command line on embedded installations, and the audit chain verifies after restore', async () => {
    const source = join(dir, 'cli-source');
    const db = await openDatabase({ dataDir: source });
    await prepareDatabase(db, { demo: true, demoIndicatorProvinces: ['029'] });
    await db.close();
    // the installation is named by DATA_DIR alone (the test runner's own BASE_URL is not the platform's)
    // eslint-disable-next-line no-restricted-properties
    const { DATABASE_URL: _db, BASE_URL: _base, ...inherited } = process.env;
    const env = { ...inherited, DATA_DIR: source };
    const out = join(dir, 'cli-backup');
    const b = await run('npx', ['tsx', 'scripts/backup.ts', '--out', out], { cwd: root, env });
    expect(b.stdout).toMatch(/Backup written to .*tables/);
    const restored = join(dir, 'cli-target');
    const r = await run('npx', ['tsx', 'scripts/restore.ts', '--from', out], { cwd: root, env: { ...env, DATA_DIR: restored } });
    expect(r.stdout).toMatch(/counts and hashes checked.*audit chain intact/);
    const again = await run('npx', ['tsx', 'scripts/restore.ts', '--from', out], { cwd: root, env: { ...env, DATA_DIR: restored } }).catch(
      (err: { code: number; stderr: string }) => err,
    );
    expect(again).toMatchObject({ code: 1, stderr: expect.stringMatching(/holds data: restore refused/) });
  }, 240_000);
});
