import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { openDatabase, type Database, rowsOf } from '@app/db';
import { buildApp } from '../apps/api/src/app.js';
import { createJobQueue } from '../apps/api/src/lib/jobs.js';
import { parseEnv } from '../apps/api/src/config/env.js';
import { printTable } from './lib.js';

/**
 * Notifications fan-out: BENCH_USERS (1,000) users, BENCH_EVENTS (10,000) events each published to 10 of them
 * about a record everyone may read (100,000 notifications); a tenth of the users asked for immediate e-mails,
 * which go to an SMTP sink on loopback. Measures the wall time of BENCH_WORKERS (8) job workers to drain the
 * queue (fan-out, permission checks, preferences, e-mails), and of one worker alone, next to the baseline: the same 100,000 notification rows inserted by one raw
 * SQL statement. On PostgreSQL when BENCH_ADMIN_URL is set (database `pc_bench_notifications`, created anew and
 * dropped at the end), else on a temporary embedded PGlite database.
 */
const USERS = Number(process.env.BENCH_USERS ?? 1000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const PER_EVENT = 10;
const BATCH = 500;
/** Job workers draining the queue side by side (as several API processes would). */
const WORKERS = Number(process.env.BENCH_WORKERS ?? 8);
const admin = process.env.BENCH_ADMIN_URL;
const dbName = 'pc_bench_notifications';

let sent = 0;
const sink = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  disableReverseLookup: true,
  closeTimeout: 100,
  logger: false,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      sent++;
      callback();
    });
  },
});
await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
const smtpPort = (sink.server.address() as AddressInfo).port;

let url: string | undefined;
let work: string | null = null;
if (admin) {
  url = admin.replace(/\/[^/]*$/, `/${dbName}`);
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`drop database if exists ${dbName}`);
  await c.query(`create database ${dbName}`);
  await c.end();
} else {
  work = mkdtempSync(join(tmpdir(), 'pc-bench-notifications-'));
}

