import { spawnSync } from 'node:child_process';

/** Fails when the Drizzle schema has changes that no committed migration carries. */
const r = spawnSync('npx', ['drizzle-kit', 'generate', '--config', 'packages/db/drizzle.config.ts'], { encoding: 'utf8' });
const out = `${r.stdout}${r.stderr}`;
if (r.status !== 0) {
  process.stderr.write(out);
  process.exit(r.status ?? 1);
}
if (!/No schema changes/.test(out)) {
  process.stderr.write(`${out}\nThe schema changed without a migration: a new one was written above. Review it, then commit it.\n`);
  process.exit(1);
}
process.stdout.write('Migrations match the schema.\n');
