import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { createStorage } from '../apps/api/src/app.js';
import { loadConfig } from '../apps/api/src/config/env.js';
import { backup } from '../apps/api/src/ops/backup.js';
import { openConfiguredDatabase } from './cli.js';

/** `npm run backup -- --out DIR`: a consistent copy of the database and of the stored files. */
const { values } = parseArgs({ options: { out: { type: 'string' } } });
if (!values.out) {
  process.stderr.write('Usage: npm run backup -- --out DIR\n');
  process.exit(2);
}
const config = loadConfig();
const database = await openConfiguredDatabase();
const storage = createStorage(config);
try {
  const m = await backup({ db: database.db, storage, out: resolve(values.out), kind: database.kind });
  const rows = Object.values(m.tables).reduce((n, t) => n + t.rows, 0);
  process.stdout.write(
    `Backup written to ${resolve(values.out)}: ${Object.keys(m.tables).length} tables, ${rows} rows, ${m.files.count} files (${m.files.bytes} bytes).\n`,
  );
} catch (err) {
  process.stderr.write(`Backup failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await storage.close?.();
  await database.close();
}
