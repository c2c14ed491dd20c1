import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import { z } from 'zod';

/**
 * Response serializer: each route's zod response schema is turned into JSON Schema once, at
 * start, and compiled by fast-json-stringify (Fastify's own serializer). Only declared properties
 * are written, so extra columns never leak, and answers are produced without re-validating every
 * response with zod on each request.
 */
export const serializerCompiler: FastifySerializerCompiler<z.ZodType> = ({ schema }) => {
  const json = z.toJSONSchema(schema, { target: 'draft-7', io: 'output', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return fastJson(json as unknown as Parameters<typeof fastJson>[0]);
};
