import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@app/db';
import { buildApp, type App } from '../../app.js';
import { parseEnv } from '../../config/env.js';
import { enteId, openTestDatabase, signInPeople } from '../../../test/build-app.js';

type Headers = Record<string, string>;
let app: App;
let database: Database;
// 10 May 2026, 09:00 in Rome
let clock = new Date('2026-05-10T07:00:00Z');
const h: Record<string, Headers> = {};
const ids: Record<string, string> = {};
let abanoPopulation = 0;
const filesDir = mkdtempSync(join(tmpdir(), 'eu-funding-files-'));

const api = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, as?: string, payload?: unknown) =>
  app.inject({ method, url: `/api/v1${url}`, headers: as ? h[as] : { 'x-requested-with': 'XMLHttpRequest' }, ...(payload === undefined ? {} : { payload: payload as object }) });
async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await database.db.execute(query)) as unknown as { rows: T[] }).rows;
}
const count = async (table: string) => (await rows<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;

const call = (over: Record<string, unknown> = {}) => ({
  identifier: 'PR-FESR-VEN-2026-EFF-EN',
  programme: 'PR FESR Veneto 2021-2027',
  title: 'Efficientamento energetico degli edifici pubblici',
  deadlineModel: 'single-stage',
  opensAt: '2026-05-01T00:00:00+02:00',
  deadlines: ['2026-06-30T23:59:59+02:00'],
  budget: 12500000.5,
  cofinancingRate: 80,
  eligibility: { enteTypes: ['comune'] },
  topics: ['energia', 'clima'],
  territory: ['05'],
  links: [{ label: 'Bando', url: 'https://example.it/bando.pdf' }],
  ...over,
});

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ config: parseEnv({ WEB_DIST: '/nonexistent', AUTH_RATE_LIMIT: '1000', FILES_DIR: filesDir }), database, mailer: { send: async () => undefined }, now: () => clock });
  await app.ready();
  ids.upi = await enteId(database, 'upi', null);
  ids.padova = await enteId(database, 'provincia', '028');
  ids.rovigo = await enteId(database, 'provincia', '029');
  ids.abano = await enteId(database, 'comune', '028001');
  ids.albignasego = await enteId(database, 'comune', '028003');
  ids.adria = await enteId(database, 'comune', '029001');
  ids.agna = await enteId(database, 'comune', '028002');
  const signed = await signInPeople(app, database, [
    ['upi', { role: 'upi_admin', enteId: ids.upi }],
    ['abanoRup', { role: 'comune_user', enteId: ids.abano }],
    ['abanoAdmin', { role: 'ente_admin', enteId: ids.abano }],
    ['abanoViewer', { role: 'viewer', enteId: ids.abano }],
    ['albignasegoRup', { role: 'comune_user', enteId: ids.albignasego }],
    ['adriaRup', { role: 'comune_user', enteId: ids.adria }],
    ['padovaSape', { role: 'sape_operator', enteId: ids.padova }],
    ['padovaSua', { role: 'sua_operator', enteId: ids.padova }],
    ['rovigoSape', { role: 'sape_operator', enteId: ids.rovigo }],
    ['agnaRup', { role: 'comune_user', enteId: ids.agna }],
  ]);
  Object.assign(h, signed.headers);
  abanoPopulation = (await rows<{ population: number }>(sql`select population from enti where id = ${ids.abano}`))[0]!.population;
});
afterAll(async () => {
  await app.close();
  await database.close();
  rmSync(filesDir, { recursive: true, force: true });
});

