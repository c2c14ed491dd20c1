import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import yazl from 'yazl';
import type { Role } from '@app/contracts';
import { tables } from '@app/db';
import { createTestApp, createUser, enteId, login, type TestContext } from '../../../test/build-app.js';
import { multipart, samples } from '../../../test/files.js';
import { verifyExport } from './fascicoli.export.js';

/**
 * Fascicoli on the real test database. Documents belong to "folders", an owner type registered by the
 * test: a folder belongs to an ente; its members read its documents, members other than viewers write.
 */
let t: TestContext;
let padova: string;
let vicenza: string;
let upi: string;
const folders = new Map<string, string>();
const newFolder = (ente: string) => {
  const id = randomUUID();
  folders.set(id, ente);
  return id;
};
type H = Record<string, string>;
const u: Record<string, H> = {};

beforeAll(async () => {
  t = await createTestApp({ UPLOAD_MAX_MB: '2' });
  padova = await enteId(t.database, 'provincia', '028');
  vicenza = await enteId(t.database, 'provincia', '024');
  upi = await enteId(t.database, 'upi', null);
  t.app.services.records.register('test.fasc', async (ctx, ownerId) => {
    const ente = folders.get(ownerId);
    if (!ente) return null;
    const roles = ctx.actor?.memberships.filter((m) => m.enteId === ente).map((m) => m.role) ?? [];
    const admin = ctx.actor?.memberships.some((m) => m.role === 'upi_admin') ?? false;
    return { enteId: ente, read: admin || roles.length > 0, write: admin || roles.some((r) => r !== 'viewer') };
  });
  const make = async (name: string, role: Role, ente: string) =>
    (u[name] = await login(t.app, (await createUser(t.database, [{ role, enteId: ente }], { displayName: name })).email));
  await make('upiAdmin', 'upi_admin', upi);
  await make('enteAdmin', 'ente_admin', padova);
  await make('operator', 'sua_operator', padova);
  await make('viewer', 'viewer', padova);
  await make('otherAdmin', 'ente_admin', vicenza);
  await make('otherOperator', 'sua_operator', vicenza);
});
afterAll(() => t.close());

const req = (h: H, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: h, ...(payload === undefined ? {} : { payload: payload as object }) });

async function uploadDoc(h: H, ente: string, bytes: Buffer, name: string, metadata: Record<string, unknown> = {}) {
  const { payload, contentType } = await multipart({
    file: { bytes, name },
    metadata: { ownerType: 'test.fasc', ownerId: newFolder(ente), ...metadata },
  });
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...h, 'content-type': contentType }, payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
const createFascicolo = async (h: H, ente: string, extra: Record<string, unknown> = {}) =>
  req(h, 'POST', '/api/v1/fascicoli', { title: 'Gara lavori SP 12 <&>', enteId: ente, openedOn: '2026-01-15', ...extra });

const agid = {
  modalitaDiFormazione: 'a',
  tipologiaDocumentale: 'Determina',
  datiDiRegistrazione: { tipologiaDiFlusso: 'U', tipoRegistro: 'Protocollo Ordinario', data: '2026-02-01', numero: '123' },
  soggetti: [{ ruolo: 'Autore', tipo: 'PF', nome: 'Anna', cognome: 'Rossi' }],
  chiaveDescrittiva: { oggetto: 'Aggiudicazione "lotto 1" & altro', paroleChiave: ['gara'] },
  riservato: false,
  tempoDiConservazione: 10,
};

