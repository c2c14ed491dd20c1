import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { createStorage } from '../apps/api/src/app.js';
import { loadConfig } from '../apps/api/src/config/env.js';
import { createAuditRepository, createAuditService } from '../apps/api/src/modules/audit/index.js';
import { restore } from '../apps/api/src/ops/backup.js';
import { openConfiguredDatabase } from './cli.js';

/**
 * `npm run restore -- --from DIR [--force]`: puts a backup into this installation (DATA_DIR / DATABASE_URL).
 * An installation holding data is refused unless --force, which replaces its data.
 */
const { values } = parseArgs({ options: { from: { type: 'string' }, force: { type: 'boolean', default: false } } });
if (!values.from) {
  process.stderr.write('Usage: npm run restore -- --from DIR [--force]\n');
  process.exit(2);
}
const config = loadConfig();
const database = await openConfiguredDatabase();
const storage = createStorage(config);
try {
  const m = await restore({ db: database.db, storage, from: resolve(values.from), force: values.force, migrate: (f) => database.migrate(f) });
  const audit = await createAuditService({ db: database.db, repo: createAuditRepository() }).verify();
  if (audit.firstBreak) throw new Error(`the audit chain does not verify after the restore (event ${audit.firstBreak.id})`);
  const rows = Object.values(m.tables).reduce((n, t) => n + t.rows, 0);
  process.stdout.write(
    `Restored ${Object.keys(m.tables).length} tables (${rows} rows, counts and hashes checked) and ${m.files.count} files; audit chain intact (${audit.checked} events).\n`,
  );
} catch (err) {
  process.stderr.write(`Restore failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await storage.close?.();
  await database.close();
}
