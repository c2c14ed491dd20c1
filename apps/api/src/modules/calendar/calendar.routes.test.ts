import ICAL from 'ical.js';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, enteId, login, signInPeople, type TestContext } from '../../../test/build-app.js';
import { addDays, romeDate } from './calendar.dates.js';
import { remindersPeriod } from './calendar.service.js';

type Headers = Record<string, string>;
let t: TestContext;
const today = romeDate(new Date());
const h: Record<string, Headers> = {};
const ids = {} as {
  upi: string;
  padova: string;
  rovigo: string;
  abano: string;
  adria: string;
  conventionA: string;
  conventionB: string;
};
const users: Record<string, string> = {};

const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, as?: string, payload?: unknown) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: as ? h[as] : { 'x-requested-with': 'XMLHttpRequest' },
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

const rows = async <T>(query: ReturnType<typeof sql>): Promise<T[]> =>
  ((await t.database.db.execute(query)) as unknown as { rows: T[] }).rows;

/** The VEVENTs of a feed, parsed back with ical.js. */
function events(text: string) {
  const cal = new ICAL.Component(ICAL.parse(text));
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(tz));
  return cal.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
}

async function createConvention(as: string, ownerEnteId: string, partyIds: string[], title: string, endsOn: string) {
  const res = await api('POST', '/registry/conventions', as, {
    kind: 'provincia_comune',
    ownerEnteId,
    partyIds,
    title,
    services: ['sua'],
    startsOn: addDays(today, -10),
    endsOn,
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; version: number };
}

const itemTitles = async (as: string, from = today, to = addDays(today, 399)) => {
  const res = await api('GET', `/calendar/items?from=${from}&to=${to}`, as);
  expect(res.statusCode).toBe(200);
  return (res.json().items as { title: string }[]).map((i) => i.title);
};

beforeAll(async () => {
  t = await createTestApp();
  ids.upi = await enteId(t.database, 'upi', null);
  ids.padova = await enteId(t.database, 'provincia', '028');
  ids.rovigo = await enteId(t.database, 'provincia', '029');
  ids.abano = await enteId(t.database, 'comune', '028001');
  ids.adria = await enteId(t.database, 'comune', '029001');
  const people: [
    string,
    { role: 'upi_admin' | 'ente_admin' | 'sua_operator' | 'comune_user' | 'researcher'; enteId: string }[],
  ][] = [
    ['upi', [{ role: 'upi_admin', enteId: ids.upi }]],
    ['researcher', [{ role: 'researcher', enteId: ids.upi }]],
    ['padovaAdmin', [{ role: 'ente_admin', enteId: ids.padova }]],
    ['padovaSua', [{ role: 'sua_operator', enteId: ids.padova }]],
    ['rovigoAdmin', [{ role: 'ente_admin', enteId: ids.rovigo }]],
    ['abanoUser', [{ role: 'comune_user', enteId: ids.abano }]],
    ['nobody', []],
  ];
  const signed = await signInPeople(t.app, t.database, people);
  Object.assign(h, signed.headers);
  Object.assign(users, signed.ids);
  const a = await createConvention(
    'padovaAdmin',
    ids.padova,
    [ids.abano],
    'Convenzione SUA Padova–Abano',
    addDays(today, 100),
  );
  const b = await createConvention(
    'rovigoAdmin',
    ids.rovigo,
    [ids.adria],
    'Convenzione SUA Rovigo–Adria',
    addDays(today, 120),
  );
  ids.conventionA = a.id;
  ids.conventionB = b.id;
});
afterAll(() => t.close());

describe('calendar items', () => {
  it("lists the expiry of a Province's convention to its own people and parties only, ordered by date", async () => {
    const res = await api('GET', `/calendar/items?from=${today}&to=${addDays(today, 399)}`, 'upi');
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(items.map((i: { title: string }) => i.title)).toEqual([
      'Scadenza della convenzione: Convenzione SUA Padova–Abano',
      'Scadenza della convenzione: Convenzione SUA Rovigo–Adria',
    ]);
    expect(items[0]).toMatchObject({
      module: 'network',
      kind: 'convention_expiry',
      allDay: true,
      date: addDays(today, 100),
      url: `/rete/convenzioni/${ids.conventionA}`,
      location: null,
    });
    expect(await itemTitles('padovaAdmin')).toEqual(['Scadenza della convenzione: Convenzione SUA Padova–Abano']);
    expect(await itemTitles('rovigoAdmin')).toEqual(['Scadenza della convenzione: Convenzione SUA Rovigo–Adria']);
    expect(await itemTitles('abanoUser')).toEqual(['Scadenza della convenzione: Convenzione SUA Padova–Abano']);
  });

  it('filters by module and kind and by the days asked (both included)', async () => {
    const day = addDays(today, 100);
    expect(await itemTitles('upi', day, day)).toHaveLength(1);
    expect(await itemTitles('upi', addDays(day, 1), addDays(day, 19))).toHaveLength(0);
    const byKind = await api('GET', `/calendar/items?from=${today}&to=${addDays(today, 200)}&kind=meeting`, 'upi');
    expect(byKind.json().items).toEqual([]);
    const byModule = await api('GET', `/calendar/items?from=${today}&to=${addDays(today, 200)}&module=network`, 'upi');
    expect(byModule.json().items).toHaveLength(2);
  });

  it('refuses a range longer than 400 days, reversed, or with malformed days, with the field paths', async () => {
    const long = await api('GET', `/calendar/items?from=${today}&to=${addDays(today, 401)}`, 'upi');
    expect(long.statusCode).toBe(400);
    expect(long.json().details.issues[0].path).toBe('querystring.to');
    const reversed = await api('GET', `/calendar/items?from=${today}&to=${addDays(today, -1)}`, 'upi');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().details.issues[0].path).toBe('querystring.to');
    const bad = await api('GET', `/calendar/items?from=31-12-2026&to=${today}`, 'upi');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.issues[0].path).toBe('querystring.from');
    const missing = await api('GET', `/calendar/items?from=${today}`, 'upi');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().details.issues[0].path).toBe('querystring.to');
  });
});

