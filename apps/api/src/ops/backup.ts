import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { sql } from 'drizzle-orm';
import { migrationsFolder, type Db, type DbOrTx, rowsOf } from '@app/db';
import type { Storage } from '../lib/storage.js';

/** What a backup holds, written last: a backup without it is incomplete. */
export interface BackupManifest {
  format: 'province-e-comuni-backup';
  version: 1;
  createdAt: string;
  database: 'pglite' | 'postgres';
  /** The migrations applied to the source (their hashes, in order). */
  migrations: string[];
  tables: Record<string, { rows: number; sha256: string }>;
  files: { count: number; bytes: number; sha256: string };
}

const FORMAT = 'province-e-comuni-backup' as const;
const PAGE = 2000;
const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '""')}"`);

/** JSON with object keys sorted at every level: the same row always gives the same line. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The application's tables, parents before children (foreign keys), with their columns and self-references. */
async function tablesInOrder(db: DbOrTx) {
  const tables = rowsOf<{ name: string }>(
    await db.execute(sql`select tablename as name from pg_tables where schemaname = 'public' order by tablename`),
  ).map((r) => r.name);
  const fks = rowsOf<{ child: string; parent: string; columns: string[] | string }>(
    await db.execute(sql`
      select cl.relname as child, pl.relname as parent,
        array(select a.attname from unnest(c.conkey) k join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k)::text[] as columns
      from pg_constraint c
      join pg_class cl on cl.oid = c.conrelid join pg_class pl on pl.oid = c.confrelid
      join pg_namespace n on n.oid = cl.relnamespace
      where c.contype = 'f' and n.nspname = 'public'`),
  );
  const columns = rowsOf<{ table: string; column: string; generated: string; type: string }>(
    await db.execute(sql`
      select c.relname as "table", a.attname as "column", a.attgenerated::text as generated, format_type(a.atttypid, a.atttypmod) as type
      from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
      order by c.relname, a.attnum`),
  );
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  const selfRefs = new Map<string, string[]>();
  for (const fk of fks) {
    const cols = Array.isArray(fk.columns) ? fk.columns : String(fk.columns).replace(/[{}]/g, '').split(',');
    if (fk.child === fk.parent) selfRefs.set(fk.child, cols);
    else parents.get(fk.child)?.add(fk.parent);
  }
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.filter((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p) || !parents.has(p)));
    if (next.length === 0) throw new Error('Foreign keys form a cycle between tables');
    for (const t of next) {
      ordered.push(t);
      placed.add(t);
    }
  }
  return ordered.map((name) => ({
    name,
    columns: columns.filter((c) => c.table === name && c.generated === ''),
    selfRef: selfRefs.get(name) ?? null,
  }));
}

/** Every row of a table as canonical JSON lines, page by page in a stable order. */
async function* tableLines(db: DbOrTx, table: string): AsyncGenerator<string> {
  for (let offset = 0; ; offset += PAGE) {
    const rows = rowsOf<{ r: unknown }>(
      await db.execute(sql`select to_jsonb(t) as r from ${ident(table)} t order by ctid limit ${PAGE} offset ${offset}`),
    );
    for (const row of rows) {
      const r = typeof row.r === 'string' ? JSON.parse(row.r) : row.r;
      yield canonical(r);
    }
    if (rows.length < PAGE) return;
  }
}

/** Hash of a table's content, independent of the physical order of its rows. */
async function tableDigest(db: DbOrTx, table: string): Promise<{ rows: number; sha256: string }> {
  const lines: string[] = [];
  for await (const line of tableLines(db, table)) lines.push(line);
  lines.sort();
  const h = createHash('sha256');
  for (const l of lines) h.update(l).update('\n');
  return { rows: lines.length, sha256: h.digest('hex') };
}

async function migrationHashes(db: DbOrTx): Promise<string[]> {
  try {
    return rowsOf<{ hash: string }>(await db.execute(sql`select hash from drizzle.__drizzle_migrations order by id`)).map((r) => r.hash);
  } catch {
    return [];
  }
}

/** Counts and hashes of every table: what a restore must give back. */
export async function databaseDigest(db: DbOrTx): Promise<BackupManifest['tables']> {
  const out: BackupManifest['tables'] = {};
  for (const t of await tablesInOrder(db)) out[t.name] = await tableDigest(db, t.name);
  return out;
}

const blobPath = (root: string, sha: string) => join(root, 'files', sha.slice(0, 2), sha);

/**
 * Writes a consistent backup to `out`: every table as JSON lines read in one snapshot (a repeatable-read
 * transaction), then every stored file the database refers to (files are only ever added, so a copy taken after
 * the snapshot holds all of them), then `manifest.json` with counts and hashes.
 */
