import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, enteId, type TestContext } from '../../../test/build-app.js';
import type { NotificationEvent } from './notifications.service.js';

/** A real SMTP peer on loopback that can refuse the next recipients with a temporary error. */
let server: SMTPServer;
const received: { to: string[]; mail: ParsedMail }[] = [];
let refuseNext = 0;
let refused = 0;
let t: TestContext;
const RECORD = 'smtp-note';
const u: Record<string, { id: string; email: string }> = {};

const rows = async <T>(query: ReturnType<typeof sql>): Promise<T[]> => ((await t.database.db.execute(query)) as unknown as { rows: T[] }).rows;
async function publish(event: NotificationEvent) {
  await t.database.db.transaction((tx) => t.app.services.notifications.publish(tx, event));
  await t.app.services.jobs.drain();
}
const mailsTo = (email: string) => received.filter((r) => r.to.includes(email)).map((r) => r.mail);

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
  disableReverseLookup: true,
  closeTimeout: 100,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (refuseNext > 0) {
        refuseNext--;
        refused++;
        const err = new Error('Mailbox busy, try again later') as Error & { responseCode: number };
        err.responseCode = 451;
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  t = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}?ignoreTLS=true`, JOBS_RETRY_BASE_MS: '0', BASE_URL: 'http://pc.test' });
  const n = t.app.services.notifications;
  n.defineEvent('smtp.commented', {
    module: 'comments',
    label: { it: 'Commenti sui miei record', en: 'Comments on my records' },
    defaults: { inApp: true, email: 'immediate' },
    render: (p, locale) => ({ title: locale === 'en' ? `New comment by ${String(p.who)}` : `Nuovo commento di ${String(p.who)}`, body: String(p.text) }),
  });
  n.defineEvent('smtp.deadline', {
    module: 'calendar',
    label: { it: 'Scadenze', en: 'Deadlines' },
    defaults: { inApp: true, email: 'daily' },
    render: (p) => ({ title: `Scadenza: ${String(p.what)}`, body: 'tra 7 giorni' }),
  });
  t.app.services.records.register(RECORD, {
    access: async () => ({ enteId: null, read: true, write: false }),
    describe: async (_db, id) => ({ title: `Convenzione ${id.slice(0, 4)}`, url: `/rete/convenzioni/${id}`, module: 'network' }),
  });
  const padova = await enteId(t.database, 'provincia', '028');
  for (const name of ['it', 'en', 'retry', 'digest']) u[name] = await createUser(t.database, [{ role: 'referent', enteId: padova }]);
  await t.database.db.execute(sql`update users set locale = 'en' where id = ${u.en!.id}::uuid`);
});
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('e-mail through a real SMTP peer', () => {
  it('delivers an immediate e-mail in Italian with text and HTML, a one-click unsubscribe header that works when followed', async () => {
    const note = randomUUID();
    await publish({ type: 'smtp.commented', recipients: [u.it!.id], record: { type: RECORD, id: note }, url: `/rete/convenzioni/${note}`, params: { who: 'Mario Rossi', text: 'Serve la delibera' } });
    const [mail] = mailsTo(u.it!.email);
    expect(mailsTo(u.it!.email)).toHaveLength(1);
    expect(mail!.subject).toBe('[Province & Comuni] Nuovo commento di Mario Rossi');
    expect(mail!.text).toContain('Serve la delibera');
    expect(mail!.text).toContain(`Apri nella piattaforma: http://pc.test/rete/convenzioni/${note}`);
    expect(mail!.html).toContain('Disattiva «Commenti sui miei record»');
    expect(mail!.html).toContain(`href="http://pc.test/rete/convenzioni/${note}"`);
    expect(mail!.headerLines.find((l) => l.key === 'list-unsubscribe-post')!.line).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    const header = mail!.headerLines.find((l) => l.key === 'list-unsubscribe')!.line;
    const url = new URL(/<([^>]+)>/.exec(header)![1]!);
    expect(url.origin + url.pathname).toBe('http://pc.test/api/v1/notifications/unsubscribe');
    // the mail client's one-click POST turns the e-mails of this type off
    const res = await t.app.inject({ method: 'POST', url: `${url.pathname}${url.search}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(res.statusCode).toBe(200);
    const prefs = await rows<{ email: string }>(sql`select email from notification_preferences where user_id = ${u.it!.id}::uuid and event_type = 'smtp.commented'`);
    expect(prefs).toEqual([{ email: 'off' }]);
    await publish({ type: 'smtp.commented', recipients: [u.it!.id], params: { who: 'Anna', text: 'ancora' } });
    expect(mailsTo(u.it!.email)).toHaveLength(1);
  });

  it('writes in English to a user who chose English', async () => {
    await publish({ type: 'smtp.commented', recipients: [u.en!.id], params: { who: 'Mario', text: 'Please check' } });
    const [mail] = mailsTo(u.en!.email);
    expect(mail!.subject).toBe('[Province & Comuni] New comment by Mario');
    expect(mail!.text).toContain('Turn off “Comments on my records”');
    expect(mail!.html).toContain('<html lang="en">');
  });

  it('retries after the peer refused once, and delivers exactly one e-mail', async () => {
    refuseNext = 1;
    const refusedBefore = refused;
    await t.database.db.transaction((tx) => t.app.services.notifications.publish(tx, { type: 'smtp.commented', recipients: [u.retry!.id], params: { who: 'Luca', text: 'riprova' } }));
    await t.app.services.jobs.runOnce(); // fan-out
    await t.app.services.jobs.runOnce(); // first attempt: refused
    expect(refused).toBe(refusedBefore + 1);
    expect(mailsTo(u.retry!.email)).toHaveLength(0);
    const [job] = await rows<{ state: string; attempts: number; last_error: string }>(sql`select state, attempts, last_error from jobs where queue = 'notifications.email' order by id desc limit 1`);
    expect(job).toMatchObject({ state: 'pending', attempts: 1 });
    expect(job!.last_error).toMatch(/451/);
    await t.app.services.jobs.drain();
    await t.app.services.jobs.drain();
    expect(mailsTo(u.retry!.email)).toHaveLength(1);
    const [done] = await rows<{ state: string; attempts: number }>(sql`select state, attempts from jobs where queue = 'notifications.email' order by id desc limit 1`);
    expect(done).toEqual({ state: 'done', attempts: 2 });
  });

  it('sends one daily digest grouping three events of two modules and two records', async () => {
    const convention = randomUUID();
    const other = randomUUID();
    await t.database.db.execute(sql`insert into notification_preferences (user_id, event_type, in_app, email) values (${u.digest!.id}::uuid, 'smtp.commented', true, 'daily')`);
    await publish({ type: 'smtp.commented', recipients: [u.digest!.id], record: { type: RECORD, id: convention }, params: { who: 'Mario', text: 'Primo' } });
    await publish({ type: 'smtp.commented', recipients: [u.digest!.id], record: { type: RECORD, id: convention }, params: { who: 'Anna', text: 'Secondo' } });
    await publish({ type: 'smtp.deadline', recipients: [u.digest!.id], record: { type: RECORD, id: other }, params: { what: 'rendiconto' } });
    expect(mailsTo(u.digest!.email)).toHaveLength(0);
    await t.app.services.jobs.enqueue(t.database.db, 'notifications.digest.daily', { period: 'test-day' }, { dedupeKey: 'notifications.digest.daily:test-day' });
    await t.app.services.jobs.drain();
    const digests = mailsTo(u.digest!.email);
    expect(digests).toHaveLength(1);
    const mail = digests[0]!;
    expect(mail.subject).toBe('[Province & Comuni] Riepilogo giornaliero: 3 notifiche');
    expect(mail.text).toMatch(new RegExp(`== Calendario ==\\n\\n\\* Convenzione ${other.slice(0, 4)} <http://pc.test/rete/convenzioni/${other}>\\n  - Scadenza: rendiconto`));
    expect(mail.text).toMatch(new RegExp(`== Commenti ==\\n\\n\\* Convenzione ${convention.slice(0, 4)} [^\\n]*\\n  - Nuovo commento di Mario: Primo\\n  - Nuovo commento di Anna: Secondo`));
    expect(mail.html).toContain('Calendario</h2>');
    expect(mail.html).toContain('http://pc.test/notifiche/preferenze');
    // a second run of the period, or a new one with nothing waiting, sends nothing more
    await t.app.services.jobs.enqueue(t.database.db, 'notifications.digest.daily', { period: 'test-day-2' }, { dedupeKey: 'notifications.digest.daily:test-day-2' });
    await t.app.services.jobs.drain();
    expect(mailsTo(u.digest!.email)).toHaveLength(1);
  });
});