describe('fascicoli', () => {
  it('creates a fascicolo with a generated identifier and audits it', async () => {
    const res = await createFascicolo(u.operator!, padova);
    expect(res.statusCode, res.body).toBe(201);
    const f = res.json();
    expect(f.identifier).toMatch(/^028-2026-\d{4}$/);
    const events = await t.database.db.select().from(tables.auditEvents).where(eq(tables.auditEvents.entityId, f.id));
    expect(events.map((e) => e.action)).toContain('fascicolo.create');
    const again = await createFascicolo(u.operator!, padova, { identifier: f.identifier });
    expect(again.statusCode).toBe(409);
  });

  it('refuses a closing date before the opening date and closes with a later one', async () => {
    const f = (await createFascicolo(u.enteAdmin!, padova)).json();
    const bad = await req(u.enteAdmin!, 'PUT', `/api/v1/fascicoli/${f.id}`, { closedOn: '2025-12-31' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.issues[0].path).toBe('closedOn');
    const ok = await req(u.enteAdmin!, 'PUT', `/api/v1/fascicoli/${f.id}`, { closedOn: '2026-03-01' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().closedOn).toBe('2026-03-01');
  });

  it('adds documents the caller can read, refuses others, removes them', async () => {
    const f = (await createFascicolo(u.operator!, padova)).json();
    const mine = await uploadDoc(u.operator!, padova, samples.pdf(), 'a.pdf');
    const foreign = await uploadDoc(u.otherOperator!, vicenza, samples.png(), 'b.png');
    const add = await req(u.operator!, 'POST', `/api/v1/fascicoli/${f.id}/documents`, { documentId: mine });
    expect(add.statusCode, add.body).toBe(200);
    expect(add.json().documents.map((d: { id: string }) => d.id)).toEqual([mine]);
    expect((await req(u.operator!, 'POST', `/api/v1/fascicoli/${f.id}/documents`, { documentId: mine })).statusCode).toBe(409);
    expect((await req(u.operator!, 'POST', `/api/v1/fascicoli/${f.id}/documents`, { documentId: foreign })).statusCode).toBe(403);
    const del = await req(u.operator!, 'DELETE', `/api/v1/fascicoli/${f.id}/documents/${mine}`);
    expect(del.statusCode).toBe(200);
    expect(del.json().documents).toEqual([]);
  });

  it('exports a ZIP whose every hash verifies; a tampered or traversing ZIP fails', async () => {
    const f = (await createFascicolo(u.operator!, padova, { classification: { indice: '6.3.1', descrizione: 'Gare' } })).json();
    const ids = [
      await uploadDoc(u.operator!, padova, samples.pdf(), 'Determina 12.pdf', { agid }),
      await uploadDoc(u.operator!, padova, samples.png(), 'planimetria.png'),
      await uploadDoc(u.operator!, padova, Buffer.concat([samples.pdf(), Buffer.from(randomUUID())]), '../../etc/x.pdf'),
    ];
    for (const documentId of ids) {
      expect((await req(u.operator!, 'POST', `/api/v1/fascicoli/${f.id}/documents`, { documentId })).statusCode).toBe(200);
    }
    const res = await req(u.operator!, 'GET', `/api/v1/fascicoli/${f.id}/export`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    const zip = res.rawPayload;
    const report = await verifyExport(Readable.from([zip]));
    expect(report.errors).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.verified).toHaveLength(3 * 2 + 1);
    expect(report.verified).toContain('fascicolo.xml');
    expect(report.verified.filter((p) => p.startsWith('documenti/'))).toHaveLength(3);

    // the same through the API
    const { payload, contentType } = await multipart({ file: { bytes: zip, name: 'f.zip' } });
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/v1/fascicoli/verify-export',
      headers: { ...u.operator!, 'content-type': contentType },
      payload,
    });
    expect(api.statusCode, api.body).toBe(200);
    expect(api.json().ok).toBe(true);

    // a tampered document: flip the bytes of the (stored, uncompressed) PNG signature
    const png = samples.png();
    const at = zip.indexOf(png);
    expect(at).toBeGreaterThan(0);
    const tampered = Buffer.from(zip);
    tampered[at + 20] = tampered[at + 20]! ^ 0xff;
    const bad = await verifyExport(Readable.from([tampered]));
    expect(bad.ok).toBe(false);
    expect(bad.errors.length + bad.mismatched.length).toBeGreaterThan(0);
  });

  it('refuses and reports entries with ../ or absolute paths', async () => {
    const z = new yazl.ZipFile();
    const pindex = `<?xml version="1.0"?><PIndex xmlns="http://www.uni.com/U3011/sincro-v2/"><FileGroup><File><ID>1</ID><Path>ok.txt</Path><Hash hashFunction="SHA-256">${Buffer.from(
      (await import('node:crypto')).createHash('sha256').update('ok').digest(),
    ).toString('base64')}</Hash></File></FileGroup></PIndex>`;
    z.addBuffer(Buffer.from(pindex), 'PIndex.xml');
    z.addBuffer(Buffer.from('ok'), 'ok.txt');
    z.addBuffer(Buffer.from('evil'), 'XX/evil', { compress: false });
    z.end();
    const chunks: Buffer[] = [];
    for await (const c of z.outputStream as AsyncIterable<Buffer>) chunks.push(c);
    // yazl refuses to write such names: rename the entry in place (local header and central directory)
    const raw = Buffer.concat(chunks);
    let i = raw.indexOf('XX/evil');
    while (i >= 0) {
      raw.write('../evil', i, 'latin1');
      i = raw.indexOf('XX/evil', i + 1);
    }
    const report = await verifyExport(Readable.from([raw]));
    expect(report.ok).toBe(false);
    expect(report.unsafe).toEqual(['../evil']);
    expect(report.verified).toEqual(['ok.txt']);
  });
});

