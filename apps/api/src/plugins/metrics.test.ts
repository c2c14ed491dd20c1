import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { tables } from '@app/db';
import { createTestApp, type TestContext } from '../../test/build-app.js';

describe('the metrics endpoint', () => {
  let t: TestContext;
  let guarded: TestContext;
  beforeAll(async () => {
    t = await createTestApp();
    guarded = await createTestApp({ METRICS_TOKEN: 'a-long-metrics-token-0123' });
  });
  afterAll(async () => {
    await t.close();
    await guarded.close();
  });

  it('answers Prometheus text with request latency histograms per route pattern and the job queue depth', async () => {
    await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    await t.app.inject({ method: 'GET', url: '/api/v1/enti/00000000-0000-4000-8000-000000000000' });
    await t.app.services.jobs.enqueue(t.database.db, 'metrics.test', {}, { runAt: new Date(Date.now() - 60_000) });
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toMatch(/http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/api\/v1\/health",status="200"\} 1/);
    // route patterns, not the ids of the URL
    expect(res.body).toMatch(/route="\/api\/v1\/enti\/:id"/);
    expect(res.body).not.toMatch(/00000000-0000-4000/);
    expect(res.body).toMatch(/^jobs_pending [1-9]/m);
    expect(res.body).toMatch(/^jobs_oldest_due_seconds (5[0-9]|[6-9][0-9]|\d{3,})/m);
    expect(res.body).toMatch(/^process_resident_memory_bytes \d+/m);
    await t.database.db.delete(tables.jobs).where(eq(tables.jobs.queue, 'metrics.test'));
  });

  it('is refused to callers off the loopback interface, and asks for the token when one is set', async () => {
    const remote = await t.app.inject({ method: 'GET', url: '/api/v1/metrics', remoteAddress: '10.1.2.3' });
    expect(remote.statusCode).toBe(403);
    expect((await guarded.app.inject({ method: 'GET', url: '/api/v1/metrics' })).statusCode).toBe(401);
    const wrong = await guarded.app.inject({ method: 'GET', url: '/api/v1/metrics', headers: { authorization: 'Bearer wrong-token-of-length-25' } });
    expect(wrong.statusCode).toBe(401);
    const ok = await guarded.app.inject({
      method: 'GET',
      url: '/api/v1/metrics',
      remoteAddress: '10.1.2.3',
      headers: { authorization: 'Bearer a-long-metrics-token-0123' },
    });
    expect(ok.statusCode).toBe(200);
  });
});
