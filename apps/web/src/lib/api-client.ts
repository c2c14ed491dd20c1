/**
 * Minimal fetch wrapper for the Province & Comuni API.
 * - same-origin credentials (httpOnly session cookie)
 * - `X-Requested-With: XMLHttpRequest` on every non-GET request (CSRF rule),
 *   plus `X-CSRF-Token` once the session token is known
 * - errors become `ApiError` with the stable `code` of the API error body
 */

export const API_BASE = '/api/v1';

export const ErrorCodes = [
  'validation_failed',
  'invalid_credentials',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'rate_limited',
  'invalid_token',
  'csrf_failed',
  'internal_error',
  'network_error',
  'invalid_transition',
  'protocol_closed',
  'convention_not_draft',
  'already_applied',
  'table_closed',
  'already_member',
  'already_left',
  'file_too_large',
  'unsupported_format',
  'empty_file',
] as const;
export type KnownErrorCode = (typeof ErrorCodes)[number];

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly requestId: string | undefined;

  constructor(status: number, code: string, message: string, details?: unknown, requestId?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.requestId = requestId;
  }
}

let csrfToken: string | null = null;

/** Remember the CSRF token returned by `/auth/me` and login. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type QueryValue = string | number | boolean | null | undefined;

/** Builds a query string, skipping empty values. Returns '' or '?a=b'. */
export function toQueryString(params: Record<string, QueryValue>): string {
  const sp = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '' || value === false) continue;
    sp.set(key, String(value));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}

function fallbackCode(status: number): string {
  switch (status) {
    case 400:
      return 'validation_failed';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 429:
      return 'rate_limited';
    default:
      return 'internal_error';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-Requested-With'] = 'XMLHttpRequest';
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  }
  let body: string | FormData | undefined;
  if (options.body instanceof FormData) {
    // multipart: the browser sets the content type with its boundary
    body = options.body;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const url = `${API_BASE}${path}${options.query ? toQueryString(options.query) : ''}`;

  let res: Response;
  try {
    res = await fetch(url, { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', err instanceof Error ? err.message : 'Network error');
  }

  if (res.status === 204 || res.status === 202 || res.headers.get('content-length') === '0') {
    if (!res.ok) throw new ApiError(res.status, fallbackCode(res.status), res.statusText);
    return undefined as T;
  }

  const text = await res.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }

  if (!res.ok) {
    const errBody = (data ?? {}) as { code?: unknown; message?: unknown; details?: unknown; requestId?: unknown };
    throw new ApiError(
      res.status,
      typeof errBody.code === 'string' ? errBody.code : fallbackCode(res.status),
      typeof errBody.message === 'string' ? errBody.message : res.statusText,
      errBody.details,
      typeof errBody.requestId === 'string' ? errBody.requestId : undefined,
    );
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) =>
    apiRequest<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'POST', body }),
  patch: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'PATCH', body }),
  put: <T>(path: string, body?: unknown) => apiRequest<T>(path, { method: 'PUT', body }),
  /** multipart/form-data upload (e.g. a document with its metadata). */
  upload: <T>(path: string, form: FormData) => apiRequest<T>(path, { method: 'POST', body: form }),
  delete: <T>(path: string) => apiRequest<T>(path, { method: 'DELETE' }),
};

/** Field issues of a 400 answer: `{ path, message }` with the path of the request part removed (`body.date` → `date`). */
export function validationIssues(err: unknown): Array<{ path: string; message: string }> {
  if (!(err instanceof ApiError) || err.status !== 400) return [];
  const issues = (err.details as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((i: unknown) => {
    if (typeof i !== 'object' || i === null) return [];
    const { path, message } = i as { path?: unknown; message?: unknown };
    const raw = Array.isArray(path) ? path.join('.') : typeof path === 'string' ? path : '';
    const clean = raw.replace(/^(body|query|params)[./]/, '').replace(/\//g, '.');
    return typeof message === 'string' ? [{ path: clean, message }] : [];
  });
}

/** Error code of anything thrown by the client (unknown errors become `internal_error`). */
export function errorCode(err: unknown): string {
  if (err instanceof ApiError) return err.code;
  return 'internal_error';
}
