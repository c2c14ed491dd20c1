import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The stream was longer than the limit; nothing was kept. */
export class FileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`File larger than ${maxBytes} bytes`);
    this.name = 'FileTooLargeError';
  }
}

/** The bytes written do not hash to the SHA-256 they were stored under; nothing was kept. */
export class HashMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`Content hashes to ${actual}, expected ${expected}`);
    this.name = 'HashMismatchError';
  }
}

/** Bytes received into a temporary file and hashed on the way, not yet stored. */
export interface StagedBlob {
  sha256: string;
  size: number;
  /** Local path of the temporary copy, readable until `commit` or `discard` (e.g. to sniff its type). */
  path: string;
  /** Stores the bytes under their hash; when they are already stored, the copy is dropped. */
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/** Content-addressed file storage: every blob is named by the SHA-256 of its bytes. */
export interface Storage {
  /** Stores `data` under `sha256`; fails with HashMismatchError when the bytes hash otherwise. */
  put(sha256: string, data: Readable): Promise<void>;
  /**
   * The bytes of a stored blob (the stream errors with ENOENT when there is none). `highWaterMark`: the
   * size of the chunks read, for long sequential reads such as an export.
   */
  get(sha256: string, opts?: { highWaterMark?: number }): Readable;
  has(sha256: string): Promise<boolean>;
  delete(sha256: string): Promise<void>;
  /** Receives a stream of unknown hash (an upload): hashes and counts it while writing a temporary file. */
  stage(data: Readable, opts?: { maxBytes?: number }): Promise<StagedBlob>;
}

/** A storage driver as the application runs it: uploads are staged in a local temporary folder. */
export interface StorageDriver extends Storage {
  /** Removes temporary files older than `maxAgeMs` left by interrupted uploads; answers how many. */
  sweepTemp(maxAgeMs: number): Promise<number>;
  /** Releases connections (called when the application closes). */
  close?(): Promise<void> | void;
}

export interface LocalStorage extends StorageDriver {
  readonly root: string;
}

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';

/** Checks that `sha256` is a lowercase hex SHA-256, the only thing a blob's name is built from. */
export function assertSha256(sha256: string): string {
  if (!SHA256_HEX.test(sha256)) throw new Error('Invalid SHA-256');
  return sha256;
}

/** A complete temporary file, with the SHA-256 and length of its bytes. */
export interface TempFile {
  path: string;
  sha256: string;
  size: number;
}

/**
 * Streams `data` into a new file in `dir`, hashing and counting on the way; stops with FileTooLargeError
 * past `maxBytes`. The file is flushed to disk when this resolves, and removed on any failure.
 */
export async function writeTempFile(dir: string, data: Readable, maxBytes: number): Promise<TempFile> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${randomUUID()}.part`);
  const hash = createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new FileTooLargeError(maxBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  try {
    await pipeline(data, meter, createWriteStream(path, { flags: 'wx', flush: true }));
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
  return { path, sha256: hash.digest('hex'), size };
}

/**
 * A StagedBlob for a temporary file: `commit` runs `store` (which owns the file from then on), `discard`
 * removes it; whichever comes first is the only one that acts.
 */
export function stagedBlob(t: TempFile, store: (t: TempFile) => Promise<void>): StagedBlob {
  let done = false;
  const once = async (fn: () => Promise<void>) => {
    if (done) return;
    done = true;
    await fn();
  };
  return {
    sha256: t.sha256,
    size: t.size,
    path: t.path,
    commit: () => once(() => store(t)),
    discard: () => once(() => rm(t.path, { force: true })),
  };
}

/** Removes the files of `dir` older than `maxAgeMs`; answers how many (0 when the folder does not exist). */
export async function sweepTempDir(dir: string, maxAgeMs: number): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if (isMissing(err)) return 0;
    throw err;
  }
  const before = Date.now() - maxAgeMs;
  let removed = 0;
  for (const name of names) {
    const path = join(dir, name);
    try {
      if ((await stat(path)).mtimeMs < before) {
        await rm(path, { force: true });
        removed++;
      }
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
  }
  return removed;
}

/**
 * Local filesystem driver rooted at `root`: a blob lives at `ab/cd/<sha256>`, a path built only from the
 * hex hash (checked), never from anything a user sends. Writes go to `tmp/` under the same root and are
 * renamed into place once complete and flushed: rename is atomic within one filesystem, so a process
 * killed mid-upload leaves at most a temporary file, never a partial blob under its hash.
 */
export function createLocalStorage(root: string): LocalStorage {
  const base = resolve(root);
  const tmpDir = join(base, 'tmp');

  const pathOf = (sha256: string) => {
    assertSha256(sha256);
    return join(base, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };

  const has = async (sha256: string) => {
    try {
      return (await stat(pathOf(sha256))).isFile();
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  };

  /** Moves a complete temporary file to the blob's path, unless the blob is already stored. */
  async function place(tempPath: string, sha256: string) {
    const dest = pathOf(sha256);
    if (await has(sha256)) {
      await rm(tempPath, { force: true });
      return;
    }
    await mkdir(dirname(dest), { recursive: true });
    // a concurrent upload of the same bytes may rename first: replacing equal bytes is harmless
    await rename(tempPath, dest);
  }

  return {
    root: base,

    async put(sha256, data) {
      pathOf(sha256);
      const t = await writeTempFile(tmpDir, data, Number.POSITIVE_INFINITY);
      if (t.sha256 !== sha256) {
        await rm(t.path, { force: true });
        throw new HashMismatchError(sha256, t.sha256);
      }
      await place(t.path, sha256);
    },

    get: (sha256, opts) => createReadStream(pathOf(sha256), opts?.highWaterMark ? { highWaterMark: opts.highWaterMark } : undefined),

    has,

    async delete(sha256) {
      await rm(pathOf(sha256), { force: true });
    },

    async stage(data, opts = {}) {
      const t = await writeTempFile(tmpDir, data, opts.maxBytes ?? Number.POSITIVE_INFINITY);
      return stagedBlob(t, () => place(t.path, t.sha256));
    },

    sweepTemp: (maxAgeMs) => sweepTempDir(tmpDir, maxAgeMs),
  };
}
