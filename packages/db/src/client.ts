import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema/index.js';
import { lockDataDir } from './lock.js';

export type Schema = typeof schema;
/** The Drizzle database, whichever engine is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction or the database itself: repositories accept either. */
export type DbOrTx = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

/** The rows of `db.execute`, which answers an array (PGlite) or a result with `rows` (node-postgres). */
export const rowsOf = <T>(res: unknown): T[] => (Array.isArray(res) ? (res as T[]) : ((res as { rows?: T[] }).rows ?? [])) as T[];

/** Extensions the migrations use; PGlite needs them at construction. */
export const pgliteExtensions = { unaccent, pg_trgm };

export const migrationsFolder = resolve(dirname(fileURLToPath(import.meta.url)), '../migrations');

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Applies the committed SQL migrations (or those of another folder: a restore at an earlier release's level). */
  migrate(folder?: string): Promise<void>;
  /** Runs a cheap query; throws when the database is unreachable. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The PGlite instance, for dumps in tests; undefined on PostgreSQL. */
  pglite?: PGlite;
}

/**
 * Typo tolerance of name searches (`q <% name`): 0.5 instead of pg_trgm's 0.6, so that two swapped letters
 * ("Abnao Terme") still find the name, through the trigram index.
 */
export const WORD_SIMILARITY_THRESHOLD = 0.5;

export interface OpenOptions {
  /** postgres://… ; when absent the embedded PGlite database is used. */
  databaseUrl?: string;
  /** Folder holding the embedded database (`<dataDir>/pgdata`) and its lock file. */
  dataDir?: string;
  /** An already opened PGlite (tests start from a dump). */
  pglite?: PGlite;
  /** Max pool size on PostgreSQL. */
  poolSize?: number;
}

/** Opens the database: PostgreSQL when a URL is given, PGlite otherwise (locking the data dir). */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      options: `-c pg_trgm.word_similarity_threshold=${WORD_SIMILARITY_THRESHOLD}`,
    });
    pool.on('error', () => {
      /* idle client errors are reported by the next query */
    });
    const db = drizzlePg(pool, { schema, casing: 'snake_case' }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      migrate: (folder = migrationsFolder) => migratePg(drizzlePg(pool, { casing: 'snake_case' }), { migrationsFolder: folder }),
      ping: async () => {
        await pool.query('select 1');
      },
      close: () => pool.end(),
    };
  }
  let release: (() => void) | undefined;
  let client = opts.pglite;
  if (!client) {
    const dir = resolve(opts.dataDir ?? './data');
    release = lockDataDir(dir);
    try {
      mkdirSync(join(dir, 'pgdata'), { recursive: true });
      client = await PGlite.create(join(dir, 'pgdata'), { extensions: pgliteExtensions });
    } catch (err) {
      release();
      throw err;
    }
  }
  const pgl = client;
  await pgl.exec(`set pg_trgm.word_similarity_threshold = ${WORD_SIMILARITY_THRESHOLD}`);
  const db = drizzlePglite(pgl, { schema, casing: 'snake_case' }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    pglite: pgl,
    migrate: (folder = migrationsFolder) => migratePglite(drizzlePglite(pgl, { casing: 'snake_case' }), { migrationsFolder: folder }),
    ping: async () => {
      await pgl.query('select 1');
    },
    close: async () => {
      if (!pgl.closed) await pgl.close();
      release?.();
    },
  };
}
