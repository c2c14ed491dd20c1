import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { timingSafeEqual } from 'node:crypto';

export interface MetricsOptions {
  /** Bearer token required to read the metrics; without one only loopback callers may. */
  token?: string;
  /** Queue depth, read at each scrape. */
  queue: () => Promise<{ pending: number; failed: number; oldestDueSeconds: number }>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Prometheus metrics at `GET /api/v1/metrics` (text format): request latency histograms per route pattern and
 * status class, requests in flight, the job queue's depth, and the process (memory, CPU, event loop lag).
 */
export const metricsPlugin = fp(async (app: FastifyInstance, o: MetricsOptions) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests, by method, route pattern and status code',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const inFlight = new Gauge({ name: 'http_requests_in_flight', help: 'Requests being answered', registers: [registry] });
  const errors = new Counter({ name: 'http_server_errors_total', help: 'Answers with a 5xx status', labelNames: ['route'], registers: [registry] });
  const pending = new Gauge({ name: 'jobs_pending', help: 'Background jobs waiting to run (e-mails, digests, reminders)', registers: [registry] });
  const failed = new Gauge({ name: 'jobs_failed', help: 'Background jobs that failed for good', registers: [registry] });
  const oldest = new Gauge({ name: 'jobs_oldest_due_seconds', help: 'Age of the oldest job due and not yet run', registers: [registry] });

  const started = new WeakMap<object, bigint>();
  app.addHook('onRequest', async (req) => {
    started.set(req, process.hrtime.bigint());
    inFlight.inc();
  });
  app.addHook('onResponse', async (req, reply) => {
    inFlight.dec();
    const t0 = started.get(req);
    if (t0 === undefined) return;
    const route = req.routeOptions.url ?? 'unmatched';
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    duration.observe({ method: req.method, route, status: String(reply.statusCode) }, seconds);
    if (reply.statusCode >= 500) errors.inc({ route });
  });

  app.get('/api/v1/metrics', { schema: { hide: true } }, async (req, reply) => {
    const auth = req.headers.authorization ?? '';
    const allowed = o.token ? same(auth, `Bearer ${o.token}`) : LOOPBACK.has(req.socket.remoteAddress ?? '');
    if (!allowed) return reply.code(o.token ? 401 : 403).send({ code: o.token ? 'unauthenticated' : 'forbidden', message: 'Metrics are not public', requestId: req.id });
    try {
      const q = await o.queue();
      pending.set(q.pending);
      failed.set(q.failed);
      oldest.set(q.oldestDueSeconds);
    } catch {
      // the database is down: the request metrics still answer
    }
    return reply.type(registry.contentType).send(await registry.metrics());
  });
});