describe('document metadata (AgID)', () => {
  it('validates the enumerations with field paths', async () => {
    const id = await uploadDoc(u.operator!, padova, samples.pdf(), 'm.pdf');
    const res = await req(u.operator!, 'PUT', `/api/v1/documents/${id}/metadata`, {
      modalitaDiFormazione: 'z',
      datiDiRegistrazione: { tipologiaDiFlusso: 'X', tipoRegistro: 'Protocollo Ordinario', data: '2026-01-01' },
    });
    expect(res.statusCode).toBe(400);
    const paths = res.json().details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['body.modalitaDiFormazione', 'body.datiDiRegistrazione.tipologiaDiFlusso']));
  });

  it('stores on the current version; on a locked document a new version carries it; compare lists fields', async () => {
    const id = await uploadDoc(u.operator!, padova, samples.pdf(), 'n.pdf', { agid });
    const v1 = (await req(u.operator!, 'GET', `/api/v1/documents/${id}/metadata`)).json();
    expect(v1.idDoc).toMatchObject({ identificativo: `${id}-v1`, algoritmo: 'SHA-256' });
    expect(v1.formato.mimeType).toBe('application/pdf');
    expect(v1.modalitaDiFormazione).toBe('a');
    expect(v1.autore.denominazione).toBe('operator');

    const put = await req(u.operator!, 'PUT', `/api/v1/documents/${id}/metadata`, { ...agid, modalitaDiFormazione: 'b' });
    expect(put.json()).toEqual({ id, version: 1, newVersion: false });

    await t.database.db.update(tables.documents).set({ locked: true }).where(eq(tables.documents.id, id));
    const locked = await req(u.operator!, 'PUT', `/api/v1/documents/${id}/metadata`, { ...agid, modalitaDiFormazione: 'c', note: 'rettifica' });
    expect(locked.statusCode, locked.body).toBe(200);
    expect(locked.json()).toEqual({ id, version: 2, newVersion: true });
    const doc = (await req(u.operator!, 'GET', `/api/v1/documents/${id}`)).json();
    expect(doc.versions).toHaveLength(2);
    expect(doc.versions[1].sha256).toBe(doc.versions[0].sha256);
    const first = (await req(u.operator!, 'GET', `/api/v1/documents/${id}/metadata?version=1`)).json();
    expect(first.modalitaDiFormazione).toBe('b');
    const second = (await req(u.operator!, 'GET', `/api/v1/documents/${id}/metadata?version=2`)).json();
    expect(second.tracciatureModifiche).toMatchObject({ tipoModifica: 'modifica metadati', idDocVersionePrecedente: `${id}-v1` });

    const cmp = await req(u.operator!, 'GET', `/api/v1/documents/${id}/metadata/compare?from=1&to=2`);
    expect(cmp.statusCode).toBe(200);
    expect(cmp.json().changed).toEqual(
      expect.arrayContaining(['modalitaDiFormazione', 'note', 'idDoc.identificativo', 'versioneDelDocumento']),
    );
    expect(cmp.json().changed).not.toContain('idDoc.impronta');
    expect(cmp.json().changed).not.toContain('chiaveDescrittiva.oggetto');
  });

  it('refuses metadata writes to readers', async () => {
    const id = await uploadDoc(u.operator!, padova, samples.pdf(), 'r.pdf');
    expect((await req(u.viewer!, 'PUT', `/api/v1/documents/${id}/metadata`, agid)).statusCode).toBe(403);
    expect((await req(u.viewer!, 'GET', `/api/v1/documents/${id}/metadata`)).statusCode).toBe(200);
    expect((await req(u.otherOperator!, 'GET', `/api/v1/documents/${id}/metadata`)).statusCode).toBe(403);
  });
});

