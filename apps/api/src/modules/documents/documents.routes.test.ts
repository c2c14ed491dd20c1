import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq, like } from 'drizzle-orm';
import { tables } from '@app/db';
import { createTestApp, createUser, enteId, login, XRW, type TestContext } from '../../../test/build-app.js';
import { multipart, samples } from '../../../test/files.js';

/**
 * The documents API on the real test database. Documents belong to "folders", an owner type registered
 * by the test: a folder belongs to an ente; its members read its documents, members other than viewers
 * also write them.
 */
let t: TestContext;
let padova: string;
let vicenza: string;
const folders = new Map<string, string>();
const newFolder = (ente: string) => {
  const id = randomUUID();
  folders.set(id, ente);
  return id;
};
const users: Record<'writer' | 'viewer' | 'outsider', Record<string, string>> = {
  writer: {},
  viewer: {},
  outsider: {},
};

beforeAll(async () => {
  t = await createTestApp({ UPLOAD_MAX_MB: '1' });
  padova = await enteId(t.database, 'provincia', '028');
  vicenza = await enteId(t.database, 'provincia', '024');
  t.app.services.records.register('test.folder', async (ctx, ownerId) => {
    const ente = folders.get(ownerId);
    if (!ente) return null;
    const roles = ctx.actor?.memberships.filter((m) => m.enteId === ente).map((m) => m.role) ?? [];
    return { enteId: ente, read: roles.length > 0, write: roles.some((r) => r !== 'viewer') };
  });
  const writer = await createUser(t.database, [{ role: 'sua_operator', enteId: padova }], {
    displayName: 'Anna Scrive',
  });
  const viewer = await createUser(t.database, [{ role: 'viewer', enteId: padova }]);
  const outsider = await createUser(t.database, [{ role: 'sua_operator', enteId: vicenza }]);
  users.writer = await login(t.app, writer.email);
  users.viewer = await login(t.app, viewer.email);
  users.outsider = await login(t.app, outsider.email);
});
afterAll(() => t.close());

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

type FileSpec = { bytes: Uint8Array; name: string };
async function upload(
  headers: Record<string, string>,
  form: { file?: FileSpec; metadata?: unknown },
  url = '/api/v1/documents',
) {
  const { payload, contentType } = await multipart(form);
  return t.app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': contentType }, payload });
}
const create = (headers: Record<string, string>, folder: string, file: FileSpec, title?: string) =>
  upload(headers, { file, metadata: { ownerType: 'test.folder', ownerId: folder, ...(title ? { title } : {}) } });
const addVersion = (headers: Record<string, string>, id: string, file: FileSpec) =>
  upload(headers, { file }, `/api/v1/documents/${id}/versions`);
const get = (headers: Record<string, string>, url: string) => t.app.inject({ method: 'GET', url, headers });

/** Rows of the documents tables and document audit events, and the files stored. */
async function written() {
  const n = async (table: typeof tables.blobs | typeof tables.documents | typeof tables.documentVersions) =>
    (await t.database.db.select({ n: count() }).from(table))[0]!.n;
  const audit = (
    await t.database.db
      .select({ n: count() })
      .from(tables.auditEvents)
      .where(like(tables.auditEvents.action, 'document.%'))
  )[0]!.n;
  return {
    blobs: await n(tables.blobs),
    documents: await n(tables.documents),
    versions: await n(tables.documentVersions),
    audit,
    files: storedFiles(),
  };
}
/** The blob files in the storage folder (temporary files excluded). */
function storedFiles(): string[] {
  if (!existsSync(t.filesDir)) return [];
  return readdirSync(t.filesDir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /^[0-9a-f]{64}$/.test(e.name))
    .map((e) => e.name)
    .sort();
}
const tempFiles = () => (existsSync(join(t.filesDir, 'tmp')) ? readdirSync(join(t.filesDir, 'tmp')) : []);

