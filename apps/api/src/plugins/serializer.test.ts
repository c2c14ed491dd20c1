import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { serializerCompiler } from './serializer.js';

const compile = (schema: z.ZodType) =>
  serializerCompiler({ schema, method: 'GET', url: '/', httpStatus: '200' }) as (data: unknown) => string;

describe('response serializer', () => {
  it('writes only the declared properties, so extra columns never leak', () => {
    const s = compile(z.object({ id: z.string(), items: z.array(z.object({ name: z.string() })) }));
    const out = JSON.parse(s({ id: 'a', passwordHash: 'secret', items: [{ name: 'x', internal: 1 }] }));
    expect(out).toEqual({ id: 'a', items: [{ name: 'x' }] });
  });

  it('keeps nulls, optional fields and free-form values', () => {
    const s = compile(z.object({ a: z.string().nullable(), b: z.number().int().optional(), c: z.unknown() }));
    expect(JSON.parse(s({ a: null, c: { any: ['thing', 1] } }))).toEqual({ a: null, c: { any: ['thing', 1] } });
  });

  it('refuses an answer that lacks a required property', () => {
    const s = compile(z.object({ code: z.string(), requestId: z.string() }));
    expect(() => s({ code: 'x' })).toThrow(/requestId/);
  });
});