describe('calls (contract)', () => {
  it('lists the catalogue of funding programmes', async () => {
    const items = (await api('GET', '/eu-funding/programmes')).json().items as { code: string; ftFrameworkProgrammeCode: string | null; level: string }[];
    expect(items.find((p) => p.code === 'HORIZON')).toMatchObject({ level: 'EU-direct', ftFrameworkProgrammeCode: '43108390' });
    expect(items.find((p) => p.code === 'PR-FESR-VENETO-2127')).toMatchObject({ level: 'regional' });
    expect(items.filter((p) => p.code.startsWith('PNRR-M'))).toHaveLength(7);
  });

  it('a SAPE officer adds a call; money and rates come back exact', async () => {
    expect((await api('POST', '/eu-funding/calls', 'padovaSape', call({ programmeCode: 'NOPE' }))).json().details.issues[0].path).toBe('body.programmeCode');
    const res = await api('POST', '/eu-funding/calls', 'padovaSape', call({ programmeCode: 'PR-FESR-VENETO-2127' }));
    expect(res.statusCode, res.body).toBe(201);
    ids.call = res.json().id;
    expect(res.json()).toMatchObject({ status: 'open', budget: 12500000.5, cofinancingRate: 80, closesAt: '2026-06-30T21:59:59.000Z', canEdit: true });
  });

  it('answers open calls a Comune may apply to in the contract shape, leaving out the others', async () => {
    const add = async (over: Record<string, unknown>) => expect((await api('POST', '/eu-funding/calls', 'padovaSape', call(over))).statusCode).toBe(201);
    await add({ identifier: 'ONLY-PROVINCES', eligibility: { enteTypes: ['provincia', 'citta_metropolitana'] } });
    await add({ identifier: 'SMALL-COMUNI', eligibility: { enteTypes: ['comune'], maxPopulation: abanoPopulation - 1 } });
    await add({ identifier: 'EXACT-LIMITS', topics: ['cultura'], eligibility: { enteTypes: ['comune'], minPopulation: abanoPopulation, maxPopulation: abanoPopulation } });
    await add({ identifier: 'LOMBARDIA', territory: ['03'] });
    await add({ identifier: 'FORTHCOMING', opensAt: '2026-06-01T00:00:00+02:00' });
    await add({ identifier: 'CLOSED', opensAt: '2026-01-01T00:00:00+01:00', deadlines: ['2026-03-29T23:59:59+02:00'] });

    const res = await api('GET', '/eu-funding/calls?status=open&eligibleFor=028001');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.total).toBe(2);
    expect(body.items.map((c: { identifier: string }) => c.identifier).sort()).toEqual(['EXACT-LIMITS', 'PR-FESR-VEN-2026-EFF-EN']);
    const exact = body.items.find((c: { identifier: string }) => c.identifier === 'EXACT-LIMITS');
    expect(exact).toMatchObject({
      id: expect.any(String),
      title: 'Efficientamento energetico degli edifici pubblici',
      programme: 'PR FESR Veneto 2021-2027',
      opensAt: '2026-04-30T22:00:00.000Z',
      closesAt: '2026-06-30T21:59:59.000Z',
      eligibility: { enteTypes: ['comune'], minPopulation: abanoPopulation, maxPopulation: abanoPopulation },
    });
    const first = body.items.find((c: { identifier: string }) => c.identifier === 'PR-FESR-VEN-2026-EFF-EN');
    expect(first.eligibility).toEqual({ enteTypes: ['comune'] });
  });

  it('filters by status, theme, closing within days and text', async () => {
    const ids_ = async (q: string) => (await api('GET', `/eu-funding/calls?${q}`)).json().items.map((c: { identifier: string }) => c.identifier).sort();
    expect(await ids_('status=forthcoming')).toEqual(['FORTHCOMING']);
    expect(await ids_('status=closed')).toEqual(['CLOSED']);
    expect(await ids_('status=open&theme=cultura')).toEqual(['EXACT-LIMITS']);
    expect(await ids_('closingWithinDays=30')).toEqual([]);
    expect((await ids_('closingWithinDays=60')).length).toBe(6);
    expect(await ids_('q=lombard')).toEqual(['LOMBARDIA']);
    expect(await ids_('programmeCode=PR-FESR-VENETO-2127')).toEqual(['PR-FESR-VEN-2026-EFF-EN']);
  });

  it('follows the clock of Rome around midnight of the closing day', async () => {
    const saved = clock;
    try {
      // the forthcoming call (opening on 1 June) is open by then too
      clock = new Date('2026-06-30T21:59:59Z');
      expect((await api('GET', '/eu-funding/calls?status=open&eligibleFor=028001')).json().total).toBe(3);
      clock = new Date('2026-06-30T22:00:00Z');
      expect((await api('GET', '/eu-funding/calls?status=open&eligibleFor=028001')).json().total).toBe(0);
      expect((await api('GET', `/eu-funding/calls/${ids.call}`)).json().status).toBe('closed');
    } finally {
      clock = saved;
    }
  });

  it('answers 400 with field paths for bad input and writes nothing', async () => {
    const before = await count('eu_calls');
    const res = await api('POST', '/eu-funding/calls', 'padovaSape', call({ identifier: 'BAD', deadlineModel: 'two-stage', cofinancingRate: 80.123, budget: -1, eligibility: { enteTypes: [], minPopulation: 10, maxPopulation: 5 } }));
    expect(res.statusCode).toBe(400);
    const paths = res.json().details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['body.cofinancingRate', 'body.budget', 'body.eligibility.enteTypes']));
    expect((await api('GET', '/eu-funding/calls?eligibleFor=28001')).statusCode).toBe(400);
    expect((await api('GET', '/eu-funding/calls?eligibleFor=999999')).statusCode).toBe(400);
    expect((await api('POST', '/eu-funding/calls', 'padovaSape', call())).statusCode).toBe(400);
    expect(await count('eu_calls')).toBe(before);
  });

  it('lets only SAPE officers and UPI keep the calls', async () => {
    expect((await api('POST', '/eu-funding/calls', 'abanoAdmin', call({ identifier: 'X1' }))).statusCode).toBe(403);
    expect((await api('POST', '/eu-funding/calls', 'padovaSua', call({ identifier: 'X2' }))).statusCode).toBe(403);
    expect((await api('POST', '/eu-funding/calls', undefined, call({ identifier: 'X3' }))).statusCode).toBe(401);
    expect((await api('POST', '/eu-funding/calls', 'upi', call({ identifier: 'X4' }))).statusCode).toBe(201);
    const c = (await api('GET', `/eu-funding/calls/${ids.call}`, 'padovaSape')).json();
    const up = await api('PUT', `/eu-funding/calls/${ids.call}`, 'padovaSape', { call: call({ title: 'Efficientamento energetico — rettifica' }), version: c.version });
    expect(up.statusCode, up.body).toBe(200);
    expect((await api('PUT', `/eu-funding/calls/${ids.call}`, 'padovaSape', { call: call(), version: c.version })).statusCode).toBe(409);
  });

  it('imports a PA digitale 2026 avvisi.csv, then updates the same calls on a second run', async () => {
    const csv = [
      'titolo,misura,data_inizio_bando,data_fine_bando,stato,totale_importo_stanziato,totale_importo_misura,soggetti_destinatari',
      '"1.4.1 Esperienza del cittadino - Comuni - maggio 2026","1.4.1 Esperienza del cittadino nei servizi pubblici","2026-05-04","2026-07-31","PUBBLICATO",2500000.0,805000000.0,"Comuni"',
      '"riga rotta","1.2 Cloud","2026-05-04","x","PUBBLICATO",1.0,2.0,"Comuni"',
    ].join('\n');
    const res = await api('POST', '/eu-funding/calls/import', 'padovaSape', { csv });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ created: 1, updated: 0, rows: 2, errors: [{ line: 3, message: 'data_fine_bando is not a date' }] });
    expect((await api('POST', '/eu-funding/calls/import', 'padovaSape', { csv })).json()).toMatchObject({ created: 0, updated: 1 });
    const found = (await api('GET', '/eu-funding/calls?q=Esperienza%20del%20cittadino&eligibleFor=028001&status=open')).json();
    expect(found.items[0]).toMatchObject({ programme: 'PNRR M1C1 1.4.1 Esperienza del cittadino nei servizi pubblici', budget: 2500000, cofinancingRate: null });
    expect((await api('POST', '/eu-funding/calls/import', 'abanoAdmin', { csv })).statusCode).toBe(403);
  });
});

