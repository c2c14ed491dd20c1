import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@app/db';
import { buildApp, type App } from '../../app.js';
import { parseEnv } from '../../config/env.js';
import { enteId, openTestDatabase, signInPeople } from '../../../test/build-app.js';
import { insertValues } from './index.js';

/** Values loaded in bulk, outside an import (the demo data, a migration of another system's data). */
let app: App;
let database: Database;
const users: Record<string, string> = {};

async function behind(who: string) {
  await app.services.jobs.drain();
  const res = await database.db.execute(sql`select body from notifications where user_id = ${users[who]} and type = 'digital_agenda.behind'`);
  return (Array.isArray(res) ? res : (res as unknown as { rows: { body: string }[] }).rows) as { body: string }[];
}

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ config: parseEnv({ WEB_DIST: '/nonexistent', AUTH_RATE_LIMIT: '1000' }), database, mailer: { send: async () => undefined } });
  await app.ready();
  const signed = await signInPeople(app, database, [
    ['padovaSit', { role: 'sit_operator', enteId: await enteId(database, 'provincia', '028') }],
    ['rovigoSit', { role: 'sit_operator', enteId: await enteId(database, 'provincia', '029') }],
  ]);
  Object.assign(users, signed.ids);
  const v = (istatCode: string, period: number, value: number) => ({ istatCode, indicatorCode: 'PAY-02', period, value, source: 'demo', observedOn: `${period}-12-31` });
  // PAY-02 falls at Albignasego (Padova) and reaches the target at Adria (Rovigo)
  await insertValues(database.db, [v('028003', 2025, 20), v('028003', 2026, 10), v('029001', 2025, 30), v('029001', 2026, 36)]);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('indicator values loaded in bulk', () => {
  it('get their aggregates at start, and the centre of a Comune behind in the latest year is told once', async () => {
    expect(await app.services.digitalAgenda.refreshMissing()).toEqual([2026, 2025]);
    const padova = await behind('padovaSit');
    expect(padova).toHaveLength(1);
    expect(padova[0]!.body).toContain('PAY-02');
    expect(await behind('rovigoSit')).toHaveLength(0);
    // the next start finds the aggregates and the alerts of the latest year: nothing again
    expect(await app.services.digitalAgenda.refreshMissing()).toEqual([]);
    expect(await behind('padovaSit')).toHaveLength(1);
  });
});
