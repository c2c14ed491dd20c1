import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tables } from '@app/db';
import { createTestApp, createUser, enteId, login, type TestContext } from '../../../test/build-app.js';
import { multipart, samples } from '../../../test/files.js';
import { createTestSigner, flipByte, indexOf, signCades, signPdf, type TestSigner } from '../../../test/signing.js';

/**
 * The signatures of uploaded files through the API. Documents belong to "binders", an owner type
 * registered by the test: a binder belongs to an ente whose members read and write its documents.
 */
let t: TestContext;
let padova: string;
let signer: TestSigner;
const binders = new Map<string, string>();
let member: Record<string, string>;
let outsider: Record<string, string>;
const text = Buffer.from(
  'Dichiarazione sostitutiva: il sottoscritto dichiara di non trovarsi in alcuna causa di esclusione.\n',
);

beforeAll(async () => {
  t = await createTestApp();
  padova = await enteId(t.database, 'provincia', '028');
  const vicenza = await enteId(t.database, 'provincia', '024');
  t.app.services.records.register('test.binder', async (ctx, ownerId) => {
    const ente = binders.get(ownerId);
    if (!ente) return null;
    const member = ctx.actor?.memberships.some((m) => m.enteId === ente) ?? false;
    return { enteId: ente, read: member, write: member };
  });
  member = await login(t.app, (await createUser(t.database, [{ role: 'sua_operator', enteId: padova }])).email);
  outsider = await login(t.app, (await createUser(t.database, [{ role: 'sua_operator', enteId: vicenza }])).email);
  signer = await createTestSigner();
});
afterAll(() => t.close());

async function upload(bytes: Buffer, name: string, url = '/api/v1/documents') {
  const binder = randomUUID();
  binders.set(binder, padova);
  const form =
    url === '/api/v1/documents'
      ? { file: { bytes, name }, metadata: { ownerType: 'test.binder', ownerId: binder } }
      : { file: { bytes, name } };
  const { payload, contentType } = await multipart(form);
  return t.app.inject({ method: 'POST', url, headers: { ...member, 'content-type': contentType }, payload });
}
const get = (headers: Record<string, string>, url: string) => t.app.inject({ method: 'GET', url, headers });

