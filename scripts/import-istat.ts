import { existsSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { readIstatCsv, loadTerritory, IstatCsvError } from '@app/db/seed';
import { openConfiguredDatabase } from './cli.js';

/** Updates the territory from the official ISTAT CSV "Elenco dei comuni italiani". Usage: npm run import:istat -- file.csv */
const file = process.argv.slice(2).find((a) => !a.startsWith('-'));
if (!file || !existsSync(file)) {
  process.stderr.write('Usage: npm run import:istat -- <Elenco-comuni-italiani.csv>\n');
  process.exit(2);
}
let territory;
try {
  territory = readIstatCsv(file);
} catch (err) {
  process.stderr.write(`${err instanceof IstatCsvError ? 'Invalid ISTAT file' : 'Cannot read the file'}: ${(err as Error).message}\n`);
  process.exit(1);
}
const database = await openConfiguredDatabase();
await database.migrate();
const r = await database.db.transaction((tx) => loadTerritory(tx, territory));
await database.db.execute(sql`vacuum analyze enti`);
process.stdout.write(
  `Territory updated: ${r.regions} regions, ${r.provinces} provinces and città metropolitane, ${r.comuni} comuni; ${r.deactivated} comuni no longer listed marked inactive.\n`,
);
await database.close();