describe('matching and alerts', () => {
  it('"per te" lists the open eligible calls that match the declared interests of the Comune', async () => {
    expect((await api('PUT', `/eu-funding/interests/${ids.abano}`, 'abanoViewer', { topics: ['cultura'] })).statusCode).toBe(403);
    expect((await api('PUT', `/eu-funding/interests/${ids.abano}`, 'abanoRup', { topics: ['cultura'] })).statusCode).toBe(200);
    const res = await api('GET', '/eu-funding/calls/for-me', 'abanoRup');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((c: { identifier: string }) => c.identifier)).toEqual(['EXACT-LIMITS']);
    expect((await api('GET', '/eu-funding/calls/for-me', 'padovaSape')).statusCode).toBe(409);
  });

  it('alerts the staff of interested eligible Comuni when a new call is added', async () => {
    const before = await rows<{ n: number }>(sql`select count(*)::int as n from jobs where payload::text like '%eu_funding.call_matching%'`);
    expect((await api('POST', '/eu-funding/calls', 'padovaSape', call({ identifier: 'CULTURA-2026', topics: ['cultura'] }))).statusCode).toBe(201);
    const after = await rows<{ payload: { recipients?: string[] } }>(sql`select payload from jobs where payload::text like '%eu_funding.call_matching%'`);
    expect(after.length).toBe(before[0]!.n + 1);
    expect(JSON.stringify(after.at(-1)!.payload)).toContain('CULTURA-2026');
  });

  it('following a call puts its deadline in the follower’s calendar; unfollowing takes it away', async () => {
    const res = await api('PUT', `/eu-funding/calls/${ids.call}/follow`, 'abanoRup');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().followed).toBe(true);
    const items = await rows<{ starts_at: Date; audience: string[] }>(sql`select starts_at, audience from calendar_items where source_id = ${ids.call}`);
    expect(items).toHaveLength(1);
    expect(new Date(items[0]!.starts_at).toISOString()).toBe('2026-06-30T21:59:59.000Z');
    expect((await api('GET', '/eu-funding/calls?followed=true', 'abanoRup')).json().total).toBe(1);
    await api('DELETE', `/eu-funding/calls/${ids.call}/follow`, 'abanoRup');
    expect(await rows(sql`select 1 from calendar_items where source_id = ${ids.call}`)).toHaveLength(0);
    await api('PUT', `/eu-funding/calls/${ids.call}/follow`, 'abanoRup');
  });
});

