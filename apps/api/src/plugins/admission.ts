import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface AdmissionOptions {
  /** API requests worked on at once; the others wait their turn, first come first served. 0 = no limit. */
  limit: number;
  /** Paths never held back (liveness, readiness and metrics probes). */
  exempt?: string[];
}

type Turn = { state: 'waiting' | 'active' | 'done' };

/**
 * Admission in arrival order: at most `limit` API requests are worked on at once, the others wait (none is
 * refused). Under a burst, a request then waits once, at its start, instead of queueing for a database connection
 * at each of its statements behind requests that arrived after it: requests of several statements (writes,
 * dashboards) finish about as soon as single reads, and no request waits longer than the queue ahead of it.
 */
export const admissionPlugin = fp(async (app: FastifyInstance, o: AdmissionOptions) => {
  if (o.limit <= 0) return;
  const exempt = new Set(o.exempt ?? []);
  const waiting: (() => void)[] = [];
  const turns = new WeakMap<FastifyRequest, Turn>();
  let active = 0;
  /** Hands the turn to the first request waiting, or frees it. */
  const pass = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  const end = (turn: Turn | undefined) => {
    if (!turn) return;
    if (turn.state === 'active') pass();
    turn.state = 'done';
  };
  app.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api/') || exempt.has(req.url.split('?')[0]!)) return;
    // uploads stream their body in the handler, at the sender's pace: a slow sender must not hold a turn
    if (String(req.headers['content-type'] ?? '').startsWith('multipart/')) return;
    const turn: Turn = { state: 'waiting' };
    turns.set(req, turn);
    // the turn passes on when the answer is sent or the connection closes, whichever comes first
    reply.raw.once('close', () => end(turn));
    if (active < o.limit) {
      active++;
      turn.state = 'active';
      return;
    }
    await new Promise<void>((resolve) => {
      waiting.push(() => {
        // a caller gone while waiting gives its turn on at once
        if (turn.state === 'done') pass();
        else turn.state = 'active';
        resolve();
      });
    });
  });
  app.addHook('onResponse', async (req) => end(turns.get(req)));
});
