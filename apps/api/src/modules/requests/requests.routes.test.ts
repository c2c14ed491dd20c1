import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DOMAIN, DEMO_PASSWORD, loadDemoData, loadRequestCategories, loadRequestsDemo } from '@app/db/seed';
import { buildApp, type App } from '../../app.js';
import { parseEnv } from '../../config/env.js';
import { createUser, enteId, login, openTestDatabase, signInPeople } from '../../../test/build-app.js';
import { multipart } from '../../../test/files.js';
import type { Database } from '@app/db';
import { addWorkingDays, addWorkingHours, romeToUtc, subtractWorkingHours } from './sla.js';

type Headers = Record<string, string>;
let app: App;
let database: Database;
/** The requests' clock: each step of a story sets it. */
let clock = new Date();
const h: Record<string, Headers> = {};
const uid: Record<string, string> = {};
const ids: Record<string, string> = {};
const cat: Record<string, { id: string; firstResponseHours: number; resolutionDays: number }> = {};

/** An instant given as Rome wall-clock time, YYYY-MM-DDTHH:MM. */
const rome = (s: string) => {
  const [date, time] = s.split('T');
  const [y, m, d] = date!.split('-').map(Number);
  const [hh, mm] = time!.split(':').map(Number);
  return romeToUtc({ y: y!, m: m!, d: d! }, hh! * 60 + mm!);
};
const at = (s: string) => (clock = rome(s));

const api = (method: 'GET' | 'POST' | 'PATCH', url: string, as?: string, payload?: unknown) =>
  app.inject({ method, url: `/api/v1${url}`, headers: as ? h[as] : { 'x-requested-with': 'XMLHttpRequest' }, ...(payload === undefined ? {} : { payload: payload as object }) });

async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await database.db.execute(query)) as unknown as { rows: T[] }).rows;
}
/** The people who operate Padova's SIT (its SIT operators and administrators), however many the database holds. */
const padovaSitOperators = async () =>
  (
    await rows<{ user_id: string }>(
      sql`select distinct m.user_id from memberships m join users u on u.id = m.user_id
          where u.active and m.ente_id = ${ids.padova} and m.role in ('sit_operator', 'ente_admin')`,
    )
  )
    .map((r) => r.user_id)
    .sort();
const countRequests = async () => (await rows<{ n: number }>(sql`select count(*)::int as n from service_requests`))[0]!.n;
/** Notification events published about a request (the fan-out jobs). */
const published = (requestId: string, type: string) =>
  rows<{ payload: { recipients: string[]; params: Record<string, unknown> } }>(
    sql`select payload from jobs where queue = 'notifications.fanout' and payload->>'type' = ${type} and payload->'record'->>'id' = ${requestId} order by id`,
  );

