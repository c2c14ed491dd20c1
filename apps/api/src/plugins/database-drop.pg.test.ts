import { createServer, connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@app/db';
import { buildApp, type App } from '../app.js';
import { parseEnv } from '../config/env.js';
import { createPgTestDatabase, createUser, enteId, login } from '../../test/build-app.js';

/**
 * PostgreSQL only: the connection between the API and the database is cut while a query is in flight, through a
 * loopback TCP proxy the test controls.
 */
let app: App;
let database: Database;
let proxy: ReturnType<typeof createServer>;
const sockets = new Set<Socket>();
let dropOnNextQuery = false;
let copy: Awaited<ReturnType<typeof createPgTestDatabase>>;

beforeAll(async () => {
  copy = await createPgTestDatabase();
  const target = new URL(copy.url);
  proxy = createServer((client) => {
    const server = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(server);
    client.on('data', (chunk) => {
      // the next message the API sends (a query: Parse, Bind or Query) never reaches the server
      if (dropOnNextQuery) {
        dropOnNextQuery = false;
        client.destroy();
        server.destroy();
        return;
      }
      server.write(chunk);
    });
    server.on('data', (chunk) => client.write(chunk));
    const close = () => {
      client.destroy();
      server.destroy();
    };
    client.on('error', close).on('close', close);
    server.on('error', close).on('close', close);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  const port = (proxy.address() as { port: number }).port;
  const viaProxy = new URL(target);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(port);
  database = await openDatabase({ databaseUrl: viaProxy.toString(), poolSize: 2 });
  app = await buildApp({ config: parseEnv({ WEB_DIST: '/nonexistent', AUTH_RATE_LIMIT: '1000', JOBS_POLL_MS: '0', REFERENCE_CACHE_SECONDS: '0', SESSION_CACHE_SECONDS: '0' }), database, mailer: { send: async () => {} } });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await database.close();
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => proxy.close(() => r()));
  await copy.drop();
});

describe('a database connection dropped mid-request', () => {
  it('answers 503 with a retry hint and no internals, and the next requests succeed', async () => {
    const upi = await enteId(database, 'upi', null);
    const user = await createUser(database, [{ role: 'upi_admin', enteId: upi }]);
    const headers = await login(app, user.email);
    expect((await app.inject({ method: 'GET', url: '/api/v1/enti?q=padova', headers })).statusCode).toBe(200);

    dropOnNextQuery = true;
    const cut = await app.inject({ method: 'GET', url: '/api/v1/enti?q=rovigo', headers });
    expect(cut.statusCode).toBe(503);
    expect(cut.headers['retry-after']).toBe('5');
    expect(cut.json()).toEqual({ code: 'service_unavailable', message: expect.any(String), requestId: expect.any(String) });
    expect(cut.body).not.toMatch(/at .*\.ts|Connection terminated|stack/i);

    for (let i = 0; i < 3; i++) {
      expect((await app.inject({ method: 'GET', url: '/api/v1/enti?q=rovigo', headers })).statusCode).toBe(200);
    }
    expect((await app.inject({ method: 'GET', url: '/api/v1/ready' })).json()).toEqual({ status: 'ok', database: 'ok', startup: 'done' });
  });
});