describe('signatures of an uploaded CAdES (.p7m)', () => {
  it('are inspected at upload and answered by GET /documents/:id/signatures', async () => {
    const res = await upload(await signCades(signer, text), 'dichiarazione.pdf.p7m');
    expect(res.statusCode).toBe(201);
    expect(res.json().mediaType).toBe('application/pkcs7-mime');
    const sig = await get(member, `/api/v1/documents/${res.json().id}/signatures`);
    expect(sig.statusCode).toBe(200);
    expect(sig.json()).toEqual({
      version: 1,
      mediaType: 'application/pkcs7-mime',
      signatures: {
        format: 'CAdES',
        contentMediaType: 'text/plain',
        trustList: 'not_checked',
        note: 'Non verificata rispetto alla EU Trusted List',
        signers: [
          expect.objectContaining({
            commonName: 'Mario Rossi',
            fiscalCode: 'RSSMRA80A01H501U',
            verified: true,
            validAtSigningTime: true,
            digestAlgorithm: 'SHA-256',
          }),
        ],
      },
    });
  });

  it('are stored on the version row', async () => {
    const res = await upload(await signCades(signer, text), 'a.p7m');
    const [row] = await t.database.db
      .select({ signatures: tables.documentVersions.signatures })
      .from(tables.documentVersions)
      .where(eq(tables.documentVersions.documentId, res.json().id));
    expect(row!.signatures).toMatchObject({ format: 'CAdES', signers: [{ verified: true }] });
  });

  it('GET /documents/:id/signed-content streams the content signed inside, with its sniffed type', async () => {
    const doc = (await upload(await signCades(signer, text), 'dichiarazione.txt.p7m')).json();
    const res = await get(member, `/api/v1/documents/${doc.id}/signed-content`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-disposition']).toContain('dichiarazione.txt');
    expect(res.rawPayload.equals(text)).toBe(true);
  });

  it('a tampered .p7m is accepted and reported as not verified in the detail and the signatures', async () => {
    const signed = await signCades(signer, text);
    const doc = (await upload(flipByte(signed, indexOf(signed, 'sottoscritto')), 'x.p7m')).json();
    const detail = (await get(member, `/api/v1/documents/${doc.id}`)).json();
    expect(detail.versions[0].signatures).toEqual({ signed: true, verified: false });
    const sig = (await get(member, `/api/v1/documents/${doc.id}/signatures`)).json();
    expect(sig.signatures.signers[0].verified).toBe(false);
  });

  it('a malformed signedData is recorded as { format, error }, never a server error', async () => {
    const res = await upload(samples.p7m(), 'broken.p7m');
    expect(res.statusCode).toBe(201);
    const sig = (await get(member, `/api/v1/documents/${res.json().id}/signatures`)).json();
    expect(sig.signatures).toEqual({ format: 'CAdES', error: expect.any(String) });
    expect((await get(member, `/api/v1/documents/${res.json().id}/signed-content`)).statusCode).toBe(409);
  });
});

describe('signatures of a PAdES PDF and of unsigned files', () => {
  it('a signed PDF reports its signer, verified, and the detail says signed and verified', async () => {
    const doc = (await upload(await signPdf(signer), 'determina.pdf')).json();
    const sig = (await get(member, `/api/v1/documents/${doc.id}/signatures`)).json();
    expect(sig.signatures).toMatchObject({
      format: 'PAdES',
      coversWholeFile: true,
      signers: [{ commonName: 'Mario Rossi', fiscalCode: 'RSSMRA80A01H501U', verified: true }],
    });
    const detail = (await get(member, `/api/v1/documents/${doc.id}`)).json();
    expect(detail.versions[0].signatures).toEqual({ signed: true, verified: true });
  });

  it('a new version is inspected too, and ?version=N answers the one asked', async () => {
    const doc = (await upload(samples.pdf(), 'bozza.pdf')).json();
    const v2 = await upload(await signPdf(signer), 'firmata.pdf', `/api/v1/documents/${doc.id}/versions`);
    expect(v2.json().version).toBe(2);
    expect((await get(member, `/api/v1/documents/${doc.id}/signatures?version=1`)).json()).toEqual({
      version: 1,
      mediaType: 'application/pdf',
      signatures: null,
    });
    const current = (await get(member, `/api/v1/documents/${doc.id}/signatures`)).json();
    expect(current).toMatchObject({ version: 2, signatures: { format: 'PAdES' } });
    expect((await get(member, `/api/v1/documents/${doc.id}/signatures?version=3`)).statusCode).toBe(404);
  });

  it('signed-content answers 409 not_cades for a file that is not a CAdES', async () => {
    const doc = (await upload(await signPdf(signer), 'determina.pdf')).json();
    const res = await get(member, `/api/v1/documents/${doc.id}/signed-content`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('not_cades');
  });

  it('an unsigned text file has signatures null and summary { signed: false, verified: null }', async () => {
    const doc = (await upload(samples.text(), 'note.txt')).json();
    expect((await get(member, `/api/v1/documents/${doc.id}/signatures`)).json().signatures).toBeNull();
    const detail = (await get(member, `/api/v1/documents/${doc.id}`)).json();
    expect(detail.versions[0].signatures).toEqual({ signed: false, verified: null });
  });
});

describe('permissions', () => {
  it('signatures and signed content need the read permission of the owner record', async () => {
    const doc = (await upload(await signCades(signer, text), 'a.p7m')).json();
    expect((await get(outsider, `/api/v1/documents/${doc.id}/signatures`)).statusCode).toBe(403);
    expect((await get(outsider, `/api/v1/documents/${doc.id}/signed-content`)).statusCode).toBe(403);
    expect((await get({}, `/api/v1/documents/${doc.id}/signatures`)).statusCode).toBe(401);
  });
});

describe('OpenAPI', () => {
  it('describes the signatures and signed-content routes', async () => {
    const spec = (await get({}, '/api/v1/openapi.json')).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/documents/{id}/signatures', '/api/v1/documents/{id}/signed-content']),
    );
    expect(spec.paths['/api/v1/documents/{id}/signed-content'].get.responses).toHaveProperty('409');
  });
});
