import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@app/db';
import { buildApp, type App } from '../../app.js';
import { parseEnv } from '../../config/env.js';
import { openTestDatabase } from '../../../test/build-app.js';
import { createDigitalAgendaRepository, insertValues, refreshPeriod } from './index.js';
import { fiveNumbers } from './digital-agenda.views.maths.js';

let app: App;
let database: Database;
/** Anonymous calls: the views are published aggregates. */
const get = (url: string) => app.inject({ method: 'GET', url: `/api/v1/digital-agenda${url}`, headers: { 'x-requested-with': 'XMLHttpRequest' } });
async function rows<T>(query: ReturnType<typeof sql>): Promise<T[]> {
  const res = (await database.db.execute(query)) as unknown as { rows?: T[] } | T[];
  return Array.isArray(res) ? res : (res.rows ?? []);
}
const comuni = async (province: string, min: number, max: number, n: number) =>
  (
    await rows<{ istat_code: string }>(
      sql`select istat_code from enti where type = 'comune' and active and province_istat_code = ${province} and population between ${min} and ${max} order by istat_code limit ${n}`,
    )
  ).map((r) => r.istat_code);
const paths = (body: string) => JSON.stringify(JSON.parse(body).details ?? {});

/** Padova: three Comuni of 10,001–20,000 inhabitants (two tied), one of 1,001–5,000, one with a self-declared value. */
let mid: string[] = [];
let small = '';
let selfDeclared = '';
/** Rovigo: one Comune of 10,001–20,000. */
let rovigo = '';
let contextCode = '';

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({ config: parseEnv({ WEB_DIST: '/nonexistent', AUTH_RATE_LIMIT: '1000' }), database, mailer: { send: async () => undefined } });
  await app.ready();
  mid = await comuni('028', 10001, 20000, 3);
  small = (await comuni('028', 1001, 5000, 1))[0] ?? '';
  selfDeclared = (await comuni('028', 5001, 10000, 1))[0] ?? '';
  rovigo = (await comuni('029', 10001, 20000, 1))[0] ?? '';
  expect([mid.length === 3, small, selfDeclared, rovigo].every(Boolean)).toBe(true);
  contextCode = (await rows<{ code: string }>(sql`select code from da_indicators where polarity = 'context' order by position limit 1`))[0]!.code;
  const v = (istatCode: string, indicatorCode: string, period: number, value: number) => ({ istatCode, indicatorCode, period, value, source: 'csv', observedOn: `${period}-05-10` });
  const db = database.db;
  await insertValues(db, [
    // SRV-02 (higher is better, goalposts 0–100)
    v(mid[0]!, 'SRV-02', 2026, 72.5),
    v(mid[1]!, 'SRV-02', 2026, 72.5),
    v(mid[2]!, 'SRV-02', 2026, 50),
    v(small, 'SRV-02', 2026, 10),
    v(rovigo, 'SRV-02', 2026, 90),
    v(mid[0]!, 'SRV-02', 2025, 60),
    v(mid[1]!, 'SRV-02', 2025, 80),
    v(mid[2]!, 'SRV-02', 2025, 30),
    v(small, 'SRV-02', 2025, 10),
    // FIN-05 (lower is better)
    v(mid[0]!, 'FIN-05', 2025, 500),
    v(mid[0]!, 'FIN-05', 2026, 300),
    v(mid[1]!, 'FIN-05', 2025, 200),
    v(mid[1]!, 'FIN-05', 2026, 250),
  ]);
  await insertValues(db, [v(selfDeclared, 'SRV-02', 2026, 99), v(selfDeclared, 'SRV-02', 2025, 1)], { selfAssessed: true });
  const repo = createDigitalAgendaRepository();
  for (const p of [2025, 2026]) await db.transaction((tx) => refreshPeriod(tx, repo, p));
});
afterAll(async () => {
  await app.close();
  await database.close();
});

