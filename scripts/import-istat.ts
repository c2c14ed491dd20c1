import { existsSync, readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { readIstatCsv, loadTerritory, IstatCsvError, IstatVariationsError, loadIstatVariations, variationsFromElencoCsv } from '@app/db/seed';
import { openConfiguredDatabase } from './cli.js';

/**
 * Updates the territory from the official ISTAT CSV "Elenco dei comuni italiani", and the ISTAT variations of the
 * Agenda Digitale from its former-code columns (codes with 110, 107 and 103 Province). Usage: npm run import:istat -- file.csv
 */
const file = process.argv.slice(2).find((a) => !a.startsWith('-'));
if (!file || !existsSync(file)) {
  process.stderr.write('Usage: npm run import:istat -- <Elenco-comuni-italiani.csv>\n');
  process.exit(2);
}
let territory;
let variations;
try {
  territory = readIstatCsv(file);
  variations = variationsFromElencoCsv(readFileSync(file));
} catch (err) {
  process.stderr.write(`${err instanceof IstatCsvError || err instanceof IstatVariationsError ? 'Invalid ISTAT file' : 'Cannot read the file'}: ${(err as Error).message}\n`);
  process.exit(1);
}
const database = await openConfiguredDatabase();
await database.migrate();
const r = await database.db.transaction((tx) => loadTerritory(tx, territory));
const v = await database.db.transaction((tx) => loadIstatVariations(tx, variations));
await database.db.execute(sql`vacuum analyze enti`);
process.stdout.write(
  `Territory updated: ${r.regions} regions, ${r.provinces} provinces and città metropolitane, ${r.comuni} comuni; ${r.deactivated} comuni no longer listed marked inactive.\n` +
    `Former codes: ${variations.length} read; ${v} code variations known.\n`,
);
await database.close();
