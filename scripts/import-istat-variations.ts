import { existsSync, readFileSync } from 'node:fs';
import { IstatVariationsError, loadIstatVariations, variationsFromVariazioniCsv } from '@app/db/seed';
import { openConfiguredDatabase } from './cli.js';

/**
 * Loads ISTAT's "Variazioni amministrative e territoriali dei comuni dal 1991" (fusions, changes of Province):
 * the codes of merged or renumbered Comuni then map to the current ones in imports of indicator values.
 * Usage: npm run import:istat-variations -- Variazioni_amministrative_territoriali.csv
 */
const file = process.argv.slice(2).find((a) => !a.startsWith('-'));
if (!file || !existsSync(file)) {
  process.stderr.write('Usage: npm run import:istat-variations -- <Variazioni-amministrative-e-territoriali.csv>\n');
  process.exit(2);
}
let variations;
try {
  variations = variationsFromVariazioniCsv(readFileSync(file));
} catch (err) {
  process.stderr.write(`${err instanceof IstatVariationsError ? 'Invalid ISTAT file' : 'Cannot read the file'}: ${(err as Error).message}\n`);
  process.exit(1);
}
const database = await openConfiguredDatabase();
await database.migrate();
const n = await database.db.transaction((tx) => loadIstatVariations(tx, variations));
process.stdout.write(`Variations: ${variations.length} read from the file; ${n} code variations known.\n`);
await database.close();
