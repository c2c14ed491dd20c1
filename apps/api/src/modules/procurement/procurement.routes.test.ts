import { sql } from 'drizzle-orm';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@app/db';
import { buildApp, type App } from '../../app.js';
import { parseEnv } from '../../config/env.js';
import { enteId, openTestDatabase, signInPeople } from '../../../test/build-app.js';
import { draw } from './rotation.js';

type Headers = Record<string, string>;
let app: App;
let database: Database;
let clock = new Date('2026-05-04T08:00:00Z');
const h: Record<string, Headers> = {};
const uid: Record<string, string> = {};
const ids: Record<string, string> = {};

const api = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, as?: string, payload?: unknown) =>
  app.inject({ method, url: `/api/v1${url}`, headers: as ? h[as] : { 'x-requested-with': 'XMLHttpRequest' }, ...(payload === undefined ? {} : { payload: payload as object }) });
async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await database.db.execute(query)) as unknown as { rows: T[] }).rows;
}
const count = async (table: string) => (await rows<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;

/** A €180,000 services request of Abano Terme (the e2e journey of the issue). */
const request = (over: Record<string, unknown> = {}) => ({
  comuneId: ids.abano,
  title: 'Servizio di pulizia degli edifici comunali 2027-2029',
  description: 'Pulizia ordinaria e straordinaria di municipio, scuole e biblioteca.',
  objectType: 'servizi',
  cpvMain: '90910000-9',
  estimatedValue: 180000,
  optionsValue: 30000,
  cup: 'D71B26000010004',
  pnrr: false,
  rupName: 'Maria Rossi',
  rupEmail: 'maria.rossi@example.it',
  labourIntensive: true,
  ...over,
});
const detail = async (id: string, as = 'padovaSua') => (await api('GET', `/procurement/procedures/${id}`, as)).json();
async function move(id: string, as: string, body: Record<string, unknown>) {
  const p = await detail(id, as);
  return api('POST', `/procurement/procedures/${id}/transitions`, as, { version: p.version, ...body });
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
    ['abanoRup', { role: 'comune_user', enteId: ids.abano }],
    ['abanoAdmin', { role: 'ente_admin', enteId: ids.abano }],
    ['abanoViewer', { role: 'viewer', enteId: ids.abano }],
    ['albignasegoRup', { role: 'comune_user', enteId: ids.albignasego }],
    ['adriaRup', { role: 'comune_user', enteId: ids.adria }],
    ['padovaSua', { role: 'sua_operator', enteId: ids.padova }],
    ['padovaAdmin', { role: 'ente_admin', enteId: ids.padova }],
    ['padovaSit', { role: 'sit_operator', enteId: ids.padova }],
    ['rovigoSua', { role: 'sua_operator', enteId: ids.rovigo }],
  ]);
  Object.assign(h, signed.headers);
  Object.assign(uid, signed.ids);
  // Abano Terme adheres to Padova's SUA; Albignasego does not
  const [c] = await rows<{ id: string }>(
    sql`insert into conventions (kind, title, owner_ente_id, services, starts_on, state) values ('provincia_comune', 'Convenzione SUA Padova', ${ids.padova}, '{sua}', '2026-01-01', 'active') returning id`,
  );
  await database.db.execute(sql`insert into convention_parties (convention_id, ente_id) values (${c!.id}, ${ids.abano})`);
  ids.suaConvention = c!.id;
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('advice from the rules (contract)', () => {
  it('answers the procedures the law allows for €180,000 of services: negoziata with at least 5 operators, not a direct award', async () => {
    const res = await api('POST', '/procurement/advice', 'abanoRup', { object: 'servizi', estimatedValue: 180000, buyer: 'sub_central', date: '2026-05-04' });
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json();
    expect(a).toMatchObject({ euThreshold: 216000, aboveEuThreshold: false, standstillDays: 0, qualificationRequired: true });
    const neg = a.allowedProcedures.find((p: { code: string }) => p.code === 'NEGOZIATA_SENZA_BANDO');
    expect(neg).toMatchObject({ minOperators: 5 });
    expect(neg.legalBasis).toMatch(/art\. 50/);
    expect(a.allowedProcedures.map((p: { code: string }) => p.code)).not.toContain('AFFIDAMENTO_DIRETTO');
    expect(a.awardCriterion).toHaveProperty('oepvMandatory');
    expect(Array.isArray(a.notes)).toBe(true);
  });

  it('applies the thresholds in force on the date: 221,000 in 2025, 216,000 from 2026, edges included', async () => {
    const at = async (date: string, estimatedValue: number) =>
      (await api('POST', '/procurement/advice', 'abanoRup', { object: 'services', estimatedValue, buyer: 'sub_central', date })).json();
    expect((await at('2025-12-31', 216000)).euThreshold).toBe(221000);
    expect((await at('2025-12-31', 216000)).aboveEuThreshold).toBe(false);
    expect((await at('2026-01-01', 216000)).aboveEuThreshold).toBe(true);
    expect((await at('2026-01-01', 215999)).aboveEuThreshold).toBe(false);
    const above = await at('2026-01-01', 216000);
    expect(above.standstillDays).toBe(32);
    expect(above.allowedProcedures.map((p: { code: string }) => p.code)).toContain('APERTA');
  });

  it('answers 400 with the field paths for absurd values and unknown object types', async () => {
    const res = await api('POST', '/procurement/advice', 'abanoRup', { object: 'pizza', estimatedValue: -5, buyer: 'sub_central' });
    expect(res.statusCode).toBe(400);
    const paths = res.json().details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['body.object', 'body.estimatedValue']));
    expect((await api('POST', '/procurement/advice', 'abanoRup', { object: 'lavori', estimatedValue: 1e15 })).statusCode).toBe(400);
  });

  it('lists the rules in force on a date, with their legal basis', async () => {
    const items = (await api('GET', '/procurement/rules?date=2025-06-01', 'padovaSua')).json().items as { key: string; value: string; legalBasis: string }[];
    expect(items.find((r) => r.key === 'EU_SF_SUBCENTRAL')).toMatchObject({ value: '221000.00' });
    expect(items.find((r) => r.key === 'STANDSTILL_DAYS')).toMatchObject({ value: '32.00' });
  });

  it('needs a signed-in user', async () => {
    expect((await api('POST', '/procurement/advice', undefined, { object: 'servizi', estimatedValue: 1000, buyer: 'sub_central' })).statusCode).toBe(401);
  });
});

