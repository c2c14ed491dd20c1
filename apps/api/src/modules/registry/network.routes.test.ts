import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNetworkDemo } from '@app/db/seed';
import { createTestApp, createUser, enteId, login, type TestContext } from '../../../test/build-app.js';
import { multipart } from '../../../test/files.js';
import { docxText } from '../documents/documents.text.js';
import { buildDocx } from '../documents/templates.fixtures.js';
import { addDays, todayInRome } from './network.workflow.js';

type Headers = Record<string, string>;
let t: TestContext;
const today = todayInRome();
const h: Record<string, Headers> = {};
const ids: Record<string, string> = {};

/** The network tables, emptied so that this file starts from the demo network on any database. */

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function upload(headers: Headers, ownerType: string, ownerId: string) {
  const { payload, contentType } = await multipart({ metadata: { ownerType, ownerId, title: 'Protocollo firmato' }, file: { name: 'protocollo-firmato.pdf', bytes: PDF } });
  return t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...headers, 'content-type': contentType }, payload });
}

const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, as?: string, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: as ? h[as] : { 'x-requested-with': 'XMLHttpRequest' }, ...(payload === undefined ? {} : { payload: payload as object }) });

async function count(table: string): Promise<number> {
  const r = (await t.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] };
  return r.rows[0]!.n;
}

beforeAll(async () => {
  t = await createTestApp();
  await t.database.db.transaction((tx) => loadNetworkDemo(tx, today));
  ids.upi = await enteId(t.database, 'upi', null);
  ids.padova = await enteId(t.database, 'provincia', '028');
  ids.rovigo = await enteId(t.database, 'provincia', '029');
  ids.pescara = await enteId(t.database, 'provincia', '068');
  ids.abano = await enteId(t.database, 'comune', '028001');
  ids.albignasego = await enteId(t.database, 'comune', '028003');
  ids.cadoneghe = await enteId(t.database, 'comune', '028016');
  ids.adria = await enteId(t.database, 'comune', '029001');
  const people: [string, { role: 'upi_admin' | 'ente_admin' | 'referent' | 'sua_operator' | 'comune_user'; enteId: string }][] = [
    ['upi', { role: 'upi_admin', enteId: ids.upi }],
    ['padovaAdmin', { role: 'ente_admin', enteId: ids.padova }],
    ['padovaReferent', { role: 'referent', enteId: ids.padova }],
    ['padovaSua', { role: 'sua_operator', enteId: ids.padova }],
    ['rovigoAdmin', { role: 'ente_admin', enteId: ids.rovigo }],
    ['abanoUser', { role: 'comune_user', enteId: ids.abano }],
  ];
  for (const [name, m] of people) h[name] = await login(t.app, (await createUser(t.database, [m])).email);
  h.nobody = await login(t.app, (await createUser(t.database, [])).email);
});
afterAll(() => t.close());

