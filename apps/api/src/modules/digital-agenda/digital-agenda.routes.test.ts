import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@app/db';
import { loadIstatVariations, variationsFromVariazioniCsv } from '@app/db/seed';
import { buildApp, type App } from '../../app.js';
import { parseEnv } from '../../config/env.js';
import { enteId, openTestDatabase, signInPeople } from '../../../test/build-app.js';

type Headers = Record<string, string>;
let app: App;
let database: Database;
const h: Record<string, Headers> = {};
const ids: Record<string, string> = {};
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

const api = (method: 'GET' | 'POST' | 'PUT', url: string, as?: string, payload?: unknown) =>
  app.inject({ method, url: `/api/v1/digital-agenda${url}`, headers: as ? h[as] : { 'x-requested-with': 'XMLHttpRequest' }, ...(payload === undefined ? {} : { payload: payload as object }) });
async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const res = (await database.db.execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(res) ? res : (res.rows ?? []);
}
const count = async (table: string) => (await rows<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;
const population = async (code: string) => (await rows<{ p: number }>(sql`select population as p from enti where type = 'comune' and istat_code = ${code}`))[0]!.p;

async function importAndPublish(as: string, body: Record<string, unknown>) {
  const res = await api('POST', '/imports', as, body);
  expect(res.statusCode, res.body).toBe(201);
  const pub = await api('POST', `/imports/${res.json().id}/publish`, as);
  expect(pub.statusCode, pub.body).toBe(200);
  return pub.json();
}

/** Three Comuni of Padova in Abano Terme's population class (10,001–20,000), Abano first. */
let peers: string[] = [];

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
    ['abanoViewer', { role: 'viewer', enteId: ids.abano }],
    ['adriaUser', { role: 'comune_user', enteId: ids.adria }],
  ]);
  Object.assign(h, signed.headers);
  const others = await rows<{ istat_code: string }>(
    sql`select istat_code from enti where type = 'comune' and province_istat_code = '028' and istat_code <> '028001' and population between 10001 and 20000 order by istat_code limit 2`,
  );
  peers = ['028001', ...others.map((r) => r.istat_code)];
  expect(await population('028001')).toBeGreaterThan(10000);
  expect(await population('028001')).toBeLessThanOrEqual(20000);
  // an operator of Padova's competence centre loads SRV-02 for three Comuni of the same class: two tied at 72.5
  await importAndPublish('padovaSit', {
    kind: 'values_csv',
    fileName: 'sito.csv',
    content: `codice_istat;indicatore;anno;valore;data_rilevazione\n${peers[0]};SRV-02;2026;72,5;2026-05-10\n${peers[1]};SRV-02;2026;72.5;2026-05-10\n${peers[2]};SRV-02;2026;50;2026-05-10\n${peers[0]};SRV-02;2025;60;2025-05-10\n`,
  });
  // UPI loads the PA digitale 2026 funded applications
  await importAndPublish('upi', { kind: 'padigitale_candidature', fileName: 'candidature_finanziate_145.csv', period: 2026, content: fixture('candidature_finanziate_fixture.csv') });
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('catalogue (contract)', () => {
  it('answers the 69 indicators in 10 areas with names in both languages, unit, polarity and aggregation, without login', async () => {
    const res = await api('GET', '/indicators');
    expect(res.statusCode).toBe(200);
    const { items } = res.json();
    expect(items).toHaveLength(69);
    expect(new Set(items.map((i: { area: string }) => i.area)).size).toBe(10);
    expect(items.find((i: { code: string }) => i.code === 'PAY-06')).toMatchObject({ code: 'PAY-06', nameIt: expect.any(String), nameEn: expect.any(String), area: 'PAY', unit: 'boolean', polarity: 'up', aggregation: 'share', target: 1, targetDeadline: '2026-06-30' });
    expect(items.find((i: { code: string }) => i.code === 'FIN-05')).toMatchObject({ polarity: 'down', aggregation: 'median' });
  });
  it('downloads the catalogue as CSV', async () => {
    const res = await api('GET', '/indicators?format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    expect(res.body.split('\n')[0]).toContain('code;nameIt;nameEn;area');
  });
});

describe('imports', () => {
  it('answers 400 with the report for a bad file and writes nothing', async () => {
    const before = [await count('da_values'), await count('da_imports')];
    const res = await api('POST', '/imports', 'upi', { kind: 'values_csv', fileName: 'bad.csv', content: fixture('valori_bad.csv') });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('invalid_file');
    expect(res.json().details.errors.map((e: { line: number; code: string }) => [e.line, e.code])).toEqual([
      [2, 'out_of_range'],
      [3, 'unknown_istat_code'],
      [5, 'duplicate'],
      [6, 'unknown_indicator'],
    ]);
    expect([await count('da_values'), await count('da_imports')]).toEqual(before);
  });
  it("gives a centre's operator the report of a bad file of its own Comuni", async () => {
    const res = await api('POST', '/imports', 'padovaSit', { kind: 'values_csv', fileName: 'bad.csv', content: 'codice_istat;indicatore;anno;valore\n028001;SRV-02;2026;172\n999999;SRV-02;2026;1\n' });
    expect(res.statusCode).toBe(400);
    expect(res.json().details.errors.map((e: { code: string }) => e.code)).toEqual(['out_of_range', 'unknown_istat_code']);
    expect((await api('POST', '/imports', 'abanoUser', { kind: 'values_csv', fileName: 'bad.csv', content: 'codice_istat;indicatore;anno;valore\n028001;SRV-02;2026;172\n' })).statusCode).toBe(403);
  });
  it('rejects a bad PA digitale 2026 file and changes nothing', async () => {
    const before = await count('da_values');
    const res = await api('POST', '/imports', 'upi', { kind: 'padigitale_candidature', fileName: 'c.csv', period: 2026, content: fixture('candidature_finanziate_bad.csv') });
    expect(res.statusCode).toBe(400);
    expect(await count('da_values')).toBe(before);
  });
  it('answers 400 with field paths for a body that is not an import', async () => {
    const res = await api('POST', '/imports', 'upi', { kind: 'xls', fileName: '', content: '' });
    expect(res.statusCode).toBe(400);
    const paths = JSON.stringify(res.json().details);
    expect(paths).toContain('kind');
    expect(paths).toContain('fileName');
  });
  it('keeps a validated import out of the published values until it is published', async () => {
    const res = await api('POST', '/imports', 'padovaSit', { kind: 'values_csv', fileName: 'gov.csv', content: 'codice_istat;indicatore;anno;valore\n028001;GOV-01;2026;1\n' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ state: 'validated', rowCount: 1, report: { rows: 1, valid: 1, errors: [] } });
    const values = async () => (await api('GET', '/indicators/GOV-01/values?period=2026&province=028')).json().items.find((i: { istatCode: string }) => i.istatCode === '028001').value;
    expect(await values()).toBeNull();
    expect((await api('POST', `/imports/${res.json().id}/publish`, 'padovaSit')).json().state).toBe('published');
    expect(await values()).toBe(1);
    expect((await api('POST', `/imports/${res.json().id}/publish`, 'padovaSit')).statusCode).toBe(400);
  });
  it('checks the file again at publication, and publishes nothing when a Comune of it has ceased to exist meanwhile', async () => {
    const res = await api('POST', '/imports', 'padovaSit', { kind: 'values_csv', fileName: 'gov.csv', content: 'codice_istat;indicatore;anno;valore\n028002;GOV-02;2026;1\n028003;GOV-02;2026;0\n' });
    expect(res.statusCode, res.body).toBe(201);
    const before = await count('da_values');
    await database.db.execute(sql`update enti set active = false where type = 'comune' and istat_code = '028003'`);
    try {
      const pub = await api('POST', `/imports/${res.json().id}/publish`, 'padovaSit');
      expect(pub.statusCode).toBe(400);
      expect(pub.json().details.errors).toEqual([{ line: 3, field: 'codice_istat', code: 'unknown_istat_code', message: 'Codice ISTAT sconosciuto: 028003' }]);
      expect(await count('da_values')).toBe(before);
    } finally {
      await database.db.execute(sql`update enti set active = true where type = 'comune' and istat_code = '028003'`);
    }
    expect((await api('POST', `/imports/${res.json().id}/publish`, 'padovaSit')).statusCode).toBe(200);
    expect(await count('da_values')).toBe(before + 2);
  });
  it("forbids a centre to load values of another Province's Comuni, and anonymous imports", async () => {
    const body = { kind: 'values_csv', fileName: 'x.csv', content: 'codice_istat;indicatore;anno;valore\n029001;GOV-01;2026;1\n' };
    expect((await api('POST', '/imports', 'padovaSit', body)).statusCode).toBe(403);
    expect((await api('POST', '/imports', 'rovigoSit', body)).statusCode).toBe(201);
    expect((await api('POST', '/imports', undefined, body)).statusCode).toBe(403);
    expect((await api('POST', '/imports', 'padovaSit', { kind: 'padigitale_candidature', fileName: 'c.csv', period: 2026, content: fixture('candidature_finanziate_fixture.csv') })).statusCode).toBe(403);
  });
  it('reads the calls of avvisi.csv', async () => {
    const res = await api('POST', '/imports', 'upi', { kind: 'padigitale_avvisi', fileName: 'avvisi.csv', content: fixture('avvisi_fixture.csv') });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ state: 'published', rowCount: 2 });
    const [c] = await rows<{ allocated_cents: string }>(sql`select allocated_cents from da_calls where status = 'PUBBLICATO'`);
    expect(Number(c!.allocated_cents)).toBe(250000055);
  });
});