describe('project pipeline and reporting', () => {
  const project = (over: Record<string, unknown> = {}) => ({
    leadEnteId: ids.abano,
    title: 'Scuole a energia quasi zero',
    callId: ids.call,
    partners: [{ enteId: ids.albignasego }, { enteId: ids.adria }, { name: 'Energy Agency Graz', role: 'associated', pic: '123456789', country: 'AT' }],
    budget: [
      { category: 'lavori', amount: 80000 },
      { category: 'servizi', amount: 20000.1 },
    ],
    cofinancing: [
      { source: 'ue', amount: 80000.08 },
      { source: 'comune', amount: 20000.02 },
    ],
    spendingPlan: [
      { month: '2026-07', amount: 50000 },
      { month: '2026-09', amount: 50000.1 },
    ],
    reportingDeadlines: [{ date: '2026-10-31', label: 'Rendicontazione intermedia' }],
    ...over,
  });
  const move = async (as: string, body: Record<string, unknown>) => {
    const p = (await api('GET', `/eu-funding/projects/${ids.project}`, as)).json();
    return api('POST', `/eu-funding/projects/${ids.project}/transitions`, as, { version: p.version, ...body });
  };

  it('refuses a co-financing that does not sum to the budget, with the field path, writing nothing', async () => {
    const before = await count('eu_projects');
    const res = await api('POST', '/eu-funding/projects', 'abanoRup', project({ cofinancing: [{ source: 'ue', amount: 100000 }] }));
    expect(res.statusCode).toBe(400);
    expect(res.json().details.issues[0].path).toBe('body.cofinancing');
    expect(await count('eu_projects')).toBe(before);
  });

  it('a Comune creates a project with two partner Comuni; its reporting deadline goes to the calendar', async () => {
    const res = await api('POST', '/eu-funding/projects', 'abanoRup', project());
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    ids.project = p.id;
    expect(p).toMatchObject({ state: 'idea', budget: 100000.1, allowedTransitions: ['candidatura', 'rinuncia'] });
    expect(p.partners.map((x: { name: string }) => x.name)).toHaveLength(3);
    expect((await rows(sql`select 1 from calendar_items where source_id = ${p.id}`)).length).toBe(1);
    expect((await api('POST', '/eu-funding/projects', 'adriaRup', project({ partners: [] }))).statusCode).toBe(400);
  });

  it('moves through the life-cycle with its guards: decree, CUP format, procurement, claims', async () => {
    expect((await move('abanoRup', { to: 'finanziato', date: '2026-05-10' })).statusCode).toBe(409);
    expect((await move('abanoRup', { to: 'candidatura', date: '2026-05-10' })).statusCode).toBe(200);
    expect((await move('abanoRup', { to: 'ammissibilita', date: '2026-05-09' })).json().details.issues[0].code).toBe('date_before_previous_step');
    expect((await move('abanoRup', { to: 'ammissibilita', date: '2026-05-20' })).statusCode).toBe(200);
    const noDecree = await move('abanoRup', { to: 'finanziato', date: '2026-06-01' });
    expect(noDecree.statusCode).toBe(400);
    expect(noDecree.json().details.issues.map((i: { path: string }) => i.path)).toEqual(['body.decreeRef', 'body.grantedAmount']);
    expect((await move('abanoRup', { to: 'finanziato', date: '2026-06-01', decreeRef: 'DDR 45/2026', grantedAmount: 80000.08 })).statusCode).toBe(200);
    const badCup = await move('abanoRup', { to: 'cup', date: '2026-06-05', cup: 'J51B2600001000' });
    expect(badCup.json().details.issues[0]).toMatchObject({ path: 'body.cup', code: 'CUP_LENGTH' });
    const ok = await move('abanoRup', { to: 'cup', date: '2026-06-05', cup: 'j51b26000010006' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ cup: 'J51B26000010006', grantedAmount: 80000.08 });
    expect((await move('abanoRup', { to: 'affidamento', date: '2026-06-10' })).json().details.issues[0].code).toBe('procurement_required');
    const p = (await api('GET', `/eu-funding/projects/${ids.project}`, 'abanoRup')).json();
    const link = await api('PUT', `/eu-funding/projects/${ids.project}/procurement`, 'abanoRup', { procedureId: '00000000-0000-4000-8000-000000000000', version: p.version });
    expect(link.statusCode).toBe(400);
    expect(link.json().details.issues[0].path).toBe('body.procedureId');
    expect((await move('abanoRup', { to: 'esecuzione', date: '2026-06-10' })).statusCode).toBe(200);
    expect(p.steps.map((s: { state: string }) => s.state)).toEqual(['idea', 'candidatura', 'ammissibilita', 'finanziato', 'cup']);
  });

  it('records expenditures and a claim; the sums, the remaining budget and the curve are exact', async () => {
    const add = (e: Record<string, unknown>) => api('POST', `/eu-funding/projects/${ids.project}/expenditures`, 'abanoRup', { category: 'lavori', eligible: true, ...e });
    expect((await add({ documentRef: 'Fattura 12/2026', date: '2026-07-15', amount: 30000.1, paidOn: '2026-07-30', salNumber: 1 })).statusCode).toBe(201);
    expect((await add({ documentRef: 'Fattura 13/2026', date: '2026-07-20', amount: 0.2, paidOn: '2026-07-30' })).statusCode).toBe(201);
    expect((await add({ documentRef: 'Multa', date: '2026-07-21', amount: 100, eligible: false })).statusCode).toBe(201);
    expect((await add({ documentRef: 'Pagata prima', date: '2026-07-21', amount: 1, paidOn: '2026-07-01' })).statusCode).toBe(400);
    let p = (await api('GET', `/eu-funding/projects/${ids.project}`, 'abanoRup')).json();
    const eligible = p.expenditures.filter((e: { eligible: boolean }) => e.eligible).map((e: { id: string }) => e.id);
    const notEligible = p.expenditures.find((e: { eligible: boolean }) => !e.eligible).id;
    const refused = await api('POST', `/eu-funding/projects/${ids.project}/claims`, 'abanoRup', { kind: 'intermedia', submittedOn: '2026-08-01', expenditureIds: [notEligible] });
    expect(refused.json().details.issues[0]).toEqual({ path: 'body.expenditureIds.0', message: 'Not eligible' });
    const res = await api('POST', `/eu-funding/projects/${ids.project}/claims`, 'abanoRup', { kind: 'intermedia', submittedOn: '2026-08-01', expenditureIds: eligible });
    expect(res.statusCode, res.body).toBe(201);
    p = res.json();
    expect(p.claims).toEqual([expect.objectContaining({ number: 1, amount: 30000.3, expenditures: 2, receivedOn: null })]);
    expect((await api('POST', `/eu-funding/projects/${ids.project}/claims`, 'abanoRup', { kind: 'intermedia', submittedOn: '2026-08-01', expenditureIds: eligible })).statusCode).toBe(400);
    const receipt = await api('PUT', `/eu-funding/projects/${ids.project}/claims/${p.claims[0].id}/receipt`, 'abanoRup', { receivedOn: '2026-09-15', amount: 27000.27 });
    expect(receipt.statusCode, receipt.body).toBe(200);
    expect(receipt.json().totals).toEqual({ budget: 100000.1, spent: 30100.3, eligible: 30000.3, claimed: 30000.3, received: 27000.27, remaining: 69999.8 });
    expect(receipt.json().curve).toEqual([
      { month: '2026-07', planned: 50000, actual: 30100.3 },
      { month: '2026-09', planned: 100000.1, actual: 30100.3 },
    ]);
    const csv = await api('GET', `/eu-funding/projects/${ids.project}/claims/${p.claims[0].id}/statement.csv`, 'albignasegoRup');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('J51B26000010006;1;Fattura 12/2026;2026-07-15;lavori;1;30000,10;2026-07-30');
    expect(csv.body).toContain(';;TOTALE;;;;30000,30;');
  });

  it('files the statement of a claim as a document of the project: DOCX, then its PDF/A-2b when LibreOffice is installed', async () => {
    const p = (await api('GET', `/eu-funding/projects/${ids.project}`, 'abanoRup')).json();
    const claimId = p.claims[0].id as string;
    const url = `/eu-funding/projects/${ids.project}/claims/${claimId}/statement`;
    // partners read the CSV but do not file documents on the lead's project
    expect((await api('POST', url, 'albignasegoRup')).statusCode).toBe(403);
    expect((await api('POST', `/eu-funding/projects/${ids.project}/claims/${ids.project}/statement`, 'abanoRup')).statusCode).toBe(404);
    const res = await api('POST', url, 'abanoRup');
    expect(res.statusCode, res.body).toBe(201);
    const pdfa = (await api('GET', '/documents/capabilities', 'abanoRup')).json().pdfa as boolean;
    expect(res.json()).toMatchObject(pdfa ? { version: 2, mediaType: 'application/pdf', pdfA: true } : { version: 1, pdfA: false });
    const doc = await api('GET', `/documents/${res.json().documentId}`, 'abanoRup');
    expect(doc.statusCode, doc.body).toBe(200);
    expect(doc.json()).toMatchObject({ title: 'Rendiconto domanda di rimborso n. 1', ownerType: 'eu_project', ownerId: ids.project });
    const content = await app.inject({ method: 'GET', url: `/api/v1/documents/${res.json().documentId}/content`, headers: h.abanoRup });
    expect(content.statusCode).toBe(200);
    if (pdfa) {
      expect(content.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
      expect(content.rawPayload.toString('latin1')).toContain('pdfaid');
    }
    // the partner reads it, as it reads the project
    expect((await api('GET', `/documents/${res.json().documentId}`, 'albignasegoRup')).statusCode).toBe(200);
  });

  it('links the SUA procedure that buys for the project, read through the procurement service, with its CIG', async () => {
    // Abano Terme adheres to Padova's SUA and asks it for a procurement; the SUA records the CIG of the lot
    const [conv] = await rows<{ id: string }>(
      sql`insert into conventions (kind, title, owner_ente_id, services, starts_on, state) values ('provincia_comune', 'Convenzione SUA Padova', ${ids.padova}, '{sua}', '2026-01-01', 'active') returning id`,
    );
    await database.db.execute(sql`insert into convention_parties (convention_id, ente_id) values (${conv!.id}, ${ids.abano})`);
    const proc = await api('POST', '/procurement/procedures', 'abanoRup', {
      comuneId: ids.abano,
      title: 'Lavori di efficientamento della scuola primaria',
      objectType: 'lavori',
      cpvMain: '45453000-7',
      estimatedValue: 80000,
      cup: 'J51B26000010006',
      pnrr: false,
      rupName: 'Maria Rossi',
      lots: [{ title: 'Lotto unico', value: 80000 }],
    });
    expect(proc.statusCode, proc.body).toBe(201);
    const procedure = proc.json();
    expect((await api('PUT', `/procurement/procedures/${procedure.id}/lots/${procedure.lots[0].id}/cig`, 'padovaSua', { cig: 'B123456789' })).statusCode).toBe(200);

    const second = await api('POST', '/eu-funding/projects', 'abanoRup', { leadEnteId: ids.abano, title: 'Palestra della scuola primaria', callId: ids.call, budget: [{ category: 'lavori', amount: 80000 }], cofinancing: [{ source: 'ue', amount: 80000 }] });
    const pid = second.json().id as string;
    const go = async (body: Record<string, unknown>) => {
      const p = (await api('GET', `/eu-funding/projects/${pid}`, 'abanoRup')).json();
      const r = await api('POST', `/eu-funding/projects/${pid}/transitions`, 'abanoRup', { version: p.version, date: '2026-06-20', ...body });
      expect(r.statusCode, r.body).toBe(200);
    };
    await go({ to: 'candidatura' });
    await go({ to: 'ammissibilita' });
    await go({ to: 'finanziato', decreeRef: 'DDR 46/2026', grantedAmount: 80000 });
    await go({ to: 'cup', cup: 'J51B26000020006' });
    // Abano Terme adheres to Padova's SAPE (registry convention): from now on Padova's SAPE supports its projects
    const [sape] = await rows<{ id: string }>(
      sql`insert into conventions (kind, title, owner_ente_id, services, starts_on, state) values ('provincia_comune', 'Convenzione SAPE Padova', ${ids.padova}, '{sape}', '2026-01-01', 'active') returning id`,
    );
    await database.db.execute(sql`insert into convention_parties (convention_id, ente_id) values (${sape!.id}, ${ids.abano})`);
    ids.sapeConvention = sape!.id;
    // a user who cannot read the procedure cannot link it
    const before = (await api('GET', `/eu-funding/projects/${pid}`, 'padovaSape')).json();
    expect((await api('PUT', `/eu-funding/projects/${pid}/procurement`, 'padovaSape', { procedureId: procedure.id, version: before.version })).statusCode).toBe(400);
    const linked = await api('PUT', `/eu-funding/projects/${pid}/procurement`, 'abanoRup', { procedureId: procedure.id, version: before.version });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().procurement).toEqual({ procedureId: procedure.id, number: procedure.number, cig: 'B123456789' });
    await go({ to: 'affidamento' });
  });

  it('publishes projects with a CUP as open data aligned to OpenCoesione', async () => {
    const res = await api('GET', '/eu-funding/open-data/projects.csv');
    expect(res.statusCode).toBe(200);
    const [header, line] = res.body.replace(/^\uFEFF/, '').trim().split('\n');
    expect(header!.split(';').slice(0, 5)).toEqual(['CUP', 'COD_LOCALE_PROGETTO', 'OC_TITOLO_PROGETTO', 'OC_STATO_PROGETTO', 'OC_STATO_PROCEDURALE']);
    expect(line).toContain('J51B26000010006;');
    expect(line).toContain(';In corso;In esecuzione;20260610;80000.08;');
    expect(line).toContain(';27000.27;028001;');
  });

  it('permission matrix on a project: lead, partners, the Province’s SAPE, others and UPI', async () => {
    const read = async (as: string) => (await api('GET', `/eu-funding/projects/${ids.project}`, as)).statusCode;
    const edit = async (as: string) => (await api('POST', `/eu-funding/projects/${ids.project}/expenditures`, as, { documentRef: `Doc ${as}`, date: '2026-09-01', amount: 1, eligible: true, category: 'altro' })).statusCode;
    const matrix: [string, number, number][] = [
      ['abanoRup', 200, 201],
      ['abanoAdmin', 200, 201],
      ['abanoViewer', 200, 403],
      ['albignasegoRup', 200, 403],
      ['adriaRup', 200, 403],
      ['padovaSape', 200, 201],
      ['padovaSua', 404, 404],
      ['rovigoSape', 404, 404],
      ['upi', 404, 404],
    ];
    for (const [who, r, e] of matrix) {
      expect([who, await read(who)]).toEqual([who, r]);
      expect([who, await edit(who)]).toEqual([who, e]);
    }
    const list = async (as: string) => (await api('GET', '/eu-funding/projects', as)).json().total;
    expect(await list('albignasegoRup')).toBe(1);
    expect(await list('rovigoSape')).toBe(0);
    expect(await list('upi')).toBe(0);
  });
});

