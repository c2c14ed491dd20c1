import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNetworkDemo } from '@app/db/seed';
import { createTestApp, enteId, signInPeople, type TestContext } from '../../../test/build-app.js';
import { multipart, samples } from '../../../test/files.js';
import { todayInRome } from '../registry/network.workflow.js';

type Headers = Record<string, string>;
type Who = 'upi' | 'padovaAdmin' | 'padovaReferent' | 'padovaSua' | 'rovigoAdmin' | 'abanoUser';
let t: TestContext;
const h: Record<string, Headers> = {};
const users: Record<string, string> = {};
const ids: Record<string, string> = {};


const api = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, as?: string, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: as ? h[as] : { 'x-requested-with': 'XMLHttpRequest' }, ...(payload === undefined ? {} : { payload: payload as object }) });

const rows = <T>(r: unknown) => (r as { rows: T[] }).rows;

/** The notification events the comments published (what the fan-out then delivers), for one comment. */
async function told(commentId: string) {
  const r = await t.database.db.execute(sql`select payload from jobs where queue = 'notifications.fanout' and payload->>'url' like ${`%#commento-${commentId}`}`);
  return rows<{ payload: { type: string; recipients: string[] } }>(r).map((x) => (typeof x.payload === 'string' ? JSON.parse(x.payload) : x.payload) as { type: string; recipients: string[] });
}
const recipientsOf = async (commentId: string, type: string) => (await told(commentId)).filter((e) => e.type === type).flatMap((e) => e.recipients);

const comment = (as: Who, body: string, extra: Record<string, unknown> = {}, recordId = ids.padovaProtocol) =>
  api('POST', '/comments', as, { recordType: 'protocol', recordId, body, ...extra });

beforeAll(async () => {
  t = await createTestApp();
  await t.database.db.transaction((tx) => loadNetworkDemo(tx, todayInRome()));
  const upi = await enteId(t.database, 'upi', null);
  const padova = await enteId(t.database, 'provincia', '028');
  const rovigo = await enteId(t.database, 'provincia', '029');
  const abano = await enteId(t.database, 'comune', '028001');
  const people: [Who, { role: 'upi_admin' | 'ente_admin' | 'referent' | 'sua_operator' | 'comune_user'; enteId: string }, string][] = [
    ['upi', { role: 'upi_admin', enteId: upi }, 'Ufficio Programma'],
    ['padovaAdmin', { role: 'ente_admin', enteId: padova }, 'Marta Padovani'],
    ['padovaReferent', { role: 'referent', enteId: padova }, 'Mario Rossi'],
    ['padovaSua', { role: 'sua_operator', enteId: padova }, 'Luca Bianchi'],
    ['rovigoAdmin', { role: 'ente_admin', enteId: rovigo }, 'Marco Rovigatti'],
    ['abanoUser', { role: 'comune_user', enteId: abano }, 'Maria Abanese'],
  ];
  const signed = await signInPeople(t.app, t.database, people);
  Object.assign(h, signed.headers);
  Object.assign(users, signed.ids);
  const list = (await api('GET', '/registry/protocols?pageSize=100', 'upi')).json() as { items: { id: string; provincia: { istatCode: string } }[] };
  ids.padovaProtocol = list.items.find((p) => p.provincia.istatCode === '028')!.id;
  ids.rovigoProtocol = list.items.find((p) => p.provincia.istatCode === '029')!.id;
});
afterAll(() => t.close());

describe('comments on a protocol', () => {
  it('stores the Markdown and answers it rendered and sanitized, in the list with the author', async () => {
    const res = await comment('padovaReferent', 'Serve la **delibera** <script>alert(1)</script> [qui](javascript:alert(1))');
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c.bodyHtml).toContain('<strong>delibera</strong>');
    expect(c.bodyHtml).not.toContain('<script');
    expect(c.bodyHtml).not.toMatch(/href="javascript/i);
    const list = (await api('GET', `/comments?recordType=protocol&recordId=${ids.padovaProtocol}`, 'padovaAdmin')).json();
    const seen = list.items.find((i: { id: string }) => i.id === c.id);
    expect(seen).toMatchObject({ author: { id: users.padovaReferent, displayName: 'Mario Rossi' }, deleted: false, canEdit: false, canDelete: false, editedAt: null });
    expect(seen.body).toBeUndefined();
    const mine = (await api('GET', `/comments?recordType=protocol&recordId=${ids.padovaProtocol}`, 'padovaReferent')).json();
    expect(mine.items.find((i: { id: string }) => i.id === c.id)).toMatchObject({ canEdit: true, canDelete: true, body: expect.stringContaining('**delibera**') });
    expect(mine.subscription).toBe('watching'); // the author follows the record
  });

  it('previews Markdown as the comment will show it, to signed-in people only', async () => {
    const res = await api('POST', '/comments/preview', 'padovaSua', { body: '*prova* <img src=x onerror=alert(1)>' });
    expect(res.json()).toEqual({ html: '<p><em>prova</em> &lt;img src=x onerror=alert(1)&gt;</p>' });
    expect((await api('POST', '/comments/preview', undefined, { body: 'x' })).statusCode).toBe(401);
  });

  it('refuses bad input with field paths and writes nothing', async () => {
    const before = rows<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from comments`))[0]!.n;
    const empty = await comment('padovaAdmin', '   ');
    expect(empty.statusCode).toBe(400);
    expect(empty.json().details.issues[0].path).toBe('body.body');
    const long = await comment('padovaAdmin', 'x'.repeat(10_001));
    expect(long.json().details.issues[0].path).toBe('body.body');
    const badType = await api('POST', '/comments', 'padovaAdmin', { recordType: 'meeting', recordId: ids.padovaProtocol, body: 'ciao' });
    expect(badType.statusCode).toBe(400);
    expect(badType.json().details.issues[0].path).toBe('body.recordType');
    const unknownType = await api('GET', `/comments?recordType=nonexistent&recordId=${ids.padovaProtocol}`, 'padovaAdmin');
    expect(unknownType.statusCode).toBe(400);
    expect(unknownType.json().details.issues[0].path).toBe('querystring.recordType');
    const badId = await api('GET', '/comments?recordType=protocol&recordId=nope', 'padovaAdmin');
    expect(badId.json().details.issues[0].path).toBe('querystring.recordId');
    const ghost = await comment('padovaAdmin', 'ciao', { mentions: ['00000000-0000-4000-8000-000000000000'] });
    expect(ghost.statusCode).toBe(400);
    expect(ghost.json().details.issues[0].path).toBe('body.mentions.0');
    const after = rows<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from comments`))[0]!.n;
    expect(after).toBe(before);
  });

  it('answers 404 to people who may not see the record, and 401 to anonymous callers', async () => {
    expect((await api('GET', `/comments?recordType=protocol&recordId=${ids.padovaProtocol}`)).statusCode).toBe(401);
    expect((await api('GET', `/comments?recordType=protocol&recordId=${ids.padovaProtocol}`, 'rovigoAdmin')).statusCode).toBe(404);
    expect((await comment('rovigoAdmin', 'ciao')).statusCode).toBe(404);
    expect((await api('GET', `/comments?recordType=protocol&recordId=00000000-0000-4000-8000-000000000000`, 'upi')).statusCode).toBe(404);
  });

  it('keeps the previous text when the author edits, and shows the history', async () => {
    const c = (await comment('padovaSua', 'Prima versione')).json();
    const edited = await api('PATCH', `/comments/${c.id}`, 'padovaSua', { body: 'Seconda *versione*' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ bodyHtml: '<p>Seconda <em>versione</em></p>', editedAt: expect.any(String) });
    const revs = (await api('GET', `/comments/${c.id}/revisions`, 'padovaAdmin')).json();
    expect(revs.items).toHaveLength(1);
    expect(revs.items[0]).toMatchObject({ body: 'Prima versione', editedBy: { id: users.padovaSua } });
    expect((await api('PATCH', `/comments/${c.id}`, 'padovaAdmin', { body: 'non mio' })).statusCode).toBe(403);
    expect((await api('PATCH', `/comments/${c.id}`, 'upi', { body: 'non mio' })).statusCode).toBe(403);
    const events = (await api('GET', `/audit-events?entityType=comment&entityId=${c.id}`, 'upi')).json();
    expect(events.items.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['comment.create', 'comment.update']));
  });

  it('lets the author and a moderator delete, not another reader; the placeholder keeps no text', async () => {
    const a = (await comment('padovaSua', 'Da cancellare: riservato')).json();
    expect((await api('DELETE', `/comments/${a.id}`, 'padovaAdmin')).statusCode).toBe(403);
    expect((await api('DELETE', `/comments/${a.id}`, 'padovaSua')).statusCode).toBe(204);
    const b = (await comment('padovaSua', 'Fuori tema')).json();
    expect((await api('DELETE', `/comments/${b.id}`, 'upi')).statusCode).toBe(204);
    const list = (await api('GET', `/comments?recordType=protocol&recordId=${ids.padovaProtocol}`, 'padovaSua')).json();
    for (const id of [a.id, b.id]) {
      expect(list.items.find((i: { id: string }) => i.id === id)).toMatchObject({ deleted: true, bodyHtml: '', canEdit: false, canDelete: false });
    }
    expect(JSON.stringify(list)).not.toContain('riservato');
    expect((await api('PATCH', `/comments/${a.id}`, 'padovaSua', { body: 'risorto' })).statusCode).toBe(403);
    const kept = rows<{ body: string }>(await t.database.db.execute(sql`select body from comment_revisions where comment_id = ${a.id}`));
    expect(kept.map((r) => r.body)).toContain('Da cancellare: riservato');
    const indexed = rows<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from search_entries where kind = 'comment' and ref_id = ${a.id}`));
    expect(indexed[0]!.n).toBe(0);
  });
});

describe('mentions and followers', () => {
  it('a mention of a user who cannot see the record notifies no one', async () => {
    const res = await comment('padovaAdmin', 'Ciao @Marco Rovigatti', { mentions: [users.rovigoAdmin] });
    expect(res.statusCode).toBe(201);
    const c = res.json();
    const stored = rows<{ user_id: string; notified: boolean }>(await t.database.db.execute(sql`select user_id, notified from comment_mentions where comment_id = ${c.id}`));
    expect(stored).toEqual([{ user_id: users.rovigoAdmin, notified: false }]);
    expect(await recipientsOf(c.id, 'comments.mention')).toEqual([]);
    expect(await recipientsOf(c.id, 'comments.new')).not.toContain(users.rovigoAdmin);
    const subs = rows<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from record_subscriptions where user_id = ${users.rovigoAdmin}`));
    expect(subs[0]!.n).toBe(0);
  });

  it('tells a mentioned reader once, with the mention and not also as a new comment', async () => {
    const c = (await comment('padovaAdmin', 'Ciao @Luca Bianchi', { mentions: [users.padovaSua] })).json();
    expect(c.mentions).toEqual([{ id: users.padovaSua, displayName: 'Luca Bianchi' }]);
    expect(await recipientsOf(c.id, 'comments.mention')).toEqual([users.padovaSua]);
    expect(await recipientsOf(c.id, 'comments.new')).not.toContain(users.padovaSua);
  });

  it('tells followers of a new comment, not those who muted it nor the author', async () => {
    await api('PUT', '/comments/subscription', 'padovaReferent', { recordType: 'protocol', recordId: ids.padovaProtocol, level: 'watching' });
    const mute = await api('PUT', '/comments/subscription', 'padovaSua', { recordType: 'protocol', recordId: ids.padovaProtocol, level: 'muted' });
    expect(mute.json()).toEqual({ subscription: 'muted' });
    const c = (await comment('padovaAdmin', 'Aggiornamento sul protocollo')).json();
    const recipients = await recipientsOf(c.id, 'comments.new');
    expect(recipients).toContain(users.padovaReferent);
    expect(recipients).not.toContain(users.padovaSua);
    expect(recipients).not.toContain(users.padovaAdmin);
    const list = (await api('GET', `/comments?recordType=protocol&recordId=${ids.padovaProtocol}`, 'padovaSua')).json();
    expect(list.subscription).toBe('muted');
    expect((await api('PUT', '/comments/subscription', 'padovaSua', { recordType: 'protocol', recordId: ids.padovaProtocol, level: 'none' })).json()).toEqual({ subscription: null });
    expect((await api('PUT', '/comments/subscription', 'padovaSua', { recordType: 'protocol', recordId: ids.padovaProtocol, level: 'loud' })).json().details.issues[0].path).toBe('body.level');
  });

  it('suggests for mentions only active people who may see the record', async () => {
    const res = await api('GET', `/comments/mentionable?recordType=protocol&recordId=${ids.padovaProtocol}&q=mar`, 'padovaSua');
    expect(res.statusCode).toBe(200);
    const names = res.json().items.map((i: { displayName: string }) => i.displayName);
    expect(names).toEqual(expect.arrayContaining(['Marta Padovani', 'Mario Rossi']));
    expect(names).not.toContain('Marco Rovigatti');
    expect(names).not.toContain('Maria Abanese');
    const bySurname = (await api('GET', `/comments/mentionable?recordType=protocol&recordId=${ids.padovaProtocol}&q=bian`, 'padovaAdmin')).json();
    expect(bySurname.items.map((i: { id: string }) => i.id)).toContain(users.padovaSua);
    expect((await api('GET', `/comments/mentionable?recordType=protocol&recordId=${ids.padovaProtocol}&q=mar`, 'rovigoAdmin')).statusCode).toBe(404);
  });
});