describe('imports at scale (read in steps, checked in one pass)', () => {
  /** Three years of values of every indicator for the Comuni of Padova and Rovigo (more records than one progress step). */
  async function bigFile() {
    const comuni = await rows<{ istat_code: string }>(sql`select istat_code from enti where type = 'comune' and active and province_istat_code in ('028', '029') order by istat_code`);
    const inds = await rows<{ code: string; min_value: number }>(sql`select code, min_value from da_indicators order by position`);
    const lines = ['codice_istat;indicatore;anno;valore;data_rilevazione'];
    for (const year of [2022, 2023, 2024]) {
      for (const c of comuni) for (const i of inds) lines.push(`${c.istat_code};${i.code};${year};${String(Number(i.min_value)).replace('.', ',')};${year}-12-31`);
    }
    return lines;
  }

  it('rejects a long file with one bad row at its end and changes nothing (rows counted before and after)', async () => {
    const lines = await bigFile();
    expect(lines.length).toBeGreaterThan(25_000);
    lines.push('028001;SRV-02;2024;101;2024-12-31');
    const before = [await count('da_values'), await count('da_imports')];
    const res = await api('POST', '/imports', 'upi', { kind: 'values_csv', fileName: 'big.csv', content: lines.join('\n') });
    expect(res.statusCode, res.body).toBe(400);
    const report = res.json().details;
    expect(report.rows).toBe(lines.length - 1);
    expect(report.errors.map((e: { line: number; field: string; code: string }) => [e.line, e.field, e.code])).toEqual([
      [lines.length, 'valore', 'out_of_range'],
    ]);
    expect(report.errors[0].message).toBe("Valore 101 fuori dall'intervallo 0–100");
    expect([await count('da_values'), await count('da_imports')]).toEqual(before);
  });

  it('reports bad dates, years and numbers with the lines and messages of the file', async () => {
    const res = await api('POST', '/imports', 'upi', {
      kind: 'values_csv',
      fileName: 'bad.csv',
      content: 'codice_istat;indicatore;anno;valore;data_rilevazione\n28001;SRV-02;2019;50;2019-12-31\n028001;SRV-02;2026;abc;2026-02-30\n028001;SRV-02;2026;"12,5";\n',
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().details.errors.map((e: { line: number; field: string; code: string; message: string }) => [e.line, e.field, e.code, e.message])).toEqual([
      [2, 'anno', 'bad_period', 'Anno fuori dal periodo 2021–2026'],
      [3, 'valore', 'not_a_number', 'Valore non numerico: abc'],
      [3, 'data_rilevazione', 'bad_date', 'Data non valida: 2026-02-30'],
    ]);
  });

  it('keeps a long valid file with its import, counts its values, and tells its progress to its author only', async () => {
    const lines = await bigFile();
    const key = '6f1c8a52-93b4-4b8e-a3f1-2d5e7c9b0a11';
    const seen: { phase: string; percent: number; rowsDone: number }[] = [];
    const running = api('POST', '/imports', 'upi', { kind: 'values_csv', fileName: 'big.csv', content: lines.join('\r\n'), progressKey: key });
    for (let i = 0; i < 400; i++) {
      const p = await api('GET', `/imports/progress/${key}`, 'upi');
      if (p.statusCode === 200) {
        seen.push(p.json());
        if (p.json().phase === 'done') break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const res = await running;
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ state: 'validated', rowCount: lines.length - 1, report: { rows: lines.length - 1, valid: lines.length - 1, errors: [] } });
    // the file is kept with its import until publication
    const [kept] = await rows<{ same: boolean }>(sql`select content = ${lines.join('\r\n')} as same from da_imports where id = ${res.json().id}`);
    expect(kept!.same).toBe(true);
    const final = (await api('GET', `/imports/progress/${key}`, 'upi')).json();
    expect(final).toEqual({ phase: 'done', rowsDone: lines.length - 1, rowsTotal: lines.length - 1, percent: 100 });
    // percentages only grow
    expect(seen.map((p) => p.percent)).toEqual([...seen.map((p) => p.percent)].sort((a, b) => a - b));
    expect((await api('GET', `/imports/progress/${key}`, 'padovaSit')).statusCode).toBe(404);
    expect((await api('GET', `/imports/progress/${key}`)).statusCode).toBe(403);
  });

  it('maps the code of a Comune merged into another (ISTAT variations) to the current one, as a warning', async () => {
    await database.db.transaction((tx) => loadIstatVariations(tx, variationsFromVariazioniCsv(readFileSync(new URL('../../../../../packages/db/seed/reference/fixtures/variazioni_fixture.csv', import.meta.url)))));
    const res = await api('POST', '/imports', 'padovaSit', { kind: 'values_csv', fileName: 'old.csv', content: 'codice_istat;indicatore;anno;valore\n28074;GOV-01;2026;1\n028001;GOV-01;2025;1\n' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().report).toMatchObject({ errors: [], valid: 2, remapped: [{ line: 2, from: '28074', to: '028107' }] });
    expect((await api('POST', `/imports/${res.json().id}/publish`, 'padovaSit')).statusCode).toBe(200);
    const written = await rows<{ istat_code: string }>(sql`select istat_code from da_values where import_id = ${res.json().id} order by 1`);
    expect(written.map((r) => r.istat_code)).toEqual(['028001', '028107']);
  });
});

describe('benchmark (contract)', () => {
  it('aggregates a boolean per Province from the Comuni: share of Comuni and population-weighted share', async () => {
    const res = await api('GET', '/indicators/PAY-06/benchmark?period=2026&level=province');
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    const padova = b.items.find((r: { code: string }) => r.code === '028');
    const [pa, pb] = [await population('028001'), await population('028003')];
    const n = (await rows<{ n: number }>(sql`select count(*)::int as n from enti where type = 'comune' and province_istat_code = '028'`))[0]!.n;
    expect(padova).toMatchObject({ code: '028', name: 'Provincia di Padova', comuni: 2, share: 0.5, metropolitan: false, inProgramme: true });
    expect(padova.populationWeighted).toBeCloseTo(pa / (pa + pb), 12);
    expect(padova.coverage).toBeCloseTo(2 / n, 12);
    expect(b.items.find((r: { code: string }) => r.code === '029')).toMatchObject({ comuni: 0, coverage: 0 });
    expect(b.items.find((r: { code: string }) => r.code === '201')).toMatchObject({ metropolitan: true, inProgramme: false });
    expect(b.items.length).toBe(107);
  });
  it('aggregates a score per Region as mean, median and population-weighted mean of its Comuni', async () => {
    const res = await api('GET', '/indicators/SRV-02/benchmark?period=2026&level=region');
    const veneto = res.json().items.find((r: { code: string }) => r.code === '05');
    const pops = await Promise.all(peers.map(population));
    const vals = [72.5, 72.5, 50];
    expect(veneto).toMatchObject({ comuni: 3, mean: 65, median: 72.5 });
    expect(veneto.populationWeighted).toBeCloseTo(vals.reduce((s, v, i) => s + v * pops[i]!, 0) / pops.reduce((a, b) => a + b, 0), 10);
    expect(veneto.share).toBeUndefined();
    expect(res.json().national).toMatchObject({ code: 'IT', comuni: 3, mean: 65 });
  });
  it('answers 400 for a bad period or level, 404 for an unknown indicator', async () => {
    expect((await api('GET', '/indicators/SRV-02/benchmark?period=1999&level=province')).statusCode).toBe(400);
    expect((await api('GET', '/indicators/SRV-02/benchmark?period=2026&level=comune')).statusCode).toBe(400);
    expect((await api('GET', '/indicators/ZZZ-99/benchmark?period=2026')).statusCode).toBe(404);
  });
});

describe('values of a Province (contract)', () => {
  it('answers every Comune of the Province with its population and value (null when missing)', async () => {
    const res = await api('GET', '/indicators/PAY-06/values?period=2026&province=028');
    expect(res.statusCode).toBe(200);
    const items = res.json().items;
    expect(items.find((i: { istatCode: string }) => i.istatCode === '028001')).toEqual({ istatCode: '028001', name: 'Abano Terme', population: await population('028001'), value: 1 });
    expect(items.find((i: { istatCode: string }) => i.istatCode === '028003').value).toBe(0);
    expect(items.every((i: { istatCode: string }) => i.istatCode.startsWith('028'))).toBe(true);
  });
});

describe('profile of a Comune (contract)', () => {
  it('answers value, percentile and rank in the peer group (ties counted half), territorial aggregates and target', async () => {
    const res = await api('GET', '/comuni/028001/profile?period=2026');
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json();
    expect(p.comune).toMatchObject({ istatCode: '028001', name: 'Abano Terme', population: await population('028001'), peerGroup: '10001-20000' });
    expect(p.period).toBe(2026);
    const srv = p.indicators.find((i: { code: string }) => i.code === 'SRV-02');
    expect(srv).toMatchObject({ code: 'SRV-02', value: 72.5, unit: 'percent', previous: 60, rankInPeerGroup: 1, peerGroupSize: 3, peerGroupMedian: 72.5, national: 65 });
    expect(srv.percentileInPeerGroup).toBeCloseTo((100 * (1 + 2 / 2)) / 3, 10);
    const pay = p.indicators.find((i: { code: string }) => i.code === 'PAY-06');
    expect(pay).toMatchObject({ value: 1, target: 1, status: 'on_track', province: 0.5, source: 'padigitale2026' });
    expect(p.composite).toHaveProperty('score');
    expect(p.composite).toHaveProperty('rankInterval');
    const low = (await api('GET', `/comuni/${peers[2]}/profile?period=2026`)).json().indicators.find((i: { code: string }) => i.code === 'SRV-02');
    expect(low).toMatchObject({ rankInPeerGroup: 3 });
    expect(low.percentileInPeerGroup).toBeCloseTo(100 / 6, 10);
  });
  it('marks a PNRR boolean not reached at its deadline year as off track', async () => {
    const p = (await api('GET', '/comuni/028003/profile?period=2026')).json();
    expect(p.indicators.find((i: { code: string }) => i.code === 'PAY-06')).toMatchObject({ value: 0, status: 'off_track' });
  });
  it('answers 404 for an unknown Comune and 400 for a malformed code', async () => {
    expect((await api('GET', '/comuni/999999/profile?period=2026')).statusCode).toBe(404);
    expect((await api('GET', '/comuni/28001/profile?period=2026')).statusCode).toBe(400);
  });
  it('gives the Comune by name and its series with gap closure and forecast in the trend', async () => {
    const t = (await api('GET', '/comuni/028001/trend')).json();
    expect(t).toMatchObject({ istatCode: '028001', name: 'Abano Terme' });
    expect(t.items.find((i: { code: string }) => i.code === 'SRV-02').series).toEqual([{ period: 2025, value: 60 }, { period: 2026, value: 72.5 }]);
  });
});

describe('self-assessment and who sees it', () => {
  it('lets the Comune save part of its questionnaire and shows it to the Comune, its Province and UPI only', async () => {
    const q = await api('GET', '/comuni/028001/questionnaire?period=2026', 'abanoUser');
    expect(q.statusCode).toBe(200);
    expect(q.json().items.some((i: { code: string }) => i.code === 'GOV-04')).toBe(true);
    const save = await api('PUT', '/comuni/028001/questionnaire', 'abanoUser', { period: 2026, answers: [{ code: 'GOV-04', value: 1 }] });
    expect(save.statusCode, save.body).toBe(200);
    expect(save.json().items.find((i: { code: string }) => i.code === 'GOV-04')).toMatchObject({ value: 1, source: 'questionnaire', prefilled: false });
    const seen = async (as?: string) => (await api('GET', '/comuni/028001/profile?period=2026', as)).json().indicators.find((i: { code: string }) => i.code === 'GOV-04').value;
    expect(await seen('abanoUser')).toBe(1);
    expect(await seen('padovaSit')).toBe(1);
    expect(await seen('upi')).toBe(1);
    expect(await seen('rovigoSit')).toBeNull();
    expect(await seen()).toBeNull();
    const inList = async (as?: string) => (await api('GET', '/indicators/GOV-04/values?period=2026&province=028', as)).json().items.find((i: { istatCode: string }) => i.istatCode === '028001').value;
    expect(await inList()).toBeNull();
    expect(await inList('padovaSit')).toBe(1);
    // the published aggregate counts it
    const b = (await api('GET', '/indicators/GOV-04/benchmark?period=2026&level=province')).json();
    expect(b.items.find((r: { code: string }) => r.code === '028')).toMatchObject({ comuni: 1, share: 1 });
  });
  it('answers 400 with field paths for an out-of-range answer and saves nothing', async () => {
    const res = await api('PUT', '/comuni/028001/questionnaire', 'abanoUser', { period: 2026, answers: [{ code: 'GOV-05', value: 40 }, { code: 'GOV-06', value: 3 }] });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([{ path: 'answers.1.value', message: expect.any(String) }]);
    const n = (await rows<{ n: number }>(sql`select count(*)::int as n from da_values where istat_code = '028001' and indicator_code = 'GOV-05'`))[0]!.n;
    expect(n).toBe(0);
  });
});

describe('permission matrix', () => {
  const matrix: [string, string | undefined, number][] = [
    // questionnaire of Abano Terme: read
    ['GET /comuni/028001/questionnaire?period=2026', 'abanoUser', 200],
    ['GET /comuni/028001/questionnaire?period=2026', 'abanoViewer', 200],
    ['GET /comuni/028001/questionnaire?period=2026', 'padovaSit', 200],
    ['GET /comuni/028001/questionnaire?period=2026', 'upi', 200],
    ['GET /comuni/028001/questionnaire?period=2026', 'rovigoSit', 403],
    ['GET /comuni/028001/questionnaire?period=2026', 'adriaUser', 403],
    ['GET /comuni/028001/questionnaire?period=2026', undefined, 403],
    // centre dashboard of Padova
    ['GET /centres/028/dashboard?period=2026', 'padovaSit', 200],
    ['GET /centres/028/dashboard?period=2026', 'padovaAdmin', 200],
    ['GET /centres/028/dashboard?period=2026', 'upi', 200],
    ['GET /centres/028/dashboard?period=2026', 'rovigoSit', 403],
    ['GET /centres/028/dashboard?period=2026', 'abanoUser', 403],
    ['GET /centres/028/dashboard?period=2026', undefined, 403],
    // public aggregates
    ['GET /indicators/PAY-06/benchmark?period=2026&level=region', undefined, 200],
    ['GET /comuni/028001/profile?period=2026', undefined, 200],
    ['GET /centres/028', undefined, 200],
  ];
  it.each(matrix)('%s as %s answers %i', async (route, as, status) => {
    const [, url] = route.split(' ');
    expect((await api('GET', url!, as)).statusCode).toBe(status);
  });
  const writes: [string, string | undefined, number][] = [
    ['questionnaire', 'abanoUser', 200],
    ['questionnaire', 'abanoViewer', 403],
    ['questionnaire', 'padovaSit', 403],
    ['questionnaire', 'adriaUser', 403],
    ['centre', 'padovaSit', 201],
    ['centre', 'rovigoSit', 403],
    ['centre', 'abanoUser', 403],
    ['centre', 'upi', 403],
    ['methodology', 'padovaSit', 403],
    ['methodology', undefined, 403],
  ];
  it.each(writes)('%s written by %s answers %i', async (what, as, status) => {
    const res =
      what === 'questionnaire'
        ? await api('PUT', '/comuni/028001/questionnaire', as, { period: 2026, answers: [{ code: 'GOV-06', value: 1 }] })
        : what === 'centre'
          ? await api('POST', '/centres/028/services', as, { topic: 'pagopa', nameIt: 'Supporto pagoPA', nameEn: 'pagoPA support', adhesionInstrument: 'convenzione', serviceLevel: 'Presa in carico entro 2 giorni lavorativi', requestCategoryCode: 'pagopa-app-io', indicatorCodes: ['PAY-01', 'PAY-02'] })
          : await api('POST', '/methodology', as, { validFrom: '2027-01-01', areaWeights: { SRV: 30 }, note: 'Più peso ai servizi' });
    expect(res.statusCode, res.body).toBe(status);
  });
});

describe('competence centre', () => {
  it("publishes the centre's services and joins its Comuni's indicators with their open requests", async () => {
    const c = (await api('GET', '/centres/028')).json();
    expect(c.province.name).toBe('Provincia di Padova');
    expect(c.services.find((s: { topic: string }) => s.topic === 'pagopa')).toMatchObject({ adhesionInstrument: 'convenzione', requestCategoryCode: 'pagopa-app-io' });
    const bad = await api('POST', '/centres/028/services', 'padovaSit', { topic: 'cloud', nameIt: 'Cloud', nameEn: 'Cloud', adhesionInstrument: 'convenzione', serviceLevel: 'x2', requestCategoryCode: 'nessuna' });
    expect(bad.statusCode).toBe(400);
    const d = (await api('GET', '/centres/028/dashboard?period=2026', 'padovaSit')).json();
    // the open SIT requests of Albignasego
    const [open] = await rows<{ n: number }>(
      sql`select count(*)::int as n from service_requests r join enti e on e.id = r.requester_ente_id
          where e.istat_code = '028003' and r.service = 'sit' and r.state not in ('resolved', 'closed')`,
    );
    expect(d.items.find((i: { istatCode: string }) => i.istatCode === '028003')).toMatchObject({ offTrack: 1, openRequests: open!.n });
  });
  it('tells the centre when its Comuni fall behind a PNRR target', async () => {
    const n = (await rows<{ n: number }>(sql`select count(*)::int as n from jobs where queue = 'notifications.fanout' and payload->>'type' = 'digital_agenda.behind'`))[0]!.n;
    expect(n).toBeGreaterThan(0);
  });
});

describe('methodology versions', () => {
  it('adds a version for UPI without rewriting the published composites', async () => {
    const before = await rows<{ v: number }>(sql`select distinct methodology_version as v from da_composites`);
    const res = await api('POST', '/methodology', 'upi', { validFrom: '2027-01-01', areaWeights: { SRV: 30, PAY: 15, IDA: 10, DAT: 15, CLD: 10, ACC: 10, SEC: 5, GOV: 5 }, goalposts: { 'SRV-10': [10, 90] }, note: 'Più peso ai servizi' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().items.map((m: { version: number }) => m.version)).toEqual([1, 2]);
    expect(res.json().items[1].goalposts['SRV-10']).toEqual([10, 90]);
    expect(res.json().items[1].goalposts['PAY-02']).toEqual([0, 35]);
    expect(await rows<{ v: number }>(sql`select distinct methodology_version as v from da_composites`)).toEqual(before);
  });
});
