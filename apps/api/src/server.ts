import { openDatabase } from '@app/db';
import { buildApp } from './app.js';
import { demoIndicatorProvinces, prepareDatabase } from './bootstrap.js';
import { loadConfig } from './config/env.js';

/** Process entry: config, database, app, listen, graceful close. */
async function main() {
  const started = performance.now();
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(1);
  }
  const logger = {
    level: config.LOG_LEVEL,
    ...(process.stdout.isTTY ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } } : {}),
  };
  let database;
  try {
    database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR, poolSize: config.DATABASE_POOL_SIZE });
  } catch (err) {
    process.stderr.write(`Cannot open the database: ${(err as Error).message}\n`);
    process.exit(1);
  }
  const app = await buildApp({ config, database, logger });
  const prepared = await prepareDatabase(database, {
    demo: config.DEMO_DATA,
    demoIndicatorProvinces: demoIndicatorProvinces(config),
    afterNetworkDemo: () => app.services.network.syncDerived(),
    afterProcurementDemo: () => app.services.procurement.syncDeadlines(),
  });
  await app.listen({ port: config.PORT, host: config.HOST });
  const readyMs = Math.round(performance.now() - started);
  app.log.info(
    { database: database.kind, referenceLoaded: prepared.referenceLoaded, demoCreated: prepared.demoCreated, readyMs },
    `Province & Comuni ready on ${config.BASE_URL} in ${readyMs} ms`,
  );
  if (prepared.demoAccounts.length > 0) {
    const lines = prepared.demoAccounts.map((a) => `  ${a.email.padEnd(45)} ${a.role.padEnd(14)} ${a.enteName}`);
    process.stdout.write(
      `\nDemo accounts (demo data, password for all: ${prepared.demoAccounts[0]!.password}):\n${lines.join('\n')}\n\n`,
    );
  }
  // conventions past their end date become `expired`: now, then every six hours
  const expire = () =>
    app.services.network
      .expireDue()
      .then((n) => n && app.log.info({ expired: n }, 'conventions expired'))
      .catch((err: unknown) => app.log.error({ err }, 'convention expiry failed'));
  void expire();
  // e-mails, digests, reminders and SLA checks run in the background job worker
  if (config.JOBS_POLL_MS > 0) app.services.jobs.start(config.JOBS_POLL_MS);
  const expiryTimer = setInterval(expire, 6 * 3600_000);
  expiryTimer.unref();
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    clearInterval(expiryTimer);
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));
}

void main();
