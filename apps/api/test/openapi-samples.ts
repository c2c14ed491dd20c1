import { randomUUID } from 'node:crypto';
import fc from 'fast-check';

/** A JSON schema as the OpenAPI document of the API gives it. */
export type Schema = Record<string, unknown>;

export interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** OpenAPI path, e.g. /api/v1/enti/{id} */
  path: string;
  pathParams: { name: string; schema: Schema }[];
  queryParams: { name: string; schema: Schema; required: boolean }[];
  body: Schema | null;
  /** The body is multipart/form-data (uploads). */
  multipart: boolean;
}

interface OpenApi {
  paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean; schema: Schema }[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

/** Every operation of the API, from its own OpenAPI document. */
export function operationsOf(spec: OpenApi): Operation[] {
  const deref = (s: Schema | undefined): Schema | undefined => {
    if (!s) return s;
    const ref = s.$ref as string | undefined;
    if (ref?.startsWith('#/components/schemas/')) return deref(spec.components?.schemas?.[ref.slice(21)]);
    return s;
  };
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      ops.push({
        method: method.toUpperCase() as Operation['method'],
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: deref(p.schema) ?? {} })),
        queryParams: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: deref(p.schema) ?? {}, required: !!p.required })),
        body: deref(content['application/json']?.schema) ?? null,
        multipart: 'multipart/form-data' in content,
      });
    }
  }
  return ops;
}

const firstType = (s: Schema): string | undefined => {
  const t = s.type;
  if (Array.isArray(t)) return (t as string[]).find((x) => x !== 'null');
  return t as string | undefined;
};

/** A value the schema accepts (the simplest one): for requests that pass validation. */
export function sample(s: Schema | null | undefined, depth = 0): unknown {
  if (!s || depth > 8) return null;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  if (Array.isArray(s.default) || (s.default !== undefined && typeof s.default !== 'object')) return s.default;
  for (const k of ['anyOf', 'oneOf'] as const) {
    const alts = s[k] as Schema[] | undefined;
    if (alts) return sample(alts.find((a) => a.type !== 'null') ?? alts[0], depth + 1);
  }
  if (Array.isArray(s.allOf)) return Object.assign({}, ...(s.allOf as Schema[]).map((x) => sample(x, depth + 1) as object));
  switch (firstType(s)) {
    case 'string':
      return sampleString(s);
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : 1;
    case 'boolean':
      return false;
    case 'array': {
      const n = typeof s.minItems === 'number' ? s.minItems : 0;
      return Array.from({ length: n }, () => sample(s.items as Schema, depth + 1));
    }
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const required = (s.required ?? []) as string[];
      return Object.fromEntries(required.map((k) => [k, sample(props[k], depth + 1)]));
    }
    default:
      return null;
  }
}

function sampleString(s: Schema): string {
  switch (s.format) {
    case 'uuid':
      return randomUUID();
    case 'email':
      return 'persona@example.it';
    case 'date':
      return '2026-06-02';
    case 'date-time':
      return '2026-06-02T10:00:00.000Z';
    case 'uri':
    case 'url':
      return 'https://example.it/';
    default: {
      const min = typeof s.minLength === 'number' ? s.minLength : 1;
      if (typeof s.pattern === 'string') {
        // a few patterns of the API, tried in turn; otherwise letters
        for (const c of ['2026-06-02', '028', 'sit', 'abc', 'A1', '00000000-0000-4000-8000-000000000000']) {
          if (new RegExp(s.pattern).test(c) && c.length >= min) return c;
        }
      }
      return 'prova'.padEnd(min, 'x');
    }
  }
}

/** Hostile values: wrong types, huge and odd strings, deep nesting, prototype keys. */
export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, Number.MAX_SAFE_INTEGER, 1e308),
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom('x'.repeat(100_000), '\u0000', '‮evil', '💥'.repeat(500), '../../etc/passwd', "' or 1=1 --", '<script>alert(1)</script>'),
  fc.constant(JSON.parse('{"__proto__":{"admin":true},"constructor":{"prototype":{"polluted":1}}}')),
  fc.constant(Array.from({ length: 200 }).reduce<unknown>((acc) => ({ a: acc }), 1)),
  fc.array(fc.jsonValue(), { maxLength: 5 }),
  fc.jsonValue(),
);

/** The sample body with one field replaced by a hostile value, a field removed, or a stray key added. */
export function mutated(body: unknown): fc.Arbitrary<unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return hostile;
  const keys = Object.keys(body);
  const replace = keys.length
    ? fc.tuple(fc.constantFrom(...keys), hostile).map(([k, v]) => ({ ...body, [k]: v }))
    : hostile.map((v) => ({ ...body, extra: v }));
  const drop = keys.length ? fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(body).filter(([x]) => x !== k))) : fc.constant(body);
  const proto = fc.constant(JSON.parse(`{${JSON.stringify(body).slice(1, -1)}${keys.length ? ',' : ''}"__proto__":{"isAdmin":true}}`));
  return fc.oneof(replace, drop, proto, hostile);
}

/** The URL of an operation with its path parameters and required query parameters filled. */
export function urlOf(op: Operation, overrides: Record<string, string> = {}, extraQuery: Record<string, string> = {}): string {
  let url = op.path;
  for (const p of op.pathParams) url = url.replace(`{${p.name}}`, encodeURIComponent(overrides[p.name] ?? String(sample(p.schema))));
  const q = new URLSearchParams();
  for (const p of op.queryParams) if (p.required) q.set(p.name, String(sample(p.schema)));
  for (const [k, v] of Object.entries(extraQuery)) q.set(k, v);
  const qs = q.toString();
  return qs ? `${url}?${qs}` : url;
}