describe('protocols', () => {
  it('answers the acceptance contract: 75 of 76 signed, Pescara sent', async () => {
    const signed = (await api('GET', '/registry/protocols?state=signed', 'upi')).json();
    expect(signed.total).toBe(75);
    const sent = (await api('GET', '/registry/protocols?state=sent', 'upi')).json();
    expect(sent.total).toBe(1);
    expect(sent.items[0]).toMatchObject({ id: expect.any(String), provincia: { istatCode: '068', name: 'Provincia di Pescara' }, state: 'sent', sentAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    expect(sent.items[0].signedAt).toBeUndefined();
    expect(signed.items[0]).toMatchObject({ signedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), sentAt: expect.any(String) });
    ids.pescaraProtocol = sent.items[0].id;
  });

  it('refuses the list to anonymous callers and bad states with the field path', async () => {
    expect((await api('GET', '/registry/protocols')).statusCode).toBe(401);
    const bad = await api('GET', '/registry/protocols?state=firmato', 'upi');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.issues[0].path).toBe('querystring.state');
  });

  it('shows the dashboard with the missing Province', async () => {
    const d = (await api('GET', '/registry/dashboard', 'padovaSua')).json();
    expect(d.protocols).toMatchObject({ total: 76, byState: { signed: 75, sent: 1, draft: 0, declined: 0 } });
    expect(d.protocols.missing.map((e: { name: string }) => e.name)).toEqual(['Provincia di Pescara']);
    expect(d.workingGroups).toBe(3);
    expect(d.localTables).toMatchObject({ total: 2, open: 1 });
    const sua = d.reach.find((r: { service: string }) => r.service === 'sua');
    expect(sua.comuni).toBe(16); // 10 Comuni of Padova, 6 of Rovigo
    expect(sua.populationShare).toBeGreaterThan(0);
    expect(sua.populationShare).toBeLessThan(0.05);
    expect(d.protocols.byRegion.find((r: { regionIstatCode: string }) => r.regionIstatCode === '13')).toMatchObject({ name: 'Regione Abruzzo', total: 4, signed: 3 });
  });

  it('refuses a signature date in the future, and a signed copy not uploaded to the protocol', async () => {
    const p = (await api('GET', `/registry/protocols/${ids.pescaraProtocol}`, 'upi')).json();
    expect(p.allowed).toEqual(['signed', 'declined', 'draft']);
    const future = await api('POST', `/registry/protocols/${p.id}/transitions`, 'upi', { to: 'signed', date: addDays(today, 2), documentId: p.id, version: p.version });
    expect(future.statusCode).toBe(400);
    expect(future.json().details.issues[0].path).toBe('body.date');
    const foreign = await api('POST', `/registry/protocols/${p.id}/transitions`, 'upi', { to: 'signed', date: today, documentId: '00000000-0000-4000-8000-000000000000', version: p.version });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().details.issues[0].path).toBe('body.documentId');
    expect((await api('GET', `/registry/protocols/${p.id}`, 'upi')).json()).toMatchObject({ state: 'sent', version: p.version });
  });

  it('lets UPI mark a protocol signed with its PDF; the dashboard counts 76, the document is locked and audited', async () => {
    const p = (await api('GET', `/registry/protocols/${ids.pescaraProtocol}`, 'upi')).json();
    const up = await upload(h.upi!, 'protocol', p.id);
    expect(up.statusCode).toBe(201);
    const res = await api('POST', `/registry/protocols/${p.id}/transitions`, 'upi', { to: 'signed', date: today, documentId: up.json().id, version: p.version });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'signed', signedAt: today, signedDocumentId: up.json().id, allowed: [] });
    expect((await api('GET', '/registry/dashboard', 'upi')).json().protocols.byState.signed).toBe(76);
    const doc = (await api('GET', `/api/v1/documents/${up.json().id}`.replace('/api/v1', ''), 'upi')).json();
    expect(doc.locked).toBe(true);
    const events = (await api('GET', `/audit-events?entityType=protocol&entityId=${p.id}`, 'upi')).json();
    expect(events.items[0]).toMatchObject({ action: 'protocol.signed', changes: { from: 'sent', to: 'signed', date: today } });
  });

  it("generates a document on a protocol from a template filled with the protocol's data", async () => {
    const docx = buildDocx(["Protocollo d'intesa UPI – {provincia}", 'Firmato il {dataFirma}', '{#aree}', 'Area {codice}: {nome}', '{/aree}']);
    const body = await multipart({ text: { name: 'Protocollo d’intesa', ownerType: 'protocol' }, file: { name: 'protocollo.docx', bytes: docx } });
    const tpl = await t.app.inject({ method: 'POST', url: '/api/v1/document-templates', headers: { ...h.upi, 'content-type': body.contentType }, payload: body.payload });
    expect(tpl.statusCode, tpl.body).toBe(201);
    const res = await api('POST', '/documents/from-template', 'upi', { templateId: tpl.json().id, ownerType: 'protocol', ownerId: ids.pescaraProtocol, title: 'Protocollo Pescara' });
    expect(res.statusCode, res.body).toBe(201);
    const text = docxText((await api('GET', `/documents/${res.json().id}/content`, 'upi')).rawPayload);
    expect(text).toContain("Protocollo d'intesa UPI – Provincia di Pescara");
    expect(text).toMatch(/Firmato il \d{2}\/\d{2}\/\d{4}/);
    expect(text).toContain('Area SUA: Stazione Unica Appaltante');
    expect((await api('POST', '/documents/from-template', 'padovaAdmin', { templateId: tpl.json().id, ownerType: 'protocol', ownerId: ids.pescaraProtocol, title: 'X' })).statusCode).toBe(403);
  });

  it('answers 409 with the allowed states for a transition the workflow forbids, and for a stale version', async () => {
    const p = (await api('GET', `/registry/protocols/${ids.pescaraProtocol}`, 'upi')).json();
    const res = await api('POST', `/registry/protocols/${p.id}/transitions`, 'upi', { to: 'sent', date: today, version: p.version });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'invalid_transition', details: { from: 'signed', to: 'sent', allowed: [] } });
    const [other] = (await api('GET', '/registry/protocols?state=signed&pageSize=1', 'upi')).json().items;
    const stale = await api('PUT', `/registry/protocols/${other.id}/commitments`, 'upi', { areas: ['sua'], version: 99 });
    expect(stale.statusCode).toBe(409);
  });

  it('e-mails reminders to the referents of Provinces whose protocol is sent and unsigned', async () => {
    const padova = (await api('GET', '/registry/protocols?state=signed&region=05', 'upi')).json().items.find((p: { provincia: { istatCode: string } }) => p.provincia.istatCode === '028');
    expect(padova).toBeDefined();
    // move Rovigo back to "sent" through a fresh draft: build the scenario through the API
    const rovigo = (await api('GET', '/registry/protocols?region=05&pageSize=50', 'upi')).json().items.find((p: { provincia: { istatCode: string } }) => p.provincia.istatCode === '029');
    await t.database.db.execute(sql`update protocols set state = 'sent', signed_on = null where id = ${rovigo.id}`);
    t.mails.length = 0;
    const res = await api('POST', '/registry/protocols/reminders', 'upi', {});
    expect(res.json()).toEqual({ protocols: 1, recipients: expect.any(Number) });
    expect(res.json().recipients).toBeGreaterThanOrEqual(3);
    expect(t.mails.every((m) => m.subject.includes('Provincia di Rovigo'))).toBe(true);
    expect(t.mails[0]!.text).toContain('/rete/protocolli/');
    expect((await api('GET', `/registry/protocols/${rovigo.id}`, 'upi')).json().remindersSent).toBe(1);
    expect((await api('POST', '/registry/protocols/reminders', 'padovaAdmin', {})).statusCode).toBe(403);
  });

  it('exports the protocols as CSV', async () => {
    const res = await api('GET', '/registry/protocols?format=csv', 'upi');
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.body.trim().split('\n');
    expect(lines[0]).toContain('provincia,istat,regione,stato');
    expect(lines).toHaveLength(77);
  });
});

