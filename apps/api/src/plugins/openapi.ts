import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/** OpenAPI 3.1 at /api/v1/openapi.json, browsable at /api/docs. */
export const openapiPlugin = fp(async (app: FastifyInstance) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Province & Comuni API',
        version: '1.0.0',
        description:
          'API of the Province & Comuni platform (UPI). Session cookie `pc_session` from POST /api/v1/auth/login; ' +
          'mutating requests must send `X-Requested-With: XMLHttpRequest` or `X-CSRF-Token` (from GET /api/v1/auth/me).',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'pc_session' } } },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    // the documentation pages are never framed either
    transformStaticCSP: (header) => `${header.replace(/;?\s*frame-ancestors [^;]*/g, '')}; frame-ancestors 'none'`,
  });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
});
