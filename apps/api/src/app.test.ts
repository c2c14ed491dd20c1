import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../test/build-app.js';

let t: TestContext;
beforeAll(async () => {
  const web = mkdtempSync(join(tmpdir(), 'pc-web-'));
  mkdirSync(join(web, 'assets'));
  writeFileSync(join(web, 'index.html'), '<!doctype html><html lang="it"><title>Province &amp; Comuni</title></html>');
  writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)');
  t = await createTestApp({ WEB_DIST: web });
});
afterAll(() => t.close());

describe('serving the web app', () => {
  it('answers the app shell at / and at any client route', async () => {
    for (const url of ['/', '/admin/users', '/password/reset?token=x']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
    }
  });

  it('serves built assets and answers 404 for missing ones, never the shell', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/assets/app.js' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
  });

  it('keeps API 404s in the JSON error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/nowhere' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
  });
});