describe('box plots by peer group', () => {
  it('gives minimum, quartiles, median and maximum of every peer group nationally, without login', async () => {
    const res = await get('/indicators/SRV-02/boxplots?period=2026');
    expect(res.statusCode, res.body).toBe(200);
    const b = res.json();
    expect(b.territory).toEqual({ level: 'national', code: 'IT', name: 'Italia' });
    expect(b.items.map((i: { peerGroup: string }) => i.peerGroup)).toEqual(['fino-1000', '1001-5000', '5001-10000', '10001-20000', '20001-60000', '60001-250000', 'oltre-250000']);
    // 50, 72.5, 72.5, 90: q1 at position 0.75, median at 1.5, q3 at 2.25
    expect(b.items.find((i: { peerGroup: string }) => i.peerGroup === '10001-20000')).toEqual({ peerGroup: '10001-20000', n: 4, min: 50, q1: 66.875, median: 72.5, q3: 76.875, max: 90 });
    expect(b.items.find((i: { peerGroup: string }) => i.peerGroup === '1001-5000')).toEqual({ peerGroup: '1001-5000', n: 1, min: 10, q1: 10, median: 10, q3: 10, max: 10 });
    // the self-declared answer is not shown one by one (min and max would reveal it)
    expect(b.items.find((i: { peerGroup: string }) => i.peerGroup === '5001-10000')).toEqual({ peerGroup: '5001-10000', n: 0, min: null, q1: null, median: null, q3: null, max: null });
    // the SQL agrees with the maths
    expect(b.items.find((i: { peerGroup: string }) => i.peerGroup === '10001-20000')).toMatchObject(fiveNumbers([72.5, 72.5, 50, 90]));
  });
  it('restricts to the Comuni of a Province or of a Region', async () => {
    const p = (await get('/indicators/SRV-02/boxplots?period=2026&province=028')).json();
    expect(p.territory).toEqual({ level: 'province', code: '028', name: 'Provincia di Padova' });
    expect(p.items.find((i: { peerGroup: string }) => i.peerGroup === '10001-20000')).toEqual({ peerGroup: '10001-20000', n: 3, min: 50, q1: 61.25, median: 72.5, q3: 72.5, max: 72.5 });
    const r = (await get('/indicators/SRV-02/boxplots?period=2026&region=05')).json();
    expect(r.territory.level).toBe('region');
    expect(r.items.find((i: { peerGroup: string }) => i.peerGroup === '10001-20000').n).toBe(4);
  });
  it('downloads the boxes as CSV', async () => {
    const res = await get('/indicators/SRV-02/boxplots?period=2026&province=028&format=csv');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const lines = res.body.replace(/^\ufeff/, '').trim().split('\n');
    expect(lines[0]).toBe('indicator;period;territory;peerGroup;n;min;q1;median;q3;max');
    expect(lines).toContain('SRV-02;2026;028;10001-20000;3;50;61.25;72.5;72.5;72.5');
  });
  it('answers 400 with the field for a bad code, period or territory, and 404 for unknown ones', async () => {
    const bad = async (url: string, field: string) => {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(paths(res.body), url).toContain(field);
    };
    await bad('/indicators/srv2/boxplots?period=2026', 'code');
    await bad('/indicators/SRV-02/boxplots?period=1999', 'period');
    await bad('/indicators/SRV-02/boxplots', 'period');
    await bad('/indicators/SRV-02/boxplots?period=2026&region=5', 'region');
    await bad('/indicators/SRV-02/boxplots?period=2026&province=28x', 'province');
    await bad('/indicators/SRV-02/boxplots?period=2026&region=05&province=028', 'province');
    expect((await get('/indicators/ZZZ-99/boxplots?period=2026')).statusCode).toBe(404);
    expect((await get('/indicators/SRV-02/boxplots?period=2026&province=999')).statusCode).toBe(404);
    expect((await get('/indicators/SRV-02/boxplots?period=2026&region=99')).statusCode).toBe(404);
  });
});

