import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@app/db';
import { buildApp, type App } from '../../app.js';
import { parseEnv } from '../../config/env.js';
import { enteId, openTestDatabase, signInPeople } from '../../../test/build-app.js';

type Headers = Record<string, string>;
let app: App;
let database: Database;
const h: Record<string, Headers> = {};
const ids: Record<string, string> = {};
const users: Record<string, string> = {};

const api = (method: 'GET' | 'POST' | 'PUT', url: string, as?: string, payload?: unknown) =>
  app.inject({ method, url: `/api/v1/digital-agenda${url}`, headers: as ? h[as] : { 'x-requested-with': 'XMLHttpRequest' }, ...(payload === undefined ? {} : { payload: payload as object }) });
async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const res = (await database.db.execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(res) ? res : (res.rows ?? []);
}
async function importAndPublish(as: string, content: string) {
  const res = await api('POST', '/imports', as, { kind: 'values_csv', fileName: 'servizi.csv', content });
  expect(res.statusCode, res.body).toBe(201);
  const pub = await api('POST', `/imports/${res.json().id}/publish`, as);
  expect(pub.statusCode, pub.body).toBe(200);
}
/** The alerts of this file's scenario (PAY-02) a user received, once the notification jobs ran. */
async function behindNotifications(who: string) {
  await app.services.jobs.drain();
  return rows<{ title: string; body: string; url: string }>(
    sql`select title, body, url from notifications where user_id = ${users[who]} and type = 'digital_agenda.behind' and body like '%PAY-02%'`,
  );
}

const PADOVA_FILE = 'codice_istat;indicatore;anno;valore\n028002;PAY-02;2025;20\n028002;PAY-02;2026;10\n028004;PAY-02;2026;40\n';
const ROVIGO_FILE = 'codice_istat;indicatore;anno;valore\n029001;PAY-02;2026;36\n';

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ config: parseEnv({ WEB_DIST: '/nonexistent', AUTH_RATE_LIMIT: '1000' }), database, mailer: { send: async () => undefined } });
  await app.ready();
  ids.upi = await enteId(database, 'upi', null);
  ids.padova = await enteId(database, 'provincia', '028');
  ids.rovigo = await enteId(database, 'provincia', '029');
  ids.abano = await enteId(database, 'comune', '028001');
  ids.adria = await enteId(database, 'comune', '029001');
  const signed = await signInPeople(app, database, [
    ['upi', { role: 'upi_admin', enteId: ids.upi }],
    ['padovaSit', { role: 'sit_operator', enteId: ids.padova }],
    ['padovaAdmin', { role: 'ente_admin', enteId: ids.padova }],
    ['rovigoSit', { role: 'sit_operator', enteId: ids.rovigo }],
    ['abanoUser', { role: 'comune_user', enteId: ids.abano }],
    ['adriaUser', { role: 'comune_user', enteId: ids.adria }],
  ]);
  Object.assign(h, signed.headers);
  Object.assign(users, signed.ids);
  await importAndPublish('rovigoSit', ROVIGO_FILE);
  await importAndPublish('padovaSit', PADOVA_FILE);
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('alerts to the competence centre', () => {
  it("tells the Province's SIT operator once that a Comune fell behind, and no other Province", async () => {
    const padova = await behindNotifications('padovaSit');
    expect(padova).toHaveLength(1);
    expect(padova[0]!.body).toContain('PAY-02');
    expect(padova[0]!.url).toBe('/agenda-digitale/centri/028/cruscotto?period=2026');
    expect(await behindNotifications('rovigoSit')).toHaveLength(0);
    // the centre's administrator is not a SIT operator
    expect(await behindNotifications('padovaAdmin')).toHaveLength(0);
    const alerts = (await api('GET', '/centres/028/alerts?period=2026', 'padovaSit')).json().items.filter((a: { indicatorCode: string }) => a.indicatorCode === 'PAY-02');
    expect(alerts).toEqual([{ istatCode: '028002', name: expect.any(String), indicatorCode: 'PAY-02', period: 2026, reason: 'off_track', value: 10, previous: 20, createdAt: expect.any(String) }]);
  });
  it('publishing the same values again records no second alert and sends no second notification', async () => {
    await importAndPublish('padovaSit', PADOVA_FILE);
    expect(await behindNotifications('padovaSit')).toHaveLength(1);
    const [n] = await rows<{ n: number }>(sql`select count(*)::int as n from da_alerts where istat_code = '028002' and indicator_code = 'PAY-02'`);
    expect(n!.n).toBe(1);
  });
  it('lists no alert of Rovigo, whose Comune reached the target', async () => {
    const items = (await api('GET', '/centres/029/alerts', 'rovigoSit')).json().items;
    expect(items.filter((a: { indicatorCode: string }) => a.indicatorCode === 'PAY-02')).toEqual([]);
  });
});

