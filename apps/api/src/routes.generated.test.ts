import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { count } from 'drizzle-orm';
import { tables } from '@app/db';
import { createTestApp, createUser, enteId, login, XRW, type TestContext } from '../test/build-app.js';
import { mutated, operationsOf, sample, urlOf, hostile, type Operation } from '../test/openapi-samples.js';

/**
 * Generated from the API's own OpenAPI document, so every route — also those added later — is covered:
 * deny by default, CSRF on every mutation, and hostile input for each role (no 5xx, no stack trace, no write on 4xx).
 */

/** Operations anyone may call without a session. */
const PUBLIC = new Set([
  'GET /api/v1/health',
  'GET /api/v1/ready',
  'GET /api/v1/auth/providers',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'POST /api/v1/auth/password/forgot',
  'POST /api/v1/auth/password/reset',
  'GET /api/v1/auth/oidc/login',
  'GET /api/v1/auth/oidc/callback',
  // the public registry of the enti (open data)
  'GET /api/v1/enti',
  'GET /api/v1/enti/{id}',
  // EU funding calls are public notices; the programmes are a reference list; projects with a CUP are open data
  'GET /api/v1/eu-funding/programmes',
  'GET /api/v1/eu-funding/calls',
  'GET /api/v1/eu-funding/open-data/projects.csv',
  // the procedures a Comune entrusted to the SUA, once published (transparency, art. 28 D.Lgs. 36/2023)
  'GET /api/v1/procurement/transparency',
  // the indicators of the Agenda Digitale, its methodology and the Provinces' published competence centres are public
  'GET /api/v1/digital-agenda/indicators',
  'GET /api/v1/digital-agenda/methodology',
  'GET /api/v1/digital-agenda/centres/{provinceIstatCode}',
  // the benchmark views of a territory are published aggregates (single Comuni with verified values only)
  'GET /api/v1/digital-agenda/indicators/{code}/boxplots',
  'GET /api/v1/digital-agenda/heatmap',
  'GET /api/v1/digital-agenda/indicators/{code}/ranking',
  'GET /api/v1/digital-agenda/indicators/{code}/improvers',
  // the progress over time of a Province or a Region is aggregated from its Comuni, like the benchmark
  'GET /api/v1/digital-agenda/provinces/{provinceIstatCode}/trend',
  'GET /api/v1/digital-agenda/regions/{regionIstatCode}/trend',
  // the accepted file formats and size limit of uploads (no data)
  'GET /api/v1/documents/capabilities',
  // token-authenticated links (e-mails, calendar applications)
  'GET /api/v1/calendar/feed.ics',
  'GET /api/v1/notifications/unsubscribe',
  'POST /api/v1/notifications/unsubscribe',
]);
/** Operations that end the caller's own session (kept out of the session-holding runs). */
const ENDS_SESSION = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/auth/active-membership']);

const key = (op: Operation) => `${op.method} ${op.path}`;
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const STACK = /\n\s+at |\.ts:\d+|node_modules|Error: /;

let t: TestContext;
let ops: Operation[];
const sessions: Record<'viewer' | 'upi_admin', Record<string, string>> = { viewer: {}, upi_admin: {} };
const accounts: Record<'viewer' | 'upi_admin', string> = { viewer: '', upi_admin: '' };

beforeAll(async () => {
  t = await createTestApp();
  const upi = await enteId(t.database, 'upi', null);
  const comune = await enteId(t.database, 'comune', '028060'); // Padova
  accounts.upi_admin = (await createUser(t.database, [{ role: 'upi_admin', enteId: upi }])).email;
  accounts.viewer = (await createUser(t.database, [{ role: 'viewer', enteId: comune }])).email;
  for (const role of ['viewer', 'upi_admin'] as const) sessions[role] = await login(t.app, accounts[role]);
  ops = operationsOf((await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json());
});
afterAll(() => t.close());

const auditCount = async () => (await t.database.db.select({ n: count() }).from(tables.auditEvents))[0]!.n;

async function call(op: Operation, headers: Record<string, string>, body: unknown, url = urlOf(op)) {
  const withBody = MUTATING.has(op.method) && op.method !== 'DELETE';
  return t.app.inject({
    method: op.method,
    url,
    headers: withBody ? { ...headers, 'content-type': 'application/json' } : headers,
    payload: withBody ? JSON.stringify(body ?? {}) : undefined,
  });
}

/** A session that is still valid (a generated call may have changed the user's own state). */
async function session(role: 'viewer' | 'upi_admin') {
  const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: sessions[role] });
  if (me.statusCode !== 200) sessions[role] = await login(t.app, accounts[role]);
  return sessions[role];
}

describe('every route of the API', () => {
  it('is listed in the OpenAPI document (the harness covers what exists)', () => {
    expect(ops.length).toBeGreaterThan(60);
    expect(ops.map(key)).toContain('GET /api/v1/enti');
  });

  it('denies a caller without a session, except the public ones', async () => {
    const leaks: string[] = [];
    for (const op of ops) {
      if (PUBLIC.has(key(op))) continue;
      const res = await call(op, { ...XRW }, sample(op.body));
      if (res.statusCode < 400 || res.statusCode >= 500) leaks.push(`${key(op)} → ${res.statusCode}`);
    }
    expect(leaks).toEqual([]);
  });

  it('refuses every mutation without the CSRF header, writing nothing', async () => {
    const before = await auditCount();
    const accepted: string[] = [];
    for (const op of ops) {
      if (!MUTATING.has(op.method) || ENDS_SESSION.has(key(op)) || PUBLIC.has(key(op))) continue;
      const { cookie } = await session('upi_admin');
      const res = await call(op, { cookie: cookie! }, sample(op.body));
      if (res.statusCode !== 403 || res.json().code !== 'csrf_failed') accepted.push(`${key(op)} → ${res.statusCode}`);
    }
    expect(accepted).toEqual([]);
    expect(await auditCount()).toBe(before);
  });

  it('answers hostile input from any role without a 5xx or a stack trace, and a 4xx writes nothing', async () => {
    const roles = ['anonymous', 'viewer', 'upi_admin'] as const;
    const failures: string[] = [];
    for (const op of ops) {
      if (ENDS_SESSION.has(key(op))) continue;
      const body = sample(op.body);
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...roles),
          op.multipart ? hostile : mutated(body),
          fc.oneof(
            fc.constant({}),
            fc.dictionary(fc.constantFrom(...op.pathParams.map((p) => p.name), 'x'), fc.constantFrom('not-a-uuid', '%00', '..%2F..', 'x'.repeat(300), '00000000-0000-4000-8000-000000000000')),
          ),
          fc.dictionary(fc.constantFrom(...op.queryParams.map((p) => p.name), 'page', 'q'), fc.constantFrom('', '-1', 'x'.repeat(5000), '[]', '%', 'null', '9'.repeat(30))),
          async (role, payload, params, query) => {
            const headers = role === 'anonymous' ? { ...XRW } : await session(role);
            const before = await auditCount();
            let url: string;
            try {
              url = urlOf(op, params as Record<string, string>, query as Record<string, string>);
            } catch {
              return;
            }
            const res = await call(op, headers, payload, url);
            const where = `${role} ${key(op)} ${url.slice(0, 120)} → ${res.statusCode}`;
            if (res.statusCode >= 500) failures.push(where);
            else if (STACK.test(res.body)) failures.push(`${where}: stack trace`);
            else if (res.statusCode >= 400 && (await auditCount()) !== before) failures.push(`${where}: wrote on a 4xx`);
          },
        ),
        { numRuns: 12, seed: 20261126 },
      );
    }
    expect(failures).toEqual([]);
  });
});