export async function backup(o: { db: Db; storage: Storage; out: string; kind: 'pglite' | 'postgres' }): Promise<BackupManifest> {
  if (existsSync(join(o.out, 'manifest.json'))) throw new Error(`${o.out} already holds a backup`);
  await mkdir(join(o.out, 'tables'), { recursive: true });
  const tables: BackupManifest['tables'] = {};
  let migrations: string[] = [];
  let blobs: string[] = [];
  await o.db.transaction(
    async (tx) => {
      migrations = await migrationHashes(tx);
      for (const t of await tablesInOrder(tx)) {
        const lines: string[] = [];
        const file = createWriteStream(join(o.out, 'tables', `${t.name}.jsonl`));
        for await (const line of tableLines(tx, t.name)) {
          lines.push(line);
          if (!file.write(`${line}\n`)) await new Promise<void>((r) => file.once('drain', () => r()));
        }
        await new Promise<void>((resolve, reject) => file.end((err?: Error | null) => (err ? reject(err) : resolve())));
        lines.sort();
        const h = createHash('sha256');
        for (const l of lines) h.update(l).update('\n');
        tables[t.name] = { rows: lines.length, sha256: h.digest('hex') };
      }
      blobs = rowsOf<{ sha256: string }>(await tx.execute(sql`select sha256 from blobs order by sha256`)).map((r) => r.sha256);
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  const files = await copyFiles(blobs, async (sha, dest) => {
    await mkdir(join(dest, '..'), { recursive: true });
    await pipeline(o.storage.get(sha), createWriteStream(dest));
  }, o.out);
  const manifest: BackupManifest = {
    format: FORMAT,
    version: 1,
    createdAt: new Date().toISOString(),
    database: o.kind,
    migrations,
    tables,
    files,
  };
  await writeFile(join(o.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Copies the files and checks each against its SHA-256 name; answers their count, size and combined hash. */
async function copyFiles(shas: string[], copy: (sha: string, dest: string) => Promise<void>, root: string) {
  const all = createHash('sha256');
  let bytes = 0;
  for (const sha of shas) {
    const dest = blobPath(root, sha);
    await copy(sha, dest);
    const { hash, size } = await hashFile(dest);
    if (hash !== sha) throw new Error(`Stored file ${sha} does not match its hash (read ${hash})`);
    bytes += size;
    all.update(sha).update('\n');
  }
  return { count: shas.length, bytes, sha256: all.digest('hex') };
}

async function hashFile(path: string): Promise<{ hash: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  await pipeline(
    createReadStream(path),
    new Transform({
      transform(chunk: Buffer, _enc, cb) {
        h.update(chunk);
        size += chunk.length;
        cb();
      },
    }),
  );
  return { hash: h.digest('hex'), size };
}

export async function readManifest(from: string): Promise<BackupManifest> {
  const path = join(from, 'manifest.json');
  if (!existsSync(path)) throw new Error(`${from} holds no complete backup (manifest.json is missing)`);
  const m = JSON.parse(await readFile(path, 'utf8')) as BackupManifest;
  if (m.format !== FORMAT || m.version !== 1) throw new Error(`${from} is not a backup of this platform`);
  return m;
}

/** True when any application table of the (migrated) database holds a row. */
export async function hasData(db: DbOrTx): Promise<boolean> {
  for (const t of await tablesInOrder(db)) {
    const [row] = rowsOf<{ any: boolean }>(await db.execute(sql`select exists (select 1 from ${ident(t.name)}) as any`));
    if (row?.any) return true;
  }
  return false;
}

/** Orders the rows of a self-referencing table so that every row comes after the one it refers to. */
function parentsFirst(rows: Record<string, unknown>[], columns: string[]): Record<string, unknown>[] {
  const key = (r: Record<string, unknown>) => String(r.id);
  const pending = new Map(rows.map((r) => [key(r), r]));
  const done = new Set<string>();
  const out: Record<string, unknown>[] = [];
  while (pending.size > 0) {
    let progressed = false;
    for (const [k, r] of pending) {
      const refs = columns.map((c) => r[c]).filter((v) => v !== null && v !== undefined).map(String);
      if (refs.every((ref) => done.has(ref) || ref === k || !pending.has(ref))) {
        out.push(r);
        done.add(k);
        pending.delete(k);
        progressed = true;
      }
    }
    if (!progressed) throw new Error('Rows refer to each other in a cycle');
  }
  return out;
}

/** The committed migrations, in order, with the hash the migrator records for each (SHA-256 of the file). */
async function committedMigrations(): Promise<{ tag: string; hash: string }[]> {
  const journal = JSON.parse(await readFile(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  return Promise.all(
    journal.entries.map(async (e) => ({
      tag: e.tag,
      hash: createHash('sha256').update(await readFile(join(migrationsFolder, `${e.tag}.sql`), 'utf8')).digest('hex'),
    })),
  );
}

/** A copy of the migrations folder holding only the first `n` migrations. */
async function migrationsUpTo(n: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pc-migrations-'));
  await cp(migrationsFolder, dir, { recursive: true });
  const path = join(dir, 'meta', '_journal.json');
  const journal = JSON.parse(await readFile(path, 'utf8')) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, n);
  await writeFile(path, JSON.stringify(journal));
  return dir;
}

async function readTable(from: string, table: string): Promise<string | null> {
  const plain = join(from, 'tables', `${table}.jsonl`);
  if (existsSync(plain)) return readFile(plain, 'utf8');
  const gz = join(from, 'tables', `${table}.jsonl.gz`);
  if (existsSync(gz)) return gunzipSync(await readFile(gz)).toString('utf8');
  return null;
}

/**
 * Restores a backup. An empty installation is first migrated to the backup's own migrations, the data loaded
 * and checked (the count and hash of every table equal the manifest's), then the later migrations run over it —
 * the same path as an upgrade. An installation holding data is refused unless `force` (which empties it; the
 * data then load into its current schema, columns added since taking their defaults). Files are put back and
 * checked against their hashes; sequences continue after the restored ids.
 */
export async function restore(o: {
  db: Db;
  storage: Storage;
  from: string;
  force?: boolean;
  /** Applies the migrations of a folder (default: all committed ones). */
  migrate: (folder?: string) => Promise<void>;
}): Promise<BackupManifest> {
  const manifest = await readManifest(o.from);
  const committed = await committedMigrations();
  const unknown = manifest.migrations.filter((h, i) => committed[i]?.hash !== h);
  if (unknown.length > 0 || manifest.migrations.length > committed.length) {
    throw new Error('The backup comes from a release this version does not know (its migrations differ): restore refused');
  }
  const applied = await migrationHashes(o.db);
  if (applied.length === 0) {
    const partial = await migrationsUpTo(manifest.migrations.length);
    try {
      await o.migrate(partial);
    } finally {
      await rm(partial, { recursive: true, force: true });
    }
  } else if (!o.force && (await hasData(o.db))) {
    throw new Error('The target installation holds data: restore refused (use --force to replace it)');
  }
  const tables = await tablesInOrder(o.db);
  const known = new Set(tables.map((t) => t.name));
  const missing = Object.keys(manifest.tables).filter((t) => !known.has(t));
  if (missing.length > 0) throw new Error(`The backup has tables this version does not know: ${missing.join(', ')}`);
  await o.db.transaction(async (tx) => {
    if (o.force && tables.length > 0) await tx.execute(sql.raw(`truncate ${tables.map((t) => `"${t.name}"`).join(', ')} restart identity cascade`));
    for (const t of tables) {
      const text = await readTable(o.from, t.name);
      if (text === null) continue;
      let rows = text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      if (t.selfRef) rows = parentsFirst(rows, t.selfRef);
      const present = t.columns.filter((c) => rows.length === 0 || c.column in rows[0]!);
      const cols = sql.raw(present.map((c) => `"${c.column}"`).join(', '));
      for (let i = 0; i < rows.length; i += 500) {
        const chunk = JSON.stringify(rows.slice(i, i + 500));
        await tx.execute(sql`insert into ${ident(t.name)} (${cols}) select ${cols} from jsonb_populate_recordset(null::${ident(t.name)}, ${chunk}::jsonb)`);
      }
    }
    // serial columns continue after the restored ids
    const serials = rowsOf<{ tbl: string; col: string; seq: string }>(
      await tx.execute(sql`
        select c.relname as tbl, a.attname as col, pg_get_serial_sequence(quote_ident(c.relname), a.attname) as seq
        from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = 'public' and c.relkind = 'r' and a.attnum > 0 and pg_get_serial_sequence(quote_ident(c.relname), a.attname) is not null`),
    );
    for (const s of serials) {
      await tx.execute(sql`select setval(${s.seq}::regclass, coalesce((select max(${ident(s.col)}) from ${ident(s.tbl)}), 0) + 1, false)`);
    }
  });
  const dirs = existsSync(join(o.from, 'files')) ? await readdir(join(o.from, 'files')) : [];
  let count = 0;
  for (const dir of dirs) {
    for (const sha of await readdir(join(o.from, 'files', dir))) {
      if (!(await o.storage.has(sha))) await o.storage.put(sha, createReadStream(blobPath(o.from, sha)));
      count++;
    }
  }
  if (count !== manifest.files.count) throw new Error(`The backup holds ${count} files, its manifest ${manifest.files.count}`);
  const after = await databaseDigest(o.db);
  const differing = Object.entries(manifest.tables)
    .filter(([t, d]) => after[t]?.rows !== d.rows || after[t]?.sha256 !== d.sha256)
    .map(([t]) => t);
  const sameSchema = (await migrationHashes(o.db)).length === manifest.migrations.length;
  // into a newer schema (forced restore) the rows gain the columns added since: only the counts can match
  const wrong = sameSchema ? differing : Object.keys(manifest.tables).filter((t) => after[t]?.rows !== manifest.tables[t]!.rows);
  if (wrong.length > 0) throw new Error(`Restored tables differ from the backup: ${wrong.join(', ')}`);
  // the migrations released after the backup run over the restored data
  await o.migrate();
  return manifest;
}
