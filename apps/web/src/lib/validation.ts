import type { TFunction } from 'i18next';

/**
 * zod v4 per-parse error map. Messages are encoded i18n keys (`key` or `key|{"min":10}`)
 * so that they are translated at render time and follow language changes.
 */
type Issue = {
  code?: string;
  input?: unknown;
  minimum?: unknown;
  maximum?: unknown;
  origin?: string;
  format?: string;
  params?: Record<string, unknown>;
};

function encode(key: string, params?: Record<string, unknown>): string {
  return params ? `${key}|${JSON.stringify(params)}` : key;
}

export function zodErrorMap(issue: Issue): string {
  const empty = issue.input === undefined || issue.input === null || issue.input === '';
  switch (issue.code) {
    case 'invalid_type':
      return encode(empty ? 'validation.required' : 'validation.invalid');
    case 'too_small':
      if (empty || Number(issue.minimum) <= 1) return encode('validation.required');
      return encode('validation.too_short', { min: Number(issue.minimum) });
    case 'too_big':
      return encode('validation.too_long', { max: Number(issue.maximum) });
    case 'invalid_format':
      if (empty) return encode('validation.required');
      if (issue.format === 'email') return encode('validation.invalid_email');
      if (issue.format === 'datetime' || issue.format === 'date') return encode('validation.invalid_date');
      return encode('validation.invalid');
    case 'invalid_value':
      return encode(empty ? 'validation.required' : 'validation.invalid_option');
    case 'custom': {
      const key = typeof issue.params?.['i18n'] === 'string' ? issue.params['i18n'] : 'invalid';
      return encode(`validation.${key}`);
    }
    default:
      return encode('validation.invalid');
  }
}

/** Options for zodResolver(schema, schemaOptions). */
export const zodOptions = { error: zodErrorMap } as const;

/** Translates a message produced by `zodErrorMap` (or a plain i18n key). */
export function translateFieldError(t: TFunction, message: string | undefined): string {
  if (!message) return '';
  const [key, raw] = message.split('|', 2) as [string, string | undefined];
  let params: Record<string, unknown> = {};
  if (raw) {
    try {
      params = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      params = {};
    }
  }
  if (!key.startsWith('validation.')) return message;
  return t(key, { ns: 'common', ...params }) as string;
}
