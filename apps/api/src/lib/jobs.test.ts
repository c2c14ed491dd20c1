import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { rowsOf, type Database } from '@app/db';
import { openTestDatabase } from '../../test/build-app.js';
import { createJobQueue } from './jobs.js';

let database: Database;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => database.close());
beforeEach(async () => {
  // every test starts from an empty queue
  await database.db.execute(sql`delete from jobs`);
});

const jobsOf = async (queue: string) =>
  rowsOf<{ state: string; attempts: number; last_error: string | null }>(
    await database.db.execute(sql`select state, attempts, last_error from jobs where queue = ${queue} order by id`),
  );

describe('the job queue', () => {
  it('runs a job enqueued in a committed transaction and marks it done', async () => {
    const q = createJobQueue({ db: database.db, log });
    const seen: unknown[] = [];
    q.handle('test.ok', async (job) => void seen.push(job.payload));
    await database.db.transaction(async (tx) => q.enqueue(tx, 'test.ok', { n: 1 }));
    expect(await q.drain()).toBe(1);
    expect(seen).toEqual([{ n: 1 }]);
    expect(await jobsOf('test.ok')).toEqual([{ state: 'done', attempts: 1, last_error: null }]);
  });

  it('does not run the job of a transaction that rolled back', async () => {
    const q = createJobQueue({ db: database.db, log });
    let runs = 0;
    q.handle('test.rollback', async () => void runs++);
    await expect(
      database.db.transaction(async (tx) => {
        await q.enqueue(tx, 'test.rollback', {});
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await q.drain();
    expect(runs).toBe(0);
    expect(await jobsOf('test.rollback')).toEqual([]);
  });

  it('retries a failing job after the back-off and succeeds at the second attempt', async () => {
    let clock = new Date('2026-04-24T14:00:00Z');
    const q = createJobQueue({ db: database.db, log, retryBaseMs: 60_000, now: () => clock });
    let calls = 0;
    q.handle('test.flaky', async () => {
      calls++;
      if (calls === 1) throw new Error('451 try again later');
    });
    await q.enqueue(database.db, 'test.flaky', {});
    await q.drain();
    expect(await jobsOf('test.flaky')).toEqual([{ state: 'pending', attempts: 1, last_error: '451 try again later' }]);
    // not before the back-off has passed
    await q.drain();
    expect(calls).toBe(1);
    clock = new Date(clock.getTime() + 61_000);
    await q.drain();
    expect(calls).toBe(2);
    expect(await jobsOf('test.flaky')).toEqual([{ state: 'done', attempts: 2, last_error: null }]);
  });

  it('keeps a job as failed after its last attempt', async () => {
    const q = createJobQueue({ db: database.db, log, retryBaseMs: 0 });
    q.handle('test.broken', async () => {
      throw new Error('always');
    });
    await q.enqueue(database.db, 'test.broken', {}, { maxAttempts: 3 });
    await q.drain();
    expect(await jobsOf('test.broken')).toEqual([{ state: 'failed', attempts: 3, last_error: 'always' }]);
  });

  it('enqueues a job once per dedupe key', async () => {
    const q = createJobQueue({ db: database.db, log });
    let runs = 0;
    q.handle('test.dedupe', async () => void runs++);
    await q.enqueue(database.db, 'test.dedupe', {}, { dedupeKey: 'test.dedupe:a' });
    await q.enqueue(database.db, 'test.dedupe', {}, { dedupeKey: 'test.dedupe:a' });
    await q.drain();
    expect(runs).toBe(1);
  });

  it('enqueues a recurring run once per period and only when it is due', async () => {
    let clock = new Date('2026-06-02T04:00:00Z');
    const q = createJobQueue({ db: database.db, log, now: () => clock });
    const periods: unknown[] = [];
    q.handle('test.daily', async (job) => void periods.push(job.payload.period));
    q.recurring('test.daily', (now) => (now.getUTCHours() >= 5 ? now.toISOString().slice(0, 10) : null));
    await q.drain();
    expect(periods).toEqual([]);
    clock = new Date('2026-06-02T05:30:00Z');
    await q.drain();
    await q.drain();
    clock = new Date('2026-06-03T06:00:00Z');
    await q.drain();
    expect(periods).toEqual(['2026-06-02', '2026-06-03']);
    await database.db.execute(sql`delete from jobs where dedupe_key like 'test.daily:%'`);
  });

  it('lets another worker take over a job whose worker died, after the lock lapses', async () => {
    let clock = new Date('2026-01-10T10:00:00Z');
    const q = createJobQueue({ db: database.db, log, lockSeconds: 60, now: () => clock });
    let runs = 0;
    q.handle('test.takeover', async () => void runs++);
    await q.enqueue(database.db, 'test.takeover', {});
    // a worker claimed it and died: simulate the claim
    await database.db.execute(
      sql`update jobs set attempts = 1, locked_until = ${new Date(clock.getTime() + 60_000).toISOString()}::timestamptz where queue = 'test.takeover'`,
    );
    await q.drain();
    expect(runs).toBe(0);
    clock = new Date(clock.getTime() + 61_000);
    await q.drain();
    expect(runs).toBe(1);
  });

  it('fails a job whose queue has no handler, with the reason', async () => {
    const q = createJobQueue({ db: database.db, log, retryBaseMs: 0 });
    await q.enqueue(database.db, 'test.orphan', {}, { maxAttempts: 1 });
    await q.drain();
    expect(await jobsOf('test.orphan')).toEqual([{ state: 'failed', attempts: 1, last_error: 'No handler for queue "test.orphan"' }]);
  });
});
