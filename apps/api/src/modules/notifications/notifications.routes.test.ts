import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, enteId, login, XRW, type TestContext } from '../../../test/build-app.js';
import type { NotificationEvent } from './notifications.service.js';

type Headers = Record<string, string>;
let t: TestContext;
const h: Record<string, Headers> = {};
const u: Record<string, string> = {};
const email: Record<string, string> = {};
const RECORD = 'test-note';
/** Records nobody but the listed users may read; all others are readable by everyone signed in. */
const secretReaders = new Map<string, Set<string>>();

const api = (method: 'GET' | 'POST' | 'PUT', url: string, as?: string, payload?: unknown) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: as ? h[as] : { ...XRW }, ...(payload === undefined ? {} : { payload: payload as object }) });

const rows = async <T>(query: ReturnType<typeof sql>): Promise<T[]> => ((await t.database.db.execute(query)) as unknown as { rows: T[] }).rows;

async function publish(event: NotificationEvent) {
  await t.database.db.transaction((tx) => t.app.services.notifications.publish(tx, event));
  await t.app.services.jobs.drain();
}
const notesOf = (userId: string) => rows<{ type: string; in_app: boolean; email_mode: string; title: string }>(sql`select type, in_app, email_mode, title from notifications where user_id = ${userId}::uuid order by created_at`);

beforeAll(async () => {
  t = await createTestApp();
  const n = t.app.services.notifications;
  n.defineEvent('test.assigned', {
    module: 'requests',
    label: { it: 'Richiesta assegnata a me', en: 'Request assigned to me' },
    defaults: { inApp: true, email: 'off' },
    render: (p, locale) => ({ title: locale === 'en' ? `Request ${String(p.code)} assigned` : `Richiesta ${String(p.code)} assegnata`, body: '' }),
  });
  n.defineEvent('test.mentioned', {
    module: 'comments',
    label: { it: 'Menzioni', en: 'Mentions' },
    defaults: { inApp: true, email: 'immediate' },
    render: (p) => ({ title: `Sei stato menzionato da ${String(p.who)}`, body: String(p.text ?? '') }),
  });
  t.app.services.records.register(RECORD, {
    access: async (ctx, id) => {
      const readers = secretReaders.get(id);
      const read = !readers || readers.has(ctx.actor!.userId);
      return { enteId: null, read, write: false };
    },
    describe: async (_db, id) => ({ title: `Nota ${id.slice(0, 4)}`, url: `/note/${id}`, module: 'comments' }),
  });
  const padova = await enteId(t.database, 'provincia', '028');
  const rovigo = await enteId(t.database, 'provincia', '029');
  const abano = await enteId(t.database, 'comune', '028001');
  const upi = await enteId(t.database, 'upi', null);
  const people: [string, { role: 'upi_admin' | 'ente_admin' | 'comune_user' | 'referent'; enteId: string }[], { active?: boolean }?][] = [
    ['actor', [{ role: 'referent', enteId: padova }]],
    ['ann', [{ role: 'ente_admin', enteId: padova }]],
    ['bob', [{ role: 'referent', enteId: padova }]],
    ['carl', [{ role: 'comune_user', enteId: abano }]],
    ['dora', [{ role: 'ente_admin', enteId: rovigo }]],
    ['upi', [{ role: 'upi_admin', enteId: upi }]],
    ['gone', [{ role: 'referent', enteId: padova }], { active: false }],
  ];
  for (const [name, memberships, o] of people) {
    const created = await createUser(t.database, memberships, { displayName: name, active: o?.active ?? true });
    u[name] = created.id;
    email[name] = created.email;
    if (o?.active !== false) h[name] = await login(t.app, created.email);
  }
});
afterAll(() => t.close());