describe('services of the SAPE office', () => {
  it('shows the SAPE request categories (the five kinds at least) while the Province has published no service', async () => {
    const before = (await api('GET', '/eu-funding/services', 'abanoRup')).json();
    expect(before).toMatchObject({ provincia: { id: ids.padova }, adheres: true, source: 'catalogue' });
    expect(before.adheringComuni).toBeGreaterThanOrEqual(1);
    expect(before.services.map((x: { code: string }) => x.code)).toEqual(expect.arrayContaining(['informazione', 'ricerca-partner', 'progettazione-proposta', 'rendicontazione', 'formazione']));
    expect((await api('GET', `/eu-funding/services?enteId=${ids.adria}`, 'abanoRup')).statusCode).toBe(403);
    expect((await api('GET', '/eu-funding/services')).statusCode).toBe(401);
  });

  it("the Province's SAPE publishes its services with kind, service level and adhesion convention; its Comuni see them and whether they may ask", async () => {
    const admin = await api('GET', `/eu-funding/office/${ids.padova}/services`, 'padovaSape');
    expect(admin.statusCode, admin.body).toBe(200);
    const { categories, conventions } = admin.json();
    expect(categories.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(['informazione', 'ricerca-partner', 'progettazione-proposta', 'rendicontazione', 'formazione']));
    expect(conventions).toContainEqual({ id: ids.sapeConvention, title: 'Convenzione SAPE Padova', inForce: true });
    const cat = (code: string) => categories.find((c: { code: string }) => c.code === code).id as string;
    const add = (as: string, body: Record<string, unknown>) => api('POST', `/eu-funding/office/${ids.padova}/services`, as, body);
    const info = await add('padovaSape', { categoryId: cat('informazione'), title: 'Sportello Europa', description: 'Informazioni su bandi e programmi.', serviceLevel: 'Risposta entro 2 giorni lavorativi', published: true, position: 1 });
    expect(info.statusCode, info.body).toBe(201);
    expect(info.json()).toMatchObject({ category: { code: 'informazione' }, convention: null, published: true, version: 1 });
    const writing = await add('padovaSape', {
      categoryId: cat('progettazione-proposta'),
      title: 'Scrittura della proposta',
      description: 'Affiancamento nella redazione della candidatura.',
      serviceLevel: 'Bozza completa 10 giorni prima della scadenza',
      conventionId: ids.sapeConvention,
      position: 2,
    });
    expect(writing.statusCode, writing.body).toBe(201);
    // a draft is not shown to the Comuni
    expect((await api('GET', '/eu-funding/services', 'abanoRup')).json().services.map((x: { title: string }) => x.title)).toEqual(['Sportello Europa']);
    const published = await api('PUT', `/eu-funding/office/${ids.padova}/services/${writing.json().id}`, 'padovaSape', { ...(writing.json() as Record<string, unknown>), categoryId: cat('progettazione-proposta'), conventionId: ids.sapeConvention, published: true });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ published: true, version: 2, convention: { id: ids.sapeConvention, inForce: true } });

    const abano = (await api('GET', '/eu-funding/services', 'abanoRup')).json();
    expect(abano.source).toBe('provincia');
    expect(abano.services.map((x: { title: string; code: string; adheres: boolean }) => [x.title, x.code, x.adheres])).toEqual([
      ['Sportello Europa', 'informazione', true],
      ['Scrittura della proposta', 'progettazione-proposta', true],
    ]);
    expect(abano.services[1]).toMatchObject({ categoryId: cat('progettazione-proposta'), serviceLevel: 'Bozza completa 10 giorni prima della scadenza', convention: { id: ids.sapeConvention, title: 'Convenzione SAPE Padova' } });
    // Agna (same Province, no SAPE convention) may ask for the open service, not for the one under the convention
    const agna = (await api('GET', '/eu-funding/services', 'agnaRup')).json();
    expect(agna.services.map((x: { adheres: boolean }) => x.adheres)).toEqual([true, false]);
  });

  it('refuses bad services with field paths, writing nothing; only the SAPE of that Province edits them', async () => {
    const { categories } = (await api('GET', `/eu-funding/office/${ids.padova}/services`, 'padovaSape')).json();
    const before = await count('eu_sape_services');
    const sua = (await api('GET', '/requests/categories?service=sua', 'abanoRup')).json().items[0].id;
    const bad = await api('POST', `/eu-funding/office/${ids.padova}/services`, 'padovaSape', { categoryId: sua, title: 'Gare', description: 'x', serviceLevel: 'x', conventionId: ids.abano });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['body.categoryId', 'body.conventionId']);
    const empty = await api('POST', `/eu-funding/office/${ids.padova}/services`, 'padovaSape', { categoryId: categories[0].id, title: '', description: '', serviceLevel: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().details.issues.map((i: { path: string[] | string }) => String(i.path))).toEqual(expect.arrayContaining([expect.stringContaining('title')]));
    const ok = { categoryId: categories[0].id, title: 'Formazione', description: 'Corsi', serviceLevel: 'Due edizioni l’anno' };
    for (const who of ['rovigoSape', 'abanoAdmin', 'padovaSua', 'upi']) {
      expect([who, (await api('POST', `/eu-funding/office/${ids.padova}/services`, who, ok)).statusCode]).toEqual([who, 403]);
      expect([who, (await api('GET', `/eu-funding/office/${ids.padova}/services`, who)).statusCode]).toEqual([who, 403]);
    }
    const [one] = (await api('GET', `/eu-funding/office/${ids.padova}/services`, 'padovaSape')).json().items;
    expect((await api('PUT', `/eu-funding/office/${ids.rovigo}/services/${one.id}`, 'rovigoSape', { ...ok, version: one.version })).statusCode).toBe(404);
    expect((await api('PUT', `/eu-funding/office/${ids.padova}/services/${one.id}`, 'padovaSape', { ...ok, version: 99 })).statusCode).toBe(409);
    expect(await count('eu_sape_services')).toBe(before);
  });
});

