import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { admissionPlugin } from './admission.js';

async function appWith(limit: number) {
  const app = Fastify();
  await app.register(admissionPlugin, { limit, exempt: ['/api/v1/health'] });
  // the application streams uploads in its handlers: here the body is left unread
  app.addContentTypeParser('multipart/form-data', (_req, _payload, done) => done(null));
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  const gates: (() => void)[] = [];
  const slow = async (n: number) => {
    running++;
    peak = Math.max(peak, running);
    order.push(n);
    await new Promise<void>((resolve) => gates.push(resolve));
    running--;
    return { n };
  };
  app.get('/api/v1/work/:n', async (req) => slow(Number((req.params as { n: string }).n)));
  app.get('/api/v1/health', async () => ({ ok: true }));
  app.post('/api/v1/upload', async () => slow(-1));
  return { app, state: () => ({ running, peak, order }), open: () => gates.splice(0).forEach((g) => g()) };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('admission in arrival order', () => {
  it('works on at most `limit` API requests at once, starts the others in arrival order and answers them all', async () => {
    const { app, state, open } = await appWith(2);
    const answers = [1, 2, 3, 4, 5].map((n) => app.inject({ method: 'GET', url: `/api/v1/work/${n}` }));
    await settle();
    expect(state().running).toBe(2);
    for (let i = 0; i < 3; i++) {
      open();
      await settle();
    }
    open();
    const all = await Promise.all(answers);
    expect(all.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(state().peak).toBe(2);
    expect(state().order).toEqual([1, 2, 3, 4, 5]);
    await app.close();
  });

  it('never holds back the health probe nor uploads, and with limit 0 holds back nothing', async () => {
    const { app, state, open } = await appWith(1);
    const first = app.inject({ method: 'GET', url: '/api/v1/work/1' });
    await settle();
    expect((await app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode).toBe(200);
    const upload = app.inject({ method: 'POST', url: '/api/v1/upload', headers: { 'content-type': 'multipart/form-data; boundary=x' }, payload: '--x--' });
    await settle();
    expect(state().running).toBe(2);
    open();
    await Promise.all([first, upload]);
    await app.close();

    const free = await appWith(0);
    const answers = [1, 2, 3].map((n) => free.app.inject({ method: 'GET', url: `/api/v1/work/${n}` }));
    await settle();
    expect(free.state().running).toBe(3);
    free.open();
    await Promise.all(answers);
    await free.app.close();
  });
});