describe('iCalendar feed', () => {
  it('gives the same private address twice, as https and webcal', async () => {
    const first = await api('GET', '/calendar/feed-token', 'padovaAdmin');
    expect(first.statusCode).toBe(200);
    const { token, url, webcalUrl } = first.json();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url).toMatch(new RegExp(`/api/v1/calendar/feed\\.ics\\?token=${token}$`));
    expect(webcalUrl).toBe(url.replace(/^https?:\/\//, 'webcal://'));
    const again = await api('GET', '/calendar/feed-token', 'padovaAdmin');
    expect(again.json().token).toBe(token);
    const other = await api('GET', '/calendar/feed-token', 'rovigoAdmin');
    expect(other.json().token).not.toBe(token);
  });

  it("serves the token's user's items as iCalendar that parses back, with Rome dates and absolute links", async () => {
    const { token } = (await api('GET', '/calendar/feed-token', 'padovaAdmin')).json();
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/calendar/feed.ics?token=${token}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('inline; filename="province-e-comuni.ics"');
    expect(res.headers['cache-control']).toBe('private, max-age=300');
    const evs = events(res.body);
    expect(evs.map((e) => e.summary)).toEqual(['Scadenza della convenzione: Convenzione SUA Padova–Abano']);
    expect(evs[0]!.startDate.isDate).toBe(true);
    expect(evs[0]!.startDate.toString()).toBe(addDays(today, 100));
    expect(evs[0]!.component.getFirstPropertyValue('url')).toMatch(
      new RegExp(`^https?://.+/rete/convenzioni/${ids.conventionA}$`),
    );
    const [tok] = await rows<{ last_used_at: string | null }>(
      sql`select last_used_at from calendar_feed_tokens where user_id = ${users.padovaAdmin}`,
    );
    expect(tok!.last_used_at).not.toBeNull();
  });

  it("gives UPI both Provinces' expiries and a Province's other user only its own", async () => {
    const upiToken = (await api('GET', '/calendar/feed-token', 'upi')).json().token;
    const upiFeed = await t.app.inject({ method: 'GET', url: `/api/v1/calendar/feed.ics?token=${upiToken}` });
    expect(
      events(upiFeed.body)
        .map((e) => e.summary)
        .sort(),
    ).toEqual([
      'Scadenza della convenzione: Convenzione SUA Padova–Abano',
      'Scadenza della convenzione: Convenzione SUA Rovigo–Adria',
    ]);
    const rovigoToken = (await api('GET', '/calendar/feed-token', 'rovigoAdmin')).json().token;
    const rovigoFeed = await t.app.inject({ method: 'GET', url: `/api/v1/calendar/feed.ics?token=${rovigoToken}` });
    expect(events(rovigoFeed.body).map((e) => e.summary)).toEqual([
      'Scadenza della convenzione: Convenzione SUA Rovigo–Adria',
    ]);
  });

  it('answers 404 to an unknown token and 400 without one', async () => {
    const unknown = await t.app.inject({ method: 'GET', url: '/api/v1/calendar/feed.ics?token=nonexistent-token' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).not.toContain('BEGIN:VCALENDAR');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/calendar/feed.ics' })).statusCode).toBe(400);
  });

  it('stops the old address on reset, and every address on revoke; both are audited', async () => {
    const old = (await api('GET', '/calendar/feed-token', 'padovaSua')).json().token;
    const reset = await api('POST', '/calendar/feed-token/reset', 'padovaSua');
    expect(reset.statusCode).toBe(200);
    const fresh = reset.json().token;
    expect(fresh).not.toBe(old);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/calendar/feed.ics?token=${old}` })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/calendar/feed.ics?token=${fresh}` })).statusCode).toBe(
      200,
    );
    expect((await api('GET', '/calendar/feed-token', 'padovaSua')).json().token).toBe(fresh);

    expect((await api('DELETE', '/calendar/feed-token', 'padovaSua')).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/calendar/feed.ics?token=${fresh}` })).statusCode).toBe(
      404,
    );
    expect((await api('DELETE', '/calendar/feed-token', 'padovaSua')).statusCode).toBe(404);
    const audited = await rows<{ action: string }>(
      sql`select action from audit_events where entity_type = 'calendar_feed_token' and entity_id = ${users.padovaSua} order by id`,
    );
    expect(audited.map((a) => a.action)).toEqual([
      'calendar.feed_token.create',
      'calendar.feed_token.reset',
      'calendar.feed_token.revoke',
    ]);
    // a new request after a revoke creates a new address
    const next = (await api('GET', '/calendar/feed-token', 'padovaSua')).json().token;
    expect([old, fresh]).not.toContain(next);
  });

  it('answers 404 for the feed of a deactivated user', async () => {
    const u = await createUser(t.database, [{ role: 'ente_admin', enteId: ids.padova }]);
    const token = (
      await t.app.inject({ method: 'GET', url: '/api/v1/calendar/feed-token', headers: await login(t.app, u.email) })
    ).json().token;
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/calendar/feed.ics?token=${token}` })).statusCode).toBe(
      200,
    );
    await t.database.db.execute(sql`update users set active = false where id = ${u.id}`);
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/calendar/feed.ics?token=${token}` })).statusCode).toBe(
      404,
    );
  });
});

describe('reminders', () => {
  const fanouts = () =>
    rows<{
      payload: {
        type: string;
        recipients: string[];
        params: { title: string; days: number; date: string };
        record: { type: string; id: string } | null;
        url: string;
      };
    }>(
      sql`select payload from jobs where queue = 'notifications.fanout' and payload->>'type' = 'calendar.reminder' order by id`,
    );

  it('tells the audience of items due in 7 days and tomorrow, once, with the record for permission checks', async () => {
    const in7 = await createConvention(
      'padovaAdmin',
      ids.padova,
      [ids.abano],
      'Convenzione in scadenza tra sette giorni',
      addDays(today, 7),
    );
    const in1 = await createConvention(
      'rovigoAdmin',
      ids.rovigo,
      [ids.adria],
      'Convenzione in scadenza domani',
      addDays(today, 1),
    );
    // due today: the recurring run of the day (the same key as the scheduler's) is run by the worker; a run of
    // today made earlier in this database, when nothing was due, is forgotten first
    await t.database.db.execute(sql`delete from jobs where dedupe_key = ${`calendar.reminders:${today}`}`);
    await t.app.services.jobs.enqueue(
      t.database.db,
      'calendar.reminders',
      { period: today },
      { dedupeKey: `calendar.reminders:${today}` },
    );
    await t.app.services.jobs.drain();
    const sent = await fanouts();
    expect(sent).toHaveLength(2);
    const byTitle = new Map(sent.map((s) => [s.payload.params.title, s.payload]));
    const seven = byTitle.get('Scadenza della convenzione: Convenzione in scadenza tra sette giorni')!;
    expect(seven.params).toMatchObject({ days: 7, date: addDays(today, 7) });
    expect(seven.record).toEqual({ type: 'convention', id: in7.id });
    expect(seven.url).toBe(`/rete/convenzioni/${in7.id}`);
    expect(seven.recipients).toEqual(
      expect.arrayContaining([users.upi, users.padovaAdmin, users.padovaSua, users.abanoUser]),
    );
    expect(seven.recipients).not.toContain(users.rovigoAdmin);
    expect(seven.recipients).not.toContain(users.nobody);
    expect(seven.recipients).not.toContain(users.researcher);
    const one = byTitle.get('Scadenza della convenzione: Convenzione in scadenza domani')!;
    expect(one.params.days).toBe(1);
    expect(one.record).toEqual({ type: 'convention', id: in1.id });
    expect(one.recipients).toEqual(expect.arrayContaining([users.upi, users.rovigoAdmin]));
    expect(one.recipients).not.toContain(users.padovaAdmin);
    const marked = await rows<{ reminders_sent: number[] }>(
      sql`select reminders_sent from calendar_items where source_id = ${in7.id}`,
    );
    expect(marked[0]!.reminders_sent).toEqual([7]);

    // the fan-out delivers them to the people who may read the convention, in their bell
    const delivered = await rows<{ user_id: string; title: string; record_id: string; url: string }>(
      sql`select user_id, title, record_id, url from notifications where type = 'calendar.reminder' and record_id = ${in7.id}`,
    );
    // the people of this test, and nobody outside the convention's audience (the database may hold others of it)
    const mine = new Set(Object.values(users));
    expect(delivered.map((n) => n.user_id).filter((id) => mine.has(id)).sort()).toEqual(
      [users.upi, users.padovaAdmin, users.padovaSua, users.abanoUser].sort(),
    );
    const outside = await rows<{ n: number | string }>(sql`
      select count(*) as n from notifications n
      where n.type = 'calendar.reminder' and n.record_id = ${in7.id} and not exists (
        select 1 from memberships m where m.user_id = n.user_id
          and (m.role = 'upi_admin' or m.ente_id in (${ids.padova}, ${ids.abano})))`);
    expect(Number(outside[0]!.n)).toBe(0);
    expect(delivered[0]!.title).toBe(
      'Scadenza tra 7 giorni: Scadenza della convenzione: Convenzione in scadenza tra sette giorni',
    );
    expect(delivered[0]!.url).toBe(`/rete/convenzioni/${in7.id}`);

    // a second run of the same day sends nothing more
    expect(await t.app.services.calendar.sendReminders(today)).toBe(0);
    expect(await fanouts()).toHaveLength(2);
    await t.app.services.jobs.drain();
    const [again] = await rows<{ n: number }>(
      sql`select count(*)::int as n from notifications where type = 'calendar.reminder' and record_id = ${in7.id}`,
    );
    expect(again!.n).toBe(delivered.length);
    // the items at 100 and 120 days have no reminder due today
    expect(sent.some((s) => s.payload.params.title.includes('Padova–Abano'))).toBe(false);
  });

  it('runs once a day from 06:00 Rome time, in winter and in summer', () => {
    expect(remindersPeriod(new Date('2026-12-01T04:59:00Z'))).toBeNull();
    expect(remindersPeriod(new Date('2026-12-01T05:00:00Z'))).toBe('2026-12-01');
    expect(remindersPeriod(new Date('2026-07-01T03:59:00Z'))).toBeNull();
    expect(remindersPeriod(new Date('2026-07-01T04:00:00Z'))).toBe('2026-07-01');
    expect(remindersPeriod(new Date('2026-12-31T23:30:00Z'))).toBeNull();
  });
});

describe('network records in the calendar and the search', () => {
  const items = (sourceId: string) =>
    rows<{ kind: string; audience: string[]; starts_at: Date; all_day: boolean }>(
      sql`select kind, audience, starts_at, all_day from calendar_items where source_id = ${sourceId}`,
    );

  it('removes the expiry of a withdrawn convention, and keeps the entry of the search with its audience', async () => {
    const c = await createConvention(
      'padovaAdmin',
      ids.padova,
      [ids.abano],
      'Convenzione da ritirare',
      addDays(today, 50),
    );
    expect(await items(c.id)).toHaveLength(1);
    const [entry] = await rows<{ title: string; audience: string[]; body: string }>(
      sql`select title, audience, body from search_entries where kind = 'convention' and ref_id = ${c.id}`,
    );
    expect(entry!.title).toBe('Convenzione da ritirare');
    expect(entry!.audience.sort()).toEqual([`ente:${ids.abano}`, `ente:${ids.padova}`, 'role:upi_admin'].sort());
    expect(entry!.body).toContain('Abano Terme');
    const res = await api('POST', `/registry/conventions/${c.id}/transitions`, 'padovaAdmin', {
      to: 'withdrawn',
      reason: 'Non più necessaria',
      version: c.version,
    });
    expect(res.statusCode).toBe(200);
    expect(await items(c.id)).toHaveLength(0);
  });

  it("follows a change of a draft convention's parties and end date in its item and search entry", async () => {
    const c = await createConvention(
      'padovaAdmin',
      ids.padova,
      [ids.abano],
      'Convenzione con parti variabili',
      addDays(today, 70),
    );
    const albignasego = await enteId(t.database, 'comune', '028003');
    const res = await api('PUT', `/registry/conventions/${c.id}`, 'padovaAdmin', {
      title: 'Convenzione con parti variabili',
      services: ['sua'],
      startsOn: addDays(today, -10),
      endsOn: addDays(today, 80),
      partyIds: [albignasego],
      version: c.version,
    });
    expect(res.statusCode).toBe(200);
    const [item] = await items(c.id);
    expect(item!.audience).toContain(`ente:${albignasego}`);
    expect(item!.audience).not.toContain(`ente:${ids.abano}`);
    expect(romeDate(new Date(item!.starts_at))).toBe(addDays(today, 80));
    const [entry] = await rows<{ audience: string[] }>(
      sql`select audience from search_entries where kind = 'convention' and ref_id = ${c.id}`,
    );
    expect(entry!.audience).not.toContain(`ente:${ids.abano}`);
    expect(await itemTitles('abanoUser')).not.toContain('Scadenza della convenzione: Convenzione con parti variabili');
  });

  it('indexes issued protocols for UPI and their Province only', async () => {
    const issued = await api('POST', '/registry/protocols/issue', 'upi', {});
    expect(issued.statusCode).toBe(200);
    const [p] = await rows<{ id: string }>(sql`select id from protocols where provincia_id = ${ids.padova}`);
    const [entry] = await rows<{ title: string; audience: string[]; url: string }>(
      sql`select title, audience, url from search_entries where kind = 'protocol' and ref_id = ${p!.id}`,
    );
    expect(entry).toMatchObject({
      title: "Protocollo d'intesa — Provincia di Padova",
      url: `/rete/protocolli/${p!.id}`,
    });
    expect(entry!.audience.sort()).toEqual([`ente:${ids.padova}`, 'role:upi_admin']);
  });

  it('publishes the deadline of an open local table to every member and removes it when the table closes', async () => {
    const res = await api('POST', '/registry/tables', 'upi', {
      title: 'Tavolo di prova',
      topic: 'Confronto',
      area: 'sua',
      applyBy: addDays(today, 20),
      startsOn: addDays(today, 30),
    });
    expect(res.statusCode).toBe(201);
    const table = res.json();
    const [item] = await items(table.id);
    expect(item).toMatchObject({ kind: 'table_deadline', audience: ['member'], all_day: true });
    expect(await itemTitles('rovigoAdmin')).toContain('Candidature al tavolo locale: Tavolo di prova');
    expect(await itemTitles('nobody')).toEqual([]);
    const closed = await api('PUT', `/registry/tables/${table.id}`, 'upi', { state: 'closed', version: table.version });
    expect(closed.statusCode).toBe(200);
    expect(await items(table.id)).toHaveLength(0);
  });

  it('publishes a committee meeting at its time', async () => {
    const [body] = await t.database.db
      .execute(sql`insert into governance_bodies (code, name) values ('cal-test', 'Comitato di prova') returning id`)
      .then((r) => (r as unknown as { rows: { id: string }[] }).rows);
    const heldAt = `${addDays(today, 12)}T10:30:00+01:00`;
    const res = await api('POST', `/registry/bodies/${body!.id}/meetings`, 'upi', {
      title: 'Seduta di prova',
      heldAt,
      location: 'Roma',
    });
    expect(res.statusCode).toBe(201);
    const [item] = await items(res.json().id);
    expect(item).toMatchObject({ kind: 'meeting', all_day: false, audience: ['member'] });
    expect(new Date(item!.starts_at).toISOString()).toBe(new Date(heldAt).toISOString());
  });

  it('resynchronises every network record idempotently', async () => {
    const before = await rows<{ id: string; kind: string; starts_at: Date }>(
      sql`select id, kind, starts_at from calendar_items order by id`,
    );
    const counts = await t.app.services.network.syncDerived();
    expect(counts.conventions).toBeGreaterThanOrEqual(4);
    await t.app.services.network.syncDerived();
    const after = await rows<{ id: string; kind: string; starts_at: Date }>(
      sql`select id, kind, starts_at from calendar_items order by id`,
    );
    expect(after).toEqual(before);
  });
});

describe('API description', () => {
  it('describes the calendar routes in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    for (const path of [
      '/api/v1/calendar/items',
      '/api/v1/calendar/feed-token',
      '/api/v1/calendar/feed-token/reset',
      '/api/v1/calendar/feed.ics',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    expect(doc.paths['/api/v1/calendar/items'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['from', 'to', 'module', 'kind']),
    );
  });
});

describe('permission matrix: role × own/other ente × action', () => {
  const cases: [string, boolean][] = [
    ['upi', true],
    ['researcher', false],
    ['padovaAdmin', true],
    ['padovaSua', true],
    ['abanoUser', true],
    ['rovigoAdmin', false],
    ['nobody', false],
  ];
  it("sees Padova's convention expiry: upi, Padova's people and its party Comune yes; UPI researcher, Rovigo, no membership no", async () => {
    const got = await Promise.all(
      cases.map(async ([who]) =>
        (await itemTitles(who)).includes('Scadenza della convenzione: Convenzione SUA Padova–Abano'),
      ),
    );
    expect(got).toEqual(cases.map(([, expected]) => expected));
  });

  it('refuses every calendar route to anonymous callers (401) and serves each user only their own address', async () => {
    expect((await api('GET', `/calendar/items?from=${today}&to=${today}`)).statusCode).toBe(401);
    expect((await api('GET', '/calendar/feed-token')).statusCode).toBe(401);
    expect((await api('POST', '/calendar/feed-token/reset')).statusCode).toBe(401);
    expect((await api('DELETE', '/calendar/feed-token')).statusCode).toBe(401);
    const tokens = await Promise.all(
      cases.map(async ([who]) => (await api('GET', '/calendar/feed-token', who)).json().token as string),
    );
    expect(new Set(tokens).size).toBe(cases.length);
    // a reset by one user leaves everyone else's address working
    await api('POST', '/calendar/feed-token/reset', 'nobody');
    for (const [i, [who]] of cases.entries()) {
      if (who === 'nobody') continue;
      expect(
        (await t.app.inject({ method: 'GET', url: `/api/v1/calendar/feed.ics?token=${tokens[i]}` })).statusCode,
      ).toBe(200);
    }
  });

  it('refuses a mutating calendar request without the anti-forgery header', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/calendar/feed-token/reset',
      headers: { cookie: h.upi!.cookie! },
    });
    expect(res.statusCode).toBe(403);
  });
});