describe('progress of a Province and a Region (contract)', () => {
  it("aggregates each year from the Province's Comuni and measures gap closure and the run-rate forecast", async () => {
    const res = await api('GET', '/provinces/028/trend');
    expect(res.statusCode, res.body).toBe(200);
    const t = res.json();
    expect(t).toMatchObject({ level: 'province', code: '028', name: 'Provincia di Padova' });
    expect(t.comuniTotal).toBeGreaterThan(100);
    const pay = t.items.find((i: { code: string }) => i.code === 'PAY-02');
    expect(pay).toMatchObject({ series: [{ period: 2025, value: 20, comuni: 1 }, { period: 2026, value: 25, comuni: 2 }], target: 35, targetDeadline: '2026-06-30', pace: 5, reachYear: 2028, status: 'off_track' });
    expect(pay.gapClosure).toBeCloseTo(1 / 3, 12);
  });
  it("aggregates a Region from all its Comuni, not as the mean of its Provinces' means", async () => {
    const t = (await api('GET', '/regions/05/trend')).json();
    const y2026 = t.items.find((i: { code: string }) => i.code === 'PAY-02').series.find((s: { period: number }) => s.period === 2026);
    expect(y2026.comuni).toBe(3);
    expect(y2026.value).toBeCloseTo((10 + 40 + 36) / 3, 12);
    expect(y2026.value).not.toBeCloseTo((25 + 36) / 2, 3);
  });
  it('downloads the series as CSV', async () => {
    const res = await api('GET', '/provinces/028/trend?format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.body).toContain('028;PAY-02;2026;25;2;');
  });
  it('answers 400 for malformed codes and 404 for unknown territories', async () => {
    expect((await api('GET', '/provinces/28/trend')).statusCode).toBe(400);
    expect((await api('GET', '/regions/5/trend')).statusCode).toBe(400);
    expect((await api('GET', '/provinces/998/trend')).statusCode).toBe(404);
    expect((await api('GET', '/regions/99/trend')).statusCode).toBe(404);
  });
});

describe('permission matrix of the monitoring and centre routes', () => {
  const reads: [string, string | undefined, number][] = [
    ['/provinces/028/trend', undefined, 200],
    ['/provinces/028/trend', 'abanoUser', 200],
    ['/regions/05/trend', undefined, 200],
    ['/centres/028/alerts', 'padovaSit', 200],
    ['/centres/028/alerts', 'padovaAdmin', 200],
    ['/centres/028/alerts', 'upi', 200],
    ['/centres/028/alerts', 'rovigoSit', 403],
    ['/centres/028/alerts', 'abanoUser', 403],
    ['/centres/028/alerts', 'adriaUser', 403],
    ['/centres/028/alerts', undefined, 403],
    ['/centres/028/alerts?period=1990', 'padovaSit', 400],
    ['/comuni/028001/questionnaire?period=2026', 'abanoUser', 200],
    ['/comuni/028001/questionnaire?period=2026', 'adriaUser', 403],
    ['/comuni/028001/questionnaire?period=2026', 'padovaSit', 200],
    ['/comuni/028001/questionnaire?period=2026', 'rovigoSit', 403],
    ['/comuni/028001/questionnaire?period=2026', 'upi', 200],
    ['/comuni/028001/questionnaire?period=2026', undefined, 403],
  ];
  it.each(reads)('GET %s as %s answers %i', async (url, as, status) => {
    expect((await api('GET', url, as)).statusCode).toBe(status);
  });

  const service = { topic: 'send', nameIt: 'Supporto SEND', nameEn: 'SEND support', descriptionIt: 'Attivazione delle notifiche digitali', adhesionInstrument: 'convenzione', serviceLevel: 'Presa in carico entro 3 giorni', requestCategoryCode: 'pagopa-app-io', indicatorCodes: ['PAY-06'] };
  let serviceId = '';
  beforeAll(async () => {
    const res = await api('POST', '/centres/028/services', 'padovaSit', service);
    expect(res.statusCode, res.body).toBe(201);
    serviceId = res.json().services.find((s: { nameIt: string }) => s.nameIt === 'Supporto SEND').id;
  });
  const writes: [string | undefined, number][] = [
    ['padovaSit', 200],
    ['padovaAdmin', 200],
    ['rovigoSit', 403],
    ['abanoUser', 403],
    ['upi', 403],
    [undefined, 403],
  ];
  it.each(writes)('editing a service of Padova as %s answers %i', async (as, status) => {
    const res = await api('PUT', `/centres/028/services/${serviceId}`, as, { ...service, serviceLevel: `Presa in carico entro 2 giorni (${String(as)})` });
    expect(res.statusCode, res.body).toBe(status);
  });
  it("edits a service's level and withdraws it from the public catalogue", async () => {
    const res = await api('PUT', `/centres/028/services/${serviceId}`, 'padovaSit', { ...service, serviceLevel: 'Presa in carico entro 1 giorno' });
    expect(res.json().services.find((s: { id: string }) => s.id === serviceId).serviceLevel).toBe('Presa in carico entro 1 giorno');
    const gone = await api('PUT', `/centres/028/services/${serviceId}`, 'padovaSit', { ...service, active: false });
    expect(gone.json().services.some((s: { id: string }) => s.id === serviceId)).toBe(false);
    await api('PUT', `/centres/028/services/${serviceId}`, 'padovaSit', service);
  });
  it('answers 400 with field paths for a bad service and changes nothing', async () => {
    const before = await rows<Record<string, unknown>>(sql`select * from da_centre_services where id = ${serviceId}`);
    const res = await api('PUT', `/centres/028/services/${serviceId}`, 'padovaSit', { ...service, adhesionInstrument: 'stretta di mano', nameEn: '', indicatorCodes: ['nope'] });
    expect(res.statusCode).toBe(400);
    const paths = res.json().details.issues.map((d: { path: string }) => d.path).sort();
    expect(paths).toEqual(['body.adhesionInstrument', 'body.indicatorCodes.0', 'body.nameEn']);
    const unknownCategory = await api('PUT', `/centres/028/services/${serviceId}`, 'padovaSit', { ...service, requestCategoryCode: 'nessuna' });
    expect(unknownCategory.statusCode).toBe(400);
    expect(unknownCategory.json().details).toEqual([{ path: 'requestCategoryCode', message: expect.any(String) }]);
    expect(await rows<Record<string, unknown>>(sql`select * from da_centre_services where id = ${serviceId}`)).toEqual(before);
  });
  it("answers 404 for a service of another Province's centre", async () => {
    expect((await api('PUT', `/centres/029/services/${serviceId}`, 'rovigoSit', service)).statusCode).toBe(404);
  });
});