describe('fan-out', () => {
  it('tells each recipient once, leaving out the author, inactive users and those who turned both channels off', async () => {
    await t.database.db.execute(sql`insert into notification_preferences (user_id, event_type, in_app, email) values (${u.carl}::uuid, 'test.assigned', false, 'off')`);
    await publish({ type: 'test.assigned', recipients: [u.actor!, u.ann!, u.ann!, u.carl!, u.gone!, 'not-a-uuid'], actorId: u.actor, url: '/assistenza/1', params: { code: 'R-1' } });
    expect(await notesOf(u.ann!)).toEqual([{ type: 'test.assigned', in_app: true, email_mode: 'none', title: 'Richiesta R-1 assegnata' }]);
    expect(await notesOf(u.actor!)).toEqual([]);
    expect(await notesOf(u.carl!)).toEqual([]);
    expect(await notesOf(u.gone!)).toEqual([]);
  });

  it('drops recipients who cannot read the record: a mention of a user who cannot see it notifies no one', async () => {
    const note = randomUUID();
    secretReaders.set(note, new Set([u.ann!]));
    const before = (await rows<{ n: number }>(sql`select count(*)::int as n from notifications`))[0]!.n;
    const mailsBefore = t.mails.length;
    await publish({ type: 'test.mentioned', recipients: [u.bob!], actorId: u.ann, record: { type: RECORD, id: note }, params: { who: 'ann' } });
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from notifications`))[0]!.n).toBe(before);
    expect(t.mails.length).toBe(mailsBefore);
    await publish({ type: 'test.mentioned', recipients: [u.bob!, u.dora!, u.carl!], actorId: u.actor, record: { type: RECORD, id: note }, params: { who: 'x' } });
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from notifications`))[0]!.n).toBe(before);
  });

  it('drops everyone when the record type is unknown (deny by default)', async () => {
    await publish({ type: 'test.assigned', recipients: [u.bob!], record: { type: 'no-such-type', id: randomUUID() }, params: { code: 'X' } });
    expect((await notesOf(u.bob!)).filter((n) => n.title === 'Richiesta X assegnata')).toEqual([]);
  });

  it('e-mails at once by the type default, in the recipient language, and not again when the event is fanned out twice', async () => {
    await t.database.db.execute(sql`update users set locale = 'en' where id = ${u.dora}::uuid`);
    const note = randomUUID();
    const event = { eventId: randomUUID(), at: new Date().toISOString(), type: 'test.mentioned', recipients: [u.dora!, u.bob!], actorId: u.ann, record: { type: RECORD, id: note }, url: `/note/${note}`, params: { who: 'Ann', text: 'guarda qui' } };
    const mailsBefore = t.mails.length;
    expect(await t.app.services.notifications.fanout(event)).toEqual({ stored: 2 });
    expect(await t.app.services.notifications.fanout(event)).toEqual({ stored: 0 });
    await t.app.services.jobs.drain();
    const sent = t.mails.slice(mailsBefore);
    expect(sent.map((m) => m.to).sort()).toEqual([email.bob, email.dora].sort());
    const dora = sent.find((m) => m.to === email.dora)!;
    expect(dora.text).toContain('Open in the platform');
    expect(dora.html).toContain('<html lang="en">');
    expect(dora.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const bob = sent.find((m) => m.to === email.bob)!;
    expect(bob.subject).toBe('[Province & Comuni] Sei stato menzionato da Ann');
    expect(bob.text).toContain(`/note/${note}`);
    const stored = await rows<{ n: number; emailed: number }>(sql`select count(*)::int as n, count(emailed_at)::int as emailed from notifications where event_id = ${event.eventId}::uuid`);
    expect(stored[0]).toEqual({ n: 2, emailed: 2 });
    // a rerun of the e-mail job (at least once) does not send twice
    const [row] = await rows<{ id: string }>(sql`select id from notifications where event_id = ${event.eventId}::uuid and user_id = ${u.bob}::uuid`);
    expect(await t.app.services.notifications.sendEmail(row!.id)).toBe(false);
  });

  it('keeps a notification out of the bell but for the digest when in-app is off and the digest on', async () => {
    await t.database.db.execute(sql`insert into notification_preferences (user_id, event_type, in_app, email) values (${u.upi}::uuid, 'test.assigned', false, 'weekly')`);
    await publish({ type: 'test.assigned', recipients: [u.upi!], params: { code: 'W-1' } });
    expect(await notesOf(u.upi!)).toEqual([{ type: 'test.assigned', in_app: false, email_mode: 'weekly', title: 'Richiesta W-1 assegnata' }]);
    expect((await api('GET', '/notifications/unread-count', 'upi')).json()).toEqual({ unread: 0 });
    const mailsBefore = t.mails.length;
    await t.app.services.jobs.enqueue(t.database.db, 'notifications.digest.weekly', { period: 'test-W1' });
    await t.app.services.jobs.drain();
    const digest = t.mails.slice(mailsBefore).filter((m) => m.to === email.upi);
    expect(digest).toHaveLength(1);
    expect(digest[0]!.subject).toBe('[Province & Comuni] Riepilogo settimanale: 1 notifica');
    expect(digest[0]!.text).toContain('== Assistenza ==');
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from notifications where user_id = ${u.upi}::uuid and emailed_at is null`))[0]!.n).toBe(0);
  });
});

describe('bell and notifications page', () => {
  beforeAll(async () => {
    for (const code of ['B-1', 'B-2', 'B-3']) await publish({ type: 'test.assigned', recipients: [u.bob!], actorId: u.ann, url: `/assistenza/${code}`, params: { code } });
  });

  it('counts unread notifications and lists them newest first with the author', async () => {
    const count = (await api('GET', '/notifications/unread-count', 'bob')).json().unread;
    expect(count).toBeGreaterThanOrEqual(3);
    const list = (await api('GET', '/notifications?pageSize=2', 'bob')).json();
    expect(list.items).toHaveLength(2);
    expect(list.unread).toBe(count);
    expect(list.items[0]).toMatchObject({ type: 'test.assigned', module: 'requests', title: 'Richiesta B-3 assegnata', url: '/assistenza/B-3', actor: { id: u.ann, displayName: 'ann' }, readAt: null });
  });

  it('marks one read, then all read; the unread filter follows', async () => {
    const first = (await api('GET', '/notifications', 'bob')).json();
    const res = await api('POST', `/notifications/${first.items[0].id}/read`, 'bob');
    expect(res.statusCode).toBe(200);
    expect(res.json().unread).toBe(first.unread - 1);
    const unread = (await api('GET', '/notifications?unread=true', 'bob')).json();
    expect(unread.total).toBe(first.unread - 1);
    expect(unread.items.every((i: { readAt: string | null }) => i.readAt === null)).toBe(true);
    expect((await api('POST', '/notifications/read-all', 'bob')).json()).toEqual({ unread: 0 });
    expect((await api('GET', '/notifications?unread=true', 'bob')).json()).toMatchObject({ items: [], total: 0, unread: 0 });
    expect((await api('GET', '/notifications', 'bob')).json().total).toBe(first.total);
  });

  it("does not let a user read or mark someone else's notification", async () => {
    await publish({ type: 'test.assigned', recipients: [u.ann!], params: { code: 'A-9' } });
    const ann = (await api('GET', '/notifications', 'ann')).json();
    const id = ann.items[0].id;
    expect((await api('POST', `/notifications/${id}/read`, 'bob')).statusCode).toBe(404);
    expect((await api('POST', `/notifications/${id}/read`, 'upi')).statusCode).toBe(404);
    expect((await api('GET', '/notifications', 'ann')).json().items[0].readAt).toBeNull();
    expect((await api('POST', `/notifications/${randomUUID()}/read`, 'ann')).statusCode).toBe(404);
    expect((await api('POST', '/notifications/not-an-id/read', 'ann')).statusCode).toBe(400);
  });

  it('requires a session, and the CSRF header for changes', async () => {
    expect((await api('GET', '/notifications')).statusCode).toBe(401);
    expect((await api('GET', '/notifications/unread-count')).statusCode).toBe(401);
    expect((await api('POST', '/notifications/read-all')).statusCode).toBe(401);
    const noHeader = await t.app.inject({ method: 'POST', url: '/api/v1/notifications/read-all', headers: { cookie: h.ann!.cookie! } });
    expect(noHeader.statusCode).toBe(403);
    expect((await api('GET', '/notifications?pageSize=0', 'ann')).json().details.issues[0].path).toBe('querystring.pageSize');
  });
});

describe('preferences', () => {
  it('lists every event type with its default, labelled in the user language', async () => {
    const it = (await api('GET', '/notifications/preferences', 'ann')).json();
    expect(it.items).toEqual([
      { type: 'test.assigned', module: 'requests', moduleLabel: 'Assistenza', label: 'Richiesta assegnata a me', inApp: true, email: 'off', isDefault: true },
      { type: 'test.mentioned', module: 'comments', moduleLabel: 'Commenti', label: 'Menzioni', inApp: true, email: 'immediate', isDefault: true },
    ]);
    const en = (await api('GET', '/notifications/preferences', 'dora')).json();
    expect(en.items.map((i: { label: string }) => i.label).sort()).toEqual(['Mentions', 'Request assigned to me']);
  });

  it('refuses unknown types and modes with the field path and writes nothing', async () => {
    const unknown = await api('PUT', '/notifications/preferences', 'ann', { items: [{ type: 'test.assigned', inApp: true, email: 'daily' }, { type: 'nope', inApp: true, email: 'off' }] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().details.issues).toEqual([{ path: 'body.items.1.type', message: 'Unknown event type' }]);
    const mode = await api('PUT', '/notifications/preferences', 'ann', { items: [{ type: 'test.assigned', inApp: true, email: 'hourly' }] });
    expect(mode.statusCode).toBe(400);
    expect(mode.json().details.issues[0].path).toBe('body.items.0.email');
    expect(await rows(sql`select * from notification_preferences where user_id = ${u.ann}::uuid`)).toEqual([]);
  });

  it('saves a choice, shows it as not default, audits it, and the next event follows it', async () => {
    const res = await api('PUT', '/notifications/preferences', 'ann', { items: [{ type: 'test.assigned', inApp: false, email: 'daily' }] });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.find((i: { type: string }) => i.type === 'test.assigned')).toMatchObject({ inApp: false, email: 'daily', isDefault: false });
    const [audit] = await rows<{ action: string; changes: unknown }>(sql`select action, changes from audit_events where entity_id = ${u.ann} and action = 'notification.preferences.updated'`);
    expect(audit!.changes).toEqual({ items: [{ type: 'test.assigned', from: { inApp: true, email: 'off' }, to: { inApp: false, email: 'daily' } }] });
    await publish({ type: 'test.assigned', recipients: [u.ann!], params: { code: 'D-1' } });
    expect((await notesOf(u.ann!)).at(-1)).toMatchObject({ title: 'Richiesta D-1 assegnata', in_app: false, email_mode: 'daily' });
  });
});

describe('unsubscribe links', () => {
  const linkOf = async (userId: string, type: string) => new URL(await t.app.services.notifications.unsubscribeUrl(userId, type));
  const pref = async (userId: string, type: string) =>
    (await rows<{ email: string }>(sql`select email from notification_preferences where user_id = ${userId}::uuid and event_type = ${type}`))[0]?.email ?? null;

  it('turns off the e-mails of the type from a signed link, without a session', async () => {
    const link = await linkOf(u.carl!, 'test.mentioned');
    const res = await t.app.inject({ method: 'GET', url: `${link.pathname}${link.search}` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/notifiche/disiscrizione?type=test.mentioned&ok=1');
    expect(await pref(u.carl!, 'test.mentioned')).toBe('off');
  });

  it('answers one-click POSTs from mail clients (no CSRF header) and refuses forged signatures writing nothing', async () => {
    const link = await linkOf(u.dora!, 'test.assigned');
    const forged = new URL(link);
    forged.searchParams.set('sig', 'A'.repeat(43));
    const bad = await t.app.inject({ method: 'GET', url: `${forged.pathname}${forged.search}` });
    expect(bad.headers.location).toBe('/notifiche/disiscrizione?type=test.assigned&ok=0');
    const other = new URL(link);
    other.searchParams.set('type', 'test.mentioned');
    const badPost = await t.app.inject({ method: 'POST', url: `${other.pathname}${other.search}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(badPost.statusCode).toBe(400);
    expect(await pref(u.dora!, 'test.assigned')).toBeNull();
    expect(await pref(u.dora!, 'test.mentioned')).toBeNull();
    const ok = await t.app.inject({ method: 'POST', url: `${link.pathname}${link.search}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(ok.statusCode).toBe(200);
    expect(await pref(u.dora!, 'test.assigned')).toBe('off');
    const missing = await t.app.inject({ method: 'GET', url: '/api/v1/notifications/unsubscribe?type=test.assigned' });
    expect(missing.statusCode).toBe(400);
  });
});

describe('permission matrix: role × own / other person (same ente, other ente) × action', () => {
  const roles = ['ann', 'bob', 'carl', 'upi'] as const; // ente_admin and referent of Padova, comune_user of Abano, upi_admin
  const others: Record<string, { same: string; other: string }> = {
    ann: { same: 'bob', other: 'dora' },
    bob: { same: 'ann', other: 'carl' },
    carl: { same: 'carl2', other: 'ann' },
    upi: { same: 'upi2', other: 'bob' },
  };

  beforeAll(async () => {
    const abano = await enteId(t.database, 'comune', '028001');
    const upiId = await enteId(t.database, 'upi', null);
    for (const [name, m] of [['carl2', { role: 'comune_user' as const, enteId: abano }], ['upi2', { role: 'upi_admin' as const, enteId: upiId }]] as const) {
      const created = await createUser(t.database, [m], { displayName: name });
      u[name] = created.id;
      h[name] = await login(t.app, created.email);
    }
    const everyone = ['ann', 'bob', 'carl', 'carl2', 'dora', 'upi', 'upi2'].map((n) => u[n]!);
    await publish({ type: 'test.mentioned', recipients: everyone, params: { who: 'matrix' } });
  });

  const idOf = async (name: string) =>
    (await rows<{ id: string }>(sql`select id from notifications where user_id = ${u[name]}::uuid and title = 'Sei stato menzionato da matrix'`))[0]!.id;

  for (const who of roles) {
    it(`${who}: own notifications and preferences yes; another person's notification no, in the same and in another ente`, async () => {
      const own = await idOf(who);
      const list = (await api('GET', '/notifications', who)).json();
      expect(list.items.some((i: { id: string }) => i.id === own)).toBe(true);
      expect((await api('POST', `/notifications/${own}/read`, who)).statusCode).toBe(200);
      expect((await api('GET', '/notifications/preferences', who)).statusCode).toBe(200);
      expect((await api('PUT', '/notifications/preferences', who, { items: [{ type: 'test.mentioned', inApp: true, email: 'weekly' }] })).statusCode).toBe(200);
      for (const other of [others[who]!.same, others[who]!.other]) {
        const theirs = await idOf(other);
        expect(list.items.some((i: { id: string }) => i.id === theirs)).toBe(false);
        const readAt = async () => (await rows<{ read_at: unknown }>(sql`select read_at::text from notifications where id = ${theirs}::uuid`))[0]!.read_at;
        const before = await readAt();
        expect((await api('POST', `/notifications/${theirs}/read`, who)).statusCode).toBe(404);
        expect(await readAt()).toBe(before);
      }
      // read-all touches only the caller's notifications (dora never reads hers)
      await api('POST', '/notifications/read-all', who);
      const [theirs] = await rows<{ n: number }>(sql`select count(*)::int as n from notifications where user_id = ${u.dora}::uuid and read_at is null and title = 'Sei stato menzionato da matrix'`);
      expect(theirs!.n).toBe(1);
    });
  }

  it('anonymous: nothing', async () => {
    const id = await idOf('ann');
    expect((await api('GET', '/notifications')).statusCode).toBe(401);
    expect((await api('POST', `/notifications/${id}/read`)).statusCode).toBe(401);
    expect((await api('GET', '/notifications/preferences')).statusCode).toBe(401);
    expect((await api('PUT', '/notifications/preferences', undefined, { items: [{ type: 'test.mentioned', inApp: true, email: 'off' }] })).statusCode).toBe(401);
  });
});