describe('conventions', () => {
  it('answers the acceptance contract filtered by provincia, service and state', async () => {
    const res = (await api('GET', '/registry/conventions?provincia=028&service=sua&state=active', 'upi')).json();
    expect(res.total).toBe(2); // the UPI–Padova convention and Padova's SUA convention
    for (const c of res.items) {
      expect(c).toMatchObject({ id: expect.any(String), services: expect.arrayContaining(['sua']), state: 'active', startsOn: expect.any(String) });
      expect(c.parties[0]).toMatchObject({ istatCode: expect.any(String), name: expect.any(String), type: expect.any(String) });
    }
    const sua = res.items.find((c: { kind: string }) => c.kind === 'provincia_comune');
    expect(sua.parties.map((p: { name: string }) => p.name)).toContain('Cittadella');
  });

  it('flags the active conventions ending within 60 days', async () => {
    const res = (await api('GET', '/registry/conventions?expiringWithinDays=60', 'upi')).json();
    expect(res.items.map((c: { title: string }) => c.title)).toEqual(['Convenzione per il Servizio Innovazione Tecnologica – annualità pilota']);
    expect(res.items[0].expiring).toBe(true);
  });

  it('lets a Province create a convention with three of its Comuni, activate it, and see them in the territory view', async () => {
    const res = await api('POST', '/registry/conventions', 'padovaAdmin', {
      kind: 'provincia_comune',
      ownerEnteId: ids.padova,
      partyIds: [ids.abano, ids.albignasego, ids.cadoneghe],
      title: 'Convenzione SUA 2027',
      services: ['sua'],
      startsOn: today,
      endsOn: addDays(today, 1095),
    });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({ state: 'draft', allowed: ['active', 'withdrawn'], owner: { istatCode: '028' } });
    expect(c.parties.map((p: { name: string }) => p.name)).toEqual(['Abano Terme', 'Albignasego', 'Cadoneghe']);
    let grid = (await api('GET', `/registry/enti/${ids.padova}/adhesion`, 'padovaAdmin')).json();
    expect(grid.items.find((x: { name: string }) => x.name === 'Abano Terme').services.sua).toBe(false);
    const active = await api('POST', `/registry/conventions/${c.id}/transitions`, 'padovaAdmin', { to: 'active', version: c.version });
    expect(active.statusCode).toBe(200);
    grid = (await api('GET', `/registry/enti/${ids.padova}/adhesion`, 'padovaAdmin')).json();
    expect(grid.totals).toMatchObject({ comuni: 102, sua: 13 });
    expect(grid.items.filter((x: { services: { sua: boolean } }) => x.services.sua).map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(['Abano Terme', 'Albignasego', 'Cadoneghe']));
    const enti = (await api('GET', '/enti?type=comune&province=028&service=sua&pageSize=50')).json();
    expect(enti.total).toBe(13);
    ids.padovaConvention = c.id;
  });

  it("refuses another Province's Comuni, an end before the start, and writes nothing", async () => {
    const before = await count('conventions');
    const foreign = await api('POST', '/registry/conventions', 'padovaAdmin', { kind: 'provincia_comune', ownerEnteId: ids.padova, partyIds: [ids.adria], title: 'X', services: ['sua'], startsOn: today });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().details.issues[0].path).toBe('body.partyIds');
    const dates = await api('POST', '/registry/conventions', 'padovaAdmin', { kind: 'provincia_comune', ownerEnteId: ids.padova, partyIds: [ids.abano], title: 'X', services: ['sua'], startsOn: today, endsOn: addDays(today, -1) });
    expect(dates.statusCode).toBe(400);
    expect(dates.json().details.issues.map((i: { path: string }) => i.path)).toContain('body.endsOn');
    const empty = await api('POST', '/registry/conventions', 'padovaAdmin', { kind: 'provincia_comune', ownerEnteId: ids.padova, partyIds: [], title: '', services: ['pnrr'], startsOn: '2026-02-30' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().details.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['body.partyIds', 'body.title', 'body.services.0', 'body.startsOn']));
    expect(await count('conventions')).toBe(before);
  });

  it('shows a Comune its own conventions only, and hides them from other Provinces', async () => {
    const abano = (await api('GET', '/registry/conventions', 'abanoUser')).json();
    expect(abano.items.map((c: { title: string }) => c.title)).toEqual(['Convenzione SUA 2027']);
    expect((await api('GET', `/registry/conventions/${ids.padovaConvention}`, 'rovigoAdmin')).statusCode).toBe(403);
    const rovigo = (await api('GET', '/registry/conventions', 'rovigoAdmin')).json();
    expect(rovigo.items.every((c: { owner: { istatCode: string }; parties: { istatCode: string }[] }) => c.owner.istatCode === '029' || c.parties.some((p) => p.istatCode === '029'))).toBe(true);
    expect((await api('GET', `/registry/enti/${ids.padova}/adhesion`, 'rovigoAdmin')).statusCode).toBe(403);
  });

  it('withdraws with a reason, and moves past-due conventions to expired', async () => {
    const c = (await api('GET', `/registry/conventions/${ids.padovaConvention}`, 'padovaAdmin')).json();
    expect((await api('POST', `/registry/conventions/${c.id}/transitions`, 'padovaAdmin', { to: 'expired', version: c.version })).statusCode).toBe(400);
    const expired = await t.app.services.network.expireDue(addDays(today, 61));
    expect(expired).toBe(1); // the SIT pilot convention
    const sit = (await api('GET', '/registry/conventions?service=sit&provincia=028', 'upi')).json();
    expect(sit.items.find((x: { title: string }) => x.title.includes('annualità pilota')).state).toBe('expired');
    const w = await api('POST', `/registry/conventions/${c.id}/transitions`, 'padovaAdmin', { to: 'withdrawn', reason: 'Sostituita da nuova convenzione', version: c.version });
    expect(w.json()).toMatchObject({ state: 'withdrawn', withdrawnReason: 'Sostituita da nuova convenzione', allowed: [] });
  });
});

