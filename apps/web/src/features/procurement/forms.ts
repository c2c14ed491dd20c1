import type { ZodType } from 'zod';
import { ApiError, validationIssues } from '../../lib/api-client';
import { zodOptions } from '../../lib/validation';

/** Field path → message (an encoded i18n key of lib/validation or the schema's own words). */
export type Issues = Record<string, string>;

/** Checks a body against its contract schema; answers the issues by path (`lots.0.value`), first one per path. */
export function checkBody<T>(schema: ZodType<T>, body: unknown): { ok: true; data: T } | { ok: false; issues: Issues } {
  const r = schema.safeParse(body, zodOptions);
  if (r.success) return { ok: true, data: r.data };
  const issues: Issues = {};
  for (const i of r.error.issues) {
    const path = i.path.map(String).join('.');
    if (!(path in issues)) issues[path] = i.message;
  }
  return { ok: false, issues };
}

/** The field issues of a 400 answer by path. */
export function serverIssues(error: unknown): Issues {
  const issues: Issues = {};
  for (const i of validationIssues(error)) if (!(i.path in issues)) issues[i.path] = i.message;
  return issues;
}

/** The code and details of a 409 (or any API error), for messages by code. */
export function conflictOf(error: unknown): { code: string; details: Record<string, unknown>; message: string } | null {
  if (!(error instanceof ApiError)) return null;
  const details = typeof error.details === 'object' && error.details !== null ? (error.details as Record<string, unknown>) : {};
  return { code: error.code, details, message: error.message };
}

/** `''` → null, other text trimmed. */
export const textOrNull = (v: string | undefined | null) => {
  const s = (v ?? '').trim();
  return s === '' ? null : s;
};

/** Props tying a control to its error paragraph. */
export function errorProps(id: string, error: string | undefined, hintId?: string) {
  const describedBy = [hintId, error ? `${id}-error` : undefined].filter(Boolean).join(' ');
  return { 'aria-invalid': error ? (true as const) : undefined, 'aria-describedby': describedBy || undefined };
}