async function open(as: string, overrides: Record<string, unknown> = {}) {
  const res = await api('POST', '/requests', as, { service: 'sit', categoryId: cat.pagopa!.id, subject: 'Attivazione avvisi di pagamento', description: 'Chiediamo supporto per attivare pagoPA sui servizi scolastici.', priority: 'normal', ...overrides });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const current = async (id: string, as = 'padovaSit') => (await api('GET', `/requests/${id}`, as)).json();
async function move(id: string, as: string, to: string, note?: string) {
  const r = await current(id, as);
  return api('POST', `/requests/${id}/transition`, as, { to, version: r.version, ...(note ? { note } : {}) });
}
async function assign(id: string, as: string, assignee: string) {
  const r = await current(id, as);
  return api('POST', `/requests/${id}/assign`, as, { assigneeId: uid[assignee], version: r.version });
}
/** A comment written in the request's thread, through the platform's comments. */
async function comment(id: string, author: string, body = 'Ecco le informazioni.') {
  const res = await api('POST', '/comments', author, { recordType: 'service_request', recordId: id, body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ config: parseEnv({ WEB_DIST: '/nonexistent', AUTH_RATE_LIMIT: '1000' }), database, mailer: { send: async () => undefined }, now: () => clock });
  await app.ready();
  ids.upi = await enteId(database, 'upi', null);
  ids.padova = await enteId(database, 'provincia', '028');
  ids.rovigo = await enteId(database, 'provincia', '029');
  ids.abano = await enteId(database, 'comune', '028001');
  ids.albignasego = await enteId(database, 'comune', '028003');
  ids.adria = await enteId(database, 'comune', '029001');
  const signed = await signInPeople(app, database, [
    ['upi', { role: 'upi_admin', enteId: ids.upi }],
    ['abanoUser', { role: 'comune_user', enteId: ids.abano }],
    ['abanoAdmin', { role: 'ente_admin', enteId: ids.abano }],
    ['abanoViewer', { role: 'viewer', enteId: ids.abano }],
    ['albignasegoUser', { role: 'comune_user', enteId: ids.albignasego }],
    ['adriaUser', { role: 'comune_user', enteId: ids.adria }],
    ['padovaSit', { role: 'sit_operator', enteId: ids.padova }],
    ['padovaSit2', { role: 'sit_operator', enteId: ids.padova }],
    ['padovaSua', { role: 'sua_operator', enteId: ids.padova }],
    ['padovaAdmin', { role: 'ente_admin', enteId: ids.padova }],
    ['padovaViewer', { role: 'viewer', enteId: ids.padova }],
    ['rovigoSit', { role: 'sit_operator', enteId: ids.rovigo }],
  ]);
  Object.assign(h, signed.headers);
  Object.assign(uid, signed.ids);
  h.nobody = await login(app, (await createUser(database, [])).email);
  const all = (await api('GET', '/requests/categories', 'abanoUser')).json().items as { id: string; code: string; firstResponseHours: number; resolutionDays: number }[];
  for (const c of all) cat[c.code === 'pagopa-app-io' ? 'pagopa' : c.code === 'sicurezza-informatica' ? 'security' : c.code] = c;
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('catalogue', () => {
  it('ships the categories of each service with their service levels, and loading them again adds nothing', async () => {
    const sit = (await api('GET', '/requests/categories?service=sit', 'abanoUser')).json().items;
    expect(sit.map((c: { nameIt: string }) => c.nameIt)).toEqual(['Migrazione al cloud', 'PagoPA e app IO', 'Sito web e accessibilità', 'Sicurezza informatica', 'Indicatori e monitoraggio']);
    expect(sit[1]).toMatchObject({ service: 'sit', code: 'pagopa-app-io', firstResponseHours: 8, resolutionDays: 10, active: true });
    expect((await api('GET', '/requests/categories?service=sua', 'abanoUser')).json().items).toHaveLength(4);
    expect((await api('GET', '/requests/categories?service=sape', 'abanoUser')).json().items).toHaveLength(6);
    expect(await database.db.transaction((tx) => loadRequestCategories(tx))).toBe(0);
    expect((await api('GET', '/requests/categories')).statusCode).toBe(401);
  });

  it('lets UPI add, edit and deactivate a category; others are refused; bad input names the fields', async () => {
    const input = { service: 'sape', code: 'fondi-pnrr', nameIt: 'Fondi PNRR', nameEn: 'NRRP funds', firstResponseHours: 16, resolutionDays: 15 };
    expect((await api('POST', '/requests/categories', 'padovaAdmin', input)).statusCode).toBe(403);
    const created = await api('POST', '/requests/categories', 'upi', input);
    expect(created.statusCode).toBe(201);
    const dup = await api('POST', '/requests/categories', 'upi', input);
    expect(dup.statusCode).toBe(400);
    expect(dup.json().details.issues[0].path).toBe('body.code');
    const bad = await api('POST', '/requests/categories', 'upi', { ...input, code: 'Fondi PNRR!', firstResponseHours: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.code', 'body.firstResponseHours']);
    const id = created.json().id;
    expect((await api('PATCH', `/requests/categories/${id}`, undefined, { active: false })).statusCode).toBe(401);
    expect((await api('PATCH', `/requests/categories/${id}`, 'padovaSit', { active: false })).statusCode).toBe(403);
    const off = await api('PATCH', `/requests/categories/${id}`, 'upi', { active: false, resolutionDays: 20 });
    expect(off.json()).toMatchObject({ active: false, resolutionDays: 20 });
    expect((await api('GET', '/requests/categories?service=sape', 'abanoUser')).json().items).toHaveLength(6);
    expect((await api('GET', '/requests/categories?service=sape&includeInactive=true', 'upi')).json().items).toHaveLength(7);
    const refused = await api('POST', '/requests', 'abanoUser', { service: 'sape', categoryId: id, subject: 'x', description: 'y' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().details.issues[0].path).toBe('body.categoryId');
  });
});

describe('opening a request', () => {
  it('numbers the request per Province, service and year and sets due dates in working time (2 June skipped)', async () => {
    at('2026-06-01T16:00');
    const r = await open('abanoUser');
    expect(r).toMatchObject({
      number: 'SIT-PD-2026-00001',
      state: 'new',
      service: 'sit',
      provincia: { id: ids.padova },
      requesterEnte: { id: ids.abano },
      requester: { id: uid.abanoUser },
      assignee: null,
      hasConvention: false,
      canRate: false,
      canAssign: false,
      allowed: [],
      assignable: [],
    });
    // 1 h on Monday, 2 June is a holiday, 7 h on Wednesday
    expect(r.sla.firstResponse).toEqual({ due: rome('2026-06-03T16:00').toISOString(), at: null, status: 'ok' });
    expect(r.sla.resolution.due).toBe(rome('2026-06-16T17:00').toISOString());
    expect(r.events).toHaveLength(1);
    ids.first = r.id;
    expect((await open('abanoAdmin')).number).toBe('SIT-PD-2026-00002');
    expect((await open('abanoUser', { service: 'sua', categoryId: cat['verifica-fvoe']!.id })).number).toBe('SUA-PD-2026-00001');
  });

  it('flags whether the Comune has an active convention with its Province for the service, without blocking', async () => {
    const [c] = await rows<{ id: string }>(
      sql`insert into conventions (kind, title, owner_ente_id, services, starts_on, state) values ('provincia_comune', 'Convenzione SIT', ${ids.padova}, '{sit}', '2026-01-01', 'active') returning id`,
    );
    await database.db.execute(sql`insert into convention_parties (convention_id, ente_id) values (${c!.id}, ${ids.albignasego})`);
    at('2026-06-01T16:30');
    expect((await open('albignasegoUser')).hasConvention).toBe(true);
    expect((await open('albignasegoUser', { service: 'sua', categoryId: cat['verifica-fvoe']!.id })).hasConvention).toBe(false);
    expect((await current(ids.first!)).hasConvention).toBe(false);
  });

  it('tells the operators of the service and the Province administrator, and indexes it for their search', async () => {
    const [event] = await published(ids.first!, 'requests.created');
    const operators = await padovaSitOperators();
    expect(operators).toEqual(expect.arrayContaining([uid.padovaAdmin, uid.padovaSit, uid.padovaSit2]));
    expect(event!.payload.recipients.sort()).toEqual(operators);
    const [entry] = await rows<{ title: string; audience: string[] }>(sql`select title, audience from search_entries where kind = 'request' and ref_id = ${ids.first}`);
    expect(entry!.title).toBe('SIT-PD-2026-00001 — Attivazione avvisi di pagamento');
    expect(entry!.audience.sort()).toEqual([`ente-role:${ids.padova}:ente_admin`, `ente-role:${ids.padova}:sit_operator`, `ente:${ids.abano}`].sort());
    const [audit] = await rows<{ action: string }>(sql`select action from audit_events where entity_id = ${ids.first}`);
    expect(audit!.action).toBe('request.create');
  });

  it('refuses bad input with the field paths and writes nothing', async () => {
    const before = await countRequests();
    const res = await api('POST', '/requests', 'abanoUser', { service: 'sit', categoryId: 'nope', subject: '  ', description: '', priority: 'asap' });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.categoryId', 'body.description', 'body.priority', 'body.subject']);
    const wrongService = await api('POST', '/requests', 'abanoUser', { service: 'sua', categoryId: cat.pagopa!.id, subject: 'a', description: 'b' });
    expect(wrongService.json().details.issues[0].path).toBe('body.categoryId');
    expect(await countRequests()).toBe(before);
  });
});

describe('permission matrix', () => {
  const readers = ['abanoUser', 'abanoAdmin', 'abanoViewer', 'padovaSit', 'padovaSit2', 'padovaAdmin'];
  const strangers = ['albignasegoUser', 'adriaUser', 'padovaSua', 'padovaViewer', 'rovigoSit', 'upi', 'nobody'];

  it('read: the Comune and the operators of the service see the request; other Comuni, services, Provinces and UPI get 404', async () => {
    for (const who of readers) expect((await api('GET', `/requests/${ids.first}`, who)).statusCode, who).toBe(200);
    for (const who of strangers) expect((await api('GET', `/requests/${ids.first}`, who)).statusCode, who).toBe(404);
    expect((await api('GET', `/requests/${ids.first}`)).statusCode).toBe(401);
  });

  it('create: Comune staff may, a viewer, a Province operator and UPI may not', async () => {
    const body = { service: 'sit', categoryId: cat.pagopa!.id, subject: 'Prova', description: 'Prova' };
    const expected: [string, number][] = [
      ['abanoUser', 201], ['abanoAdmin', 201], ['albignasegoUser', 201],
      ['abanoViewer', 403], ['padovaSit', 403], ['padovaAdmin', 403], ['upi', 403], ['nobody', 403],
    ];
    for (const [who, status] of expected) expect((await api('POST', '/requests', who, body)).statusCode, who).toBe(status);
    expect((await api('POST', '/requests', 'abanoUser', { ...body, enteId: ids.albignasego })).statusCode).toBe(403);
  });

  it('assign and operate: operators of the service and the Province administrator; the Comune is refused', async () => {
    for (const [who, status] of [['padovaSit', 200], ['padovaAdmin', 200], ['abanoUser', 403], ['abanoAdmin', 403], ['abanoViewer', 403], ['padovaSua', 404], ['rovigoSit', 404], ['upi', 404]] as const) {
      const r = await current(ids.first!);
      const res = await api('POST', `/requests/${ids.first}/assign`, who, { assigneeId: uid.padovaSit, version: r.version });
      expect(res.statusCode, who).toBe(status);
    }
    for (const [who, status] of [['abanoUser', 403], ['rovigoSit', 404]] as const) {
      const r = await current(ids.first!);
      expect((await api('POST', `/requests/${ids.first}/transition`, who, { to: 'in_progress', version: r.version })).statusCode, who).toBe(status);
    }
    const other = await api('POST', `/requests/${ids.first}/assign`, 'padovaSit', { assigneeId: uid.rovigoSit, version: (await current(ids.first!)).version });
    expect(other.statusCode).toBe(400);
    expect(other.json().details.issues[0].path).toBe('body.assigneeId');
  });

  it('close: only the requester side, and only once resolved; the operator is refused', async () => {
    const r = await current(ids.first!);
    expect((await api('POST', `/requests/${ids.first}/close`, 'padovaSit', { rating: 5, version: r.version })).statusCode).toBe(403);
    expect((await api('POST', `/requests/${ids.first}/close`, 'abanoViewer', { rating: 5, version: r.version })).statusCode).toBe(403);
    const early = await api('POST', `/requests/${ids.first}/close`, 'abanoUser', { rating: 5, version: r.version });
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('invalid_transition');
  });

  it('stats: UPI only', async () => {
    for (const [who, status] of [['upi', 200], ['padovaAdmin', 403], ['padovaSit', 403], ['abanoUser', 403], ['abanoViewer', 403]] as const) {
      expect((await api('GET', '/requests/stats', who)).statusCode, who).toBe(status);
    }
    expect((await api('GET', '/requests/stats.csv', 'padovaAdmin')).statusCode).toBe(403);
  });

  it('lists: mine for the Comune, the queue for operators; UPI and the Comune have no queue', async () => {
    const mine = (await api('GET', '/requests?view=mine&pageSize=100', 'abanoViewer')).json();
    expect(mine.items.every((r: { requesterEnte: { id: string } }) => r.requesterEnte.id === ids.abano)).toBe(true);
    expect(mine.total).toBeGreaterThanOrEqual(5);
    const queue = (await api('GET', '/requests?view=queue&pageSize=100', 'padovaSit')).json();
    expect(queue.items.every((r: { service: string; provincia: { id: string } }) => r.service === 'sit' && r.provincia.id === ids.padova)).toBe(true);
    expect(queue.items.some((r: { requesterEnte: { id: string } }) => r.requesterEnte.id === ids.albignasego)).toBe(true);
    const admin = (await api('GET', '/requests?view=queue&pageSize=100', 'padovaAdmin')).json();
    expect(admin.items.some((r: { service: string }) => r.service === 'sua')).toBe(true);
    expect((await api('GET', '/requests?view=queue', 'rovigoSit')).json().total).toBe(0);
    expect((await api('GET', '/requests?view=queue', 'abanoUser')).statusCode).toBe(403);
    expect((await api('GET', '/requests?view=queue', 'upi')).statusCode).toBe(403);
    expect((await api('GET', '/requests?view=mine', 'upi')).json().total).toBe(0);
    const found = (await api('GET', '/requests?view=mine&q=00001&service=sua', 'abanoUser')).json();
    expect(found.items.map((r: { number: string }) => r.number)).toEqual(['SUA-PD-2026-00001']);
    const bad = await api('GET', '/requests?view=all&sla=late', 'abanoUser');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['querystring.sla', 'querystring.view']);
  });
});

describe('attachments and search', () => {
  const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  const upload = async (as: string) => {
    const { payload, contentType } = await multipart({ metadata: { ownerType: 'service_request', ownerId: ids.first, title: 'Schermata errore' }, file: { name: 'errore.pdf', bytes: PDF } });
    return app.inject({ method: 'POST', url: '/api/v1/documents', headers: { ...h[as], 'content-type': contentType }, payload });
  };

  it('lets the Comune and the operators attach files to the request, and nobody else', async () => {
    expect((await upload('abanoUser')).statusCode).toBe(201);
    expect((await upload('padovaSit')).statusCode).toBe(201);
    for (const who of ['abanoViewer', 'padovaSua', 'rovigoSit', 'upi']) expect((await upload(who)).statusCode, who).not.toBe(201);
    const list = await api('GET', `/documents?ownerType=service_request&ownerId=${ids.first}`, 'abanoViewer');
    expect(list.json().total).toBe(2);
    expect((await api('GET', `/documents?ownerType=service_request&ownerId=${ids.first}`, 'upi')).statusCode).not.toBe(200);
  });

  it('describes the request for notifications and follows its requester and assignee', async () => {
    const def = app.services.records.get('service_request')!;
    expect(await def.describe!(database.db, ids.first!)).toEqual({ title: 'SIT-PD-2026-00001 — Attivazione avvisi di pagamento', url: `/assistenza/${ids.first}`, module: 'requests' });
    expect((await def.stakeholders!(database.db, ids.first!)).sort()).toEqual([uid.abanoUser, uid.padovaSit].sort());
    expect(await app.services.records.userCanRead(database.db, uid.padovaSua!, 'service_request', ids.first!)).toBe(false);
    expect(await app.services.records.userCanRead(database.db, uid.abanoViewer!, 'service_request', ids.first!)).toBe(true);
  });
});

describe('lifecycle', () => {
  it('assigns, asks the requester, resumes on their reply and pushes the resolution date by the time spent waiting', async () => {
    at('2026-06-08T09:00');
    const r = await open('abanoUser');
    ids.life = r.id;
    expect(r.sla.firstResponse.due).toBe(rome('2026-06-08T17:00').toISOString());
    expect(r.sla.resolution.due).toBe(rome('2026-06-22T17:00').toISOString());

    at('2026-06-08T10:00');
    const assigned = (await assign(r.id, 'padovaSit', 'padovaSit2')).json();
    expect(assigned).toMatchObject({ state: 'assigned', assignee: { id: uid.padovaSit2 }, allowed: ['in_progress'] });
    expect((await published(r.id, 'requests.assigned'))[0]!.payload.recipients).toEqual([uid.padovaSit2]);
    expect((await published(r.id, 'requests.state_changed'))[0]!.payload.recipients).toEqual([uid.abanoUser]);

    const stale = await api('POST', `/requests/${r.id}/transition`, 'padovaSit2', { to: 'in_progress', version: r.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('conflict');
    const jump = await move(r.id, 'padovaSit2', 'resolved');
    expect(jump.statusCode).toBe(409);
    expect(jump.json().details).toEqual({ from: 'assigned', to: 'resolved', allowed: ['in_progress'] });

    expect((await move(r.id, 'padovaSit2', 'in_progress')).json().state).toBe('in_progress');
    at('2026-06-08T11:00');
    const waiting = (await move(r.id, 'padovaSit2', 'waiting_requester', 'Serve il codice IPA')).json();
    expect(waiting.sla).toMatchObject({ paused: true, firstResponse: { at: rome('2026-06-08T11:00').toISOString(), status: 'met' } });

    // the requester answers two working days later (Wednesday 11:00): 16 working hours spent waiting
    at('2026-06-10T11:00');
    await comment(r.id, 'abanoUser');
    const resumed = await current(r.id);
    expect(resumed.state).toBe('in_progress');
    expect(resumed.sla.paused).toBe(false);
    expect(resumed.sla.resolution.due).toBe(rome('2026-06-24T17:00').toISOString());
    expect(resumed.events.at(-1)).toMatchObject({ kind: 'state', fromState: 'waiting_requester', toState: 'in_progress', actor: { id: uid.abanoUser } });

    // waiting again from Wednesday 12:00 to Thursday 12:00, resumed by the operator: 8 more working hours
    at('2026-06-10T12:00');
    await move(r.id, 'padovaSit2', 'waiting_requester');
    at('2026-06-11T12:00');
    const back = (await move(r.id, 'padovaSit2', 'in_progress')).json();
    expect(back.sla.resolution.due).toBe(rome('2026-06-25T17:00').toISOString());
  });

  it('resolves, refuses ratings outside 1–5, closes with a rating and lets the requester reopen with a reason', async () => {
    at('2026-06-12T10:00');
    const resolved = (await move(ids.life!, 'padovaSit2', 'resolved', 'Attivato il servizio')).json();
    expect(resolved).toMatchObject({ state: 'resolved', sla: { resolution: { at: rome('2026-06-12T10:00').toISOString(), status: 'met' } } });
    const asRequester = await current(ids.life!, 'abanoUser');
    expect(asRequester).toMatchObject({ canRate: true, allowed: ['reopened'] });
    for (const rating of [0, 6, 3.5, '4']) {
      const res = await api('POST', `/requests/${ids.life}/close`, 'abanoUser', { rating, version: asRequester.version });
      expect(res.statusCode, String(rating)).toBe(400);
      expect(res.json().details.issues[0].path).toBe('body.rating');
    }
    const closed = await api('POST', `/requests/${ids.life}/close`, 'abanoUser', { rating: 4, comment: 'Rapidi e chiari', version: asRequester.version });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ state: 'closed', rating: 4, ratingComment: 'Rapidi e chiari', canRate: false, allowed: ['reopened'], canAssign: false });
    expect(closed.json().events.at(-1)).toMatchObject({ kind: 'rating', note: '4/5 — Rapidi e chiari' });

    const noReason = await move(ids.life!, 'abanoUser', 'reopened');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().details.issues[0].path).toBe('body.note');
    at('2026-06-15T10:00');
    const reopened = (await move(ids.life!, 'abanoUser', 'reopened', 'Gli avvisi non arrivano')).json();
    expect(reopened).toMatchObject({ state: 'reopened', rating: null, closedAt: null });
    expect((await current(ids.life!)).allowed).toEqual(['assigned', 'in_progress']);
    const audits = await rows<{ action: string }>(sql`select action from audit_events where entity_id = ${ids.life} order by at, id`);
    expect(audits.map((a) => a.action)).toEqual(['request.create', 'request.assign', 'request.transition', 'request.transition', 'request.transition', 'request.transition', 'request.transition', 'request.transition', 'request.close', 'request.transition']);
  });

  it('refuses to reopen a request closed more than 10 working days ago', async () => {
    await move(ids.life!, 'padovaSit2', 'in_progress');
    await move(ids.life!, 'padovaSit2', 'resolved');
    await api('POST', `/requests/${ids.life}/close`, 'abanoUser', { rating: 5, version: (await current(ids.life!)).version });
    at('2026-06-30T10:00');
    expect((await current(ids.life!, 'abanoUser')).allowed).toEqual([]);
    const late = await move(ids.life!, 'abanoUser', 'reopened', 'Di nuovo');
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('reopen_window_expired');
    expect((await assign(ids.life!, 'padovaSit', 'padovaSit')).statusCode).toBe(409);
  });

  it("takes an operator's first comment as the first answer", async () => {
    at('2026-07-01T09:00');
    const r = await open('abanoUser');
    at('2026-07-01T09:30');
    await comment(r.id, 'abanoUser');
    expect((await current(r.id)).sla.firstResponse.at).toBeNull();
    await comment(r.id, 'padovaSit', 'Buongiorno, ci servono i codici IPA dei servizi.');
    expect((await current(r.id)).sla.firstResponse).toMatchObject({ at: rome('2026-07-01T09:30').toISOString(), status: 'met' });
    expect((await current(r.id)).state).toBe('new');
    // the requester is told of the answer (in the bell), the operator who wrote it is not
    await app.services.jobs.drain();
    const told = await rows<{ user_id: string; type: string; in_app: boolean }>(
      sql`select user_id, type, in_app from notifications where record_id = ${r.id} and type = 'comments.new'`,
    );
    expect(told).toEqual([{ user_id: uid.abanoUser, type: 'comments.new', in_app: true }]);
    // the conversation is readable by both sides, and by nobody of another Province
    expect((await api('GET', `/comments?recordType=service_request&recordId=${r.id}`, 'abanoUser')).json().items).toHaveLength(2);
    expect((await api('GET', `/comments?recordType=service_request&recordId=${r.id}`, 'rovigoSit')).statusCode).toBe(404);
  });
});

describe('service-level sweep', () => {
  it('warns once at 80 % of the working time, reports the breach once, to the operators while unassigned', async () => {
    at('2026-07-06T09:00'); // Monday
    const r = await open('abanoUser', { categoryId: cat.security!.id, subject: 'Phishing' });
    expect(r.sla.firstResponse.due).toBe(addWorkingHours(rome('2026-07-06T09:00'), 8).toISOString());
    await app.services.requests.sweep(rome('2026-07-06T15:00'));
    expect(await published(r.id, 'requests.sla_warning')).toHaveLength(0);
    at('2026-07-06T15:30');
    expect((await current(r.id)).sla.firstResponse.status).toBe('warning');
    await app.services.requests.sweep(rome('2026-07-06T15:30'));
    await app.services.requests.sweep(rome('2026-07-06T16:45'));
    const warnings = await published(r.id, 'requests.sla_warning');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.payload.params).toMatchObject({ clock: 'first_response', level: 'warning' });
    expect(warnings[0]!.payload.recipients.sort()).toEqual(await padovaSitOperators());

    await assign(r.id, 'padovaSit', 'padovaSit');
    await app.services.requests.sweep(rome('2026-07-07T10:00'));
    await app.services.requests.sweep(rome('2026-07-07T11:00'));
    const all = await published(r.id, 'requests.sla_warning');
    expect(all).toHaveLength(2);
    expect(all[1]!.payload).toMatchObject({ recipients: [uid.padovaSit], params: { clock: 'first_response', level: 'breach' } });
    at('2026-07-07T11:00');
    expect((await api('GET', '/requests?view=queue&sla=breached&pageSize=100', 'padovaSit')).json().items.map((x: { id: string }) => x.id)).toContain(r.id);
  });

  it('closes a request left resolved for 5 working days', async () => {
    at('2026-07-08T10:00');
    const r = await open('abanoUser');
    await assign(r.id, 'padovaSit', 'padovaSit');
    await move(r.id, 'padovaSit', 'in_progress');
    await move(r.id, 'padovaSit', 'resolved');
    await app.services.requests.sweep(rome('2026-07-15T10:00'));
    expect((await current(r.id)).state).toBe('resolved');
    await app.services.requests.sweep(addWorkingDays(rome('2026-07-08T10:00'), 5));
    expect((await current(r.id)).state).toBe('closed');
  });

  it('is scheduled every 15 minutes through the job queue', async () => {
    await app.services.jobs.drain();
    const [job] = await rows<{ state: string }>(sql`select state from jobs where queue = 'requests.sla-sweep' order by id desc limit 1`);
    expect(job!.state).toBe('done');
  });
});

describe('statistics and dashboard', () => {
  it('gives UPI volumes, working-time medians, breaches and satisfaction per Province and service', async () => {
    at('2026-09-01T09:00'); // Tuesday
    const [a, b, c, d] = [await open('adriaUser'), await open('adriaUser'), await open('adriaUser'), await open('adriaUser')];
    for (const r of [a, b, c]) {
      await assign(r.id, 'rovigoSit', 'rovigoSit');
      await move(r.id, 'rovigoSit', 'in_progress');
    }
    at('2026-09-01T10:00');
    await move(a.id, 'rovigoSit', 'waiting_requester');
    at('2026-09-01T11:00');
    await move(b.id, 'rovigoSit', 'waiting_requester');
    at('2026-09-01T13:00');
    await move(c.id, 'rovigoSit', 'waiting_requester');
    at('2026-09-02T09:00');
    await move(a.id, 'rovigoSit', 'in_progress');
    await move(b.id, 'rovigoSit', 'in_progress');
    at('2026-09-02T17:00');
    await move(a.id, 'rovigoSit', 'resolved');
    at('2026-09-03T17:00');
    await move(b.id, 'rovigoSit', 'resolved');
    at('2026-09-04T10:00');
    await api('POST', `/requests/${a.id}/close`, 'adriaUser', { rating: 5, version: (await current(a.id, 'adriaUser')).version });
    await api('POST', `/requests/${b.id}/close`, 'adriaUser', { rating: 3, version: (await current(b.id, 'adriaUser')).version });
    at('2026-09-04T12:00');

    const stats = (await api('GET', '/requests/stats?from=2026-09-01&to=2026-09-30', 'upi')).json();
    expect(stats.rows).toHaveLength(1);
    expect(stats.rows[0]).toEqual({
      provincia: expect.objectContaining({ id: ids.rovigo }),
      service: 'sit',
      volume: 4,
      open: 2,
      medianFirstResponseHours: 2,
      medianResolutionDays: 2.5,
      firstResponseBreaches: 1,
      resolutionBreaches: 0,
      avgRating: 4,
      ratingsCount: 2,
    });
    const csv = await api('GET', '/requests/stats.csv?from=2026-09-01&to=2026-09-30', 'upi');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain(';029;SIT;4;2;2;2,5;1;0;4;2');
    const bad = await api('GET', '/requests/stats?from=2026-09-30&to=2026-09-01', 'upi');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.issues[0].path).toBe('querystring.to');
    expect((await api('GET', `/requests/${a.id}`, 'upi')).statusCode).toBe(404);

    const dash = (await api('GET', '/requests/dashboard', 'rovigoSit')).json();
    expect(dash.counts).toEqual({ unassigned: 1, assignedToMe: 1, inProgress: 0, waiting: 1, breached: 1, dueSoon: 0 });
    expect(dash.medianFirstResponseHours).toBe(2);
    expect(dash.breached.map((r: { id: string }) => r.id)).toEqual([d.id]);
    expect((await api('GET', '/requests/dashboard', 'abanoUser')).statusCode).toBe(403);
  });
});

describe('demo data', () => {
  it('loads demo requests of two Comuni of Padova once, in several states, visible to the demo SIT operator', async () => {
    at('2026-10-14T11:00');
    await database.db.transaction((tx) => loadDemoData(tx));
    const load = () => database.db.transaction((tx) => loadRequestsDemo(tx, { now: clock, addWorkingHours, addWorkingDays, subtractWorkingHours }));
    expect(await load()).toBe(4);
    expect(await load()).toBe(0);
    const demo = await rows<{ state: string; is_demo: boolean }>(sql`select state, is_demo from service_requests where is_demo order by number`);
    expect(demo.map((r) => r.state).sort()).toEqual(['closed', 'in_progress', 'new', 'waiting_requester']);
    const sit = await login(app, `sit@${DEMO_DOMAIN}`, DEMO_PASSWORD);
    const queue = (await app.inject({ method: 'GET', url: '/api/v1/requests?view=queue&q=E-mail%20di%20phishing', headers: sit })).json();
    expect(queue.items).toHaveLength(1);
    expect(queue.items[0]).toMatchObject({ state: 'new', priority: 'urgent', sla: { firstResponse: { status: 'breached' } } });
  });
});
