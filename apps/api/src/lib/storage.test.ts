import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalStorage, FileTooLargeError, HashMismatchError, type LocalStorage } from './storage.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
/** Every file under a folder, as paths relative to it. */
const filesUnder = (dir: string): string[] =>
  existsSync(dir)
    ? (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    : [];

let root: string;
let storage: LocalStorage;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'pc-storage-'));
  storage = createLocalStorage(join(root, 'files'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('local storage', () => {
  it('stores a blob at ab/cd/<sha256>, a path made only of its hash', async () => {
    const bytes = Buffer.from('contenuto');
    const h = sha(bytes);
    await storage.put(h, Readable.from([bytes]));
    expect(filesUnder(storage.root)).toEqual([join(h.slice(0, 2), h.slice(2, 4), h)]);
    expect(await storage.has(h)).toBe(true);
    expect(await buffer(storage.get(h))).toEqual(bytes);
  });

  it('refuses a name that is not a SHA-256, so no other path can be reached', async () => {
    await expect(storage.put('../../etc/passwd', Readable.from([Buffer.from('x')]))).rejects.toThrow('Invalid SHA-256');
    expect(() => storage.get('../x')).toThrow('Invalid SHA-256');
    await expect(storage.has('A'.repeat(64))).rejects.toThrow('Invalid SHA-256');
  });

  it('refuses bytes that do not match the hash they are put under, keeping nothing', async () => {
    await expect(storage.put('0'.repeat(64), Readable.from([Buffer.from('altro')]))).rejects.toBeInstanceOf(
      HashMismatchError,
    );
    expect(filesUnder(storage.root)).toEqual([]);
  });

  it('stages a stream of unknown hash, then commits it under its SHA-256', async () => {
    const bytes = Buffer.alloc(300_000, 7);
    const staged = await storage.stage(Readable.from([bytes.subarray(0, 100_000), bytes.subarray(100_000)]));
    expect(staged).toMatchObject({ sha256: sha(bytes), size: bytes.length });
    expect(await storage.has(staged.sha256)).toBe(false);
    await staged.commit();
    expect(await storage.has(staged.sha256)).toBe(true);
    expect(filesUnder(join(storage.root, 'tmp'))).toEqual([]);
  });

  it('keeps one file for the same bytes stored twice', async () => {
    const bytes = Buffer.from('stesso contenuto');
    for (let i = 0; i < 2; i++) await (await storage.stage(Readable.from([bytes]))).commit();
    expect(filesUnder(storage.root)).toEqual([join(sha(bytes).slice(0, 2), sha(bytes).slice(2, 4), sha(bytes))]);
  });

  it('stops a stream over the size limit and keeps nothing', async () => {
    const chunks = Array.from({ length: 10 }, () => Buffer.alloc(1000));
    await expect(storage.stage(Readable.from(chunks), { maxBytes: 5000 })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(filesUnder(storage.root)).toEqual([]);
    const exact = await storage.stage(Readable.from(chunks.slice(0, 5)), { maxBytes: 5000 });
    expect(exact.size).toBe(5000);
  });

  it('leaves no blob visible when the upload stream fails midway', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(1000));
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(storage.stage(failing)).rejects.toThrow('connection reset');
    expect(filesUnder(storage.root)).toEqual([]);
  });

  it('discards a staged file without storing it', async () => {
    const staged = await storage.stage(Readable.from([Buffer.from('annullato')]));
    await staged.discard();
    expect(await storage.has(staged.sha256)).toBe(false);
    expect(filesUnder(storage.root)).toEqual([]);
  });

  it('deletes a blob', async () => {
    const bytes = Buffer.from('da eliminare');
    await storage.put(sha(bytes), Readable.from([bytes]));
    await storage.delete(sha(bytes));
    expect(await storage.has(sha(bytes))).toBe(false);
  });

  it('sweeps temporary files older than the given age, left by interrupted uploads', async () => {
    expect(await storage.sweepTemp(1000)).toBe(0);
    await (await storage.stage(Readable.from([Buffer.from('x')]))).commit();
    const tmp = join(storage.root, 'tmp');
    writeFileSync(join(tmp, 'old.part'), 'half');
    writeFileSync(join(tmp, 'new.part'), 'half');
    const yesterday = new Date(Date.now() - 2 * 86_400_000);
    utimesSync(join(tmp, 'old.part'), yesterday, yesterday);
    expect(await storage.sweepTemp(86_400_000)).toBe(1);
    expect(readdirSync(tmp)).toEqual(['new.part']);
  });
});
