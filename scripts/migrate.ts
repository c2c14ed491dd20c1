import { prepareDatabase } from '../apps/api/src/bootstrap.js';
import { openConfiguredDatabase } from './cli.js';

/** Applies migrations and loads the reference data (no demo data). */
const database = await openConfiguredDatabase();
const r = await prepareDatabase(database, { demo: false });
process.stdout.write(`Database (${database.kind}) migrated; reference data ${r.referenceLoaded ? 'loaded' : 'already present'}.\n`);
await database.close();