describe('territory view and office', () => {
  it('the Province’s SAPE sees its Comuni with funds per Comune and per inhabitant; UPI sees it across Provinces', async () => {
    expect((await api('PUT', `/eu-funding/office/${ids.padova}`, 'padovaSape', { year: 2026, staffFte: 2.5, costs: 120000, fees: 30000, supportHours: 800 })).statusCode).toBe(200);
    expect((await api('PUT', `/eu-funding/office/${ids.padova}`, 'rovigoSape', { year: 2026, staffFte: 1, costs: 1, fees: 1, supportHours: 1 })).statusCode).toBe(403);
    const res = await api('GET', `/eu-funding/territory?provinciaId=${ids.padova}&year=2026`, 'padovaSape');
    expect(res.statusCode, res.body).toBe(200);
    const t = res.json();
    const abano = t.rows.find((r: { enteId: string }) => r.enteId === ids.abano);
    expect(abano).toMatchObject({ projects: 2, requested: 180000.1, obtained: 160000.08, successRate: 100, byState: { esecuzione: 1, affidamento: 1 } });
    expect(abano.obtainedPerInhabitant).toBeCloseTo(160000.08 / abanoPopulation, 2);
    expect(t.totals).toMatchObject({ supportHours: 800, costs: 120000, fees: 30000, costPerEuroAttracted: 0.75 });
    expect((await api('GET', `/eu-funding/territory?provinciaId=${ids.padova}`, 'rovigoSape')).statusCode).toBe(403);
    expect((await api('GET', `/eu-funding/territory?provinciaId=${ids.padova}`, 'abanoAdmin')).statusCode).toBe(403);
    expect((await api('GET', '/eu-funding/territory', 'padovaSape')).statusCode).toBe(403);
    const upi = await api('GET', '/eu-funding/territory?year=2026', 'upi');
    expect(upi.statusCode).toBe(200);
    expect(upi.json().rows.find((r: { enteId: string }) => r.enteId === ids.padova)).toMatchObject({ projects: 2, obtained: 160000.08 });
    expect(upi.json().totals.comuniServed).toBe(1);
  });
});