describe('referents', () => {
  it('lets a Province manage its own referents and not those of another', async () => {
    const res = await api('POST', `/registry/enti/${ids.padova}/referents`, 'padovaReferent', { area: 'sit', fullName: 'Anna Verdi', role: 'RTD', email: 'Anna.Verdi@provincia.padova.it', phone: '+39 049 8201111' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ email: 'anna.verdi@provincia.padova.it', ente: { istatCode: '028' } });
    expect((await api('POST', `/registry/enti/${ids.rovigo}/referents`, 'padovaAdmin', { area: 'sit', fullName: 'X', email: 'x@example.it' })).statusCode).toBe(403);
    const upd = await api('PUT', `/registry/referents/${res.json().id}`, 'padovaAdmin', { area: 'sit', fullName: 'Anna Verdi', email: 'anna.verdi@provincia.padova.it', phone: 'abc', version: 1 });
    expect(upd.statusCode).toBe(400);
    expect(upd.json().details.issues[0].path).toBe('body.phone');
    expect((await api('DELETE', `/registry/referents/${res.json().id}`, 'padovaAdmin')).statusCode).toBe(204);
  });

  it('shows each Province only its own directory; UPI exports all and sees who lacks a referent', async () => {
    const own = (await api('GET', '/registry/referents?pageSize=200', 'padovaSua')).json();
    expect(own.total).toBeGreaterThan(0);
    expect(own.items.every((r: { ente: { istatCode: string } }) => r.ente.istatCode === '028')).toBe(true);
    expect((await api('GET', `/registry/referents?ente=${ids.rovigo}`, 'padovaAdmin')).statusCode).toBe(403);
    expect((await api('GET', '/registry/referents', 'nobody')).statusCode).toBe(403);
    const csv = await api('GET', '/registry/referents?format=csv&area=general', 'upi');
    expect(csv.body.trim().split('\n')).toHaveLength(77);
    const missing = (await api('GET', '/registry/referents/missing?area=sit', 'upi')).json();
    expect(missing.total).toBeGreaterThan(5);
    expect((await api('GET', '/registry/referents/missing', 'padovaAdmin')).statusCode).toBe(403);
  });
});

