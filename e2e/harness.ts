import { createServer } from 'node:http';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';
import Provider from 'oidc-provider';
import { openDatabase } from '@app/db';
import { buildApp } from '../apps/api/src/app.js';
import { prepareDatabase } from '../apps/api/src/bootstrap.js';
import { parseEnv } from '../apps/api/src/config/env.js';
import { E2E } from './ports.js';

/**
 * The e2e world in one process: a real SMTP peer (smtp-server) whose received mails are
 * readable over HTTP, a real OpenID Connect provider (oidc-provider), and the platform on a
 * fresh embedded database with demo data, configured to use both.
 */
const mails: { to: string; raw: string }[] = [];
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw: Buffer.concat(chunks).toString('utf8') });
      callback();
    });
  },
});
await new Promise<void>((r) => smtp.listen(E2E.smtpPort, '127.0.0.1', r));

/** Quoted-printable soft breaks and escapes removed, so links can be read from the body. */
const decodeQp = (s: string) => s.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
createServer((req, res) => {
  const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(mails.filter((m) => !to || m.to === to).map((m) => ({ to: m.to, body: decodeQp(m.raw) }))));
}).listen(E2E.mailboxPort, '127.0.0.1');

const issuer = `http://127.0.0.1:${E2E.oidcPort}`;
const appUrl = `http://localhost:${E2E.appPort}`;
const oidc = new Provider(issuer, {
  clients: [
    {
      client_id: 'province-comuni-e2e',
      client_secret: 'e2e-client-secret-0123456789',
      redirect_uris: [`${appUrl}/api/v1/auth/oidc/callback`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  // The account typed at the provider's login form becomes the e-mail it asserts.
  findAccount: async (_ctx: unknown, sub: string) => ({
    accountId: sub,
    claims: async () => ({ sub, email: sub, email_verified: true, name: sub }),
  }),
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['e2e-cookie-key-0123456789'] },
});
oidc.listen(E2E.oidcPort, '127.0.0.1');

const dataDir = resolve('.tmp/e2e-data');
rmSync(dataDir, { recursive: true, force: true });
const config = parseEnv({
  PORT: String(E2E.appPort),
  HOST: '127.0.0.1',
  DATA_DIR: dataDir,
  DEMO_DATA: 'true',
  BASE_URL: appUrl,
  SMTP_URL: `smtp://127.0.0.1:${E2E.smtpPort}`,
  OIDC_ISSUER: issuer,
  OIDC_CLIENT_ID: 'province-comuni-e2e',
  OIDC_CLIENT_SECRET: 'e2e-client-secret-0123456789',
  LOG_LEVEL: 'warn',
  JOBS_POLL_MS: '200',
});
const database = await openDatabase({ dataDir: config.DATA_DIR });
const app = await buildApp({ config, database, logger: { level: 'warn' } });
// indicator values of Padova and Rovigo only: the journeys read no other Province's, and the server starts sooner
await prepareDatabase(database, { demo: true, demoIndicatorProvinces: ['028', '029'], afterNetworkDemo: () => app.services.network.syncDerived() });
await app.listen({ port: config.PORT, host: config.HOST });
// e-mails, notifications and reminders, as the server runs them
app.services.jobs.start(config.JOBS_POLL_MS);
process.stdout.write(`e2e harness ready on ${appUrl}\n`);

const stop = async () => {
  await app.close();
  await database.close();
  smtp.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