const database: Database = await openDatabase(url ? { databaseUrl: url } : { dataDir: work! });
try {
  await database.migrate();
  const config = parseEnv({
    WEB_DIST: '/nonexistent',
    ...(url ? { DATABASE_URL: url } : { DATA_DIR: work! }),
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}?ignoreTLS=true&pool=true&maxConnections=${WORKERS}`,
    LOG_LEVEL: 'error',
  });
  const app = await buildApp({ config, database });
  await app.ready();
  const { db } = database;
  const { notifications, jobs, records } = app.services;
  notifications.defineEvent('bench.commented', {
    module: 'comments',
    label: { it: 'Commenti (banco di prova)', en: 'Comments (benchmark)' },
    defaults: { inApp: true, email: 'off' },
    render: (p, locale) => ({ title: `${locale === 'en' ? 'Comment on' : 'Commento su'} ${String(p.n)}`, body: 'Testo del commento' }),
  });
  records.register('bench-record', { access: async () => ({ enteId: null, read: true, write: false }) });
  const recordId = '00000000-0000-4000-8000-000000000001';

  // the users, in one statement; a tenth of them want e-mails at once
  await db.execute(sql`
    insert into users (email, display_name, locale)
    select 'bench-' || lpad(g::text, 5, '0') || '@bench.example.it', 'Utente ' || g, case when g % 5 = 0 then 'en' else 'it' end
    from generate_series(1, ${USERS}) g`);
  const ids = rowsOf<{ id: string }>(await db.execute(sql`select id from users where email like 'bench-%' order by email`)).map((r) => r.id);
  await db.execute(sql`
    insert into notification_preferences (user_id, event_type, in_app, email)
    select id, 'bench.commented', true, 'immediate' from users where email like 'bench-%' and right(split_part(email, '@', 1), 1) = '0'`);
  const recipientsOf = (e: number) => Array.from({ length: PER_EVENT }, (_, k) => ids[(e * 7 + k * 101) % ids.length]!);
  const actorOf = (e: number) => ids[(e * 13 + 1) % ids.length]!;

  const t0 = performance.now();
  for (let start = 0; start < EVENTS; start += BATCH) {
    await db.transaction(async (tx) => {
      for (let e = start; e < Math.min(EVENTS, start + BATCH); e++) {
        await notifications.publish(tx, { type: 'bench.commented', recipients: recipientsOf(e), actorId: actorOf(e), record: { type: 'bench-record', id: recordId }, url: `/bench/${e}`, params: { n: e } });
      }
    });
  }
  const publishS = (performance.now() - t0) / 1000;

  let fanoutMs = 0;
  let emailMs = 0;
  // workers on the same queue table: each claims with `for update skip locked`; the app's own worker finishes
  const workers = Array.from({ length: WORKERS }, () => {
    const q = createJobQueue({ db, log: app.log, retryBaseMs: 1000 });
    q.handle('notifications.fanout', async (job) => {
      const t = performance.now();
      await notifications.fanout(job.payload as never);
      fanoutMs += performance.now() - t;
    });
    q.handle('notifications.email', async (job) => {
      const t = performance.now();
      await notifications.sendEmail(String(job.payload.notificationId));
      emailMs += performance.now() - t;
    });
    return q;
  });
  const t1 = performance.now();
  const counts0 = await Promise.all(workers.map((w) => w.drain(1_000_000)));
  const ran = counts0.reduce((a, b) => a + b, 0) + (await jobs.drain(1_000_000));
  const drainS = (performance.now() - t1) / 1000;
  const [counts] = rowsOf<{ n: number; immediate: number; emailed: number }>(
    await db.execute(sql`select count(*)::int as n, count(*) filter (where email_mode = 'immediate')::int as immediate, count(emailed_at)::int as emailed from notifications`),
  );
  const [failed] = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from jobs where state <> 'done'`));

  // baseline: the same number of rows by one statement
  const expected = EVENTS * PER_EVENT;
  let told = 0; // recipients minus the author of each event
  for (let e = 0; e < EVENTS; e++) told += new Set(recipientsOf(e).filter((id) => id !== actorOf(e))).size;
  const t2 = performance.now();
  await db.execute(sql`
    with u as (select array_agg(id order by email) as ids from users where email like 'bench-%')
    insert into notifications (event_id, user_id, type, module, title, body, url)
    select (md5('baseline' || e))::uuid, u.ids[1 + (e * 7 + k * 101) % ${ids.length}], 'bench.commented', 'comments', 'Commento su ' || e, 'Testo del commento', '/bench/' || e
    from u, generate_series(0, ${EVENTS - 1}) e, generate_series(0, ${PER_EVENT - 1}) k`);
  const baselineS = (performance.now() - t2) / 1000;

  await app.close();
  const engine = url ? 'PostgreSQL' : 'PGlite';
  printTable([
    { measure: `publish ${EVENTS} events (${engine}, in transactions of ${BATCH})`, value: `${publishS.toFixed(2)} s`, rate: `${Math.round(EVENTS / publishS)} events/s` },
    { measure: `drain the queue: ${ran} jobs, ${WORKERS} workers`, value: `${drainS.toFixed(2)} s`, rate: `${Math.round(EVENTS / drainS)} events/s` },
    { measure: `notifications stored (expected ${told}: recipients less authors)`, value: String(counts!.n), rate: `${Math.round(counts!.n / drainS)} notifications/s` },
    { measure: `e-mails sent (immediate: ${counts!.immediate}, marked sent: ${counts!.emailed})`, value: String(sent), rate: `${Math.round(sent / drainS)} e-mails/s` },
    { measure: 'handler time: fan-out, mean per event (all workers)', value: `${(fanoutMs / EVENTS).toFixed(1)} ms`, rate: '' },
    { measure: 'handler time: e-mail, mean per message (all workers)', value: `${(emailMs / Math.max(1, sent)).toFixed(1)} ms`, rate: '' },
    { measure: 'jobs not done', value: String(failed!.n), rate: '' },
    { measure: `baseline: one INSERT … SELECT of ${expected} rows`, value: `${baselineS.toFixed(2)} s`, rate: `${Math.round(expected / baselineS)} rows/s` },
    { measure: 'ratio drain / baseline (time)', value: (drainS / baselineS).toFixed(1), rate: '' },
  ]);
} finally {
  await database.close();
  await new Promise<void>((r) => sink.close(() => r()));
  if (admin) {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`drop database if exists ${dbName}`);
    await c.end();
  }
  if (work) rmSync(work, { recursive: true, force: true });
}
