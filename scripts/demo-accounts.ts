import { listDemoAccounts } from '@app/db/seed';

/** Prints the demo accounts; `--json` prints a JSON array of { email, password, role, enteIstatCode, enteName }. */
const accounts = listDemoAccounts();
if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(accounts, null, 2)}\n`);
} else {
  for (const a of accounts) process.stdout.write(`${a.email.padEnd(45)} ${a.password}  ${a.role.padEnd(14)} ${a.enteName}\n`);
}
