import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** The URL of another database on the same PostgreSQL server. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs one statement on the server's maintenance connection (the URL's own database). */
export async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const prefix = (url: string) => new URL(url).pathname.slice(1);

/** A new test database, a copy of the run's template; answers its URL and how to drop it. */
export async function createTestDatabase(url: string, template: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix(url)}_f_${randomUUID().slice(0, 8)}`;
  // two copies of one template at the same moment: PostgreSQL refuses the second while the first reads the template
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(url, `create database ${name} template ${template}`);
      break;
    } catch (err) {
      if (attempt >= 50 || !/being accessed by other users/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  return { url: withDatabase(url, name), drop: () => adminQuery(url, `drop database if exists ${name} with (force)`) };
}

/** Drops the template and every test database a run left behind. */
export async function dropTestDatabases(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const p = prefix(url);
    const { rows } = await client.query<{ datname: string }>(
      `select datname from pg_database where datname = $1 or datname like $2`,
      [`${p}_template`, `${p}\\_f\\_%`],
    );
    for (const { datname } of rows) await client.query(`drop database if exists ${datname} with (force)`);
  } finally {
    await client.end();
  }
}