describe('the SAPE sees only the Comuni it serves (registry conventions)', () => {
  it('a Comune of the same Province without a SAPE convention, and a Comune of another Province, keep their projects from the SAPE', async () => {
    const create = async (as: string, leadEnteId: string, title: string) => {
      const r = await api('POST', '/eu-funding/projects', as, { leadEnteId, title, budget: [{ category: 'servizi', amount: 1000 }], cofinancing: [{ source: 'comune', amount: 1000 }] });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as string;
    };
    const agna = await create('agnaRup', ids.agna!, 'Biblioteca digitale di Agna');
    const adria = await create('adriaRup', ids.adria!, 'Porto fluviale di Adria');
    const read = async (as: string, id: string) => (await api('GET', `/eu-funding/projects/${id}`, as)).statusCode;
    // own served Comune (Abano Terme, party to the SAPE convention) / same Province without convention / other Province
    expect(await read('padovaSape', ids.project!)).toBe(200);
    expect(await read('padovaSape', agna)).toBe(404);
    expect(await read('padovaSape', adria)).toBe(404);
    expect(await read('rovigoSape', adria)).toBe(404);
    expect(await read('agnaRup', agna)).toBe(200);
    const listed = (await api('GET', '/eu-funding/projects?pageSize=100', 'padovaSape')).json().items.map((p: { id: string }) => p.id);
    expect(listed).toContain(ids.project);
    expect(listed).not.toContain(agna);
    expect(listed).not.toContain(adria);
    const edit = await api('POST', `/eu-funding/projects/${agna}/transitions`, 'padovaSape', { to: 'candidatura', date: '2026-06-20', version: 1 });
    expect(edit.statusCode).toBe(404);
    // nor may it start a project for a Comune it does not serve
    const refused = await api('POST', '/eu-funding/projects', 'padovaSape', { leadEnteId: ids.agna, title: 'Per conto di Agna', budget: [], cofinancing: [] });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().details.issues[0].path).toBe('body.leadEnteId');
  });
});

