import Fastify from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { serializerCompiler } from '../../plugins/serializer.js';
import healthModule from './index.js';

async function probe(o: { ping: () => Promise<void>; startupRunning: () => boolean }) {
  const app = Fastify();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(healthModule, o);
  const res = await app.inject({ method: 'GET', url: '/ready' });
  await app.close();
  return { status: res.statusCode, body: res.json() };
}

describe('readiness probe', () => {
  it('is ready while start-up work runs, and says so until it is done', async () => {
    let running = true;
    const o = { ping: async () => undefined, startupRunning: () => running };
    expect(await probe(o)).toEqual({ status: 200, body: { status: 'ok', database: 'ok', startup: 'running' } });
    running = false;
    expect(await probe(o)).toEqual({ status: 200, body: { status: 'ok', database: 'ok', startup: 'done' } });
  });

  it('answers 503 when the database does not answer', async () => {
    const o = {
      ping: async () => {
        throw new Error('down');
      },
      startupRunning: () => false,
    };
    expect(await probe(o)).toEqual({ status: 503, body: { status: 'unavailable', database: 'down' } });
  });
});
