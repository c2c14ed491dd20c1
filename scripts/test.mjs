import { spawnSync } from 'node:child_process';

/** npm test: typecheck, lint, unit + API tests (embedded database), web build, e2e in Chromium. */
const steps = [
  ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.json']],
  ['typecheck web', 'npx', ['tsc', '-p', 'apps/web/tsconfig.json', '--noEmit']],
  ['lint', 'npx', ['eslint', '.']],
  ['migrations', 'node', ['scripts/check-migrations.mjs']],
  ['unit and API tests', 'npx', ['vitest', 'run']],
  ['web build', 'npm', ['run', 'build', '-w', '@app/web']],
  ['chromium', 'node', ['scripts/ensure-chromium.mjs']],
  ['e2e', 'npx', ['playwright', 'test']],
];
const only = process.argv[2];
for (const [name, cmd, args] of steps) {
  if (only && !name.startsWith(only)) continue;
  process.stdout.write(`\n▶ ${name}\n`);
  const env = { ...process.env };
  if (name === 'unit and API tests') delete env.TEST_DATABASE_URL; // the embedded run; PostgreSQL is test:api:pg
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) {
    process.stderr.write(`\n✖ ${name} failed\n`);
    process.exit(r.status ?? 1);
  }
}
