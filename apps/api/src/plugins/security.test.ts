import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createUser, login, type TestContext } from '../../test/build-app.js';

/** The security headers, asserted on every kind of answer the platform gives. */
let plain: TestContext;
let tls: TestContext;
let cookie: Record<string, string>;
beforeAll(async () => {
  const web = mkdtempSync(join(tmpdir(), 'pc-web-'));
  mkdirSync(join(web, 'assets'));
  writeFileSync(join(web, 'index.html'), '<!doctype html><html lang="it"><title>Province &amp; Comuni</title></html>');
  writeFileSync(join(web, 'assets', 'app.js'), 'console.log(1)');
  plain = await createTestApp({ WEB_DIST: web });
  tls = await createTestApp({ WEB_DIST: web, COOKIE_SECURE: 'true', BASE_URL: 'https://provincecomuni.example.it' });
  cookie = await login(plain.app, (await createUser(plain.database)).email);
});
afterAll(async () => {
  await plain.close();
  await tls.close();
});

const kinds = [
  { kind: 'the app shell', url: '/' },
  { kind: 'a client route', url: '/rete/protocolli' },
  { kind: 'a static asset', url: '/assets/app.js' },
  { kind: 'a missing asset', url: '/assets/none.js' },
  { kind: 'an API answer', url: '/api/v1/auth/me', auth: true },
  { kind: 'an API error', url: '/api/v1/auth/me' },
  { kind: 'an unknown API route', url: '/api/v1/nowhere' },
  { kind: 'the API documentation', url: '/api/docs/' },
  { kind: 'the OpenAPI document', url: '/api/v1/openapi.json' },
];

describe('security headers', () => {
  it.each(kinds)('are set on $kind', async ({ url, auth }) => {
    const res = await plain.app.inject({ method: 'GET', url, headers: auth ? cookie : {} });
    const csp = String(res.headers['content-security-policy']);
    const scripts = /script-src ([^;]+)/.exec(csp)?.[1] ?? /default-src ([^;]+)/.exec(csp)?.[1] ?? '';
    expect(scripts).not.toContain("'unsafe-inline'");
    expect(scripts).not.toContain("'unsafe-eval'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-frame-options']).toBe('DENY');
    // no HSTS over plain HTTP (development, loopback)
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it.each(kinds)('include HSTS behind TLS on $kind', async ({ url }) => {
    const res = await tls.app.inject({ method: 'GET', url });
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d{8}/);
    expect(String(res.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
  });
});
