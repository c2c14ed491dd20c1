import { openDatabase, type Database } from '@app/db';
import { loadConfig } from '../apps/api/src/config/env.js';

/** Opens the configured database for a command-line tool (taking the data-dir lock), or exits with the reason. */
export async function openConfiguredDatabase(): Promise<Database> {
  try {
    const config = loadConfig();
    return await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
}