describe('heat map of the areas per Province', () => {
  it('shows all 107 Provinces and Città metropolitane, flagged, with the mean area score of their Comuni', async () => {
    const res = await get('/heatmap?period=2026');
    expect(res.statusCode, res.body).toBe(200);
    const h = res.json();
    expect(h.items).toHaveLength(107);
    expect(h.methodologyVersion).toBe(1);
    expect(h.areas).toContain('SRV');
    expect(h.areas).toContain('FIN');
    const padova = h.items.find((r: { code: string }) => r.code === '028');
    expect(padova).toMatchObject({ name: 'Provincia di Padova', regionCode: '05', metropolitan: false, inProgramme: true });
    // SRV-02 on goalposts 0–100; the self-declared 99 counts in the aggregate: (0.725 + 0.725 + 0.5 + 0.1 + 0.99) / 5
    expect(padova.scores.SRV).toBeCloseTo((0.725 + 0.725 + 0.5 + 0.1 + 0.99) / 5, 12);
    expect(padova.comuni).toBe(5);
    // FIN-05 on goalposts 180–900, lower is better: (900 − 300) / 720 and (900 − 250) / 720
    expect(padova.scores.FIN).toBeCloseTo(((900 - 300) / 720 + (900 - 250) / 720) / 2, 12);
    expect(padova.scores.GOV).toBeNull();
    expect(h.items.find((r: { code: string }) => r.code === '029').scores.SRV).toBeCloseTo(0.9, 12);
    expect(h.items.find((r: { code: string }) => r.code === '201')).toMatchObject({ metropolitan: true, inProgramme: false, comuni: 0 });
  });
  it('is computed at start for the years published before the area scores were stored', async () => {
    await database.db.execute(sql`delete from da_area_stats where period = 2026`);
    expect((await get('/heatmap?period=2026')).json().methodologyVersion).toBeNull();
    expect(await app.services.digitalAgenda.refreshMissing()).toContain(2026);
    const padova = (await get('/heatmap?period=2026')).json().items.find((r: { code: string }) => r.code === '028');
    expect(padova.scores.SRV).toBeCloseTo((0.725 + 0.725 + 0.5 + 0.1 + 0.99) / 5, 12);
    expect(await app.services.digitalAgenda.refreshMissing()).not.toContain(2026);
  });
  it('downloads the heat map as CSV with a column per area', async () => {
    const res = await get('/heatmap?period=2026&format=csv');
    const [head, ...lines] = res.body.replace(/^\ufeff/, '').trim().split('\n');
    expect(head).toMatch(/^period;methodologyVersion;code;name;regionCode;metropolitan;inProgramme;comuni;GOV;/);
    expect(lines).toHaveLength(107);
  });
  it('answers 400 for a bad period', async () => {
    const res = await get('/heatmap?period=20x6');
    expect(res.statusCode).toBe(400);
    expect(paths(res.body)).toContain('period');
  });
});

describe('ranking of the Comuni of a Province by peer group', () => {
  it('ranks within each peer group with ties sharing a rank, with the national percentile (ties counted half)', async () => {
    const res = await get('/indicators/SRV-02/ranking?period=2026&province=028');
    expect(res.statusCode, res.body).toBe(200);
    const k = res.json();
    expect(k.province).toEqual({ code: '028', name: 'Provincia di Padova' });
    expect(k.items.map((i: { peerGroup: string; value: number; rank: number; groupSize: number; percentile: number }) => [i.peerGroup, i.value, i.rank, i.groupSize, i.percentile])).toEqual([
      ['1001-5000', 10, 1, 1, 50],
      // national group 50, 72.5, 72.5, 90 (Rovigo's 90 is not in Padova's ranking but counts for the percentile)
      ['10001-20000', 72.5, 1, 3, 50],
      ['10001-20000', 72.5, 1, 3, 50],
      ['10001-20000', 50, 3, 3, 12.5],
    ]);
    expect(k.items.map((i: { istatCode: string }) => i.istatCode).slice(1, 3).sort()).toEqual([mid[0], mid[1]].sort());
    // the self-declared value is not listed
    expect(k.items.map((i: { istatCode: string }) => i.istatCode)).not.toContain(selfDeclared);
  });
  it('filters one peer group and ranks lower values first where lower is better', async () => {
    const only = (await get('/indicators/SRV-02/ranking?period=2026&province=028&peerGroup=1001-5000')).json();
    expect(only.items.map((i: { istatCode: string }) => i.istatCode)).toEqual([small]);
    const fin = (await get('/indicators/FIN-05/ranking?period=2026&province=028')).json();
    expect(fin.items.map((i: { value: number; rank: number; percentile: number }) => [i.value, i.rank, i.percentile])).toEqual([
      [250, 1, 75],
      [300, 2, 25],
    ]);
  });
  it('downloads the ranking as CSV', async () => {
    const res = await get('/indicators/SRV-02/ranking?period=2026&province=028&format=csv');
    expect(res.body.replace(/^\ufeff/, '').split('\n')[0]).toBe('istatCode;name;population;peerGroup;value;rank;groupSize;percentile');
  });
  it('answers 400 without a Province, for a bad peer group or a context indicator, and 404 for an unknown Province', async () => {
    expect(paths((await get('/indicators/SRV-02/ranking?period=2026')).body)).toContain('province');
    expect(paths((await get('/indicators/SRV-02/ranking?period=2026&province=028&peerGroup=huge')).body)).toContain('peerGroup');
    const ctx = await get(`/indicators/${contextCode}/ranking?period=2026&province=028`);
    expect(ctx.statusCode).toBe(400);
    expect(paths(ctx.body)).toContain('code');
    expect((await get('/indicators/SRV-02/ranking?period=2026&province=999')).statusCode).toBe(404);
  });
});

