import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf } from '@app/db';
import { bundledTerritory } from '@app/db/seed';
import { prepareDatabase } from '../bootstrap.js';
import { verifyExport } from '../modules/documents/fascicoli.export.js';
import { ChildServer, childEnv, exited, randomPort, repoRoot } from '../../test/child-server.js';

/**
 * Faults: a real server (or command) is killed with SIGKILL in the middle of its work and started again on the same
 * data directory. Nothing half-done is visible, and the work that was acknowledged is completed.
 */
const work = mkdtempSync(join(tmpdir(), 'pc-faults-'));
const servers: ChildServer[] = [];

afterAll(async () => {
  for (const s of servers) await s.killAll();
  rmSync(work, { recursive: true, force: true });
});

describe('a kill -9 during a digest run', () => {
  it('loses no digest: the jobs of the killed worker are taken over after their lock, every user gets one e-mail', async () => {
    const dataDir = join(work, 'digest');
    const USERS = 60;
    // an installation with 60 users each waiting for a daily digest of two events, and the digest run due
    const db = await openDatabase({ dataDir });
    await prepareDatabase(db, { demo: false });
    await db.db.execute(sql`
      with u as (
        insert into users (email, display_name, locale)
        select 'digest-' || n || '@example.it', 'Persona ' || n, 'it' from generate_series(1, ${USERS}) n
        returning id)
      insert into notifications (event_id, user_id, type, module, title, body, email_mode)
      select gen_random_uuid(), u.id, 'calendar.reminder', 'calendar', 'Scadenza della convenzione tra ' || k || ' giorni', '', 'daily'
      from u cross join generate_series(1, 2) k`);
    await db.db.execute(sql`insert into jobs (queue, payload) values ('notifications.digest.daily', '{"period":"2026-11-26"}')`);
    await db.close();

    // an SMTP peer that takes 100 ms per message, so that the run lasts
    const received: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      disableReverseLookup: true,
      logger: false,
      onData(stream, session, callback) {
        stream.resume();
        stream.on('end', () =>
          setTimeout(() => {
            for (const r of session.envelope.rcptTo) received.push(r.address);
            callback();
          }, 100),
        );
      },
    });
    const smtpPort = randomPort();
    await new Promise<void>((r) => smtp.listen(smtpPort, '127.0.0.1', () => r()));
    const server = new ChildServer(
      childEnv({
        PORT: String(randomPort()),
        DATA_DIR: dataDir,
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}?ignoreTLS=true`,
        JOBS_POLL_MS: '100',
        JOBS_LOCK_SECONDS: '2',
        JOBS_RETRY_BASE_MS: '200',
      }),
    );
    servers.push(server);
    try {
      const first = server.start();
      await server.waitReady(first);
      for (let i = 0; i < 300 && received.length < 10; i++) await new Promise((r) => setTimeout(r, 100));
      first.kill('SIGKILL');
      await exited(first);
      const atKill = new Set(received).size;
      expect(atKill).toBeGreaterThanOrEqual(10);
      expect(atKill).toBeLessThan(USERS);

      const again = server.start();
      await server.waitReady(again);
      for (let i = 0; i < 600 && new Set(received).size < USERS; i++) await new Promise((r) => setTimeout(r, 100));
      again.kill('SIGTERM');
      await exited(again);
    } finally {
      await new Promise<void>((r) => smtp.close(() => r()));
    }
    // every user got the digest; at most the message in flight at the kill went twice (delivery is at least once)
    expect(new Set(received).size).toBe(USERS);
    expect(received.length - USERS).toBeLessThanOrEqual(1);
    const after = await openDatabase({ dataDir });
    try {
      const [left] = rowsOf<{ pending: number | string }>(await after.db.execute(sql`select count(*) as pending from notifications where email_mode = 'daily' and emailed_at is null`));
      expect(Number(left!.pending)).toBe(0);
      const open = rowsOf<{ queue: string; state: string }>(await after.db.execute(sql`select queue, state from jobs where state <> 'done' and queue like 'notifications.digest%'`));
      expect(open).toEqual([]);
    } finally {
      await after.close();
    }
  }, 180_000);
});

describe('a kill -9 during a territory import', () => {
  it('never leaves half an import: either none or all of the changes are visible, and running it again completes it', async () => {
    const dataDir = join(work, 'import');
    const db = await openDatabase({ dataDir });
    await prepareDatabase(db, { demo: false });
    await db.close();
    // the ISTAT file of the bundled territory, with the first and the last Comune renamed
    const t = bundledTerritory();
    const first = t.comuni[0]!.istatCode;
    const last = t.comuni.at(-1)!.istatCode;
    const province = new Map(t.provinces.map((p) => [p.istatCode, p]));
    const region = new Map(t.regions.map((r) => [r.istatCode, r]));
    const header =
      "Codice Regione;Codice dell'Unità territoriale sovracomunale (valida a fini statistici);Codice Provincia (Storico)(1);Progressivo del Comune (2);Codice Comune formato alfanumerico;Denominazione (Italiana e straniera);Denominazione in italiano;Denominazione altra lingua;Codice Ripartizione Geografica;Ripartizione geografica;Denominazione Regione;Denominazione dell'Unità territoriale sovracomunale (valida a fini statistici);Tipologia di Unità territoriale sovracomunale ;Flag Comune capoluogo di provincia/città metropolitana/libero consorzio;Sigla automobilistica;Codice Comune formato numerico;Codice Comune numerico con 110 province (dal 2010 al 2016);Codice Comune numerico con 107 province (dal 2006 al 2009);Codice Comune numerico con 103 province (dal 1995 al 2005);Codice Catastale del comune";
    const lines = t.comuni.map((c) => {
      const p = province.get(c.provinceIstatCode)!;
      const name = c.istatCode === first || c.istatCode === last ? `${c.name} (rinominato)` : c.name;
      return [c.regionIstatCode, p.istatCode, p.historicCode, c.istatCode.slice(3), c.istatCode, name, name, '', '1', '', region.get(c.regionIstatCode)?.name ?? '', p.name, p.metropolitan ? '3' : '1', '0', p.carPlate ?? '', '', '', '', '', c.cadastralCode ?? ''].join(';');
    });
    const csv = join(work, 'comuni.csv');
    writeFileSync(csv, `${header}\n${lines.join('\n')}\n`);
    const env = childEnv({ DATA_DIR: dataDir });
    const renamed = async () => {
      const d = await openDatabase({ dataDir });
      try {
        return rowsOf<{ n: number | string }>(
          await d.db.execute(sql`select count(*) as n from enti where istat_code in (${first}, ${last}) and name like '%(rinominato)'`),
        ).map((r) => Number(r.n))[0]!;
      } finally {
        await d.close();
      }
    };

    // killed at growing delays: each time, the import is all or nothing
    let interrupted = 0;
    for (const delay of [1500, 2500, 3500, 5000]) {
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import-istat.ts', csv], { cwd: repoRoot, env, stdio: 'ignore' });
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await exited(child);
      if (child.signalCode === 'SIGKILL') interrupted++;
      const n = await renamed();
      expect([0, 2]).toContain(n);
      if (n === 2) break;
    }
    expect(interrupted).toBeGreaterThan(0);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/import-istat.ts', csv], { cwd: repoRoot, env });
    expect(stdout).toMatch(/Territory updated/);
    expect(await renamed()).toBe(2);
  }, 180_000);
});

describe('a kill -9 during a fascicolo export', () => {
  it('changes nothing: after the restart the fascicolo is the same and its export is complete and verifies', async () => {
    const dataDir = join(work, 'export');
    const server = new ChildServer(childEnv({ PORT: String(randomPort()), DEMO_DATA: 'true', DEMO_INDICATOR_PROVINCES: '029', DATA_DIR: dataDir, UPLOAD_MAX_MB: '50' }));
    servers.push(server);
    const first = server.start();
    await server.waitReady(first);
    let headers = await server.login('admin.upi@demo.provincecomuni.it', 'Demo-2026!pc');
    const protocols = await server.getJson<{ items: { id: string }[] }>('/api/v1/registry/protocols?pageSize=1', headers);
    const upi = await server.getJson<{ items: { id: string }[] }>('/api/v1/enti?type=upi', headers);
    const created = await fetch(`${server.base}/api/v1/fascicoli`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Fascicolo della prova di interruzione', enteId: upi.items[0]!.id }),
    });
    expect(created.status).toBe(201);
    const fascicolo = (await created.json()) as { id: string };
    // eight documents of 3 MB: an export of 24 MB, read slowly
    for (let i = 0; i < 8; i++) {
      const fd = new FormData();
      fd.append('metadata', JSON.stringify({ ownerType: 'protocol', ownerId: protocols.items[0]!.id, title: `Allegato ${i + 1}` }));
      fd.append('file', new Blob([Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(3 * 1024 * 1024)])]), `allegato-${i + 1}.pdf`);
      const up = await fetch(`${server.base}/api/v1/documents`, { method: 'POST', headers, body: fd });
      expect(up.status).toBe(201);
      const doc = (await up.json()) as { id: string };
      const add = await fetch(`${server.base}/api/v1/fascicoli/${fascicolo.id}/documents`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ documentId: doc.id }),
      });
      expect(add.status).toBe(200);
    }
    const before = await server.getJson<Record<string, unknown>>(`/api/v1/fascicoli/${fascicolo.id}`, headers);

    // the export starts streaming; the server dies after the first megabytes
    const res = await fetch(`${server.base}/api/v1/fascicoli/${fascicolo.id}/export`, { headers });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let got = 0;
    while (got < 2 * 1024 * 1024) {
      const { value, done } = await reader.read();
      if (done) break;
      got += value.length;
    }
    first.kill('SIGKILL');
    await exited(first);
    await reader.read().then(
      () => undefined,
      () => undefined,
    );
    expect(got).toBeLessThan(24 * 1024 * 1024);

    const again = server.start();
    await server.waitReady(again);
    headers = await server.login('admin.upi@demo.provincecomuni.it', 'Demo-2026!pc');
    expect(await server.getJson<Record<string, unknown>>(`/api/v1/fascicoli/${fascicolo.id}`, headers)).toEqual(before);
    const full = await fetch(`${server.base}/api/v1/fascicoli/${fascicolo.id}/export`, { headers });
    expect(full.status).toBe(200);
    const report = await verifyExport(Readable.fromWeb(full.body! as import('node:stream/web').ReadableStream));
    expect(report.errors).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.verified.length).toBeGreaterThanOrEqual(8);
    again.kill('SIGTERM');
    await exited(again);
  }, 180_000);
});
