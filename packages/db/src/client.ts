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

/** COPY … FROM STDIN on a node-postgres connection: the chunks are sent in order as CopyData messages. */
class CopyFromStdin {
  private error: Error | null = null;
  private copied = 0;
  readonly done: Promise<number>;
  private settle!: { resolve: (n: number) => void; reject: (e: Error) => void };
  constructor(
    private readonly text: string,
    private readonly chunks: Iterable<string>,
    private readonly onChunk?: (sent: number) => void,
  ) {
    this.done = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }
  submit(connection: { query(text: string): void }) {
    connection.query(this.text);
  }
  handleCopyInResponse(connection: { sendCopyFromChunk(b: Buffer): void; endCopyFrom(): void; sendCopyFail(m: string): void; stream?: NodeJS.WritableStream & { writableNeedDrain?: boolean } }) {
    void (async () => {
      let sent = 0;
      try {
        for (const chunk of this.chunks) {
          if (this.error) return;
          connection.sendCopyFromChunk(Buffer.from(chunk, 'utf8'));
          // the server reads at its pace: wait for the socket to drain, so progress follows what the server received
          const stream = connection.stream;
          if (stream?.writableNeedDrain) await new Promise((r) => stream.once('drain', r));
          this.onChunk?.(++sent);
        }
        connection.endCopyFrom();
      } catch (err) {
        connection.sendCopyFail((err as Error).message);
      }
    })();
  }
  handleCommandComplete(msg: { text?: string }) {
    this.copied = Number(/COPY (\d+)/.exec(msg.text ?? '')?.[1] ?? 0);
  }
  handleError(err: Error) {
    // the client forgets the query on an error (no ReadyForQuery reaches it): settle now
    this.error = err;
    this.settle.reject(err);
  }
  handleReadyForQuery() {
    if (this.error) this.settle.reject(this.error);
    else this.settle.resolve(this.copied);
  }
  handleRowDescription() {}
  handleDataRow() {}
  handleEmptyQuery() {}
  handlePortalSuspended() {}
  handleCopyData() {}
}

interface PgliteQueryable {
  query(text: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ affectedRows?: number }>;
}

/**
 * Streams CSV text into a table with COPY, on the connection of `tx` (a transaction: temporary tables and the
 * rest of the work see the rows): `COPY … FROM STDIN` on PostgreSQL, one `COPY … FROM '/dev/blob'` per chunk on
 * PGlite. `target` is `table (columns)`, `options` the COPY options (no header: strip it first). The chunks must
 * end on record boundaries. `onChunk` runs after each chunk is sent. Answers the rows copied.
 */
export async function copyFrom(tx: DbOrTx, target: string, options: string, chunks: Iterable<string>, onChunk?: (sent: number) => void): Promise<number> {
  const client = (tx as unknown as { session?: { client?: unknown } }).session?.client as Record<string, unknown> | undefined;
  if (!client) throw new Error('copyFrom needs a transaction of a database opened with openDatabase');
  if ('connection' in client && typeof client.query === 'function') {
    const copy = new CopyFromStdin(`copy ${target} from stdin with (${options})`, chunks, onChunk);
    (client as unknown as { query(q: unknown): void }).query(copy);
    return copy.done;
  }
  if (typeof client.query === 'function' && typeof client.exec === 'function') {
    const pgl = client as unknown as PgliteQueryable;
    let total = 0;
    let sent = 0;
    for (const chunk of chunks) {
      const res = await pgl.query(`copy ${target} from '/dev/blob' with (${options})`, [], { blob: new Blob([chunk]) });
      total += res.affectedRows ?? 0;
      onChunk?.(++sent);
    }
    return total;
  }
  throw new Error('copyFrom: the transaction is not on a pool connection nor on PGlite');
}
