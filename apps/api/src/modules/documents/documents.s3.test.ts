import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, enteId, login, type TestContext } from '../../../test/build-app.js';
import { multipart, samples } from '../../../test/files.js';
import { startTestS3, type TestS3 } from '../../../test/s3.js';

/** The documents API with STORAGE_DRIVER=s3, against an S3 server on the loopback interface. */
let s3: TestS3;
let t: TestContext;
let padova: string;
let writer: Record<string, string>;
const folders = new Map<string, string>();

beforeAll(async () => {
  s3 = await startTestS3();
  t = await createTestApp({ ...s3.env, S3_PREFIX: 'pc/' });
  padova = await enteId(t.database, 'provincia', '028');
  t.app.services.records.register('test.folder', async (ctx, ownerId) => {
    const ente = folders.get(ownerId);
    if (!ente) return null;
    const member = ctx.actor?.memberships.some((m) => m.enteId === ente) ?? false;
    return { enteId: ente, read: member, write: member };
  });
  const user = await createUser(t.database, [{ role: 'sua_operator', enteId: padova }]);
  writer = await login(t.app, user.email);
});
afterAll(async () => {
  await t?.close();
  await s3?.close();
});

describe('documents stored in S3', () => {
  it('uploads a document to the bucket and downloads the identical bytes', async () => {
    const bytes = Buffer.concat([samples.pdf(), Buffer.from(`%${randomBytes(16).toString('hex')}\n`)]);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const folder = randomUUID();
    folders.set(folder, padova);
    const { payload, contentType } = await multipart({
      file: { bytes, name: 'Delibera.pdf' },
      metadata: { ownerType: 'test.folder', ownerId: folder },
    });
    const up = await t.app.inject({
      method: 'POST',
      url: '/api/v1/documents',
      headers: { ...writer, 'content-type': contentType },
      payload,
    });
    expect(up.statusCode).toBe(201);
    expect(up.json()).toMatchObject({ sha256: hash, size: bytes.length, mediaType: 'application/pdf' });

    // the blob is an object of the bucket under the prefix; nothing stays on the local disk
    const client = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    });
    const head = await client.send(
      new HeadObjectCommand({ Bucket: s3.bucket, Key: `pc/${hash.slice(0, 2)}/${hash.slice(2, 4)}/${hash}` }),
    );
    client.destroy();
    expect(head.ContentLength).toBe(bytes.length);
    const tmp = join(t.filesDir, 'tmp');
    expect(existsSync(tmp) ? readdirSync(tmp) : []).toEqual([]);

    const down = await t.app.inject({ method: 'GET', url: `/api/v1/documents/${up.json().id}/content`, headers: writer });
    expect(down.statusCode).toBe(200);
    expect(down.headers).toMatchObject({ 'content-type': 'application/pdf', 'content-length': String(bytes.length) });
    expect(down.rawPayload.equals(bytes)).toBe(true);
  });
});