describe('request of a Comune', () => {
  it('tells a Comune without a SUA convention why it cannot ask and how to join, and writes nothing', async () => {
    const before = await count('procurement_procedures');
    const res = await api('POST', '/procurement/procedures', 'albignasegoRup', request({ comuneId: ids.albignasego }));
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'no_convention', details: { provincia: { id: ids.padova } } });
    expect(res.json().message).toMatch(/convenzione/);
    expect(await count('procurement_procedures')).toBe(before);
  });

  it('refuses malformed CUP, unknown CPV, options above the value and lots that do not add up, with field paths, writing nothing', async () => {
    const before = await count('procurement_procedures');
    const bad = await api('POST', '/procurement/procedures', 'abanoRup', request({ cup: 'D71B2600001000X', cpvMain: '46000000-0', optionsValue: 200000, lots: [{ title: 'Lotto 1', value: 100000 }] }));
    expect(bad.statusCode).toBe(400);
    const paths = bad.json().details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['body.cup', 'body.cpvMain', 'body.optionsValue', 'body.lots']));
    const shape = await api('POST', '/procurement/procedures', 'abanoRup', request({ estimatedValue: 'molto', cupp: 1, cpvMain: '4500' }));
    expect(shape.statusCode).toBe(400);
    expect(await count('procurement_procedures')).toBe(before);
  });

  it('lets a viewer of the Comune, another Comune and the Province not ask on its behalf', async () => {
    for (const who of ['abanoViewer', 'adriaRup', 'padovaSua', 'upi']) {
      const res = await api('POST', '/procurement/procedures', who, request());
      expect(res.statusCode, who).toBe(400);
      expect(res.json().details.issues[0].path).toBe('body.comuneId');
    }
  });
});

