import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../../test/build-app.js';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const get = async (url: string) => t.app.inject({ method: 'GET', url });

describe('GET /api/v1/enti', () => {
  it('lists the 76 Provinces of the programme with programme=true', async () => {
    const res = await get('/api/v1/enti?programme=true&pageSize=200');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(76);
    expect(body.items).toHaveLength(76);
    expect(body.items.every((e: { type: string }) => e.type === 'provincia')).toBe(true);
    const names = body.items.map((e: { name: string }) => e.name);
    expect(names).toContain('Provincia di Padova');
    expect(names).not.toContain('Città metropolitana di Torino');
    expect(names).not.toContain('Provincia autonoma di Trento');
  });

  it('counts the whole territory: UPI, 20 regions, 14 città metropolitane, 93 provinces, 7,904 comuni', async () => {
    const totals: Record<string, number> = {};
    for (const type of ['upi', 'regione', 'citta_metropolitana', 'provincia', 'comune']) {
      totals[type] = (await get(`/api/v1/enti?type=${type}&pageSize=1`)).json().total;
    }
    expect(totals).toEqual({ upi: 1, regione: 20, citta_metropolitana: 14, provincia: 93, comune: 7904 });
  });

  it('filters the comuni of a province by its ISTAT code, with population', async () => {
    const res = await get('/api/v1/enti?type=comune&province=028&pageSize=200');
    const body = res.json();
    expect(body.total).toBe(102);
    const abano = body.items.find((e: { istatCode: string }) => e.istatCode === '028001');
    expect(abano).toMatchObject({ name: 'Abano Terme', type: 'comune', provinceIstatCode: '028', regionIstatCode: '05', population: expect.any(Number) });
  });

  it('accepts the historic code of a città metropolitana (001) as well as its own (201)', async () => {
    const a = (await get('/api/v1/enti?type=comune&province=201&pageSize=1')).json().total;
    const cm = (await get('/api/v1/enti?type=citta_metropolitana&province=001')).json();
    expect(a).toBeGreaterThan(300);
    expect(cm.items.map((e: { name: string }) => e.name)).toEqual(['Città metropolitana di Torino']);
  });

  it('filters by region and by text, case-insensitively', async () => {
    const veneto = (await get('/api/v1/enti?type=provincia&region=05&pageSize=50')).json();
    expect(veneto.total).toBe(6); // Venezia is a città metropolitana
    const q = (await get('/api/v1/enti?type=comune&q=abano')).json();
    expect(q.items.map((e: { name: string }) => e.name)).toContain('Abano Terme');
  });

  it('finds names regardless of accents and case, and treats % and _ literally', async () => {
    const forli = (await get('/api/v1/enti?q=forli')).json();
    expect(forli.items.map((e: { name: string }) => e.name)).toEqual(expect.arrayContaining(['Forlì', 'Provincia di Forlì-Cesena']));
    const cantu = (await get('/api/v1/enti?type=comune&q=CANTU')).json();
    expect(cantu.items.map((e: { name: string }) => e.name)).toContain('Cantù');
    expect((await get('/api/v1/enti?q=%25')).json().total).toBe(0);
  });

  it('pages results', async () => {
    const p1 = (await get('/api/v1/enti?type=regione&pageSize=5&page=1')).json();
    const p4 = (await get('/api/v1/enti?type=regione&pageSize=5&page=4')).json();
    expect(p1.items).toHaveLength(5);
    expect(p4.items).toHaveLength(5);
    expect(p1.items[0].id).not.toBe(p4.items[0].id);
  });

  it('answers 400 with the field paths for bad filters', async () => {
    const res = await get('/api/v1/enti?type=castello&province=7&pageSize=9999');
    expect(res.statusCode).toBe(400);
    const paths = res.json().details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['querystring.type', 'querystring.province', 'querystring.pageSize']));
  });
});

describe('GET /api/v1/enti/:id', () => {
  it('answers an ente with its parent and the number of its comuni', async () => {
    const padova = (await get('/api/v1/enti?type=provincia&province=028')).json().items[0];
    const res = await get(`/api/v1/enti/${padova.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ name: 'Provincia di Padova', parentName: 'Regione Veneto', children: 102, inProgramme: true, carPlate: 'PD' });
  });

  it('answers 404 for an unknown id and 400 for a malformed one', async () => {
    expect((await get('/api/v1/enti/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await get('/api/v1/enti/abc')).statusCode).toBe(400);
  });
});

describe('platform routes', () => {
  it('answers liveness and readiness', async () => {
    expect((await get('/api/v1/health')).json()).toEqual({ status: 'ok' });
    expect((await get('/api/v1/ready')).json()).toEqual({ status: 'ok', database: 'ok', startup: 'done' });
  });

  it('publishes OpenAPI 3.1 with every route', async () => {
    const doc = (await get('/api/v1/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    for (const p of ['/api/v1/auth/login', '/api/v1/enti', '/api/v1/users/{id}/memberships', '/api/v1/audit-events']) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    expect((await get('/api/docs/')).statusCode).toBe(200);
  });

  it('answers 404 not_found in the error shape for unknown API routes', async () => {
    const res = await get('/api/v1/nowhere');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'not_found', requestId: expect.any(String) });
  });

  it('sends security headers', async () => {
    const res = await get('/api/v1/health');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-frame-options']).toBeDefined();
  });
});