describe('governance bodies, working groups and local tables', () => {
  it('lists the two committees and finds their decisions by text', async () => {
    const bodies = (await api('GET', '/registry/bodies', 'abanoUser')).json();
    expect(bodies.items.map((b: { name: string }) => b.name)).toEqual(['Comitato di Indirizzo Strategico', 'Comitato Tecnico di Attuazione']);
    const cis = (await api('GET', `/registry/bodies/${bodies.items[0].id}`, 'abanoUser')).json();
    expect(cis.members.map((m: { organisation: string }) => m.organisation).sort()).toEqual(['ANCI', 'DARA', 'DFP', 'UPI']);
    expect(cis.meetings[0].decisions.length).toBeGreaterThan(0);
    const found = (await api('GET', '/registry/decisions?q=protocollo', 'abanoUser')).json();
    expect(found.items.map((d: { number: string }) => d.number)).toContain('CIS-2026-01');
    expect((await api('POST', `/registry/bodies/${cis.id}/meetings`, 'padovaAdmin', { title: 'X', heldAt: new Date().toISOString() })).statusCode).toBe(403);
    const m = await api('POST', `/registry/bodies/${cis.id}/meetings`, 'upi', { title: 'Seduta straordinaria', heldAt: `${addDays(today, 10)}T10:00:00+01:00`, agenda: '1. Varie' });
    expect(m.statusCode).toBe(201);
    const d = await api('POST', `/registry/meetings/${m.json().id}/decisions`, 'upi', { number: 'CIS-2026-04', subject: 'Calendario', text: 'Approvato il calendario delle sedute.' });
    expect(d.statusCode).toBe(201);
  });

  it('keeps the membership history of the working groups with one lead', async () => {
    const groups = (await api('GET', '/registry/groups', 'padovaSua')).json();
    expect(groups.items.map((g: { area: string; members: number }) => [g.area, g.members])).toEqual([['sape', 5], ['sit', 5], ['sua', 6]]);
    const sua = groups.items.find((g: { area: string }) => g.area === 'sua');
    expect(sua.lead.name).toBe('Provincia di Padova');
    const sit = (await api('GET', `/registry/groups/${groups.items[1].id}`, 'padovaSua')).json();
    expect(sit.members.filter((m: { leftOn: string | null }) => m.leftOn !== null)).toHaveLength(1);
    const add = await api('POST', `/registry/groups/${sit.id}/members`, 'upi', { enteId: ids.padova, isLead: true, joinedOn: today });
    expect(add.statusCode).toBe(201);
    expect((await api('GET', `/registry/groups/${sit.id}`, 'upi')).json().lead.name).toBe('Provincia di Padova');
    expect((await api('POST', `/registry/groups/${sit.id}/members`, 'upi', { enteId: ids.padova, joinedOn: today })).statusCode).toBe(409);
    expect((await api('POST', `/registry/groups/${sit.id}/members`, 'upi', { enteId: ids.abano, joinedOn: today })).statusCode).toBe(400);
    const leave = await api('POST', `/registry/group-members/${add.json().id}/leave`, 'upi', { leftOn: today });
    expect(leave.json()).toMatchObject({ leftOn: today, isLead: false });
  });

  it('lets a Province apply to an open table once, and UPI accept it', async () => {
    const tables = (await api('GET', '/registry/tables', 'padovaAdmin')).json();
    const open = tables.items.find((x: { state: string }) => x.state === 'open');
    const closed = tables.items.find((x: { state: string }) => x.state === 'closed');
    const mine = (await api('GET', `/registry/tables/${open.id}`, 'padovaAdmin')).json();
    expect(mine.candidatures).toEqual([]); // Rovigo's and Vicenza's are not Padova's business
    expect((await api('GET', `/registry/tables/${open.id}`, 'upi')).json().candidatures).toHaveLength(2);
    const apply = await api('POST', `/registry/tables/${open.id}/candidatures`, 'padovaAdmin', { provinciaId: ids.padova, motivation: 'La SUA di Padova serve 40 Comuni.' });
    expect(apply.statusCode).toBe(201);
    expect((await api('POST', `/registry/tables/${open.id}/candidatures`, 'padovaAdmin', { provinciaId: ids.padova, motivation: 'Di nuovo' })).statusCode).toBe(409);
    expect((await api('POST', `/registry/tables/${closed.id}/candidatures`, 'rovigoAdmin', { provinciaId: ids.rovigo, motivation: 'Tardi' })).json().code).toBe('table_closed');
    expect((await api('POST', `/registry/candidatures/${apply.json().id}/decision`, 'padovaAdmin', { to: 'accepted', version: 1 })).statusCode).toBe(403);
    const accept = await api('POST', `/registry/candidatures/${apply.json().id}/decision`, 'upi', { to: 'accepted', note: 'Benvenuti', version: 1 });
    expect(accept.json()).toMatchObject({ state: 'accepted', decisionNote: 'Benvenuti' });
    expect((await api('GET', `/registry/tables/${open.id}`, 'padovaAdmin')).json().participants.map((p: { name: string }) => p.name)).toEqual(['Provincia di Padova']);
    const again = await api('POST', `/registry/candidatures/${apply.json().id}/decision`, 'upi', { to: 'rejected', version: 2 });
    expect(again.json()).toMatchObject({ code: 'invalid_transition', details: { allowed: ['withdrawn'] } });
  });

  it('refuses a table whose end precedes its start', async () => {
    const res = await api('POST', '/registry/tables', 'upi', { title: 'T', topic: 'x', area: 'sit', applyBy: today, startsOn: today, endsOn: addDays(today, -3) });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.issues[0].path).toBe('body.endsOn');
  });
});