describe('best improvers between two years', () => {
  it('lists the largest improvements first with the values of both years and the change', async () => {
    const res = await get('/indicators/SRV-02/improvers?from=2025&to=2026');
    expect(res.statusCode, res.body).toBe(200);
    const m = res.json();
    // four Comuni have verified values in both years (the self-declared one is left out)
    expect(m.compared).toBe(4);
    expect(m.items.map((i: { istatCode: string; from: number; to: number; delta: number; improvement: number }) => [i.istatCode, i.from, i.to, i.delta, i.improvement])).toEqual([
      [mid[2], 30, 50, 20, 20],
      [mid[0], 60, 72.5, 12.5, 12.5],
    ]);
    expect(m.items[0]).toMatchObject({ provinceCode: '028', peerGroup: '10001-20000' });
    expect((await get('/indicators/SRV-02/improvers?from=2025&to=2026&limit=1')).json().items).toHaveLength(1);
  });
  it('counts a fall as an improvement where lower is better', async () => {
    const m = (await get('/indicators/FIN-05/improvers?from=2025&to=2026&province=028')).json();
    expect(m.territory).toMatchObject({ level: 'province', code: '028' });
    expect(m.items.map((i: { istatCode: string; delta: number; improvement: number }) => [i.istatCode, i.delta, i.improvement])).toEqual([[mid[0], -200, 200]]);
  });
  it('restricts to a Region or a Province', async () => {
    expect((await get('/indicators/SRV-02/improvers?from=2025&to=2026&province=029')).json()).toMatchObject({ compared: 0, items: [] });
    expect((await get('/indicators/SRV-02/improvers?from=2025&to=2026&region=05')).json().compared).toBe(4);
  });
  it('downloads the improvers as CSV', async () => {
    const res = await get('/indicators/SRV-02/improvers?from=2025&to=2026&format=csv');
    const lines = res.body.replace(/^\ufeff/, '').trim().split('\n');
    expect(lines[0]).toBe('istatCode;name;provinceCode;peerGroup;from;to;delta;improvement');
    expect(lines).toHaveLength(3);
  });
  it('answers 400 for years out of order, a bad limit or a context indicator', async () => {
    const order = await get('/indicators/SRV-02/improvers?from=2026&to=2025');
    expect(order.statusCode).toBe(400);
    expect(paths(order.body)).toContain('to');
    expect(paths((await get('/indicators/SRV-02/improvers?from=2025&to=2026&limit=0')).body)).toContain('limit');
    expect(paths((await get('/indicators/SRV-02/improvers?to=2026')).body)).toContain('from');
    expect(paths((await get(`/indicators/${contextCode}/improvers?from=2025&to=2026`)).body)).toContain('code');
  });
});
