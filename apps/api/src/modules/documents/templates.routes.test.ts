import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import PizZip from 'pizzip';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createTestApp, createUser, enteId, login, type TestContext } from '../../../test/build-app.js';
import { multipart } from '../../../test/files.js';
import { executableSearchPath } from '../../config/env.js';
import { findSoffice } from '../../lib/office.js';
import { docxText } from './documents.text.js';
import { buildDocx } from './templates.fixtures.js';

/**
 * Search, templates and capabilities on the real test database. Documents belong to "cases", an owner type
 * registered by the test: a case belongs to an ente; its members read and write its documents.
 */
const hasSoffice = findSoffice(undefined, executableSearchPath()) !== null;
let t: TestContext;
let padova: string;
let vicenza: string;
const cases = new Map<string, string>();
const newCase = (ente: string) => {
  const id = randomUUID();
  cases.set(id, ente);
  return id;
};
let admin: Record<string, string>;
let padovano: Record<string, string>;
let vicentino: Record<string, string>;

beforeAll(async () => {
  t = await createTestApp();
  const upi = await enteId(t.database, 'upi', null);
  padova = await enteId(t.database, 'provincia', '028');
  vicenza = await enteId(t.database, 'provincia', '024');
  t.app.services.records.register('test.case', async (ctx, ownerId) => {
    const ente = cases.get(ownerId);
    if (!ente) return null;
    const member = !!ctx.actor?.memberships.some((m) => m.enteId === ente);
    return { enteId: ente, read: member, write: member };
  });
  admin = await login(t.app, (await createUser(t.database, [{ role: 'upi_admin', enteId: upi }])).email);
  padovano = await login(t.app, (await createUser(t.database, [{ role: 'sua_operator', enteId: padova }])).email);
  vicentino = await login(t.app, (await createUser(t.database, [{ role: 'sua_operator', enteId: vicenza }])).email);
});
afterAll(() => t.close());