describe('attachments', () => {
  async function attach(as: Who, commentId: string) {
    const { payload, contentType } = await multipart({ metadata: { ownerType: 'comment', ownerId: commentId, title: 'Bozza di delibera' }, file: { name: 'bozza.pdf', bytes: samples.pdf() } });
    return t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...h[as], 'content-type': contentType }, payload });
  }

  it('stores files of a comment through the document service, by its author only, and lists them', async () => {
    const c = (await comment('padovaReferent', 'In allegato la bozza')).json();
    const up = await attach('padovaReferent', c.id);
    expect(up.statusCode).toBe(201);
    expect((await attach('padovaAdmin', c.id)).statusCode).toBe(403);
    expect((await attach('rovigoAdmin', c.id)).statusCode).toBe(403);
    const list = (await api('GET', `/comments?recordType=protocol&recordId=${ids.padovaProtocol}`, 'padovaSua')).json();
    expect(list.items.find((i: { id: string }) => i.id === c.id).attachments).toEqual([{ id: up.json().id, title: 'Bozza di delibera', mediaType: 'application/pdf', size: samples.pdf().length }]);
    // the file is read with the permissions of the protocol
    expect((await api('GET', `/documents/${up.json().id}`, 'padovaSua')).statusCode).toBe(200);
    expect((await api('GET', `/documents/${up.json().id}`, 'rovigoAdmin')).statusCode).toBe(403);
    const indexed = async () => rows<{ n: number }>(await t.database.db.execute(sql`select count(*)::int as n from search_entries where kind = 'document' and ref_id = ${up.json().id}`))[0]!.n;
    expect(await indexed()).toBe(1);
    expect((await api('DELETE', `/comments/${c.id}`, 'padovaReferent')).statusCode).toBe(204);
    expect(await indexed()).toBe(0);
  });
});

