import { writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { openDatabase, pgliteExtensions } from '@app/db';
import { prepareDatabase } from '../src/bootstrap.js';
import { adminQuery, dropTestDatabases, withDatabase } from './pg-databases.js';

/**
 * Builds the test database once per run. Embedded: a migrated PGlite with the territory,
 * dumped to a file that every test file loads (~1 s instead of a new initdb each).
 * PostgreSQL (TEST_DATABASE_URL): a template database is migrated and loaded once, and every test database is a
 * copy of it (`create database … template`), so that files run in parallel and none sees another's rows.
 */
export default async function setup({ provide }: { provide: (k: string, v: string) => void }) {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const template = `${new URL(url).pathname.slice(1)}_template`;
    await dropTestDatabases(url);
    await adminQuery(url, `create database ${template}`);
    const database = await openDatabase({ databaseUrl: withDatabase(url, template) });
    await prepareDatabase(database, { demo: false });
    await database.close();
    provide('databaseUrl', url);
    provide('templateDatabase', template);
    return () => dropTestDatabases(url);
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
    templateDatabase?: string;
  }
}