async function postMultipart(url: string, headers: Record<string, string>, file: { bytes: Uint8Array; name: string }, fields: Record<string, string>) {
  const { payload, contentType } = await multipart({ text: fields, file });
  return t.app.inject({ method: 'POST', url, headers: { ...headers, 'content-type': contentType }, payload });
}
const get = (headers: Record<string, string>, url: string) => t.app.inject({ method: 'GET', url, headers });
const search = async (headers: Record<string, string>, q: string) => {
  const res = await get(headers, `/api/v1/documents/search?q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { items: { id: string; title: string; snippet: string; version: number }[]; total: number };
};
async function upload(headers: Record<string, string>, owner: string, bytes: Uint8Array, name: string, title?: string) {
  const { payload, contentType } = await multipart({
    file: { bytes, name },
    metadata: { ownerType: 'test.case', ownerId: owner, ...(title ? { title } : {}) },
  });
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...headers, 'content-type': contentType }, payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

const template = buildDocx(['Verbale n. {numero}', 'Oggetto: {oggetto}', '{#voci}', '{descrizione}: euro {importo}', '{/voci}']);

describe('full-text search', () => {
  it('finds words of the extracted text with Italian stemming, and only in documents the caller may read', async () => {
    const mine = await upload(padovano, newCase(padova), Buffer.from('Lavori di manutenzione delle strade provinciali e dei ponti.'), 'lavori.txt', 'Relazione lavori');
    const theirs = await upload(vicentino, newCase(vicenza), Buffer.from('Manutenzione straordinaria della strada del Pasubio.'), 'pasubio.txt');
    // "strada" matches "strade" and "strada" (Italian stemming), in the text and not only in the title
    const forPadova = await search(padovano, 'strada');
    expect(forPadova.items.map((i) => i.id)).toContain(mine.id);
    expect(forPadova.items.map((i) => i.id)).not.toContain(theirs.id);
    expect(forPadova.items.find((i) => i.id === mine.id)!.snippet).toMatch(/«strade»/);
    const forVicenza = await search(vicentino, 'manutenzione strade');
    expect(forVicenza.items.map((i) => i.id)).toEqual([theirs.id]);
    expect(forVicenza.total).toBe(1);
    // the title is searched too
    expect((await search(padovano, 'relazione')).items.map((i) => i.id)).toContain(mine.id);
  });

  it('searches the current version, with paging', async () => {
    const owner = newCase(padova);
    const doc = await upload(padovano, owner, Buffer.from('Prima stesura del bilancio di previsione'), 'b.txt', 'Documento contabile');
    const { payload, contentType } = await multipart({ file: { bytes: Buffer.from('Rendiconto approvato dal consiglio'), name: 'b.txt' } });
    const v2 = await t.app.inject({ method: 'POST', url: `/api/v1/documents/${doc.id}/versions`, headers: { ...padovano, 'content-type': contentType }, payload });
    expect(v2.statusCode).toBe(201);
    expect((await search(padovano, 'bilancio')).items.map((i) => i.id)).not.toContain(doc.id);
    const hit = (await search(padovano, 'rendiconto')).items.find((i) => i.id === doc.id);
    expect(hit?.version).toBe(2);
    for (let i = 0; i < 3; i++) await upload(padovano, owner, Buffer.from(`Verbale della commissione tributaria ${i}`), `c${i}.txt`);
    const page = await get(padovano, '/api/v1/documents/search?q=commissione%20tributaria&page=2&pageSize=2');
    expect(page.json()).toMatchObject({ total: 3 });
    expect(page.json().items).toHaveLength(1);
  });

  it('reads the text of an uploaded PDF or DOCX after the upload answers, and then finds it', async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf.addPage().drawText('Verbale della conferenza sui servizi idrici integrati', { x: 50, y: 700, font, size: 14 });
    const owner = newCase(padova);
    const doc = await upload(padovano, owner, await pdf.save(), 'verbale.pdf', 'Verbale di conferenza');
    // the title is found at once, the text once the job has read it
    expect((await search(padovano, 'conferenza')).items.map((i) => i.id)).toContain(doc.id);
    expect((await search(padovano, 'idrici')).items.map((i) => i.id)).not.toContain(doc.id);
    await t.app.services.jobs.drain();
    expect((await search(padovano, 'idrici')).items.find((i) => i.id === doc.id)?.snippet).toMatch(/«idrici»/);
    // a DOCX uploaded as a new version replaces the text found
    const { payload, contentType } = await multipart({
      file: { bytes: buildDocx(['Relazione sulla depurazione delle acque reflue']), name: 'relazione.docx' },
    });
    const v2 = await t.app.inject({
      method: 'POST',
      url: `/api/v1/documents/${doc.id}/versions`,
      headers: { ...padovano, 'content-type': contentType },
      payload,
    });
    expect(v2.statusCode, v2.body).toBe(201);
    await t.app.services.jobs.drain();
    expect((await search(padovano, 'depurazione')).items.find((i) => i.id === doc.id)?.version).toBe(2);
    expect((await search(padovano, 'idrici')).items.map((i) => i.id)).not.toContain(doc.id);
  });

  it('requires a signed-in caller and a query', async () => {
    expect((await get({}, '/api/v1/documents/search?q=strada')).statusCode).toBe(401);
    expect((await get(padovano, '/api/v1/documents/search?q=')).statusCode).toBe(400);
  });
});

describe('templates', () => {
  let templateId: string;

  it('are uploaded by UPI administrators only, with their placeholders', async () => {
    const file = { bytes: template, name: 'verbale.docx' };
    const refused = await postMultipart('/api/v1/document-templates', padovano, file, { name: 'Verbale' });
    expect(refused.statusCode).toBe(403);
    const res = await postMultipart('/api/v1/document-templates', admin, file, { name: 'Verbale di gara', description: 'Modello' });
    expect(res.statusCode, res.body).toBe(201);
    templateId = res.json().id;
    expect(res.json().placeholders).toEqual(['numero', 'oggetto', 'voci[]', 'voci[].descrizione', 'voci[].importo']);
    const list = await get(padovano, '/api/v1/document-templates');
    expect(list.json().items.find((i: { id: string }) => i.id === templateId)).toMatchObject({ name: 'Verbale di gara' });
  });

  it('refuse a file that is not a valid template', async () => {
    const bad = await postMultipart('/api/v1/document-templates', admin, { bytes: Buffer.from('ciao'), name: 'x.docx' }, { name: 'X' });
    expect(bad.statusCode).toBe(400);
    const unclosed = buildDocx(['{#voci}', 'senza chiusura']);
    const res = await postMultipart('/api/v1/document-templates', admin, { bytes: unclosed, name: 'x.docx' }, { name: 'X' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/Invalid template/);
  });

  it('preview with sample data as DOCX', async () => {
    const res = await get(padovano, `/api/v1/document-templates/${templateId}/preview`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/wordprocessingml/);
    const text = docxText(new PizZip(res.rawPayload).generate({ type: 'nodebuffer' }) as Buffer);
    expect(text).toContain('Verbale n. «numero»');
  });

  it('fill a new document on a record the caller may write, whose text is searchable', async () => {
    const owner = newCase(padova);
    const body = {
      templateId,
      ownerType: 'test.case',
      ownerId: owner,
      title: 'Verbale di gara 12',
      data: { numero: '12/2026', oggetto: 'Fornitura di sale antighiaccio', voci: [{ descrizione: 'Sale', importo: '1.000' }] },
    };
    const refused = await t.app.inject({ method: 'POST', url: '/api/v1/documents/from-template', headers: vicentino, payload: body });
    expect(refused.statusCode).toBe(403);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents/from-template', headers: padovano, payload: body });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ version: 1, mediaType: expect.stringMatching(/wordprocessingml/) });
    const hits = await search(padovano, 'antighiaccio');
    expect(hits.items.map((i) => i.id)).toContain(res.json().id);
    expect((await search(vicentino, 'antighiaccio')).items).toHaveLength(0);
    const content = await get(padovano, `/api/v1/documents/${res.json().id}/content`);
    expect(docxText(content.rawPayload)).toContain('Sale: euro 1.000');
  });

  it("fill the placeholders from the record's own data, the request's values winning", async () => {
    const owner = newCase(padova);
    t.app.services.documents.registerTemplateData('test.case', async (id) => (cases.has(id) ? { oggetto: `Pratica ${id.slice(0, 8)}`, numero: 'dal record' } : null));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/documents/from-template',
      headers: padovano,
      payload: { templateId, ownerType: 'test.case', ownerId: owner, title: 'Verbale dal record', data: { numero: '14/2026' } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const text = docxText((await get(padovano, `/api/v1/documents/${res.json().id}/content`)).rawPayload);
    expect(text).toContain(`Oggetto: Pratica ${owner.slice(0, 8)}`);
    expect(text).toContain('Verbale n. 14/2026');
  });

  it.runIf(hasSoffice)(
    'fill a document with its PDF/A-2b as version 2 when LibreOffice is installed',
    async () => {
      const caps = await get(padovano, '/api/v1/documents/capabilities');
      expect(caps.json()).toMatchObject({ pdfa: true, soffice: expect.stringMatching(/LibreOffice/) });
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/documents/from-template',
        headers: padovano,
        payload: { templateId, ownerType: 'test.case', ownerId: newCase(padova), title: 'Verbale PDF', data: { numero: '13' }, pdfa: true },
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ version: 2, mediaType: 'application/pdf' });
      const detail = (await get(padovano, `/api/v1/documents/${res.json().id}`)).json();
      expect(detail.versions.map((v: { mediaType: string }) => v.mediaType)).toEqual([
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'application/pdf',
      ]);
      const pdf = (await get(padovano, `/api/v1/documents/${res.json().id}/content`)).rawPayload;
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.toString('latin1')).toMatch(/pdfaid:part(>|="|=')2/);
      const preview = await get(padovano, `/api/v1/document-templates/${templateId}/preview?format=pdf`);
      expect(preview.statusCode).toBe(200);
      expect(preview.headers['content-type']).toMatch(/application\/pdf/);
    },
    180_000,
  );
});

describe('capabilities without LibreOffice', () => {
  let bare: TestContext;
  beforeAll(async () => {
    bare = await createTestApp({ SOFFICE_PATH: '/nonexistent/bin/soffice' });
  });
  afterAll(() => bare.close());

  it('report pdfa:false with how to install it, and PDF/A requests are refused', async () => {
    const u = await createUser(bare.database, [{ role: 'sua_operator', enteId: padova }]);
    const headers = await login(bare.app, u.email);
    const res = await bare.app.inject({ method: 'GET', url: '/api/v1/documents/capabilities', headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      pdfa: false,
      hint: 'Installare LibreOffice: apt-get install -y --no-install-recommends libreoffice-writer-nogui',
    });
    const preview = await bare.app.inject({ method: 'GET', url: `/api/v1/document-templates/${randomUUID()}/preview?format=pdf`, headers });
    expect(preview.statusCode).toBe(404);
    const fill = await bare.app.inject({
      method: 'POST',
      url: '/api/v1/documents/from-template',
      headers,
      payload: { templateId: randomUUID(), ownerType: 'test.case', ownerId: randomUUID(), title: 'X', pdfa: true },
    });
    expect(fill.statusCode).toBe(404);
  });
});
