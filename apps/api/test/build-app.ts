import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { hash } from '@node-rs/argon2';
import { and, eq, isNull } from 'drizzle-orm';
import { openDatabase, pgliteExtensions, tables, type Database } from '@app/db';
import type { Role } from '@app/contracts';
import { buildApp, type App } from '../src/app.js';
import { parseEnv } from '../src/config/env.js';
import type { Mail } from '../src/lib/mailer.js';
import { createTestDatabase } from './pg-databases.js';

export const TEST_PASSWORD = 'Test-password-2026';
let passwordHash: Promise<string> | null = null;

/** A new PostgreSQL test database for this file (a copy of the run's template), dropped by `drop`. */
export async function createPgTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  return createTestDatabase(inject('databaseUrl')!, inject('templateDatabase')!);
}

/** Opens a new test database: a fresh PGlite from the template, or a fresh copy of the PostgreSQL template. */
export async function openTestDatabase(): Promise<Database> {
  if (inject('databaseUrl')) {
    const copy = await createPgTestDatabase();
    const database = await openDatabase({ databaseUrl: copy.url, poolSize: 4 });
    return {
      ...database,
      close: async () => {
        await database.close();
        await copy.drop();
      },
    };
  }
  const blob = new Blob([readFileSync(inject('templatePath')!)]);
  const pglite = await PGlite.create({ loadDataDir: blob, extensions: pgliteExtensions });
  return openDatabase({ pglite });
}

export interface TestContext {
  app: App;
  database: Database;
  mails: Mail[];
  /** The app's stored files (a temporary folder unless FILES_DIR is given). */
  filesDir: string;
  close(): Promise<void>;
}

/**
 * Builds the app on a new test database; mails are captured in `mails` unless SMTP is configured, files are
 * stored in a temporary folder removed on close.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestContext> {
  const database = await openTestDatabase();
  const mails: Mail[] = [];
  const tempFiles = env.FILES_DIR ? null : mkdtempSync(join(tmpdir(), 'pc-test-files-'));
  const config = parseEnv({ WEB_DIST: '/nonexistent', AUTH_RATE_LIMIT: '1000', FILES_DIR: tempFiles ?? undefined, ...env });
  const app = await buildApp({
    config,
    database,
    mailer: env.SMTP_URL ? undefined : { send: async (m) => void mails.push(m) },
  });
  await app.ready();
  return {
    app,
    database,
    mails,
    filesDir: config.FILES_DIR,
    close: async () => {
      await app.close();
      await database.close();
      if (tempFiles) rmSync(tempFiles, { recursive: true, force: true });
    },
  };
}

/** Finds a reference ente by type and ISTAT code (null code: the UPI). */
export async function enteId(database: Database, type: string, istatCode: string | null): Promise<string> {
  const { enti } = tables;
  const [row] = await database.db
    .select({ id: enti.id })
    .from(enti)
    .where(and(eq(enti.type, type), istatCode === null ? isNull(enti.istatCode) : eq(enti.istatCode, istatCode)));
  if (!row) throw new Error(`no ente ${type} ${istatCode}`);
  return row.id;
}

/** Creates a user with the given memberships straight in the database (a factory, not an API call). */
export async function createUser(
  database: Database,
  memberships: { role: Role; enteId: string }[] = [],
  overrides: { email?: string; active?: boolean; displayName?: string } = {},
) {
  passwordHash ??= hash(TEST_PASSWORD);
  const email = overrides.email ?? `user-${randomUUID()}@test.example.it`;
  const [u] = await database.db
    .insert(tables.users)
    .values({ email, displayName: overrides.displayName ?? 'Utente di prova', passwordHash: await passwordHash, active: overrides.active ?? true })
    .returning();
  for (const m of memberships) await database.db.insert(tables.memberships).values({ userId: u!.id, ...m });
  return { id: u!.id, email };
}

export const XRW = { 'x-requested-with': 'XMLHttpRequest' } as const;

/** Logs in and answers the headers of an authenticated client (cookie + X-Requested-With). */
export async function login(app: App, email: string, password = TEST_PASSWORD) {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: XRW, payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'pc_session')!;
  return { cookie: `pc_session=${cookie.value}`, ...XRW };
}

type Membership = { role: Role; enteId: string };

/**
 * The people of a test file: for each name a user with its memberships (its display name the given one, or the
 * name), signed in. Answers their request headers and their user ids by name.
 */
export async function signInPeople(
  app: App,
  database: Database,
  people: readonly (readonly [name: string, memberships: Membership | readonly Membership[], displayName?: string])[],
): Promise<{ headers: Record<string, Record<string, string>>; ids: Record<string, string> }> {
  const headers: Record<string, Record<string, string>> = {};
  const ids: Record<string, string> = {};
  for (const [name, m, displayName] of people) {
    const u = await createUser(database, Array.isArray(m) ? [...m] : [m as Membership], { displayName: displayName ?? name });
    ids[name] = u.id;
    headers[name] = await login(app, u.email);
  }
  return { headers, ids };
}