describe('fascicoli permission matrix', () => {
  const expected: Record<string, { own: { read: boolean; write: boolean }; other: { read: boolean; write: boolean } }> = {
    upiAdmin: { own: { read: true, write: true }, other: { read: true, write: true } },
    enteAdmin: { own: { read: true, write: true }, other: { read: false, write: false } },
    operator: { own: { read: true, write: true }, other: { read: false, write: false } },
    viewer: { own: { read: true, write: false }, other: { read: false, write: false } },
  };
  const code = (ok: boolean, okCode = 200) => (ok ? okCode : 403);

  for (const [who, exp] of Object.entries(expected)) {
    for (const side of ['own', 'other'] as const) {
      it(`${who} × ${side} ente: create, read, list, export, update, add/remove document`, async () => {
        const ente = side === 'own' ? padova : vicenza;
        const owner = side === 'own' ? u.enteAdmin! : u.otherAdmin!;
        const h = u[who]!;
        expect((await createFascicolo(h, ente)).statusCode).toBe(code(exp[side].write, 201));
        const f = (await createFascicolo(owner, ente)).json();
        expect((await req(h, 'GET', `/api/v1/fascicoli/${f.id}`)).statusCode).toBe(code(exp[side].read));
        expect((await req(h, 'GET', `/api/v1/fascicoli/${f.id}/export`)).statusCode).toBe(code(exp[side].read));
        const list = (await req(h, 'GET', `/api/v1/fascicoli?ente=${ente}`)).json();
        expect(list.items.some((x: { id: string }) => x.id === f.id)).toBe(exp[side].read);
        expect((await req(h, 'PUT', `/api/v1/fascicoli/${f.id}`, { title: 'Nuovo titolo' })).statusCode).toBe(code(exp[side].write));
        const doc = await uploadDoc(owner, ente, samples.pdf(), 'p.pdf');
        expect((await req(h, 'POST', `/api/v1/fascicoli/${f.id}/documents`, { documentId: doc })).statusCode).toBe(code(exp[side].write));
        await req(owner, 'POST', `/api/v1/fascicoli/${f.id}/documents`, { documentId: doc });
        expect((await req(h, 'DELETE', `/api/v1/fascicoli/${f.id}/documents/${doc}`)).statusCode).toBe(code(exp[side].write));
      });
    }
  }

  it('anonymous callers get 401, unknown fascicoli 404', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/fascicoli' })).statusCode).toBe(401);
    expect((await req(u.upiAdmin!, 'GET', `/api/v1/fascicoli/${randomUUID()}`)).statusCode).toBe(404);
  });
});
