import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { rowsOf, type Db, type DbOrTx } from '@app/db';

export interface Job<P = Record<string, unknown>> {
  id: number;
  queue: string;
  payload: P;
  attempts: number;
  maxAttempts: number;
}

export type JobHandler = (job: Job) => Promise<void>;

export interface EnqueueOptions {
  runAt?: Date;
  /** A second job with the same key is not enqueued (while the first exists). */
  dedupeKey?: string;
  maxAttempts?: number;
}

export interface JobQueueOptions {
  db: Db;
  log: FastifyBaseLogger;
  /** Delay before the first retry; doubled at each attempt (capped at one hour). */
  retryBaseMs?: number;
  /** How long a claimed job stays locked before another worker may take it over. */
  lockSeconds?: number;
  /** Jobs claimed per round. */
  batchSize?: number;
  /** Current time (tests move it). */
  now?: () => Date;
}

/** A scheduled run: the key of the period due now, or null when nothing is due (e.g. before 07:00). */
export type RecurringKey = (now: Date) => string | null;


/**
 * The job queue in PostgreSQL. Enqueue inside the transaction of the change that causes the work (the work
 * exists if and only if the change committed); workers claim due jobs with `for update skip locked`, so
 * several processes can share the queue; a job is retried with exponential back-off until `maxAttempts`.
 * Handlers must be idempotent: delivery is at least once.
 */
export function createJobQueue(o: JobQueueOptions) {
  const { db, log } = o;
  const retryBaseMs = o.retryBaseMs ?? 30_000;
  const lockSeconds = o.lockSeconds ?? 300;
  const batchSize = o.batchSize ?? 20;
  const now = o.now ?? (() => new Date());
  const handlers = new Map<string, JobHandler>();
  const recurring = new Map<string, RecurringKey>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;

  async function enqueue(tx: DbOrTx, queue: string, payload: object, opts: EnqueueOptions = {}): Promise<void> {
    const runAt = (opts.runAt ?? now()).toISOString();
    await tx.execute(sql`
      insert into jobs (queue, payload, run_at, max_attempts, dedupe_key)
      values (${queue}, ${JSON.stringify(payload)}::jsonb, ${runAt}::timestamptz, ${opts.maxAttempts ?? 8}, ${opts.dedupeKey ?? null})
      on conflict (dedupe_key) do nothing`);
  }

  async function claim(): Promise<Job[]> {
    const at = now().toISOString();
    const res = await db.execute(sql`
      update jobs set attempts = attempts + 1, locked_until = ${at}::timestamptz + make_interval(secs => ${lockSeconds})
      where id in (
        select id from jobs
        where state = 'pending' and run_at <= ${at}::timestamptz and (locked_until is null or locked_until < ${at}::timestamptz)
        order by run_at, id limit ${batchSize}
        for update skip locked)
      returning id, queue, payload, attempts, max_attempts`);
    return rowsOf<{ id: number | string; queue: string; payload: unknown; attempts: number; max_attempts: number }>(res).map((r) => ({
      id: Number(r.id),
      queue: r.queue,
      payload: (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as Record<string, unknown>,
      attempts: r.attempts,
      maxAttempts: r.max_attempts,
    }));
  }

  async function runJob(job: Job): Promise<void> {
    const handler = handlers.get(job.queue);
    try {
      if (!handler) throw new Error(`No handler for queue "${job.queue}"`);
      await handler(job);
      await db.execute(sql`update jobs set state = 'done', finished_at = now(), locked_until = null, last_error = null where id = ${job.id}`);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const failed = job.attempts >= job.maxAttempts;
      const delay = Math.min(retryBaseMs * 2 ** (job.attempts - 1), 3_600_000);
      const runAt = new Date(now().getTime() + delay).toISOString();
      log.warn({ job: { id: job.id, queue: job.queue, attempts: job.attempts }, err: message }, failed ? 'job failed for good' : 'job failed: will retry');
      await db.execute(sql`
        update jobs set locked_until = null, last_error = ${message.slice(0, 2000)},
          state = ${failed ? 'failed' : 'pending'}, run_at = ${runAt}::timestamptz,
          finished_at = ${failed ? sql`now()` : null}
        where id = ${job.id}`);
    }
  }

  /** Enqueues the scheduled runs that are due (each period once, through its dedupe key). */
  async function scheduleDue(): Promise<void> {
    for (const [queue, keyOf] of recurring) {
      const key = keyOf(now());
      if (key) await enqueue(db, queue, { period: key }, { dedupeKey: `${queue}:${key}` });
    }
  }

  /** One round: schedule, claim, run. Answers how many jobs ran. */
  async function runOnce(): Promise<number> {
    await scheduleDue();
    const claimed = await claim();
    for (const job of claimed) await runJob(job);
    return claimed.length;
  }

  return {
    enqueue,
    /** The handler of a queue (one per queue). */
    handle(queue: string, handler: JobHandler): void {
      if (handlers.has(queue)) throw new Error(`Queue "${queue}" already has a handler`);
      handlers.set(queue, handler);
    },
    /** A queue run periodically: `keyOf(now)` names the period due (daily digest: the day, after 07:00). */
    recurring(queue: string, keyOf: RecurringKey): void {
      recurring.set(queue, keyOf);
    },
    runOnce,
    /** Runs rounds until no job is due; answers how many ran. Rounds never overlap. */
    async drain(maxRounds = 10_000): Promise<number> {
      let total = 0;
      for (let i = 0; i < maxRounds; i++) {
        while (running) await running;
        running = runOnce();
        const n = await running.finally(() => (running = null));
        total += n;
        if (n === 0) break;
      }
      return total;
    },
    /** Polls every `intervalMs` until stopped. */
    start(intervalMs: number): void {
      if (timer) return;
      const tick = async () => {
        try {
          if (!running) {
            running = runOnce();
            let n = await running.finally(() => (running = null));
            while (n > 0 && timer) {
              running = runOnce();
              n = await running.finally(() => (running = null));
            }
          }
        } catch (err) {
          log.error({ err }, 'job worker round failed');
        }
      };
      timer = setInterval(() => void tick(), intervalMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      while (running) await running.catch(() => undefined);
    },
    /** Queue depth for monitoring: due and pending jobs, failed ones, and the age of the oldest due job. */
    async stats(): Promise<{ pending: number; failed: number; oldestDueSeconds: number }> {
      const [row] = rowsOf<{ pending: number | string; failed: number | string; oldest: number | string | null }>(
        await db.execute(sql`
          select count(*) filter (where state = 'pending') as pending, count(*) filter (where state = 'failed') as failed,
            extract(epoch from now() - min(run_at) filter (where state = 'pending' and run_at <= now())) as oldest
          from jobs`),
      );
      return { pending: Number(row?.pending ?? 0), failed: Number(row?.failed ?? 0), oldestDueSeconds: Math.max(0, Number(row?.oldest ?? 0)) };
    },
    /** Deletes finished jobs older than `days` (the failed ones stay for inspection). */
    async purge(days: number): Promise<void> {
      await db.execute(sql`delete from jobs where state = 'done' and finished_at < now() - make_interval(days => ${days})`);
    },
  };
}
export type JobQueue = ReturnType<typeof createJobQueue>;
