import Fastify from 'fastify';

/** The baseline: a bare Fastify hello-world, in its own process like the platform. */
const app = Fastify();
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ port: Number(process.argv[2] ?? 3700), host: '127.0.0.1' });
