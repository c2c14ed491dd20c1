import { buildApp } from '../apps/api/src/app.js';
import { loadConfig } from '../apps/api/src/config/env.js';
import { openConfiguredDatabase } from './cli.js';

/**
 * Re-creates the global search index: `npm run search:reindex` (every kind) or `npm run search:reindex -- comment`
 * (one kind). Needed after a change of what a kind indexes; new kinds fill themselves at start-up.
 */
const kind = process.argv[2];
const database = await openConfiguredDatabase();
const app = await buildApp({ config: loadConfig(), database });
const kinds = app.services.search.kinds();
if (kind && !kinds.includes(kind)) {
  process.stderr.write(`Unknown kind "${kind}". Kinds: ${kinds.join(', ')}\n`);
  await database.close();
  process.exit(2);
}
const t0 = performance.now();
await app.services.search.rebuild(kind);
const counts = await app.services.search.counts();
await database.close();
process.stdout.write(
  `Search index rebuilt (${kind ?? 'all kinds'}) in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${Object.entries(counts)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ')}\n`,
);