describe('ente page', () => {
  it("shows a Province's network: referents to its people, protocol, conventions, services given, groups", async () => {
    const own = (await api('GET', `/registry/enti/${ids.padova}/network`, 'padovaSua')).json();
    expect(own.referents.length).toBeGreaterThan(0);
    expect(own.protocol).toMatchObject({ state: 'signed' });
    expect(own.services.gives).toEqual(['sua']);
    expect(own.workingGroups.map((g: { area: string; isLead: boolean }) => [g.area, g.isLead])).toEqual([['sua', true]]);
    const other = (await api('GET', `/registry/enti/${ids.padova}/network`, 'rovigoAdmin')).json();
    expect(other.referents).toBeNull();
    expect(other.conventions).toEqual([]);
  });
});

describe('ente search', () => {
  it('tolerates typos and accents, closest names first', async () => {
    const res = (await api('GET', '/enti?type=comune&q=abano%20trme')).json();
    expect(res.items[0].name).toBe('Abano Terme');
    const swapped = (await api('GET', '/enti?type=comune&q=abnao%20terme')).json();
    expect(swapped.items.map((e: { name: string }) => e.name)).toContain('Abano Terme');
    const cantu = (await api('GET', '/enti?type=comune&q=cantu')).json();
    expect(cantu.items[0].name).toBe('Cantù');
  });

  it('filters by ISTAT population class', async () => {
    const big = (await api('GET', '/enti?type=comune&populationClass=oltre-250000&pageSize=50')).json();
    expect(big.items.map((e: { name: string }) => e.name)).toEqual(expect.arrayContaining(['Roma', 'Milano', 'Napoli', 'Torino']));
    expect(big.items.every((e: { population: number }) => e.population > 250_000)).toBe(true);
    const small = (await api('GET', '/enti?type=comune&province=028&populationClass=fino-1000&pageSize=50')).json();
    expect(small.items.every((e: { population: number }) => e.population <= 1000)).toBe(true);
    expect((await api('GET', '/enti?populationClass=enorme')).statusCode).toBe(400);
  });
});

