import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { ListObjectsV2Command, PutObjectCommand, CreateMultipartUploadCommand } from '@aws-sdk/client-s3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestS3, type TestS3 } from '../../test/s3.js';
import { createS3Storage, type S3Storage } from './storage-s3.js';
import { FileTooLargeError, HashMismatchError } from './storage.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let s3: TestS3;
beforeAll(async () => {
  s3 = await startTestS3();
});
afterAll(() => s3?.close());

let tempDir: string;
let storage: S3Storage;
let prefix: string;
let run = 0;
beforeEach(() => {
  tempDir = mkdtempSync(join(tmpdir(), 'pc-s3-temp-'));
  // every test has its own prefix in the shared bucket
  prefix = `run-${++run}/`;
  storage = createS3Storage({
    endpoint: s3.endpoint,
    region: 'us-east-1',
    bucket: s3.bucket,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    forcePathStyle: true,
    prefix,
    tempDir,
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await storage.close?.();
  rmSync(tempDir, { recursive: true, force: true });
});

/** The keys of the objects under the test's prefix. */
async function objectKeys(): Promise<string[]> {
  const res = await storage.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }));
  return (res.Contents ?? []).map((o) => o.Key!).sort();
}
const tempFiles = () => (existsSync(tempDir) ? readdirSync(tempDir) : []);
/** Counts the uploads the driver starts (single PUTs and multipart uploads). */
function countUploads() {
  const send = vi.spyOn(storage.client, 'send');
  return () =>
    send.mock.calls.filter(([cmd]) => cmd instanceof PutObjectCommand || cmd instanceof CreateMultipartUploadCommand)
      .length;
}

describe('S3 storage', () => {
  it('stores a blob under <prefix>ab/cd/<sha256>, a key made only of its hash, and reads it back', async () => {
    const bytes = randomBytes(70_000);
    const h = sha(bytes);
    await storage.put(h, Readable.from([bytes]));
    expect(await objectKeys()).toEqual([`${prefix}${h.slice(0, 2)}/${h.slice(2, 4)}/${h}`]);
    expect(await storage.has(h)).toBe(true);
    expect(await buffer(storage.get(h))).toEqual(bytes);
    expect(tempFiles()).toEqual([]);
  });

  it('refuses a name that is not a SHA-256, so no other key can be reached', async () => {
    await expect(storage.put('../../x', Readable.from([Buffer.from('x')]))).rejects.toThrow('Invalid SHA-256');
    expect(() => storage.get('a/b')).toThrow('Invalid SHA-256');
    await expect(storage.has('A'.repeat(64))).rejects.toThrow('Invalid SHA-256');
    await expect(storage.delete('')).rejects.toThrow('Invalid SHA-256');
  });

  it('refuses bytes that do not match the hash they are put under, uploading nothing', async () => {
    await expect(storage.put('0'.repeat(64), Readable.from([Buffer.from('altro')]))).rejects.toBeInstanceOf(
      HashMismatchError,
    );
    expect(await objectKeys()).toEqual([]);
    expect(tempFiles()).toEqual([]);
  });

  it('stages a stream of unknown hash in a local file, then commits it to the bucket', async () => {
    const bytes = Buffer.alloc(300_000, 7);
    const staged = await storage.stage(Readable.from([bytes.subarray(0, 100_000), bytes.subarray(100_000)]));
    expect(staged).toMatchObject({ sha256: sha(bytes), size: bytes.length });
    expect(staged.path.startsWith(tempDir)).toBe(true);
    expect(await storage.has(staged.sha256)).toBe(false);
    await staged.commit();
    expect(await storage.has(staged.sha256)).toBe(true);
    expect(await buffer(storage.get(staged.sha256))).toEqual(bytes);
    expect(tempFiles()).toEqual([]);
  });

  it('stops a stream over the size limit, uploading nothing and keeping no temporary file', async () => {
    const uploads = countUploads();
    const chunks = Array.from({ length: 10 }, () => Buffer.alloc(1000, 1));
    await expect(storage.stage(Readable.from(chunks), { maxBytes: 5000 })).rejects.toBeInstanceOf(FileTooLargeError);
    expect(tempFiles()).toEqual([]);
    const exact = await storage.stage(Readable.from(chunks.slice(0, 5)), { maxBytes: 5000 });
    expect(exact.size).toBe(5000);
    await exact.discard();
    expect(uploads()).toBe(0);
    expect(await objectKeys()).toEqual([]);
    expect(tempFiles()).toEqual([]);
  });

  it('uploads the same bytes once: a second commit finds the object and only drops its copy', async () => {
    const uploads = countUploads();
    const bytes = Buffer.from('stesso contenuto');
    await (await storage.stage(Readable.from([bytes]))).commit();
    expect(uploads()).toBe(1);
    const again = await storage.stage(Readable.from([bytes]));
    await again.commit();
    await again.commit();
    expect(uploads()).toBe(1);
    expect(await objectKeys()).toHaveLength(1);
    expect(tempFiles()).toEqual([]);
  });

  it('deletes a blob; deleting a missing one succeeds', async () => {
    const bytes = Buffer.from('da eliminare');
    await storage.put(sha(bytes), Readable.from([bytes]));
    await storage.delete(sha(bytes));
    expect(await storage.has(sha(bytes))).toBe(false);
    await storage.delete(sha(bytes));
  });

  it('reports a missing blob as an ENOENT error of the stream', async () => {
    const missing = storage.get('f'.repeat(64));
    await expect(buffer(missing)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('streams a 5 MB file in and out (multipart upload)', async () => {
    const send = vi.spyOn(storage.client, 'send');
    const bytes = randomBytes(5 * 1024 * 1024 + 12_345);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 65_536) }, (_, i) =>
      bytes.subarray(i * 65_536, (i + 1) * 65_536),
    );
    const staged = await storage.stage(Readable.from(chunks));
    expect(staged).toMatchObject({ sha256: sha(bytes), size: bytes.length });
    await staged.commit();
    expect(send.mock.calls.some(([cmd]) => cmd instanceof CreateMultipartUploadCommand)).toBe(true);
    const out = storage.get(staged.sha256);
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of out as AsyncIterable<Buffer>) {
      size += chunk.length;
      hash.update(chunk);
    }
    expect({ size, sha256: hash.digest('hex') }).toEqual({ size: bytes.length, sha256: sha(bytes) });
  });

  it('cancels the download when the reader stops early', async () => {
    const bytes = randomBytes(2 * 1024 * 1024);
    await storage.put(sha(bytes), Readable.from([bytes]));
    const out = storage.get(sha(bytes));
    for await (const chunk of out as AsyncIterable<Buffer>) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    expect(out.destroyed).toBe(true);
    // the driver still serves further reads
    expect((await buffer(storage.get(sha(bytes)))).length).toBe(bytes.length);
  });

  it('sweeps temporary files left by interrupted uploads', async () => {
    expect(await storage.sweepTemp(0)).toBe(0);
    await storage.stage(Readable.from([Buffer.from('interrotto')]));
    await new Promise((r) => setTimeout(r, 5));
    expect(await storage.sweepTemp(1)).toBe(1);
    expect(tempFiles()).toEqual([]);
  });
});