describe('the procedure from request to award (API journey)', () => {
  let id = '';
  let operatorId = '';

  it('the Comune RUP requests €180,000 of services; the request is a draft with a number, the advice and the RUP in the team', async () => {
    const res = await api('POST', '/procurement/procedures', 'abanoRup', request({ lots: [{ title: 'Edifici scolastici', value: 100000, cpv: '90919200-4' }, { title: 'Municipio e biblioteca', value: 80000 }] }));
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    id = p.id;
    expect(p).toMatchObject({ state: 'bozza', estimatedValue: 180000, comune: { istatCode: '028001' }, provincia: { istatCode: '028' } });
    expect(p.number).toMatch(/^SUA-PD-2026-\d{4}$/);
    expect(p.lots).toHaveLength(2);
    expect(p.advice.allowedProcedures.map((x: { code: string }) => x.code)).toContain('NEGOZIATA_SENZA_BANDO');
    expect(p.team).toEqual([expect.objectContaining({ role: 'rup', user: expect.objectContaining({ id: uid.abanoRup }) })]);
    expect(p.allowed).toEqual(expect.arrayContaining(['istruttoria', 'annullata']));
  });

  it('lists it for the Comune and for its SUA with the contract fields, and for nobody else', async () => {
    for (const who of ['abanoRup', 'abanoViewer', 'padovaSua', 'padovaAdmin']) {
      const list = (await api('GET', '/procurement/procedures?state=bozza', who)).json();
      expect(list.items.map((x: { id: string }) => x.id), who).toContain(id);
      const item = list.items.find((x: { id: string }) => x.id === id);
      expect(item).toMatchObject({ id, title: expect.any(String), state: 'bozza', procedureCode: null, estimatedValue: 180000, comune: { istatCode: '028001', name: 'Abano Terme' } });
    }
    for (const who of ['adriaRup', 'rovigoSua', 'upi', 'padovaSit', 'albignasegoRup']) {
      expect((await api('GET', '/procurement/procedures', who)).json().items.map((x: { id: string }) => x.id), who).not.toContain(id);
      expect((await api('GET', `/procurement/procedures/${id}`, who)).statusCode, who).toBe(404);
    }
  });

  it('the Comune edits its draft (stale versions are refused) and sends it; the SUA is told', async () => {
    const p = await detail(id, 'abanoRup');
    const ok = await api('PATCH', `/procurement/procedures/${id}`, 'abanoRup', { version: p.version, fundingNote: 'Bilancio comunale 2027' });
    expect(ok.statusCode, ok.body).toBe(200);
    const stale = await api('PATCH', `/procurement/procedures/${id}`, 'abanoRup', { version: p.version, fundingNote: 'altro' });
    expect(stale.statusCode).toBe(409);
    expect((await api('PATCH', `/procurement/procedures/${id}`, 'padovaSua', { version: p.version + 1, fundingNote: 'x' })).statusCode).toBe(409);
    const sent = await move(id, 'abanoRup', { to: 'istruttoria' });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(sent.json().state).toBe('istruttoria');
    const [job] = await rows<{ payload: { recipients: string[] } }>(
      sql`select payload from jobs where queue = 'notifications.fanout' and payload->>'type' = 'procurement.submitted' and payload->'record'->>'id' = ${id}`,
    );
    expect(job!.payload.recipients).toEqual(expect.arrayContaining([uid.padovaSua, uid.padovaAdmin]));
  });

  it('refuses a procedure the law does not allow and an invalid move, writing nothing', async () => {
    const direct = await move(id, 'padovaSua', { to: 'documenti', procedureCode: 'AFFIDAMENTO_DIRETTO', awardCriterion: 'OEPV_QUALITA_PREZZO' });
    expect(direct.statusCode).toBe(409);
    expect(direct.json()).toMatchObject({ code: 'procedure_not_allowed' });
    expect(direct.json().details.allowed).toContain('NEGOZIATA_SENZA_BANDO');
    const cheap = await move(id, 'padovaSua', { to: 'documenti', procedureCode: 'NEGOZIATA_SENZA_BANDO', awardCriterion: 'PREZZO' });
    expect(cheap.statusCode).toBe(409);
    expect(cheap.json().code).toBe('criterion_not_allowed');
    const jump = await move(id, 'padovaSua', { to: 'aggiudicata' });
    expect(jump.statusCode).toBe(409);
    expect(jump.json()).toMatchObject({ code: 'invalid_transition', details: { allowed: expect.arrayContaining(['documenti', 'bozza']) } });
    expect((await move(id, 'abanoRup', { to: 'documenti', procedureCode: 'NEGOZIATA_SENZA_BANDO', awardCriterion: 'OEPV_QUALITA_PREZZO' })).statusCode).toBe(409);
    expect((await detail(id)).state).toBe('istruttoria');
  });

  it('the SUA accepts with negoziata and OEPV: the workspace lists the documents the procedure needs', async () => {
    const res = await move(id, 'padovaSua', { to: 'documenti', procedureCode: 'NEGOZIATA_SENZA_BANDO', awardCriterion: 'OEPV_QUALITA_PREZZO', priceCapPercent: 30 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'documenti', procedureCode: 'NEGOZIATA_SENZA_BANDO', awardCriterion: 'OEPV_QUALITA_PREZZO' });
    const docs = (await api('GET', `/procurement/procedures/${id}/documents`, 'padovaSua')).json().items as { docType: string; required: boolean; state: string }[];
    const types = docs.map((x) => x.docType);
    expect(types).toEqual(expect.arrayContaining(['DETERMINA_A_CONTRARRE', 'LETTERA_INVITO', 'DISCIPLINARE', 'SCHEMA_CONTRATTO']));
    expect(types).not.toContain('BANDO');
    expect(docs.find((x) => x.docType === 'LETTERA_INVITO')).toMatchObject({ required: true, state: 'da_redigere' });
    const checklist = (await api('GET', `/procurement/procedures/${id}/checklist`, 'padovaSua')).json();
    expect(checklist.ready).toBe(false);
    expect(checklist.missing.map((m: { code: string }) => m.code)).toContain('document:LETTERA_INVITO');
  });

  it('will not be ready for publication while required documents are not approved', async () => {
    const res = await move(id, 'padovaSua', { to: 'pronta' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('documents_incomplete');
    expect(res.json().details.missing).toContain('DETERMINA_A_CONTRARRE');
  });

  it('drafts the determina from the SUA template filled with the procedure data, revises and approves it', async () => {
    const drafted = await api('POST', `/procurement/procedures/${id}/documents/DETERMINA_A_CONTRARRE/draft`, 'padovaSua', {});
    expect(drafted.statusCode, drafted.body).toBe(200);
    const d = drafted.json();
    expect(d).toMatchObject({ state: 'in_bozza', document: { currentVersion: 1 } });
    const text = await app.inject({ method: 'GET', url: `/api/v1/documents/${d.document.id}/content`, headers: h.padovaSua });
    expect(text.statusCode).toBe(200);
    const revised = await api('POST', `/procurement/procedures/${id}/documents/DETERMINA_A_CONTRARRE/transition`, 'padovaSua', { to: 'in_revisione', version: d.version });
    expect(revised.statusCode, revised.body).toBe(200);
    // a viewer of the Comune cannot approve; the Comune's RUP can approve what the Comune produces
    const byViewer = await api('POST', `/procurement/procedures/${id}/documents/DETERMINA_A_CONTRARRE/transition`, 'abanoViewer', { to: 'approvato', version: revised.json().version });
    expect(byViewer.statusCode).toBe(403);
    const approved = await api('POST', `/procurement/procedures/${id}/documents/DETERMINA_A_CONTRARRE/transition`, 'padovaSua', { to: 'approvato', version: revised.json().version });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ state: 'approvato', approvedBy: { id: uid.padovaSua } });
    // with LibreOffice installed the approved text becomes PDF/A-2b, the next version of the document
    const pdfa = (await api('GET', '/documents/capabilities', 'padovaSua')).json().pdfa as boolean;
    expect(approved.json().document).toMatchObject(pdfa ? { currentVersion: 2, mediaType: 'application/pdf' } : { currentVersion: 1 });
    const unsigned = await api('POST', `/procurement/procedures/${id}/documents/DETERMINA_A_CONTRARRE/transition`, 'padovaSua', { to: 'firmato', version: approved.json().version });
    expect(unsigned.statusCode).toBe(409);
    expect(unsigned.json().code).toBe('not_signed');
  });

  it('approves the other required documents, then the procedure is ready; the fascicolo ZIP and OCDS come out', async () => {
    const docs = (await api('GET', `/procurement/procedures/${id}/documents`, 'padovaSua')).json().items as { docType: string; required: boolean; state: string; folder: string }[];
    for (const x of docs.filter((d) => d.required && d.state === 'da_redigere' && /^0[123]_/.test(d.folder))) {
      const a = await api('POST', `/procurement/procedures/${id}/documents/${x.docType}/draft`, 'padovaSua', {});
      expect(a.statusCode, `${x.docType} ${a.body}`).toBe(200);
      const b = await api('POST', `/procurement/procedures/${id}/documents/${x.docType}/transition`, 'padovaSua', { to: 'in_revisione', version: a.json().version });
      const c = await api('POST', `/procurement/procedures/${id}/documents/${x.docType}/transition`, 'padovaSua', { to: 'approvato', version: b.json().version });
      expect(c.statusCode, `${x.docType} ${c.body}`).toBe(200);
    }
    expect((await api('GET', `/procurement/procedures/${id}/checklist`, 'padovaSua')).json().ready).toBe(true);
    const ready = await move(id, 'padovaSua', { to: 'pronta' });
    expect(ready.statusCode, ready.body).toBe(200);

    const zip = await api('GET', `/procurement/procedures/${id}/export`, 'padovaSua');
    expect(zip.statusCode, zip.body.slice(0, 300)).toBe(200);
    expect(zip.headers['content-type']).toMatch(/application\/zip/);
    const names = await zipNames(zip.rawPayload);
    expect(names).toEqual(expect.arrayContaining(['fascicolo.xml', 'PIndex.xml', 'procedura/ocds.json', 'procedura/checklist.json']));
    expect(names.filter((n) => n.startsWith('documenti/')).length).toBeGreaterThanOrEqual(4);
    // the Comune follows but does not hand the file over
    expect((await api('GET', `/procurement/procedures/${id}/export`, 'abanoRup')).statusCode).toBe(403);

    const ocds = (await api('GET', `/procurement/procedures/${id}/ocds`, 'abanoRup')).json();
    const release = ocds.releases[0];
    expect(release.ocid).toBe(`ocds-pc1upi-${id}`);
    expect(release.tender).toMatchObject({ procurementMethod: 'limited', mainProcurementCategory: 'services', value: { amount: 180000, currency: 'EUR' } });
    expect(release.parties.flatMap((p: { roles: string[] }) => p.roles)).toEqual(expect.arrayContaining(['buyer', 'procuringEntity']));
    expect(release.tender.documents.length).toBeGreaterThanOrEqual(4);
  }, 240_000); // each approval converts a DOCX to PDF/A with LibreOffice (seconds each)

  it('publishes only with an offer deadline after publication, then evaluates once offers are closed', async () => {
    const op = await api('POST', '/procurement/operators', 'padovaSua', { name: 'Pulizie Venete S.r.l.', taxCode: '01234560289', vatNumber: '01234560289' }).catch(() => null);
    if (op && op.statusCode === 201) operatorId = op.json().id;
    else {
      const [row] = await rows<{ id: string }>(
        sql`insert into economic_operators (name, tax_code, vat_number) values ('Pulizie Venete S.r.l.', '01234560289', '01234560289') on conflict (tax_code) do update set name = excluded.name returning id`,
      );
      operatorId = row!.id;
    }
    const late = await move(id, 'padovaSua', { to: 'pubblicata', publishedOn: '2026-05-04', platform: 'Sintel', offerDeadline: '2026-05-03T12:00:00+02:00' });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('offer_deadline_too_short');
    const pub = await move(id, 'padovaSua', { to: 'pubblicata', publishedOn: '2026-05-04', platform: 'Sintel', offerDeadline: '2026-05-25T12:00:00+02:00' });
    expect(pub.statusCode, pub.body).toBe(200);
    const [item] = await rows<{ kind: string }>(sql`select kind from calendar_items where source_id = ${id} and kind = 'offer_deadline'`);
    expect(item).toBeDefined();
    expect((await move(id, 'padovaSua', { to: 'valutazione' })).json().code).toBe('offers_still_open');
    clock = new Date('2026-05-26T08:00:00Z');
    expect((await move(id, 'padovaSua', { to: 'valutazione' })).statusCode).toBe(200);
    const added = await api('POST', `/procurement/procedures/${id}/participants`, 'padovaSua', { operatorId, role: 'bidder', offerAmount: 171500 });
    expect(added.statusCode, added.body).toBe(201);
  });

  it('proposes the award, builds the checks on the awardee and awards only when they are regular', async () => {
    const stranger = await move(id, 'padovaSua', { to: 'proposta', operatorId: '00000000-0000-4000-8000-000000000000', amount: 1000 });
    expect(stranger.json().code).toBe('operator_not_participant');
    expect((await move(id, 'padovaSua', { to: 'proposta', operatorId, amount: 171500 })).statusCode).toBe(200);
    expect((await move(id, 'padovaSua', { to: 'verifica' })).statusCode).toBe(200);
    const early = await move(id, 'padovaSua', { to: 'aggiudicata' });
    expect(early.statusCode).toBe(409);
    expect(['checks_incomplete', 'checks_expired']).toContain(early.json().code);
    const fallback = await move(id, 'padovaSua', { to: 'aggiudicata', fvoeFallback: { note: 'FVOE non disponibile' } });
    expect(fallback.json().code).toBe('fvoe_fallback_too_early');
    expect(fallback.json().details.availableOn).toBe('2026-06-25');
    const checks = (await api('GET', `/procurement/procedures/${id}/checks`, 'padovaSua')).json();
    expect(checks.items.length).toBeGreaterThan(5);
    for (const c of checks.items as { id: string; version: number; validityDays: number | null }[]) {
      const res = await api('PATCH', `/procurement/procedures/${id}/checks/${c.id}`, 'padovaSua', {
        version: c.version,
        requestedAt: '2026-05-26',
        outcome: 'regolare',
        issuedOn: '2026-05-26',
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const awarded = await move(id, 'padovaSua', { to: 'aggiudicata' });
    expect(awarded.statusCode, awarded.body).toBe(200);
    expect(awarded.json()).toMatchObject({ state: 'aggiudicata', awardee: { id: operatorId }, awardAmount: 171500, standstillEnd: null, stipulaDeadline: '2026-06-25' });
    const ocds = (await api('GET', `/procurement/procedures/${id}/ocds`, 'padovaSua')).json().releases[0];
    expect(ocds.awards[0].suppliers[0].name).toBe('Pulizie Venete S.r.l.');
  });

  it('counts it in the dashboard of its SUA and of UPI, and in CSV; a Comune reads no dashboard', async () => {
    const sua = (await api('GET', '/procurement/dashboard', 'padovaSua')).json();
    expect(sua.scope.provincia.istatCode).toBe('028');
    expect(sua.byState.find((x: { key: string }) => x.key === 'aggiudicata').count).toBeGreaterThanOrEqual(1);
    expect(sua.medianDaysPerPhase.find((x: { state: string }) => x.state === 'pubblicata').samples).toBeGreaterThanOrEqual(1);
    const upi = (await api('GET', '/procurement/dashboard', 'upi')).json();
    expect(upi.scope.provincia).toBeNull();
    expect(upi.total).toBeGreaterThanOrEqual(sua.total);
    const csv = await api('GET', '/procurement/dashboard?format=csv', 'padovaSua');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toMatch(/stato,aggiudicata/);
    expect((await api('GET', '/procurement/dashboard', 'abanoRup')).statusCode).toBe(403);
    expect((await api('GET', '/procurement/dashboard?provincia=029', 'padovaSua')).statusCode).toBe(403);
  });

  it('stipulates after the award and tells what needs whom', async () => {
    const tasks = (await api('GET', '/procurement/tasks', 'padovaSua')).json().items as { kind: string; procedure: { id: string } }[];
    expect(tasks.find((t) => t.procedure.id === id)?.kind).toBe('sign');
    expect((await move(id, 'padovaSua', { to: 'stipula', signedOn: '2026-06-10' })).statusCode).toBe(200);
    expect((await detail(id)).signedOn).toBe('2026-06-10');
  });
});

describe('permission matrix (role × own/other ente × action)', () => {
  let pid = '';
  /** Expected answers per person, written out: the policy is not used to compute them. */
  const people = ['abanoRup', 'abanoAdmin', 'abanoViewer', 'adriaRup', 'albignasegoRup', 'padovaSua', 'padovaAdmin', 'padovaSit', 'rovigoSua', 'upi'] as const;
  const expect_ = (table: Record<(typeof people)[number], number>) => table;

  beforeAll(async () => {
    const res = await api('POST', '/procurement/procedures', 'abanoRup', request({ title: 'Fornitura di attrezzature per la protezione civile', objectType: 'forniture', cpvMain: '35110000-8', estimatedValue: 90000, optionsValue: 0, labourIntensive: false }));
    expect(res.statusCode, res.body).toBe(201);
    pid = res.json().id;
  });

  it('read a procedure: the Comune (all its staff) and its SUA (operators and administrator); others get 404, anonymous 401', async () => {
    const want = expect_({ abanoRup: 200, abanoAdmin: 200, abanoViewer: 200, adriaRup: 404, albignasegoRup: 404, padovaSua: 200, padovaAdmin: 200, padovaSit: 404, rovigoSua: 404, upi: 404 });
    for (const who of people) {
      expect((await api('GET', `/procurement/procedures/${pid}`, who)).statusCode, who).toBe(want[who]);
      expect((await api('GET', `/procurement/procedures/${pid}/documents`, who)).statusCode, who).toBe(want[who]);
      expect((await api('GET', `/procurement/procedures/${pid}/ocds`, who)).statusCode, who).toBe(want[who]);
    }
    expect((await api('GET', `/procurement/procedures/${pid}`)).statusCode).toBe(401);
  });

  it('edit the request while a draft: the Comune staff who speak for it; the SUA and strangers may not', async () => {
    const want = expect_({ abanoRup: 200, abanoAdmin: 200, abanoViewer: 409, adriaRup: 404, albignasegoRup: 404, padovaSua: 409, padovaAdmin: 409, padovaSit: 404, rovigoSua: 404, upi: 404 });
    for (const who of people) {
      const v = (await detail(pid, 'abanoRup')).version;
      expect((await api('PATCH', `/procurement/procedures/${pid}`, who, { version: v, fundingNote: `nota di ${who}` })).statusCode, who).toBe(want[who]);
    }
  });

  it('send it to the SUA: only the Comune; accept it: only its SUA', async () => {
    const submit = expect_({ abanoRup: 200, abanoAdmin: 0, abanoViewer: 409, adriaRup: 404, albignasegoRup: 404, padovaSua: 409, padovaAdmin: 409, padovaSit: 404, rovigoSua: 404, upi: 404 });
    for (const who of people.filter((w) => w !== 'abanoRup' && w !== 'abanoAdmin')) {
      const v = (await detail(pid, 'abanoRup')).version;
      expect((await api('POST', `/procurement/procedures/${pid}/transitions`, who, { version: v, to: 'istruttoria' })).statusCode, who).toBe(submit[who]);
    }
    expect((await move(pid, 'abanoRup', { to: 'istruttoria' })).statusCode).toBe(submit.abanoRup);
    const accept = { to: 'documenti', procedureCode: 'AFFIDAMENTO_DIRETTO', awardCriterion: 'PREZZO' };
    const want = expect_({ abanoRup: 409, abanoAdmin: 409, abanoViewer: 409, adriaRup: 404, albignasegoRup: 404, padovaSua: 200, padovaAdmin: 0, padovaSit: 404, rovigoSua: 404, upi: 404 });
    for (const who of people.filter((w) => w !== 'padovaSua' && w !== 'padovaAdmin')) {
      const v = (await detail(pid, 'abanoRup')).version;
      expect((await api('POST', `/procurement/procedures/${pid}/transitions`, who, { version: v, ...accept })).statusCode, who).toBe(want[who]);
    }
    expect((await move(pid, 'padovaSua', accept)).statusCode).toBe(want.padovaSua);
  });

  it('documents: the SUA drafts its own and approves all; the Comune drafts its own; viewers and strangers may not', async () => {
    // DETERMINA_A_CONTRARRE is the Comune's document, the LETTERA_INVITO (if any) or AGGIUDICAZIONE the SUA's
    const draft = (who: string, docType: string) => api('POST', `/procurement/procedures/${pid}/documents/${docType}/draft`, who, {});
    expect((await draft('abanoViewer', 'DETERMINA_A_CONTRARRE')).statusCode).toBe(403);
    expect((await draft('adriaRup', 'DETERMINA_A_CONTRARRE')).statusCode).toBe(404);
    expect((await draft('upi', 'DETERMINA_A_CONTRARRE')).statusCode).toBe(404);
    expect((await draft('abanoRup', 'AGGIUDICAZIONE')).statusCode).toBe(403);
    expect((await draft('abanoRup', 'DETERMINA_A_CONTRARRE')).statusCode).toBe(200);
    const d = (await draft('padovaSua', 'AGGIUDICAZIONE')).json();
    expect(d.state).toBe('in_bozza');
    const review = await api('POST', `/procurement/procedures/${pid}/documents/AGGIUDICAZIONE/transition`, 'padovaSua', { to: 'in_revisione', version: d.version });
    expect((await api('POST', `/procurement/procedures/${pid}/documents/AGGIUDICAZIONE/transition`, 'abanoRup', { to: 'approvato', version: review.json().version })).statusCode).toBe(403);
    expect((await api('POST', `/procurement/procedures/${pid}/documents/AGGIUDICAZIONE/transition`, 'padovaAdmin', { to: 'approvato', version: review.json().version })).statusCode).toBe(200);
  });

  it('export, participants, team and lots: the SUA only', async () => {
    const want = expect_({ abanoRup: 403, abanoAdmin: 403, abanoViewer: 403, adriaRup: 404, albignasegoRup: 404, padovaSua: 409, padovaAdmin: 409, padovaSit: 404, rovigoSua: 404, upi: 404 });
    for (const who of people) {
      // not complete yet: the SUA gets the checklist's 409, the Comune 403, strangers 404
      expect((await api('GET', `/procurement/procedures/${pid}/export`, who)).statusCode, who).toBe(want[who]);
      const cand = (await api('GET', `/procurement/procedures/${pid}/team/candidates`, who)).statusCode;
      expect(cand, who).toBe(want[who] === 409 ? 200 : want[who]);
    }
  });

  it('operators registry: any SUA reads and writes it; Comuni, other roles and UPI may not', async () => {
    const want = expect_({ abanoRup: 403, abanoAdmin: 403, abanoViewer: 403, adriaRup: 403, albignasegoRup: 403, padovaSua: 200, padovaAdmin: 200, padovaSit: 403, rovigoSua: 200, upi: 403 });
    for (const who of people) expect((await api('GET', '/procurement/operators', who)).statusCode, who).toBe(want[who]);
  });

  it('dashboard: its own Province for the SUA, every Province for UPI, none for the Comuni', async () => {
    const own = expect_({ abanoRup: 403, abanoAdmin: 403, abanoViewer: 403, adriaRup: 403, albignasegoRup: 403, padovaSua: 200, padovaAdmin: 200, padovaSit: 403, rovigoSua: 403, upi: 200 });
    for (const who of people) expect((await api('GET', '/procurement/dashboard?provincia=028', who)).statusCode, who).toBe(own[who]);
  });
});

describe('rotation and verifiable draw of the operators to invite (art. 49)', () => {
  let pid = '';
  const seed = 'Estrazione del Lotto del 5 maggio 2026, ruota di Venezia: 12 34 56 78 90';

  beforeAll(async () => {
    // three more firms in the registry besides the one awarded in the journey (cleaning services, CPV 90)
    for (const [name, cf] of [['Lucida S.r.l.', '02345670281'], ['Brillante Soc. Coop.', '03456780282'], ['Splendor S.p.A.', '04567890283']]) {
      await database.db.execute(sql`insert into economic_operators (name, tax_code, vat_number) values (${name}, ${cf}, ${cf}) on conflict (tax_code) do nothing`);
    }
    const res = await api('POST', '/procurement/procedures', 'abanoRup', request({ title: 'Pulizia straordinaria della scuola media', cpvMain: '90911200-8', estimatedValue: 60000, optionsValue: 0, labourIntensive: false, cup: null }));
    expect(res.statusCode, res.body).toBe(201);
    pid = res.json().id;
    expect((await move(pid, 'abanoRup', { to: 'istruttoria' })).statusCode).toBe(200);
    expect((await move(pid, 'padovaSua', { to: 'documenti', procedureCode: 'AFFIDAMENTO_DIRETTO', awardCriterion: 'PREZZO' })).statusCode).toBe(200);
  });

  it('leaves out the outgoing contractor of the same sector, draws among the others with the public seed and invites them', async () => {
    const res = await api('POST', `/procurement/procedures/${pid}/draws`, 'padovaSua', { count: 2, publicSeed: seed });
    expect(res.statusCode, res.body).toBe(201);
    const d = res.json();
    expect(d.excluded.map((e: { operator: { name: string } }) => e.operator.name)).toEqual(['Pulizie Venete S.r.l.']);
    expect(d.excluded[0].reason).toMatch(/art\. 49/);
    expect(d.candidates.map((c: { name: string }) => c.name)).not.toContain('Pulizie Venete S.r.l.');
    expect(d.drawn).toHaveLength(2);
    expect(d.verified).toBe(true);
    // anyone with the published list and seed gets the same result
    const again = draw(d.candidates.map((c: { id: string }) => c.id), seed, 2);
    expect(again.candidatesSha256).toBe(d.candidatesSha256);
    expect(again.drawn).toEqual(d.drawn.map((x: { id: string }) => x.id));
    const invited = (await api('GET', `/procurement/procedures/${pid}/participants`, 'padovaSua')).json().items as { operator: { id: string }; role: string }[];
    expect(invited.filter((x) => x.role === 'invited').map((x) => x.operator.id).sort()).toEqual(again.drawn.slice().sort());
  });

  it('refuses more operators than there are, a draw by the Comune, and keeps the Comune from seeing who is invited', async () => {
    const many = await api('POST', `/procurement/procedures/${pid}/draws`, 'padovaSua', { count: 50, publicSeed: seed });
    expect(many.statusCode).toBe(409);
    expect(many.json().code).toBe('not_enough_operators');
    expect((await api('POST', `/procurement/procedures/${pid}/draws`, 'abanoRup', { count: 1, publicSeed: seed })).statusCode).toBe(403);
    expect((await api('POST', `/procurement/procedures/${pid}/draws`, 'padovaSua', { count: 0, publicSeed: 'x' })).statusCode).toBe(400);
    expect((await api('GET', `/procurement/procedures/${pid}/draws`, 'abanoRup')).json().items).toEqual([]);
  });

  it('includes the outgoing contractor only with a stated reason', async () => {
    const res = await api('POST', `/procurement/procedures/${pid}/draws`, 'padovaSua', { count: 1, publicSeed: `${seed} bis`, includeOutgoing: { reason: 'Unico operatore con la certificazione richiesta nel territorio (art. 49 c.4)' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().excluded).toEqual([]);
    expect(res.json().candidates.map((c: { name: string }) => c.name)).toContain('Pulizie Venete S.r.l.');
  });
});

describe('terms of the convention (cap and fee) and the public transparency page', () => {
  it('the SUA sets the cap and the fee; the Comune party reads them; others do not see them', async () => {
    const put = await api('PUT', `/procurement/conventions/${ids.suaConvention}/terms`, 'padovaSua', { maxValue: 1000000, feePercent: 1.5, feeMin: 500, feeMax: 20000, suaLevelSf: 'SF3', suaLevelWorks: 'L3', note: 'Delibera di Giunta n. 12/2026', version: 0 });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ maxValue: 1000000, feePercent: 1.5, feeMin: 500, feeMax: 20000, version: 1 });
    expect((await api('GET', `/procurement/conventions/${ids.suaConvention}/terms`, 'abanoRup')).json().feePercent).toBe(1.5);
    expect((await api('GET', `/procurement/conventions/${ids.suaConvention}/terms`, 'adriaRup')).statusCode).toBe(404);
    expect((await api('PUT', `/procurement/conventions/${ids.suaConvention}/terms`, 'abanoRup', { maxValue: null, feePercent: null, feeMin: null, feeMax: null, version: 1 })).statusCode).toBe(403);
    expect((await api('PUT', `/procurement/conventions/${ids.suaConvention}/terms`, 'padovaSua', { maxValue: 5, feePercent: 1, feeMin: 10, feeMax: 5, version: 1 })).statusCode).toBe(400);
    expect((await api('PUT', `/procurement/conventions/${ids.suaConvention}/terms`, 'padovaSua', { maxValue: 5, feePercent: 1, feeMin: null, feeMax: null, version: 0 })).statusCode).toBe(409);
  });

  it('refuses a request above the cap, writing nothing, and shows the fee on each procedure', async () => {
    const before = await count('procurement_procedures');
    const over = await api('POST', '/procurement/procedures', 'abanoRup', request({ estimatedValue: 1500000, optionsValue: 0, objectType: 'lavori', cpvMain: '45000000-7', labourIntensive: false }));
    expect(over.statusCode).toBe(409);
    expect(over.json()).toMatchObject({ code: 'over_convention_cap', details: { maxValue: 1000000 } });
    expect(await count('procurement_procedures')).toBe(before);
    const list = (await api('GET', '/procurement/procedures?q=pulizia%20degli%20edifici', 'padovaSua')).json().items as { id: string }[];
    const p = await detail(list[0]!.id);
    // 1.5 % of 180,000 € = 2,700 € (between the floor of 500 € and the ceiling of 20,000 €)
    expect(p.terms).toEqual({ maxValue: 1000000, feePercent: 1.5, feeAmount: 2700 });
    // the SUA's qualification declared in the convention (SF3: services and supplies up to 750,000 €) covers it
    expect(p.advice.qualificationLevel).toEqual({ level: 'SF3', coveredBySua: true });
  });

  it('lists to anyone the procedures of a Comune once published, with the awardee after the award, never the drafts', async () => {
    const res = await api('GET', '/procurement/transparency?comune=028001');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.comune.name).toBe('Abano Terme');
    const awarded = body.items.find((x: { title: string }) => x.title.startsWith('Servizio di pulizia degli edifici'));
    expect(awarded).toMatchObject({ state: 'stipula', awardee: 'Pulizie Venete S.r.l.', awardAmount: 171500, platform: 'Sintel', sua: expect.stringContaining('Padova') });
    expect(body.items.every((x: { state: string }) => !['bozza', 'istruttoria', 'documenti', 'pronta', 'annullata'].includes(x.state))).toBe(true);
    expect((await api('GET', '/procurement/transparency?comune=999999')).statusCode).toBe(404);
    expect((await api('GET', '/procurement/transparency?comune=abano')).statusCode).toBe(400);
  });
});

function zipNames(buf: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const names: string[] = [];
      zip.on('entry', (e: { fileName: string }) => {
        names.push(e.fileName);
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.readEntry();
    });
  });
}
