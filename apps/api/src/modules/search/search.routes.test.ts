import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNetworkDemo } from '@app/db/seed';
import { createTestApp, createUser, enteId, login, type TestContext } from '../../../test/build-app.js';
import { multipart } from '../../../test/files.js';
import { todayInRome } from '../registry/network.workflow.js';
import { searchEntries } from './search.service.js';

type Who = 'upi' | 'padovaAdmin' | 'rovigoAdmin' | 'abanoUser';
let t: TestContext;
const h: Record<string, Record<string, string>> = {};
const ids: Record<string, string> = {};

const api = (method: 'GET' | 'POST', url: string, as?: Who, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: as ? h[as] : { 'x-requested-with': 'XMLHttpRequest' }, ...(payload === undefined ? {} : { payload: payload as object }) });
const search = async (as: Who, q: string, extra = '') => {
  const res = await api('GET', `/search?q=${encodeURIComponent(q)}${extra}`, as);
  expect(res.statusCode).toBe(200);
  return res.json() as { items: { kind: string; id: string; title: string; snippet?: string; url: string }[]; total: number; byKind: Record<string, number> };
};
const comment = async (as: Who, recordId: string, body: string) => {
  const res = await api('POST', '/comments', as, { recordType: 'protocol', recordId, body });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
};
async function upload(as: Who, ownerId: string, title: string, text: string) {
  const { payload, contentType } = await multipart({ metadata: { ownerType: 'protocol', ownerId, title }, file: { name: 'relazione.txt', bytes: Buffer.from(text) } });
  const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...h[as], 'content-type': contentType }, payload });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

beforeAll(async () => {
  t = await createTestApp();
  await t.database.db.transaction((tx) => loadNetworkDemo(tx, todayInRome()));
  const people: [Who, { role: 'upi_admin' | 'ente_admin' | 'comune_user'; enteId: string }][] = [
    ['upi', { role: 'upi_admin', enteId: await enteId(t.database, 'upi', null) }],
    ['padovaAdmin', { role: 'ente_admin', enteId: await enteId(t.database, 'provincia', '028') }],
    ['rovigoAdmin', { role: 'ente_admin', enteId: await enteId(t.database, 'provincia', '029') }],
    ['abanoUser', { role: 'comune_user', enteId: await enteId(t.database, 'comune', '028001') }],
  ];
  for (const [name, m] of people) h[name] = await login(t.app, (await createUser(t.database, [m])).email);
  const list = (await api('GET', '/registry/protocols?pageSize=100', 'upi')).json() as { items: { id: string; provincia: { istatCode: string } }[] };
  ids.padova = list.items.find((p) => p.provincia.istatCode === '028')!.id;
  ids.rovigo = list.items.find((p) => p.provincia.istatCode === '029')!.id;
  ids.padovaComment = await comment('padovaAdmin', ids.padova, 'Firmata la **convenzione** per la stazione appaltante della Città di Este');
  ids.rovigoComment = await comment('rovigoAdmin', ids.rovigo, 'Cronoprogramma polesano dei fondi europei riservato');
  ids.rovigoDoc = await upload('upi', ids.rovigo, 'Relazione polesana', 'Relazione sul cronoprogramma polesano dei fondi europei');
});
afterAll(() => t.close());