describe('permission matrix: role × own/other ente × action', () => {
  const actors = ['anonymous', 'nobody', 'upi', 'padovaAdmin', 'padovaReferent', 'padovaSua', 'rovigoAdmin', 'abanoUser'] as const;
  type Actor = (typeof actors)[number];
  // status expected per actor, in the order of `actors`; the Padova records are "own" for Padova's people
  const Y = 'ok';
  const matrix: { action: string; run: (as?: string) => Promise<number>; expect: (string | number)[] }[] = [
    { action: 'read the network dashboard', run: (as) => status('GET', '/registry/dashboard', as), expect: [401, 403, Y, Y, Y, Y, Y, Y] },
    { action: "read Padova's protocol", run: async (as) => status('GET', `/registry/protocols/${await padovaProtocol()}`, as), expect: [401, 403, Y, Y, Y, Y, 403, 403] },
    {
      action: "set Padova's protocol commitments",
      run: async (as) => {
        const p = (await api('GET', `/registry/protocols/${await padovaProtocol()}`, 'upi')).json();
        // a signed protocol is closed: the check of the role comes first
        return status('PUT', `/registry/protocols/${p.id}/commitments`, as, { areas: ['sua'], version: p.version });
      },
      expect: [401, 403, 409, 409, 409, 403, 403, 403],
    },
    { action: 'move a protocol in its workflow', run: async (as) => status('POST', `/registry/protocols/${await padovaProtocol()}/transitions`, as, { to: 'draft', version: 1 }), expect: [401, 403, 409, 403, 403, 403, 403, 403] },
    { action: "list Padova's referents", run: (as) => status('GET', `/registry/referents?ente=${ids.padova}`, as), expect: [401, 403, Y, Y, Y, Y, 403, 403] },
    { action: 'name a referent of Padova', run: (as) => status('POST', `/registry/enti/${ids.padova}/referents`, as, { area: 'sape', fullName: 'Prova Matrice', email: 'prova@example.it' }), expect: [401, 403, 201, 201, 201, 403, 403, 403] },
    { action: "see Padova's territory adhesion", run: (as) => status('GET', `/registry/enti/${ids.padova}/adhesion`, as), expect: [401, 403, Y, Y, Y, Y, 403, 403] },
    {
      action: 'create a Padova–Comuni convention',
      run: (as) => status('POST', '/registry/conventions', as, { kind: 'provincia_comune', ownerEnteId: ids.padova, partyIds: [ids.abano], title: 'Matrice', services: ['sit'], startsOn: today }),
      expect: [401, 403, 201, 201, 201, 403, 403, 403],
    },
    {
      action: 'create a UPI–Provincia convention',
      run: (as) => status('POST', '/registry/conventions', as, { kind: 'upi_provincia', ownerEnteId: ids.upi, partyIds: [ids.padova], title: 'Matrice UPI', services: ['sit'], startsOn: today }),
      expect: [401, 403, 201, 403, 403, 403, 403, 403],
    },
    { action: 'open a local table', run: (as) => status('POST', '/registry/tables', as, { title: 'Matrice', topic: 'x', area: 'sit', applyBy: today, startsOn: today }), expect: [401, 403, 201, 403, 403, 403, 403, 403] },
    { action: 'apply to a table for Padova', run: async (as) => status('POST', `/registry/tables/${await freshTable()}/candidatures`, as, { provinciaId: ids.padova, motivation: 'Matrice' }), expect: [401, 403, 201, 201, 201, 403, 403, 403] },
    { action: "see Padova's conventions page data", run: (as) => status('GET', `/registry/enti/${ids.padova}/network`, as), expect: [401, 403, Y, Y, Y, Y, Y, Y] },
  ];

  async function status(method: 'GET' | 'POST' | 'PUT', url: string, as?: string, payload?: unknown) {
    return (await api(method, url, as, payload)).statusCode;
  }
  async function padovaProtocol() {
    const list = (await api('GET', '/registry/protocols?region=05&pageSize=50', 'upi')).json();
    return list.items.find((p: { provincia: { istatCode: string } }) => p.provincia.istatCode === '028').id as string;
  }
  async function freshTable() {
    return (await api('POST', '/registry/tables', 'upi', { title: `Tavolo ${Math.random()}`, topic: 'x', area: 'sua', applyBy: today, startsOn: today })).json().id as string;
  }

  for (const row of matrix) {
    it(`${row.action}: ${actors.map((a, i) => `${a}=${row.expect[i]}`).join(', ')}`, async () => {
      const got: (string | number)[] = [];
      for (const a of actors) {
        const code = await row.run(a === 'anonymous' ? undefined : (a satisfies Actor));
        got.push(code === 200 ? Y : code);
      }
      expect(got).toEqual(row.expect);
    });
  }
});