describe('POST /api/v1/documents', () => {
  it('answers 201 { id, version, sha256, mediaType, size } with the SHA-256 of the bytes', async () => {
    const bytes = samples.pdf();
    const res = await create(users.writer, newFolder(padova), { bytes, name: 'Delibera 12.pdf' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({
      id: expect.any(String),
      version: 1,
      sha256: sha256(bytes),
      mediaType: 'application/pdf',
      size: bytes.length,
    });
    expect(Object.keys(body).sort()).toEqual(['id', 'mediaType', 'sha256', 'size', 'version']);
    expect(storedFiles()).toContain(sha256(bytes));
  });

  it('records document.create in the audit log with the ente of the owner record', async () => {
    const folder = newFolder(padova);
    const res = await create(users.writer, folder, { bytes: samples.png(), name: 'logo.png' }, 'Logo');
    const events = await t.database.db
      .select()
      .from(tables.auditEvents)
      .where(eq(tables.auditEvents.entityId, res.json().id));
    expect(events).toEqual([
      expect.objectContaining({
        action: 'document.create',
        entityType: 'document',
        enteId: padova,
        changes: expect.objectContaining({
          ownerType: 'test.folder',
          ownerId: folder,
          title: 'Logo',
          version: 1,
          sha256: res.json().sha256,
          mediaType: 'image/png',
        }),
      }),
    ]);
  });

  it('accepts the metadata after the file as well', async () => {
    const folder = newFolder(padova);
    const fd = new FormData();
    fd.append('file', new Blob([samples.text()]), 'nota.txt');
    fd.append('metadata', JSON.stringify({ ownerType: 'test.folder', ownerId: folder }));
    const req = new Request('http://localhost/', { method: 'POST', body: fd });
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/documents',
      headers: { ...users.writer, 'content-type': req.headers.get('content-type')! },
      payload: Buffer.from(await req.arrayBuffer()),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().mediaType).toBe('text/plain');
  });

  it('stores the same bytes once: a second upload reuses the blob row and the file', async () => {
    const bytes = Buffer.concat([samples.pdf(), randomBytes(16)]);
    const a = await create(users.writer, newFolder(padova), { bytes, name: 'a.pdf' });
    const b = await create(users.writer, newFolder(padova), { bytes, name: 'b.pdf' });
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().id).not.toBe(b.json().id);
    const rows = await t.database.db
      .select()
      .from(tables.blobs)
      .where(eq(tables.blobs.sha256, sha256(bytes)));
    expect(rows).toHaveLength(1);
    expect(storedFiles().filter((f) => f === sha256(bytes))).toHaveLength(1);
  });

  it('refuses a file over UPLOAD_MAX_MB with 413 file_too_large, writing nothing', async () => {
    const before = await written();
    const res = await create(users.writer, newFolder(padova), {
      bytes: Buffer.alloc(1024 * 1024 + 1, 0x61),
      name: 'grande.txt',
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'file_too_large', details: { maxBytes: 1024 * 1024 } });
    expect(await written()).toEqual(before);
    expect(tempFiles()).toEqual([]);
  });

  it('accepts a file of exactly UPLOAD_MAX_MB', async () => {
    const res = await create(users.writer, newFolder(padova), {
      bytes: Buffer.alloc(1024 * 1024, 0x62),
      name: 'limite.txt',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().size).toBe(1024 * 1024);
  });

  it('refuses an executable named .pdf with 415 unsupported_format, writing nothing', async () => {
    const before = await written();
    for (const bytes of [samples.elf(), samples.exe()]) {
      const res = await create(users.writer, newFolder(padova), { bytes, name: 'relazione.pdf' });
      expect(res.statusCode).toBe(415);
      expect(res.json().code).toBe('unsupported_format');
      expect(res.json().message).toMatch(/not an accepted format.*PDF.*P7M/);
    }
    const html = await create(users.writer, newFolder(padova), { bytes: samples.html(), name: 'pagina.txt' });
    expect(html.json()).toMatchObject({ code: 'unsupported_format', details: { mediaType: 'text/html' } });
    expect(await written()).toEqual(before);
    expect(tempFiles()).toEqual([]);
  });

  it('answers 400 with the field paths for missing or invalid metadata, writing nothing', async () => {
    const before = await written();
    const file = { bytes: samples.pdf(), name: 'a.pdf' };
    const cases: [unknown, string[]][] = [
      [undefined, ['metadata.ownerId', 'metadata.ownerType']],
      [{ ownerType: 'test.folder', ownerId: 'not-a-uuid', title: '' }, ['metadata.ownerId', 'metadata.title']],
      [{ ownerType: 'Not A Type!', ownerId: randomUUID() }, ['metadata.ownerType']],
      [{ ownerType: 'unknown.thing', ownerId: randomUUID() }, ['metadata.ownerType']],
      [{ ownerType: 'test.folder', ownerId: randomUUID() }, ['metadata.ownerId']],
      ['{"ownerType": ', ['metadata']],
    ];
    for (const [metadata, paths] of cases) {
      const res = await upload(users.writer, { file, metadata });
      expect(res.statusCode, JSON.stringify(metadata)).toBe(400);
      expect(res.json().code).toBe('validation_failed');
      expect(
        res
          .json()
          .details.issues.map((i: { path: string }) => i.path)
          .sort(),
      ).toEqual(paths);
    }
    const noFile = await upload(users.writer, { metadata: { ownerType: 'test.folder', ownerId: newFolder(padova) } });
    expect(noFile.statusCode).toBe(400);
    expect(noFile.json().details.issues).toEqual([{ path: 'file', message: expect.any(String) }]);
    expect(await written()).toEqual(before);
    expect(tempFiles()).toEqual([]);
  });

  it('refuses an empty file (400 empty_file) and a body that is not multipart (415 multipart_required)', async () => {
    const empty = await create(users.writer, newFolder(padova), { bytes: new Uint8Array(), name: 'vuoto.pdf' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('empty_file');
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/v1/documents',
      headers: users.writer,
      payload: { ownerType: 'test.folder' },
    });
    expect(json.statusCode).toBe(415);
    expect(json.json().code).toBe('multipart_required');
  });
});

describe('GET /api/v1/documents/:id/content', () => {
  it('streams the identical bytes with the sniffed type, an attachment name, nosniff and the SHA-256 as ETag', async () => {
    const bytes = samples.docx();
    const up = (await create(users.writer, newFolder(padova), { bytes, name: 'Capitolato «lotto 2».docx' })).json();
    const res = await get(users.viewer, `/api/v1/documents/${up.id}/content`);
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(bytes)).toBe(true);
    expect(res.headers).toMatchObject({
      'content-type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'content-length': String(bytes.length),
      'content-disposition': `attachment; filename="Capitolato _lotto 2_.docx"; filename*=UTF-8''Capitolato%20%C2%ABlotto%202%C2%BB.docx`,
      'x-content-type-options': 'nosniff',
      etag: `"${sha256(bytes)}"`,
    });
    const again = await t.app.inject({
      method: 'GET',
      url: `/api/v1/documents/${up.id}/content`,
      headers: { ...users.viewer, 'if-none-match': `"${sha256(bytes)}"` },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('names text as UTF-8 and gives a name whose extension matches the content', async () => {
    const up = (await create(users.writer, newFolder(padova), { bytes: samples.text(), name: 'avvio.bat' })).json();
    const res = await get(users.writer, `/api/v1/documents/${up.id}/content`);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('filename="avvio.bat.txt"');
  });
});

describe('versions', () => {
  it('adds versions, also to a locked document, and keeps every earlier one downloadable', async () => {
    const v1 = samples.pdf();
    const v2 = Buffer.concat([samples.pdf(), Buffer.from('% v2\n')]);
    const v3 = Buffer.concat([samples.pdf(), Buffer.from('% v3 firmata\n')]);
    const doc = (
      await create(users.writer, newFolder(padova), { bytes: v1, name: 'convenzione.pdf' }, 'Convenzione SUA')
    ).json();

    const second = await addVersion(users.writer, doc.id, { bytes: v2, name: 'convenzione-rev.pdf' });
    expect(second.statusCode).toBe(201);
    expect(second.json()).toEqual({
      id: doc.id,
      version: 2,
      sha256: sha256(v2),
      mediaType: 'application/pdf',
      size: v2.length,
    });

    await t.database.db.transaction((tx) => t.app.services.documents.lock(tx, doc.id));
    expect(await t.app.services.documents.findDocument(t.database.db, doc.id)).toEqual({
      id: doc.id,
      ownerType: 'test.folder',
      ownerId: expect.any(String),
      title: 'Convenzione SUA',
      mediaType: 'application/pdf',
      currentVersion: 2,
      locked: true,
    });
    const third = await addVersion(users.writer, doc.id, { bytes: v3, name: 'convenzione.pdf' });
    expect(third.json().version).toBe(3);

    const detail = (await get(users.viewer, `/api/v1/documents/${doc.id}`)).json();
    expect(detail).toMatchObject({
      id: doc.id,
      title: 'Convenzione SUA',
      currentVersion: 3,
      locked: true,
      createdBy: { displayName: 'Anna Scrive' },
    });
    expect(detail.versions).toEqual(
      [v1, v2, v3].map((b, i) => ({
        version: i + 1,
        sha256: sha256(b),
        mediaType: 'application/pdf',
        size: b.length,
        fileName: i === 1 ? 'convenzione-rev.pdf' : 'convenzione.pdf',
        createdAt: expect.any(String),
        createdBy: { id: expect.any(String), displayName: 'Anna Scrive' },
        signatures: { signed: false, verified: null },
      })),
    );

    expect((await get(users.viewer, `/api/v1/documents/${doc.id}/content`)).rawPayload.equals(v3)).toBe(true);
    expect((await get(users.viewer, `/api/v1/documents/${doc.id}/content?version=1`)).rawPayload.equals(v1)).toBe(true);
    expect((await get(users.viewer, `/api/v1/documents/${doc.id}/content?version=4`)).statusCode).toBe(404);

    const events = await t.database.db.select().from(tables.auditEvents).where(eq(tables.auditEvents.entityId, doc.id));
    expect(events.map((e) => e.action)).toEqual(['document.create', 'document.version', 'document.version']);
  });

  it('answers 404 for an unknown document', async () => {
    const id = randomUUID();
    expect((await addVersion(users.writer, id, { bytes: samples.pdf(), name: 'a.pdf' })).statusCode).toBe(404);
    expect((await get(users.writer, `/api/v1/documents/${id}`)).statusCode).toBe(404);
    expect((await get(users.writer, `/api/v1/documents/${id}/content`)).statusCode).toBe(404);
    expect(await t.app.services.documents.findDocument(t.database.db, id)).toBeNull();
    await expect(t.app.services.documents.lock(t.database.db, id)).rejects.toMatchObject({ status: 404 });
  });
});

describe('GET /api/v1/documents?ownerType=&ownerId=', () => {
  it('lists the documents of one record with their current version', async () => {
    const folder = newFolder(padova);
    const a = (
      await create(users.writer, folder, { bytes: samples.csv(), name: 'comuni.csv' }, 'Elenco comuni')
    ).json();
    await addVersion(users.writer, a.id, { bytes: Buffer.from('codice;comune\n'), name: 'comuni-2.csv' });
    await create(users.writer, folder, { bytes: samples.xml(), name: 'fattura.xml' });
    await create(users.writer, newFolder(padova), { bytes: samples.pdf(), name: 'altro.pdf' });

    const res = await get(users.viewer, `/api/v1/documents?ownerType=test.folder&ownerId=${folder}`);
    expect(res.statusCode).toBe(200);
    const list = res.json();
    expect(list.total).toBe(2);
    expect(list.items.map((i: { title: string }) => i.title).sort()).toEqual(['Elenco comuni', 'fattura.xml']);
    expect(list.items.find((i: { id: string }) => i.id === a.id)).toEqual({
      id: a.id,
      title: 'Elenco comuni',
      version: 2,
      sha256: sha256(Buffer.from('codice;comune\n')),
      mediaType: 'text/csv',
      size: 14,
      fileName: 'comuni-2.csv',
      locked: false,
      createdAt: expect.any(String),
      createdBy: { id: expect.any(String), displayName: 'Anna Scrive' },
    });
  });

  it('answers 400 for an unknown owner type and 404 for a record that does not exist', async () => {
    const unknown = await get(users.writer, `/api/v1/documents?ownerType=unknown.thing&ownerId=${randomUUID()}`);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details.issues).toEqual([{ path: 'ownerType', message: expect.any(String) }]);
    expect((await get(users.writer, `/api/v1/documents?ownerType=test.folder`)).statusCode).toBe(400);
    expect(
      (await get(users.writer, `/api/v1/documents?ownerType=test.folder&ownerId=${randomUUID()}`)).statusCode,
    ).toBe(404);
  });
});

describe('permissions inherited from the owner record', () => {
  it('follows the owner: writers upload, members read, other entes and anonymous callers get nothing', async () => {
    const folder = newFolder(padova);
    const seed = (await create(users.writer, folder, { bytes: samples.pdf(), name: 'seed.pdf' })).json();
    const file = { bytes: samples.text(), name: 'nota.txt' };
    const actors: Record<string, Record<string, string>> = { anonymous: { ...XRW }, ...users };
    const attempts = {
      create: (h: Record<string, string>) => create(h, folder, file),
      version: (h: Record<string, string>) => addVersion(h, seed.id, file),
      list: (h: Record<string, string>) => get(h, `/api/v1/documents?ownerType=test.folder&ownerId=${folder}`),
      get: (h: Record<string, string>) => get(h, `/api/v1/documents/${seed.id}`),
      content: (h: Record<string, string>) => get(h, `/api/v1/documents/${seed.id}/content`),
    };
    const matrix: Record<string, Record<string, number>> = {};
    for (const [who, headers] of Object.entries(actors)) {
      matrix[who] = {};
      for (const [what, attempt] of Object.entries(attempts)) matrix[who][what] = (await attempt(headers)).statusCode;
    }
    expect(matrix).toEqual({
      anonymous: { create: 401, version: 401, list: 401, get: 401, content: 401 },
      writer: { create: 201, version: 201, list: 200, get: 200, content: 200 },
      viewer: { create: 403, version: 403, list: 200, get: 200, content: 200 },
      outsider: { create: 403, version: 403, list: 403, get: 403, content: 403 },
    });
  });

  it('refuses a forbidden upload without storing its file', async () => {
    const before = await written();
    const res = await create(users.outsider, newFolder(padova), {
      bytes: Buffer.concat([samples.pdf(), randomBytes(8)]),
      name: 'x.pdf',
    });
    expect(res.statusCode).toBe(403);
    expect(await written()).toEqual(before);
    expect(tempFiles()).toEqual([]);
  });

  it('denies every access once the owner record is gone or its type is not registered', async () => {
    const folder = newFolder(padova);
    const doc = (await create(users.writer, folder, { bytes: samples.pdf(), name: 'a.pdf' })).json();
    folders.delete(folder);
    expect((await get(users.writer, `/api/v1/documents/${doc.id}`)).statusCode).toBe(403);
    expect((await get(users.writer, `/api/v1/documents/${doc.id}/content`)).statusCode).toBe(403);
  });

  it('describes the documents routes in the OpenAPI document', async () => {
    const spec = (await get({}, '/api/v1/openapi.json')).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/documents',
        '/api/v1/documents/{id}',
        '/api/v1/documents/{id}/versions',
        '/api/v1/documents/{id}/content',
      ]),
    );
    expect(spec.paths['/api/v1/documents'].post.responses['201'].content['application/json'].schema.required).toEqual([
      'id',
      'version',
      'sha256',
      'mediaType',
      'size',
    ]);
  });

  it('registers each owner type once', () => {
    expect(() => t.app.services.records.register('test.folder', async () => null)).toThrow(/already registered/);
    expect(() => t.app.services.records.register('Bad Type', async () => null)).toThrow(/Invalid owner type/);
  });
});