describe('global search', () => {
  it('a Comune finds its project and an open call; another Comune finds the call but not the project', async () => {
    const find = async (as: string, q: string) => (await api('GET', `/search?q=${encodeURIComponent(q)}`, as)).json().items as { kind: string; id: string; url: string }[];
    const mine = await find('abanoRup', 'Scuole energia quasi zero');
    expect(mine.find((x) => x.kind === 'eu_project' && x.id === ids.project)).toMatchObject({ url: `/fondi-ue/progetti/${ids.project}` });
    const call = await find('abanoRup', 'PR-FESR-VEN-2026-EFF-EN');
    expect(call.find((x) => x.kind === 'eu_call' && x.id === ids.call)).toMatchObject({ url: `/fondi-ue/bandi/${ids.call}` });
    expect((await find('agnaRup', 'Scuole energia quasi zero')).filter((x) => x.kind === 'eu_project')).toEqual([]);
    expect((await find('agnaRup', 'Efficientamento energetico')).some((x) => x.kind === 'eu_call' && x.id === ids.call)).toBe(true);
    // the SAPE of the Province that serves Abano Terme finds it once the project is re-indexed after the convention
    // (any change of the project, or a rebuild of the kind); another Province's SAPE does not
    await app.services.search.rebuild('eu_project');
    expect((await find('padovaSape', 'Scuole energia quasi zero')).some((x) => x.id === ids.project)).toBe(true);
    expect((await find('rovigoSape', 'Scuole energia quasi zero')).some((x) => x.id === ids.project)).toBe(false);
  });
});