describe('global search', () => {
  it('finds the enti by name for every member', async () => {
    const r = await search('abanoUser', 'padova');
    const ente = r.items.find((i) => i.kind === 'ente' && i.title === 'Provincia di Padova');
    expect(ente).toMatchObject({ url: expect.stringMatching(/^\/enti\/[0-9a-f-]{36}$/) });
    expect(r.byKind.ente).toBeGreaterThan(1); // the Province and the Comune of Padova at least
  });

  it('matches Italian word forms: "convenzioni" finds "convenzione"', async () => {
    const r = await search('padovaAdmin', 'convenzioni');
    const hit = r.items.find((i) => i.id === ids.padovaComment);
    expect(hit).toMatchObject({ kind: 'comment', title: "Protocollo d'intesa — Provincia di Padova", url: `/rete/protocolli/${ids.padova}#commento-${ids.padovaComment}` });
    expect(hit!.snippet).toContain('«convenzione»');
  });

  it('ignores accents: "citta" finds "Città"', async () => {
    expect((await search('padovaAdmin', 'citta este')).items.map((i) => i.id)).toContain(ids.padovaComment);
  });

  it('tolerates typos in titles: "protocolo" finds the comments of the protocol', async () => {
    expect((await search('padovaAdmin', 'protocolo')).items.map((i) => i.id)).toContain(ids.padovaComment);
  });

  it('groups counts by kind and filters one kind', async () => {
    const all = await search('upi', 'polesano');
    expect(all.byKind).toMatchObject({ comment: 1, document: 1 });
    expect(all.total).toBe(Object.values(all.byKind).reduce((a, b) => a + b, 0));
    expect(all.items.filter((i) => i.kind !== 'ente').map((i) => i.id).sort()).toEqual([ids.rovigoComment, ids.rovigoDoc].sort());
    const docs = await search('upi', 'polesano', '&kind=document');
    expect(docs.items.map((i) => i.id)).toEqual([ids.rovigoDoc]);
    expect(docs.total).toBe(1);
    expect(docs.byKind).toMatchObject({ comment: 1, document: 1 });
  });

  it("never returns what the user may not see: Padova does not find Rovigo's comments and documents; UPI does", async () => {
    const padova = await search('padovaAdmin', 'cronoprogramma polesano');
    expect(padova.items).toEqual([]);
    expect(padova.total).toBe(0);
    expect((await search('abanoUser', 'convenzione')).items.map((i) => i.id)).not.toContain(ids.padovaComment);
    const upi = await search('upi', 'cronoprogramma polesano');
    expect(upi.items.map((i) => i.id).sort()).toEqual([ids.rovigoComment, ids.rovigoDoc].sort());
    const rovigo = await search('rovigoAdmin', 'cronoprogramma');
    expect(rovigo.items.map((i) => i.id)).toEqual(expect.arrayContaining([ids.rovigoComment, ids.rovigoDoc]));
  });

  it('refuses short, long or malformed queries with the field path, and anonymous callers', async () => {
    const short = await api('GET', '/search?q=a', 'upi');
    expect(short.statusCode).toBe(400);
    expect(short.json().details.issues[0].path).toBe('querystring.q');
    expect((await api('GET', `/search?q=${'x'.repeat(201)}`, 'upi')).json().details.issues[0].path).toBe('querystring.q');
    expect((await api('GET', '/search?q=padova&pageSize=51', 'upi')).json().details.issues[0].path).toBe('querystring.pageSize');
    expect((await api('GET', '/search?q=padova')).statusCode).toBe(401);
  });

  it('stops reading at the cap of matches and says the counts are lower bounds', async () => {
    const capped = await searchEntries(t.database.db, ['member'], { q: 'comune', page: 1, pageSize: 5 }, 10);
    expect(capped.capped).toBe(true);
    expect(capped.total).toBe(11);
    expect(capped.items).toHaveLength(5);
    const whole = await searchEntries(t.database.db, ['member'], { q: 'masera', page: 1, pageSize: 5 }, 10);
    expect(whole.capped).toBe(false);
    // the exact title first, then the accented one
    expect(whole.items.map((i) => i.title).slice(0, 2)).toEqual(['Masera', 'Maserà di Padova']);
  });

  it('pages the results', async () => {
    const first = await search('upi', 'comune', '&kind=ente&pageSize=5');
    const second = await search('upi', 'comune', '&kind=ente&pageSize=5&page=2');
    expect(first.items).toHaveLength(5);
    expect(second.items).toHaveLength(5);
    expect(first.items.map((i) => i.id)).not.toEqual(expect.arrayContaining(second.items.map((i) => i.id)));
  });

  it('removes a deleted comment and fills an empty kind again on rebuild', async () => {
    await t.database.db.execute(sql`delete from search_entries where kind = 'comment'`);
    // the emptied kind is rebuilt (with the kinds of this test database that hold nothing yet), the others are kept
    const rebuilt = await t.app.services.search.rebuildMissing();
    expect(rebuilt).toContain('comment');
    expect(rebuilt).not.toContain('ente');
    expect((await search('padovaAdmin', 'convenzioni')).items.map((i) => i.id)).toContain(ids.padovaComment);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/comments/${ids.padovaComment}`, headers: h.padovaAdmin });
    expect((await search('padovaAdmin', 'convenzioni')).items.map((i) => i.id)).not.toContain(ids.padovaComment);
  });
});