describe('search index', () => {
  it("indexes a comment with the record's audience, follows edits", async () => {
    const c = (await comment('padovaAdmin', 'Calendario delle convenzioni SUA')).json();
    const [entry] = rows<{ title: string; body: string; url: string; audience: string[] }>(
      await t.database.db.execute(sql`select title, body, url, audience from search_entries where kind = 'comment' and ref_id = ${c.id}`),
    );
    expect(entry).toMatchObject({ title: "Protocollo d'intesa — Provincia di Padova", body: 'Calendario delle convenzioni SUA', url: `/rete/protocolli/${ids.padovaProtocol}#commento-${c.id}` });
    expect(entry!.audience).toEqual(expect.arrayContaining(['role:upi_admin']));
    await api('PATCH', `/comments/${c.id}`, 'padovaAdmin', { body: 'Calendario rivisto' });
    const [after] = rows<{ body: string }>(await t.database.db.execute(sql`select body from search_entries where kind = 'comment' and ref_id = ${c.id}`));
    expect(after!.body).toBe('Calendario rivisto');
  });
});

describe('permission matrix on the protocol of Padova (role × own/other ente × action)', () => {
  const matrix: { who: Who; ente: string; read: number; create: number; editOthers: number; deleteOthers: number }[] = [
    { who: 'upi', ente: 'UPI', read: 200, create: 201, editOthers: 403, deleteOthers: 204 },
    { who: 'padovaAdmin', ente: 'own Province', read: 200, create: 201, editOthers: 403, deleteOthers: 403 },
    { who: 'padovaReferent', ente: 'own Province', read: 200, create: 201, editOthers: 403, deleteOthers: 403 },
    { who: 'padovaSua', ente: 'own Province', read: 200, create: 201, editOthers: 403, deleteOthers: 403 },
    { who: 'rovigoAdmin', ente: 'other Province', read: 404, create: 404, editOthers: 404, deleteOthers: 404 },
    { who: 'abanoUser', ente: 'Comune of the Province', read: 404, create: 404, editOthers: 404, deleteOthers: 404 },
  ];
  for (const row of matrix) {
    it(`${row.who} (${row.ente}): read ${row.read}, write ${row.create}, edit others' ${row.editOthers}, delete others' ${row.deleteOthers}`, async () => {
      const other = row.who === 'padovaAdmin' ? 'padovaReferent' : 'padovaAdmin';
      const theirs = (await comment(other, 'Commento di un altro')).json();
      expect((await api('GET', `/comments?recordType=protocol&recordId=${ids.padovaProtocol}`, row.who)).statusCode).toBe(row.read);
      expect((await comment(row.who, 'Il mio commento')).statusCode).toBe(row.create);
      expect((await api('PATCH', `/comments/${theirs.id}`, row.who, { body: 'cambiato' })).statusCode).toBe(row.editOthers);
      expect((await api('DELETE', `/comments/${theirs.id}`, row.who)).statusCode).toBe(row.deleteOthers);
    });
  }

  it("keeps the comments of Rovigo's protocol from Padova and lets Rovigo's admin write there", async () => {
    expect((await comment('rovigoAdmin', 'Nostro protocollo', {}, ids.rovigoProtocol)).statusCode).toBe(201);
    expect((await api('GET', `/comments?recordType=protocol&recordId=${ids.rovigoProtocol}`, 'padovaAdmin')).statusCode).toBe(404);
  });
});
