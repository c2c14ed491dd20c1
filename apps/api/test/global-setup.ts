import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase, pgliteExtensions } from '@app/db';
import { prepareDatabase } from '../src/bootstrap.js';

/**
 * Builds the test database once per run. Embedded: a migrated PGlite with the territory,
 * dumped to a file that every test file loads (~1 s instead of a new initdb each).
 * PostgreSQL (TEST_DATABASE_URL): the schema is recreated, migrated and loaded once, and every file shares one
 * file store, as the installations do (its rows refer to files any test file may have stored).
 */
export default async function setup({ provide }: { provide: (k: string, v: string) => void }) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('drop schema if exists public cascade; drop schema if exists drizzle cascade; create schema public;');
    await client.end();
    const database = await openDatabase({ databaseUrl: url });
    await prepareDatabase(database, { demo: false });
    await database.close();
    provide('databaseUrl', url);
    const filesDir = mkdtempSync(join(tmpdir(), 'pc-test-files-'));
    provide('filesDir', filesDir);
    return () => rmSync(filesDir, { recursive: true, force: true });
  }
  const pglite = await PGlite.create({ extensions: pgliteExtensions });
  const database = await openDatabase({ pglite });
  await prepareDatabase(database, { demo: false });
  const dump = await pglite.dumpDataDir('gzip');
  const path = join(tmpdir(), `pc-test-template-${randomUUID()}.tar.gz`);
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();
  provide('templatePath', path);
  return () => rmSync(path, { force: true });
}

declare module 'vitest' {
  export interface ProvidedContext {
    templatePath?: string;
    databaseUrl?: string;
    filesDir?: string;
  }
}
